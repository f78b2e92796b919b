// The dashboard's replay, loaded only once it has an attempt to replay: the engine and XState stay out of the
// passcode page.
import type { LogEntry } from '$lib/engine';
import type { Attempt } from '$lib/persistence';
import { rescore, type ScenarioData } from '$lib/session/scenario-data';
import { scoresOf } from '$lib/session/scenario-session.svelte';
import type { PathStep, Replay, ScenarioContent } from './dashboard';

export const replay: Replay = (content: ScenarioContent, log: readonly LogEntry[]) => {
	const result = rescore(content as ScenarioData, log);
	return {
		scores: scoresOf(result.report),
		...(result.ending ? { ending: result.ending } : {}),
		path: result.snapshot.context.transcript.map((t) => ({ node: t.node, choice: t.choice })),
		firstPicks: result.firstPicks
	};
};

/** The way an attempt went, and its first pick at each decision: what the path map and item analysis count. */
export function picksOf(
	content: ScenarioContent,
	log: readonly LogEntry[]
): { path: PathStep[]; first: PathStep[] } {
	const result = replay(content, log);
	return { path: result.path, first: result.firstPicks };
}

/**
 * The paths of many attempts, read and replayed a chunk at a time with a pause in between, so the page keeps
 * answering; undefined once `wanted` says the result is no longer needed (another scenario was picked).
 */
export async function picksOfAttempts(
	content: ScenarioContent,
	ids: readonly string[],
	read: (ids: string[]) => Promise<readonly Attempt[]>,
	wanted: () => boolean,
	chunk = 100
): Promise<Map<string, { path: PathStep[]; first: PathStep[] }> | undefined> {
	const picks = new Map<string, { path: PathStep[]; first: PathStep[] }>();
	for (let i = 0; i < ids.length; i += chunk) {
		for (const a of await read(ids.slice(i, i + chunk))) picks.set(a.id, picksOf(content, a.log));
		if (!wanted()) return undefined;
		if (i + chunk < ids.length) await new Promise((resolve) => setTimeout(resolve));
	}
	return picks;
}
