// What the library, a scenario's page and the play screen know of a scenario without its nodes. Shared by the
// build-time content code (src/lib/server) and the client, so it lives outside $lib/server.
import type { Scenario, Text } from '$lib/engine/schema';

export interface ScenarioSummary {
	id: string;
	case: string;
	caseTitle: Text;
	title: Text;
	summary: Text;
	skills: Text[];
	/** `shortName` is the rubric's name in a column header or a chip: Style, 3F, LAST. */
	rubrics: { id: string; name: Text; shortName: Text; passMark: number }[];
	/** The endings that lose the customer: an assessment that reaches one is not passed. */
	lostEndings: string[];
	difficulty: Scenario['difficulty'];
	minutes: number;
}
