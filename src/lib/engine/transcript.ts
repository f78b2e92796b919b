// What a played attempt leaves behind: the turns taken, enough to score and explain it without the scenario.
import type { Text } from './schema';

/** The model answer at a decision, kept on a turn whose choice was not it. */
export interface BestAlternative {
	choice: string;
	text: Text;
	style: string;
	steps: string[];
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
}

export type Transcript = readonly Turn[];
