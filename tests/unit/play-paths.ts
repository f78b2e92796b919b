// Walks scenarios for the set tests: the best path, the all-aggressive path, and every simple path.
import { initialTransition, transition } from 'xstate';
import { getSimplePaths } from 'xstate/graph';
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

/** Every simple path through the scenario's machine, as xstate/graph walks it. */
export function allPaths(scenario: Scenario) {
	const machine = compileScenario(scenario);
	return getSimplePaths(machine, {
		events: (snapshot: ScenarioSnapshot): ScenarioEvent[] =>
			snapshot.status === 'active'
				? scenario.nodes[currentNode(snapshot)]!.choices.map((choice) => ({
						type: 'choice.select',
						choice: choice.id
					}))
				: [],
		// A state is where the attempt stands and what it has said so far.
		serializeState: (snapshot) =>
			JSON.stringify([snapshot.value, snapshot.context.transcript.map((t) => t.choice)])
	});
}
