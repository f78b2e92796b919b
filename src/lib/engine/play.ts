// Playing a compiled scenario without an actor: pure transitions, for replay, validation and tests.
import { initialTransition, transition } from 'xstate';
import {
	compileScenario,
	currentNode,
	type LogEntry,
	type ScenarioMachine,
	type ScenarioSnapshot
} from './compile';
import { own } from './own';
import type { Scenario } from './schema';

export interface PlayResult {
	snapshot: ScenarioSnapshot;
	/** Index in the log of the first event the machine could not take, if any. */
	rejectedAt?: number;
}

/** Feeds a log of events to the machine; stops at the first event that changes nothing. */
export function replay(machine: ScenarioMachine, log: readonly LogEntry[]): PlayResult {
	let [snapshot] = initialTransition(machine);
	for (let i = 0; i < log.length; i++) {
		const [next] = transition(machine, snapshot, log[i]!);
		if (next === snapshot || next.context === snapshot.context) return { snapshot, rejectedAt: i };
		snapshot = next;
	}
	return { snapshot };
}

/** Follows the choices marked best from the start; undefined if they loop or dead-end. */
export function bestPath(scenario: Scenario, machine: ScenarioMachine = compileScenario(scenario)) {
	let [snapshot] = initialTransition(machine);
	const seen = new Set<string>();
	while (snapshot.status === 'active') {
		const node = currentNode(snapshot);
		if (seen.has(node)) return undefined;
		seen.add(node);
		const best = own(scenario.nodes, node)?.choices.find((choice) => choice.best);
		if (!best) return undefined;
		[snapshot] = transition(machine, snapshot, { type: 'choice.select', choice: best.id });
	}
	return snapshot;
}

/**
 * The trainee's first pick at each decision, in the order made: a rewind takes a pick back from the transcript,
 * but what the trainee chose first is what an item analysis counts.
 */
export function firstPicks(
	machine: ScenarioMachine,
	log: readonly LogEntry[]
): { node: string; choice: string }[] {
	let [snapshot] = initialTransition(machine);
	const picks: { node: string; choice: string }[] = [];
	const picked = new Set<string>();
	for (const entry of log) {
		const node = currentNode(snapshot);
		const [next] = transition(machine, snapshot, entry);
		if (next === snapshot || next.context === snapshot.context) break;
		if (
			(entry.type === 'choice.select' || entry.type === 'choice.observe' || entry.type === 'choice.type') &&
			!picked.has(node)
		) {
			picked.add(node);
			picks.push({ node, choice: entry.choice });
		}
		snapshot = next;
	}
	return picks;
}
