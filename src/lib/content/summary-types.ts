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

/**
 * A scenario as the library shows it: the summary's texts in the page's language only, so a page ships one
 * language (the other language's page has its own copy).
 */
export interface LibraryScenario {
	id: string;
	case: string;
	caseTitle: string;
	title: string;
	summary: string;
	skills: string[];
	rubrics: { id: string; name: string; shortName: string; passMark: number }[];
	lostEndings: string[];
	difficulty: ScenarioSummary['difficulty'];
	minutes: number;
}

/** A summary's texts in one language, for the library. */
export function inLanguage(summary: ScenarioSummary, lang: keyof Text): LibraryScenario {
	return {
		...summary,
		caseTitle: summary.caseTitle[lang],
		title: summary.title[lang],
		summary: summary.summary[lang],
		skills: summary.skills.map((s) => s[lang]),
		rubrics: summary.rubrics.map((r) => ({ ...r, name: r.name[lang], shortName: r.shortName[lang] }))
	};
}
