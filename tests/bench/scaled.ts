// Content at scale for the bench, never in content/: copies of the library's scenarios (60 or 200 in all) and
// one 300-decision scenario, written into a temp copy of the project, which is then built and served.
import { execFileSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse, stringify } from 'yaml';
import type { Scenario } from '../../src/lib/engine/schema';
import { onCleanup, root } from './shared';

export const LONG_ID = 'bench-300-decisions';

/** The library's scenario files, as text. */
function libraryFiles(): { id: string; text: string }[] {
	const dir = join(root, 'content/scenarios');
	return execFileSync('ls', [dir], { encoding: 'utf8' })
		.split('\n')
		.filter((f) => f.endsWith('.yaml'))
		.map((f) => ({ id: f.slice(0, -5), text: readFileSync(join(dir, f), 'utf8') }));
}

/** `total` scenarios in all: the library's own, then numbered copies of them (same texts, new ids). */
export function copiesUpTo(total: number): Record<string, string> {
	const library = libraryFiles();
	const files: Record<string, string> = {};
	for (let n = library.length; n < total; n++) {
		const { id, text } = library[n % library.length]!;
		const copy = `${id}-copy-${n}`;
		files[`content/scenarios/${copy}.yaml`] = text.replace(/^id: .*$/m, `id: ${copy}`);
	}
	return files;
}

/**
 * A scenario of `decisions` decisions in a row, each a decision of rice-grit's in turn, every reply leading on to
 * the next. Scored on style alone (repeating rice-grit's steps 50 times would be out of order), so its model path
 * still scores 100 and it passes the same checks as the library.
 */
export function longScenario(decisions = 300): Record<string, string> {
	const source = parse(readFileSync(join(root, 'content/scenarios/rice-grit.yaml'), 'utf8')) as Scenario;
	const pattern = Object.values(source.nodes);
	const [endingId, ending] = Object.entries(source.endings)[0]!;
	const nodes: Record<string, unknown> = {};
	for (let i = 1; i <= decisions; i++) {
		const node = pattern[(i - 1) % pattern.length]!;
		nodes[`d${i}`] = {
			...node,
			choices: node.choices.map((choice) => ({
				...choice,
				steps: [],
				next: i === decisions ? endingId : `d${i + 1}`
			}))
		};
	}
	const scenario = {
		...source,
		id: LONG_ID,
		title: { en: 'Three hundred decisions', zh: '三百个决定' },
		rubrics: ['style'],
		start: 'd1',
		nodes,
		endings: { [endingId]: ending }
	};
	return { [`content/scenarios/${LONG_ID}.yaml`]: stringify(scenario) };
}

const PROJECT = [
	'src',
	'static',
	'content',
	'svelte.config.js',
	'vite.config.ts',
	'tsconfig.json',
	'package.json'
];

/**
 * A copy of the project in a temp dir with `files` added under it, built. Returns the dir; it is deleted at exit
 * (or by `remove`).
 */
export function buildWith(files: Record<string, string>, label: string) {
	const dir = mkdtempSync(join(tmpdir(), `bench-${label}-`));
	const remove = onCleanup(() => rmSync(dir, { recursive: true, force: true }));
	for (const entry of PROJECT) cpSync(join(root, entry), join(dir, entry), { recursive: true });
	for (const [file, text] of Object.entries(files)) {
		mkdirSync(join(dir, file, '..'), { recursive: true });
		writeFileSync(join(dir, file), text);
	}
	symlinkSync(join(root, 'node_modules'), join(dir, 'node_modules'), 'dir');
	execFileSync('npx', ['svelte-kit', 'sync'], { cwd: dir, stdio: 'pipe' });
	execFileSync('npx', ['vite', 'build'], { cwd: dir, stdio: 'pipe' });
	return { dir, remove };
}
