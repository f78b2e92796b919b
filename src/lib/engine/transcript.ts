// What a played attempt leaves behind: the turns taken, enough to score and explain it without the scenario.
import type { Text } from './schema';

/** The model answer at a decision, kept on a turn whose choice was not it. */
export interface BestAlternative {
	choice: string;
	text: Text;
	style: string;
	steps: string[];
}

/** A piece of a typed reply that earned a label or a step, as UTF-16 offsets into the text. */
export interface Evidence {
	/** "style.assertive", "last.listen": the rubric id, a dot, the label or step id. */
	label: string;
	text: string;
	start: number;
	end: number;
}

/** A reply the trainee wrote in their own words, as the classifier read it. */
export interface TypedReply {
	text: string;
	lang: 'en' | 'zh';
	evidence: Evidence[];
	/** 0–1: below the classifier's threshold the trainee picked the written reply closest to what they meant. */
	confidence: number;
	/** True when the trainee picked the written reply the story moved on with; otherwise it was the nearest. */
	picked?: boolean;
}

export interface Turn {
	/** The decision node this turn answered. */
	node: string;
	choice: string;
	text: Text;
	style: string;
	/** Rubric steps this reply performs, as "rubric.step". */
	steps: string[];
	moodBefore: number;
	moodAfter: number;
	best?: BestAlternative;
	/** When the trainee typed the reply: its text and evidence, and the written reply the story moved on with. */
	typed?: TypedReply & { nearest: Text };
}

export type Transcript = readonly Turn[];
