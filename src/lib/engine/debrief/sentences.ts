// The debrief's sentences as data: a key and its values. Each language words them from its own table
// (en.ts, zh.ts), so the engine holds no prose and a third language is one more table.
import type { Text } from '../schema';

/** A value a template fills in: a number, a plain string, or a content text picked in the reader's language. */
export type Value = number | string | Text;

export interface SentenceParams {
	'style.share': { hits: number; total: number; target: Text };
	'style.turn': { turn: number; label: Text };
	'style.turn-with-best': { turn: number; label: Text; target: Text; best: Text };
	'steps.none': Record<string, never>;
	'steps.shown': { step: Text; turn: number };
	'steps.out-of-order': { step: Text; turn: number; previous?: Text; next?: Text };
	'steps.missing': { step: Text };
	'steps.missing-with-best': { step: Text; turn: number; best: Text };
	'verdict.passed': Record<string, never>;
	'verdict.not-yet': Record<string, never>;
	'verdict.raise': { rubric: Text; score: number; mark: number };
	'verdict.ending': { ending: Text };
}
export type SentenceKey = keyof SentenceParams;

export type Sentence = { [K in SentenceKey]: { key: K; params: SentenceParams[K] } }[SentenceKey];

export const sentence = <K extends SentenceKey>(key: K, params: SentenceParams[K]) =>
	({ key, params }) as Sentence;

/** What a language table provides: one function per sentence, given its values already in that language. */
export type Templates = {
	[K in SentenceKey]: (p: {
		[P in keyof SentenceParams[K]]: SentenceParams[K][P] extends Text | undefined
			? string
			: SentenceParams[K][P];
	}) => string;
};
