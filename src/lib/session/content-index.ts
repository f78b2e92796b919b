// Fetches the content index once per page (History, the dashboard): titles, endings and rubric names for every
// scenario in one small request, with no engine and no XState.
import { resolve } from '$app/paths';
import type { ContentIndex, IndexedScenario } from '$lib/content/index-types';

let cached: Promise<ContentIndex> | undefined;

/** Rejects when the file cannot be fetched (offline, never visited): the caller says so and shows ids. */
export function fetchContentIndex(fetcher: typeof fetch = fetch): Promise<ContentIndex> {
	cached ??= fetcher(resolve('/content/index.json')).then((r) => {
		if (!r.ok) throw new Error(`The content index could not be loaded (HTTP ${r.status}).`);
		return r.json() as Promise<ContentIndex>;
	});
	// A failure is not kept: the next page that asks tries again.
	cached.catch(() => (cached = undefined));
	return cached;
}

export const scenarioMap = (index: ContentIndex | undefined) =>
	new Map<string, IndexedScenario>((index?.scenarios ?? []).map((s) => [s.id, s]));
