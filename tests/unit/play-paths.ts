// Walks scenarios for the set tests: the best path, the all-aggressive path, and every path.
import { initialTransition, transition } from 'xstate';
import { getShortestPaths } from 'xstate/graph';
import {
	compileScenario,
	currentNode,
	type ScenarioEvent,
	type ScenarioSnapshot
} from '../../src/lib/engine/compile';
import type { Scenario } from '../../src/lib/engine/schema';

/** Picks, at each decision, the first choice the rule accepts; stops at an ending or when none fits. */
export function followRule(
	scenario: Scenario,
	rule: (choice: Scenario['nodes'][string]['choices'][number]) => boolean
) {
	const machine = compileScenario(scenario);
	let [snapshot] = initialTransition(machine);
	const visited: string[] = [];
	while (snapshot.status === 'active' && visited.length < 100) {
		const node = currentNode(snapshot);
		visited.push(node);
		const choice = scenario.nodes[node]!.choices.find(rule);
		if (!choice) return { snapshot, visited, stuckAt: node };
		[snapshot] = transition(machine, snapshot, { type: 'choice.select', choice: choice.id });
	}
	return { snapshot, visited, stuckAt: undefined };
}

const choiceEvents = (scenario: Scenario, snapshot: ScenarioSnapshot): ScenarioEvent[] =>
	snapshot.status === 'active'
		? scenario.nodes[currentNode(snapshot)]!.choices.map((choice) => ({
				type: 'choice.select',
				choice: choice.id
			}))
		: [];

/**
 * Every sequence of choices, depth first, through the machine's pure transitions. `visit` gets each
 * path's last snapshot; a path that stops changing the machine or runs past `maxTurns` is reported stuck.
 */
export function walkEveryPath(
	scenario: Scenario,
	visit: (end: ScenarioSnapshot) => void,
	maxTurns = 60
): { paths: number; stuck: string[] } {
	const machine = compileScenario(scenario);
	const stuck: string[] = [];
	let paths = 0;
	const walk = (snapshot: ScenarioSnapshot, depth: number) => {
		if (snapshot.status === 'done') {
			paths++;
			visit(snapshot);
			return;
		}
		if (depth > maxTurns) {
			stuck.push(`${currentNode(snapshot)}: no ending after ${maxTurns} turns`);
			return;
		}
		for (const event of choiceEvents(scenario, snapshot)) {
			const [next] = transition(machine, snapshot, event);
			if (next.context.log.length === snapshot.context.log.length) {
				stuck.push(
					`${currentNode(snapshot)}/${(event as { choice: string }).choice}: the choice goes nowhere`
				);
				continue;
			}
			walk(next, depth + 1);
		}
	};
	walk(initialTransition(machine)[0], 0);
	return { paths, stuck };
}

/** The endings xstate/graph reaches, keying states by node and mood (all that guards depend on). */
export function reachableEndings(scenario: Scenario): string[] {
	const machine = compileScenario(scenario);
	const paths = getShortestPaths(machine, {
		events: (snapshot: ScenarioSnapshot) => choiceEvents(scenario, snapshot),
		serializeState: (snapshot) => `${currentNode(snapshot)}@${snapshot.context.mood}`,
		serializeEvent: (event) => JSON.stringify(event)
	});
	return [...new Set(paths.filter((p) => p.state.status === 'done').map((p) => currentNode(p.state)))].sort();
}
