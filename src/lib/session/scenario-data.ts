// Fetches a scenario's prerendered content on demand, and re-scores a saved attempt from its choice log.
import {
	compileScenario,
	currentNode,
	firstPicks,
	replay,
	scoreAttempt,
	type LogEntry,
	type Rubric,
	type Scenario,
	type ScoreReport,
	type ScenarioSnapshot
} from '$lib/engine';
import type { ScenarioSummary } from '$lib/server/content';

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
			fetcher(`/content/${id}.json`).then((r) => (r.ok ? (r.json() as Promise<ScenarioData>) : undefined))
		);
	return cache.get(id)!;
}

export interface Rescored {
	snapshot: ScenarioSnapshot;
	report: ScoreReport;
	/** Index of the first log entry the current content could not take, if any. */
	stoppedAt?: number;
	ending?: string;
	/** The first pick at each decision, before any rewind took it back. */
	firstPicks: { node: string; choice: string }[];
}

// Compiling is the costly part of a replay; an instructor's import or dashboard replays thousands of logs.
const machines = new WeakMap<Scenario, ReturnType<typeof compileScenario>>();
function machineOf(scenario: Scenario) {
	let machine = machines.get(scenario);
	if (!machine) machines.set(scenario, (machine = compileScenario(scenario)));
	return machine;
}

/** Scores come from the log and today's content, never from stored numbers. */
export function rescore(data: ScenarioData, log: readonly LogEntry[]): Rescored {
	const { snapshot, rejectedAt } = replay(machineOf(data.scenario), log);
	return {
		snapshot,
		report: scoreAttempt(data.rubrics, snapshot.context.transcript),
		firstPicks: firstPicks(machineOf(data.scenario), log),
		...(rejectedAt !== undefined ? { stoppedAt: rejectedAt } : {}),
		...(snapshot.status === 'done' ? { ending: currentNode(snapshot) } : {})
	};
}
