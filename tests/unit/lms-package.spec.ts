// The packages' course descriptions against the standards' own schemas (../shared/standards), with xmllint.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadContent } from '../../src/lib/content/load';
import { readContentDir } from '../../src/lib/content/read-dir';
import { masteryScore } from '../../src/lib/engine/lms/score';
import { auId, cmi5Xml, launchPath, scormManifest } from '../tools/lms/manifests';

const repo = resolve(new URL('../..', import.meta.url).pathname);
// shared/ sits beside the checkout: /work/shared for /work/main, /tmp/ci/shared for CI's /tmp/ci/main.
const standards = resolve(repo, '../shared/standards');
const xmllint = spawnSync('xmllint', ['--version']).status === 0;
if (!xmllint)
	console.warn('lms-package.spec: xmllint is missing (apt-get install libxml2-utils): schema checks skipped');

const content = loadContent(readContentDir(repo));
const items = content.scenarios.map((scenario) => ({
	scenario,
	rubrics: scenario.rubrics.map((id) => content.rubrics.get(id)!)
}));
const dir = mkdtempSync(join(tmpdir(), 'lms-package-'));

function validate(xml: string, schema: string) {
	const file = join(dir, `${Math.random().toString(36).slice(2)}.xml`);
	writeFileSync(file, xml);
	const run = spawnSync('xmllint', ['--noout', '--schema', schema, file], { encoding: 'utf8' });
	return { ok: run.status === 0, errors: run.stderr };
}

describe.skipIf(!xmllint)('course descriptions valid by the standards’ schemas', () => {
	const cmi5Schema = join(standards, 'cmi5/CourseStructure.xsd');
	const scormSchema = join(standards, 'scorm12/scorm12-all.xsd');

	it('finds the schemas in ../shared/standards', () => {
		expect(existsSync(cmi5Schema), cmi5Schema).toBe(true);
		expect(existsSync(scormSchema), scormSchema).toBe(true);
	});

	it('cmi5.xml: one AU per scenario, valid against CourseStructure.xsd', () => {
		const xml = cmi5Xml('https://training.example.com/courses/service', items);
		expect(validate(xml, cmi5Schema)).toEqual({ ok: true, errors: expect.stringContaining('validates') });
		expect(xml.match(/<au /g)).toHaveLength(items.length);
		for (const { scenario, rubrics } of items) {
			const au = xml.slice(
				xml.indexOf(`<au id="${auId('https://training.example.com/courses/service', scenario.id)}"`)
			);
			expect(au).toMatch(/^<au [^>]*moveOn="CompletedAndPassed"/);
			expect(au).toMatch(new RegExp(`^<au [^>]*masteryScore="${masteryScore(scenario, rubrics)}"`));
			expect(au.slice(0, au.indexOf('</au>'))).toContain(`<url>${launchPath(scenario.id)}</url>`);
		}
		expect(xml).toContain('<langstring lang="zh-CN">');
	});

	it('imsmanifest.xml: SCORM 1.2 SCOs, valid against scorm12-all.xsd, for all scenarios or one', () => {
		const files = [
			'index.html',
			'_app/immutable/entry/start.js',
			...items.map((i) => launchPath(i.scenario.id))
		];
		const all = scormManifest(items, files);
		expect(validate(all, scormSchema)).toEqual({ ok: true, errors: expect.stringContaining('validates') });
		expect(all.match(/adlcp:scormtype="sco"/g)).toHaveLength(items.length);
		const one = scormManifest(items.slice(0, 1), files);
		expect(validate(one, scormSchema).ok).toBe(true);
		expect(one.match(/adlcp:scormtype="sco"/g)).toHaveLength(1);
	});

	it('the checks catch a broken description', () => {
		const manifest = scormManifest(items.slice(0, 1), ['index.html']).replace(
			'adlcp:scormtype="sco"',
			'adlcp:scormtype="page"'
		);
		expect(validate(manifest, scormSchema).ok).toBe(false);
		const course = cmi5Xml('https://example.org/c', items.slice(0, 1)).replace(
			'moveOn="CompletedAndPassed"',
			'moveOn="Whenever"'
		);
		expect(validate(course, cmi5Schema).ok).toBe(false);
	});
});
