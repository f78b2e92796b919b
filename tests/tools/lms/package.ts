// npm run package [-- --course-id <iri>] [--scenario <id>] [--out <dir>] [--no-build]
// Builds the static app, then writes service-roleplay-cmi5.zip and service-roleplay-scorm12.zip.
import { spawnSync } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { zipSync, type Zippable } from 'fflate';
import { loadContent } from '../../../src/lib/content/load';
import { readContentDir } from '../../../src/lib/content/read-dir';
import { cmi5Xml, scormManifest, type PackageScenario } from './manifests';

export const DEFAULT_COURSE = 'https://example.org/service-roleplay';

export interface PackageOptions {
	/** The repository: content/ is read from it. */
	root: string;
	/** The built app. */
	build: string;
	out: string;
	course?: string;
	/** SCORM only: one SCO for this scenario. */
	scenario?: string;
}

function filesOf(dir: string, skip: readonly string[]): string[] {
	const out: string[] = [];
	const walk = (d: string) => {
		for (const name of readdirSync(d)) {
			const path = join(d, name);
			if (skip.includes(path)) continue;
			if (statSync(path).isDirectory()) walk(path);
			else out.push(relative(dir, path).split('\\').join('/'));
		}
	};
	walk(dir);
	return out.sort();
}

export function buildPackages(options: PackageOptions) {
	const course = (options.course ?? DEFAULT_COURSE).replace(/\/+$/, '');
	// The play page reads the course back from the AU's publisher id only when it is absolute (session/lms/course.ts).
	if (!/^[a-z][a-z0-9+.-]*:./i.test(course))
		throw new Error('--course-id must be an absolute IRI, like https://training.example.com/courses/service');
	const content = loadContent(readContentDir(options.root));
	if (content.errors.length)
		throw new Error(`content has ${content.errors.length} error(s): run npm run content:check`);
	const all: PackageScenario[] = content.scenarios.map((scenario) => ({
		scenario,
		rubrics: scenario.rubrics.map((id) => content.rubrics.get(id)!)
	}));
	const scorm = options.scenario ? all.filter((s) => s.scenario.id === options.scenario) : all;
	if (!scorm.length)
		throw new Error(
			`no scenario "${options.scenario}": use an id from content/scenarios/ (e.g. ${all[0]?.scenario.id})`
		);
	const build = resolve(options.build);
	const out = resolve(options.out);
	// The packages folder may sit inside build/: never zip it, nor the default one a run before left there.
	const files = filesOf(build, [out, join(build, 'packages')]);
	if (!files.includes('index.html')) throw new Error(`${build} holds no built app: run npm run build first`);
	const app: Zippable = Object.fromEntries(files.map((f) => [f, readFileSync(join(build, f))]));
	const text = (s: string) => new TextEncoder().encode(s);
	const cmi5 = zipSync({ ...app, 'cmi5.xml': text(cmi5Xml(course, all)) }, { level: 6 });
	const scorm12 = zipSync({ ...app, 'imsmanifest.xml': text(scormManifest(scorm, files)) }, { level: 6 });
	mkdirSync(out, { recursive: true });
	const paths = {
		cmi5: join(out, 'service-roleplay-cmi5.zip'),
		scorm12: join(out, 'service-roleplay-scorm12.zip')
	};
	writeFileSync(paths.cmi5, cmi5);
	writeFileSync(paths.scorm12, scorm12);
	return {
		paths,
		bytes: { cmi5: cmi5.byteLength, scorm12: scorm12.byteLength },
		aus: all.length,
		scos: scorm.length
	};
}

function arg(name: string): string | undefined {
	const i = process.argv.indexOf(name);
	return i >= 0 ? process.argv[i + 1] : undefined;
}

if (import.meta.url === `file://${process.argv[1]}`) {
	const root = resolve(new URL('../../..', import.meta.url).pathname);
	if (!process.argv.includes('--no-build')) {
		const built = spawnSync('npx', ['vite', 'build'], { cwd: root, stdio: 'inherit' });
		if (built.status !== 0) process.exit(built.status ?? 1);
	}
	const course = arg('--course-id');
	if (!course)
		console.warn(
			`npm run package: no --course-id, so the AU ids and the app's xAPI IRIs are under the placeholder ${DEFAULT_COURSE}; give an address your organisation owns`
		);
	try {
		const result = buildPackages({
			root,
			build: join(root, 'build'),
			out: arg('--out') ?? join(root, 'build', 'packages'),
			course,
			scenario: arg('--scenario')
		});
		console.log(JSON.stringify(result, null, 2));
	} catch (error) {
		console.error(`npm run package: ${(error as Error).message}`);
		process.exit(1);
	}
}
