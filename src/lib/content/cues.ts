// Turns content/rubrics/*.cues.yaml into checked cue data for the classifier. Pure: callers supply the files.
import { parse as parseYaml, YAMLParseError } from 'yaml';
import type { Rubric } from '../engine/schema';
import type { ContentError } from '../engine/validate';
import type { CueSet } from '../engine/classify/types';
import { validateCueFiles, validateLearned } from '../engine/classify/validate-cues';
import type { ContentFiles } from './load';

export const isCueFile = (path: string) => /^content\/rubrics\/[^/]+\.cues\.ya?ml$/.test(path);

/** The learned layer's weights, written by npm run train; optional here (content:check asks for them). */
export const LEARNED_FILE = 'content/rubrics/learned.json';

export function loadCues(files: ContentFiles, rubrics: ReadonlyMap<string, Rubric>): { cues?: CueSet; errors: ContentError[] } {
	const errors: ContentError[] = [];
	const raw = new Map<string, unknown>();
	const unreadable = new Set<string>();
	for (const [file, source] of Object.entries(files).sort(([a], [b]) => a.localeCompare(b))) {
		if (!isCueFile(file)) continue;
		try {
			raw.set(file, parseYaml(source, { prettyErrors: true, uniqueKeys: true }));
		} catch (e) {
			const message = e instanceof YAMLParseError ? e.message.split('\n')[0]! : String(e);
			errors.push({ file, path: '', message: `not valid YAML: ${message}` });
			unreadable.add(file);
		}
	}
	const result = validateCueFiles(raw, rubrics, unreadable);
	const learnedSource = files[LEARNED_FILE];
	if (learnedSource !== undefined) {
		let parsed: unknown;
		try {
			parsed = JSON.parse(learnedSource);
		} catch (e) {
			errors.push({ file: LEARNED_FILE, path: '', message: `not valid JSON (${(e as Error).message}): run npm run train` });
		}
		if (parsed !== undefined) {
			const learned = validateLearned(LEARNED_FILE, parsed, rubrics);
			errors.push(...learned.errors);
			if (result.cues && learned.model) result.cues.learned = learned.model;
		}
	}
	return errors.length ? { errors: [...errors, ...result.errors] } : result;
}
