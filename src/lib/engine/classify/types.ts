// The shapes of cue data (content/rubrics/*.cues.yaml, once validated) and of a classification.
import type { LearnedModel } from './learned';

export const CUE_LANGS = ['en', 'zh'] as const;
export type CueLang = (typeof CUE_LANGS)[number];

/** Where in its sentence a cue must stand to count. */
export const CUE_FORMS = ['question', 'open-question', 'statement'] as const;
export type CueForm = (typeof CUE_FORMS)[number];

/**
 * What else the sentence must say for a cue to count: `concrete` a time, a number or "right now" (and no hedge);
 * `vague` a hedge ("I'll try", 尽量); `no-concrete` nothing concrete anywhere in the reply.
 */
export const CUE_NEEDS = ['concrete', 'vague', 'no-concrete'] as const;
export type CueNeed = (typeof CUE_NEEDS)[number];

/** `void`: a negated cue does not count ("I'm not sorry"); `only`: it counts only negated ("not our fault"); `keep`: either. */
export const CUE_NEGATION = ['void', 'only', 'keep'] as const;
export type CueNegation = (typeof CUE_NEGATION)[number];

/** One cue as a trainer writes it: words or patterns, and how much they say. */
export interface Cue {
	/** Literal words or phrases. English: word by word, `*` ends a word stem (`apologi*`), `…` skips up to four words. */
	phrases?: string[];
	/** Regular expressions (JavaScript, case-insensitive) for shapes a phrase cannot say. */
	patterns?: string[];
	/** Counts only when its sentence also holds one of these words ("frightened" with "you"). */
	with?: string[];
	/** How strongly a match points to this label or step; negative points away from it. */
	weight: number;
	form?: CueForm;
	needs?: CueNeed;
	negation: CueNegation;
	/** A match rules the step (or label) out, whatever else matched: a thank-you that closes the door. */
	veto: boolean;
	/** Counts only when matched at least this many times in one reply ("sorry… so sorry… sorry"). */
	times: number;
	/** A trainer's note: what the cue is for. */
	note?: string;
}

export interface LabelCues {
	/** Where a label starts before any cue: the style a reply with no cue at all is taken to have. */
	prior: number;
	/** Added for each rubric step the reply performs: doing the steps is evidence of a style. */
	perStep: number;
	/** Steps ("last.apologise") a reply in this style does not perform, whatever it says: a passive apology has no action behind it. */
	voids: string[];
	en: Cue[];
	zh: Cue[];
}

export interface StepCues {
	/** The evidence a step needs; 1 unless the file says otherwise. */
	threshold: number;
	en: Cue[];
	zh: Cue[];
}

export interface RubricCues {
	rubric: string;
	labels?: Record<string, LabelCues>;
	steps?: Record<string, StepCues>;
}

export interface WordCues {
	phrases: string[];
	patterns: string[];
}

/** The words the generic mechanisms (negation, question, concreteness) read, per language. */
export interface LanguageCues {
	negators: string[];
	/** Chinese: a segment ending in one of these negates too, since the segmenter glues 不 to the word before it (我不). */
	negatorEndings: string[];
	/** How many words (English) or segments (Chinese) after a negator it covers, within its clause. */
	negationScope: number;
	/** Words that end a negation's scope early ("but", 但是). */
	scopeEnds: string[];
	/** English: words that open a question ("could", "what"); the sentence is a question even without "?". */
	questionStarts: string[];
	/** Chinese: final particles that make a question (吗, 呢). */
	questionEnds: string[];
	/** Words that make a question open ("what", "how", 什么, 怎么). */
	openQuestion: string[];
	concrete: WordCues;
	vague: WordCues;
	/** English: word endings spelled out ("n't" → "not"), so cues are written in full. */
	contractions: Record<string, string>;
	/** English: whole words spelled out or corrected ("can't" → "can not", "dont" → "do not"). */
	spellings: Record<string, string>;
}

export interface CueSet {
	language: Record<CueLang, LanguageCues>;
	/** By rubric id. */
	rubrics: Record<string, RubricCues>;
	/** Weights learned from labelled replies (content/rubrics/learned.json); without them the cues decide alone. */
	learned?: LearnedModel;
}

export interface Evidence {
	/** `style.<label>` or `<rubric>.<step>`. */
	label: string;
	text: string;
	/** UTF-16 offsets into the reply as typed. */
	start: number;
	end: number;
}

export interface Classification {
	style: string;
	steps: string[];
	evidence: Evidence[];
	/** 0..1; below CONFIDENCE_THRESHOLD the classifier is unsure and the trainee should pick the closest written reply. */
	confidence: number;
}
