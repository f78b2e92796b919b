// content:check's word on learned.json: missing, stale (and which input changed), broken, or fine.
import { cpSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { projectRoot, rubrics } from '../engine/test-helpers';
import type { LearnedModel } from '../engine/classify/learned';
import { LEARNED_FILE, loadCues } from './cues';
import { learnedInputs, learnedProblem, readCues, trainingFiles } from './read-cues';

const roots: string[] = [];
afterEach(() => roots.splice(0).forEach((root) => rmSync(root, { recursive: true, force: true })));

/** A copy of the project's cue files, with a small training set, in a fresh directory. */
function project(): string {
	const root = mkdtempSync(join(tmpdir(), 'learned-'));
	roots.push(root);
	cpSync(join(projectRoot, 'content/rubrics'), join(root, 'content/rubrics'), {
		recursive: true,
		filter: (src) => !src.endsWith('learned.json') && !src.includes('/examples')
	});
	mkdirSync(join(root, 'tests/fixtures/replies'), { recursive: true });
	writeFileSync(join(root, 'tests/fixtures/replies/tune.jsonl'), '{"text":"a"}\n');
	return root;
}

const model = (root: string): LearnedModel =>
	({ hash: learnedInputs(root).hash, trainedOn: { inputs: learnedInputs(root).inputs, replies: 1 }, featuresVersion: 1 }) as LearnedModel;

describe('learned.json in content:check', () => {
	it('trains on the tuning half and the examples, never on the held-out half', () => {
		const files = trainingFiles(projectRoot);
		expect(files[0]).toBe('tests/fixtures/replies/tune.jsonl');
		expect(files.some((f) => f.includes('held-out'))).toBe(false);
		expect(files.slice(1).every((f) => /^content\/rubrics\/examples\/[^/]+\.jsonl$/.test(f))).toBe(true);
	});

	it('is missing: says so and what to run', () => {
		const problem = learnedProblem(project(), undefined);
		expect(problem?.file).toBe(LEARNED_FILE);
		expect(problem?.message).toMatch(/^missing: .*run npm run train/);
	});

	it('is fresh when trained on the files as they are', () => {
		const root = project();
		writeFileSync(join(root, LEARNED_FILE), '{}');
		expect(learnedProblem(root, { learned: model(root) } as never)).toBeUndefined();
	});

	it('is stale when a training file or a cue file changed or was added, and names it', () => {
		const root = project();
		writeFileSync(join(root, LEARNED_FILE), '{}');
		const before = model(root);
		writeFileSync(join(root, 'tests/fixtures/replies/tune.jsonl'), '{"text":"b"}\n');
		mkdirSync(join(root, 'content/rubrics/examples'));
		writeFileSync(join(root, 'content/rubrics/examples/replies.en.jsonl'), '{"text":"c"}\n');
		writeFileSync(join(root, 'content/rubrics/style.cues.yaml'), '# changed\n', { flag: 'a' });
		const message = learnedProblem(root, { learned: before } as never)?.message ?? '';
		expect(message).toMatch(/^stale: /);
		expect(message).toContain('tests/fixtures/replies/tune.jsonl changed');
		expect(message).toContain('content/rubrics/examples/replies.en.jsonl is new');
		expect(message).toContain('content/rubrics/style.cues.yaml changed');
		expect(message).toMatch(/run npm run train/);
	});

	it('the project’s own learned.json is fresh and loads into the cue set', () => {
		expect(learnedProblem(projectRoot, readCues(projectRoot).cues)).toBeUndefined();
		expect(readCues(projectRoot).cues.learned?.vocab.length).toBeGreaterThan(0);
	});

	it('a broken learned.json is reported with what to do', () => {
		const cueFiles = { 'content/rubrics/style.cues.yaml': '' };
		const notJson = loadCues({ ...cueFiles, [LEARNED_FILE]: '{"format": 1,' }, rubrics).errors;
		expect(notJson.find((e) => e.file === LEARNED_FILE)?.message).toMatch(/^not valid JSON .*run npm run train$/);
		const real = readCues(projectRoot).cues.learned!;
		const relabelled = { ...real, style: { ...real.style, labels: ['assertive', 'aggressive', 'passive', 'sarcastic'] } };
		const errors = loadCues({ [LEARNED_FILE]: JSON.stringify(relabelled) }, rubrics).errors;
		expect(errors.find((e) => e.file === LEARNED_FILE)?.message).toMatch(
			/^trained for the labels assertive, aggressive, passive, sarcastic of "style", but the rubric has assertive, aggressive, passive, passive-aggressive; run npm run train$/
		);
	});
});
