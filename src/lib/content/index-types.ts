// The content index: what History and the instructor's dashboard need to name scenarios, endings and rubrics
// without fetching any scenario in full. One small prerendered file (/content/index.json) shared by both.
import type { Outcome, Text } from '$lib/engine/schema';

export interface IndexedScenario {
	id: string;
	version: number;
	title: Text;
	/** The rubrics that apply, in the scenario's order. */
	rubrics: string[];
	endings: Record<string, { title: Text; outcome: Outcome }>;
}

export interface ContentIndex {
	/** Every rubric, the style rubric first: it applies to every scenario. */
	rubrics: { id: string; shortName: Text }[];
	scenarios: IndexedScenario[];
}
