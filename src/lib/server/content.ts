// Build-time content: every file under content/ is read, checked and rendered here. Any error fails the build.
import { loadContent, type Content, type ContentFiles } from '$lib/content/load';
import { renderMarkdown } from '$lib/content/markdown';
import { ContentErrors } from '$lib/engine/validate';
import { passMarks } from '$lib/engine/verdict';
import type { Scenario, Text } from '$lib/engine/schema';
import type { ScenarioSummary } from '$lib/content/summary-types';

const files = import.meta.glob('/content/**/*.{yaml,yml,md}', {
	query: '?raw',
	import: 'default',
	eager: true
}) as Record<string, string>;

let cached: Content | undefined;

export function content(): Content {
	if (!cached) {
		const relative: ContentFiles = {};
		for (const [path, source] of Object.entries(files)) relative[path.slice(1)] = source;
		const loaded = loadContent(relative);
		if (loaded.errors.length) throw new ContentErrors(loaded.errors);
		cached = loaded;
	}
	return cached;
}

export const scenarios = (): Scenario[] => content().scenarios;
export const findScenario = (id: string): Scenario | undefined => scenarios().find((s) => s.id === id);

// The type is shared with the client; it is re-exported here for the code that still imports it from this file.
export type { ScenarioSummary };

export function summarise(scenario: Scenario): ScenarioSummary {
	const { cases, rubrics } = content();
	return {
		id: scenario.id,
		case: scenario.case,
		caseTitle: cases.get(scenario.case)!.title,
		title: scenario.title,
		summary: scenario.summary,
		skills: scenario.skills,
		rubrics: [
			...passMarks(
				scenario,
				scenario.rubrics.map((id) => rubrics.get(id)!)
			)
		].map(([id, passMark]) => ({
			id,
			name: rubrics.get(id)!.name,
			shortName: rubrics.get(id)!.shortName,
			passMark
		})),
		lostEndings: Object.entries(scenario.endings)
			.filter(([, e]) => e.outcome === 'lost')
			.map(([id]) => id),
		difficulty: scenario.difficulty,
		minutes: scenario.minutes
	};
}

/** The case reading as sanitised HTML in both languages. */
export function caseReading(id: string): { title: Text; html: Text } | undefined {
	const reading = content().cases.get(id);
	if (!reading) return undefined;
	return {
		title: reading.title,
		html: { en: renderMarkdown(reading.markdown.en), zh: renderMarkdown(reading.markdown.zh) }
	};
}
