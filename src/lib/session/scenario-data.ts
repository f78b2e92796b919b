// Re-scores a saved attempt from its choice log (and re-exports the fetch of a scenario's prerendered content).
import {
	compileScenario,
	currentNode,
	firstPicks,
	observable,
	replay,
	scoreAttempt,
	unknownObservation,
	withNearestChoices,
	type Choice,
	type LogEntry,
	type TypedEntry,
	type Scenario,
	type ScoreReport,
	type ScenarioSnapshot
} from '$lib/engine';
import type { RescoreResult } from '$lib/persistence';
import { scoresOf } from './scenario-session.svelte';

// Fetching lives apart, so pages that only show content load no engine; re-exported for the callers here.
export { fetchScenario, type ScenarioData } from './scenario-fetch';
import type { ScenarioData } from './scenario-fetch';

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

/**
 * Replays an imported attempt's log on today's content, whatever content version the file claims: a log
 * the content cannot take in full is refused, with the entry that does not fit and why. Observed replies must
 * name the scenario's styles and steps, and move to the nearest written choice as worked out here.
 */
export function rescoreForImport(
	data: ScenarioData,
	fileLog: readonly LogEntry[],
	rereadTyped?: (entry: TypedEntry, choices: readonly Choice[]) => TypedEntry
): RescoreResult {
	const scenario = data.scenario.id;
	const vocabulary = observable(data.rubrics);
	for (const [i, entry] of fileLog.entries()) {
		const label = entry.type === 'choice.observe' ? unknownObservation(vocabulary, entry) : undefined;
		if (label !== undefined) return { problem: { code: 'bad-observation', turn: i + 1, label, scenario } };
	}
	const log = withNearestChoices(data.scenario, machineOf(data.scenario), fileLog, rereadTyped);
	const { snapshot, rejectedAt } = replay(machineOf(data.scenario), log);
	if (rejectedAt !== undefined) {
		const entry = log[rejectedAt]!;
		const turn = rejectedAt + 1;
		if (snapshot.status === 'done') return { problem: { code: 'past-ending', turn, scenario } };
		if (entry.type === 'attempt.rewind')
			return { problem: { code: 'bad-rewind', turn, to: entry.turn + 1, scenario } };
		return { problem: { code: 'missing-choice', turn, scenario } };
	}
	const changed = log !== fileLog ? { log } : {};
	if (snapshot.status !== 'done') return { status: 'in-progress', ...changed };
	const report = scoreAttempt(data.rubrics, snapshot.context.transcript);
	return { status: 'finished', ending: currentNode(snapshot), scores: scoresOf(report), ...changed };
}
