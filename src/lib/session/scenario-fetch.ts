// Fetches a scenario's prerendered content on demand. Apart from scenario-data.ts, which replays and scores,
// so a page that only shows a scenario (History's debrief, the dashboard) loads no engine until it needs one.
import { resolve } from '$app/paths';
import type { Rubric, Scenario } from '$lib/engine/schema';
import type { ScenarioSummary } from '$lib/content/summary-types';

export interface ScenarioData {
	scenario: Scenario;
	summary: ScenarioSummary;
	rubrics: Rubric[];
}

const cache = new Map<string, Promise<ScenarioData | undefined>>();

export function fetchScenario(id: string, fetcher: typeof fetch = fetch): Promise<ScenarioData | undefined> {
	if (!/^[a-z0-9][a-z0-9-]*$/.test(id)) return Promise.resolve(undefined);
	if (!cache.has(id))
		cache.set(
			id,
			fetcher(resolve('/content/[id].json', { id })).then((r) =>
				r.ok ? (r.json() as Promise<ScenarioData>) : undefined
			)
		);
	return cache.get(id)!;
}
