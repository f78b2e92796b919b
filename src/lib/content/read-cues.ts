// Reads the rubrics and their cues from disk, for the classify, eval and train tools and the unit tests (Node only).
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Rubric } from '../engine/schema';
import type { CueSet } from '../engine/classify/types';
import { FEATURES_VERSION } from '../engine/classify/features';
import { ContentErrors, type ContentError } from '../engine/validate';
import { isCueFile, LEARNED_FILE, loadCues } from './cues';
import { loadContent } from './load';
import { readContentDir } from './read-dir';

/**
 * learned.json, when it exists, as a content file for loadCues (readContentDir reads YAML and Markdown only, and
 * loadContent would take any file in content/rubrics for a rubric).
 */
export function readLearned(root: string): Record<string, string> {
	const learned = join(root, LEARNED_FILE);
	return existsSync(learned) ? { [LEARNED_FILE]: readFileSync(learned, 'utf8') } : {};
}

/**
 * Throws ContentErrors, naming each file and cue, when the content or any cue file is wrong. `withLearned: false`
 * leaves learned.json out (npm run train, which replaces it).
 */
export function readCues(root: string, { withLearned = true } = {}): { rubrics: Map<string, Rubric>; cues: CueSet } {
	const files = readContentDir(root);
	const content = loadContent(files);
	const { cues, errors } = loadCues({ ...files, ...(withLearned ? readLearned(root) : {}) }, content.rubrics);
	if (content.errors.length || errors.length || !cues) throw new ContentErrors([...content.errors, ...errors]);
	return { rubrics: content.rubrics, cues };
}

export const EXAMPLES_DIR = 'content/rubrics/examples';

/** The labelled replies the learned layer trains on: the tuning half and the trainers' examples. Never held-out. */
export function trainingFiles(root: string): string[] {
	const dir = join(root, EXAMPLES_DIR);
	const examples = existsSync(dir)
		? readdirSync(dir)
				.filter((name) => name.endsWith('.jsonl'))
				.sort()
				.map((name) => `${EXAMPLES_DIR}/${name}`)
		: [];
	return ['tests/fixtures/replies/tune.jsonl', ...examples];
}

/**
 * What the learned weights depend on: the training replies, the cue files (their scores are features) and the
 * feature code's version; a short hash of each file and one of them all. A change in any makes learned.json stale.
 */
export function learnedInputs(root: string): { hash: string; inputs: Record<string, string> } {
	const files = [
		...trainingFiles(root),
		...Object.keys(readContentDir(root))
			.filter(isCueFile)
			.sort()
	];
	const inputs: Record<string, string> = {};
	const all = createHash('sha256').update(`features ${FEATURES_VERSION}\n`);
	for (const file of files) {
		const bytes = readFileSync(join(root, file));
		inputs[file] = createHash('sha256').update(bytes).digest('hex').slice(0, 16);
		all.update(`${file} ${inputs[file]}\n`);
	}
	return { hash: all.digest('hex'), inputs };
}

/** Why learned.json cannot be trusted, if it cannot: missing, or trained on other replies or cues than these. */
export function learnedProblem(root: string, cues: CueSet | undefined): ContentError | undefined {
	const run = 'run npm run train to learn the weights again';
	if (!existsSync(join(root, LEARNED_FILE)))
		return {
			file: LEARNED_FILE,
			path: '',
			message: 'missing: typed replies would be classified by the cues alone; run npm run train'
		};
	const learned = cues?.learned;
	if (!learned) return undefined; // unreadable: loadCues has said why
	const now = learnedInputs(root);
	if (learned.hash === now.hash) return undefined;
	const before = learned.trainedOn.inputs;
	const changed = [
		...Object.keys(now.inputs)
			.filter((f) => before[f] !== now.inputs[f])
			.map((f) => (f in before ? `${f} changed` : `${f} is new`)),
		...Object.keys(before)
			.filter((f) => !(f in now.inputs))
			.map((f) => `${f} is gone`)
	];
	if (learned.featuresVersion !== FEATURES_VERSION)
		changed.push(`the features changed (version ${learned.featuresVersion} → ${FEATURES_VERSION})`);
	return {
		file: LEARNED_FILE,
		path: 'hash',
		message: `stale: ${changed.join('; ') || 'its inputs changed'} since it was trained; ${run}`
	};
}
