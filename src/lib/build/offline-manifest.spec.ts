import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { buildOfflineManifest } from './offline-manifest';

let dir: string;
afterEach(() => rmSync(dir, { recursive: true, force: true }));

/** A tiny built site: two scenarios in two cases, both languages, and a lazy chunk only play loads. */
function site(files: Record<string, string>) {
	dir = mkdtempSync(join(tmpdir(), 'offline-manifest-'));
	for (const [path, text] of Object.entries(files)) {
		mkdirSync(dirname(join(dir, path)), { recursive: true });
		writeFileSync(join(dir, path), text);
	}
	return dir;
}

const page = (...scripts: string[]) =>
	scripts.map((s) => `<link rel="modulepreload" href="./_app/immutable/${s}">`).join('');
const scenarioJson = (id: string, caseId: string) => JSON.stringify({ scenario: { id, case: caseId } });

describe('offline.json', () => {
	it('lists each scenario with its pages and data per language, its case, and the sizes from the build', () => {
		const built = site({
			'_app/version.json': '{"version":"42"}',
			'_app/immutable/entry/app.A1.js': 'import("../nodes/0.N0.js");import("../nodes/9.N9.js")',
			'_app/immutable/entry/start.S1.js': 'import"../chunks/C1.js"',
			'_app/immutable/chunks/C1.js': 'x',
			'_app/immutable/nodes/0.N0.js': 'layout',
			'_app/immutable/nodes/3.N3.js': 'import("../chunks/Lazy1.js")',
			'_app/immutable/nodes/9.N9.js': 'dashboard',
			'_app/immutable/chunks/Lazy1.js': 'classifier',
			'index.html': page('entry/start.S1.js', 'entry/app.A1.js', 'nodes/0.N0.js'),
			'__data.json': '{}',
			'zh/index.html': page('entry/start.S1.js'),
			'history/index.html': page('entry/start.S1.js'),
			'scenarios/a/index.html': page('entry/start.S1.js'),
			'scenarios/a/__data.json': '{"a":1}',
			'scenarios/a/play/index.html': page('entry/start.S1.js', 'nodes/3.N3.js'),
			'scenarios/a/play/__data.json': '{}',
			'zh/scenarios/a/index.html': page('entry/start.S1.js'),
			'scenarios/b/index.html': page('entry/start.S1.js'),
			'classroom/print/a/index.html': page('entry/start.S1.js'),
			'content/a.json': scenarioJson('a', 'shop'),
			'content/b.json': scenarioJson('b', 'hotel'),
			'content/index.json': '{"scenarios":[]}',
			'content/cues.json': '{}'
		});
		const manifest = buildOfflineManifest(built);
		expect(manifest.version).toBe('42');
		expect(manifest.scenarios).toEqual([
			{
				id: 'a',
				case: 'shop',
				files: {
					en: [
						'/scenarios/a/',
						'/scenarios/a/__data.json',
						'/scenarios/a/play/',
						'/scenarios/a/play/__data.json',
						'/content/a.json'
					],
					zh: ['/zh/scenarios/a/', '/content/a.json']
				}
			},
			{ id: 'b', case: 'hotel', files: { en: ['/scenarios/b/', '/content/b.json'], zh: ['/content/b.json'] } }
		]);
		expect(manifest.sizes['/scenarios/a/__data.json']).toBe(7);
		// The app's pages and every script they need, lazy ones too, but not every route the router could load.
		expect(manifest.shared.en).toEqual(
			expect.arrayContaining([
				'/',
				'/__data.json',
				'/history/',
				'/content/cues.json',
				'/_app/immutable/entry/app.A1.js',
				'/_app/immutable/chunks/C1.js',
				'/_app/immutable/nodes/3.N3.js',
				'/_app/immutable/chunks/Lazy1.js'
			])
		);
		expect(manifest.shared.en).not.toContain('/_app/immutable/nodes/9.N9.js');
		expect(manifest.shared.zh).toContain('/zh/');
		expect(manifest.shared.zh).not.toContain('/');
		// Print views and the classroom stay online.
		expect(JSON.stringify(manifest)).not.toContain('classroom');
	});
});
