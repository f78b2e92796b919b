// The e2e journeys take their choices from the real content, so they follow the scenarios as written.
import { initialTransition, transition } from 'xstate';
import { compileScenario, currentNode } from '../../src/lib/engine/compile';
import { loadContent } from '../../src/lib/content/load';
import { readContentDir } from '../../src/lib/content/read-dir';
import type { Choice, Scenario } from '../../src/lib/engine/schema';

export const content = loadContent(readContentDir(new URL('../../', import.meta.url).pathname));
export const scenario = (id: string) => content.scenarios.find((s) => s.id === id)!;

/** The choices picked at each decision when following a rule, with the ending reached. */
export function pathBy(scenario: Scenario, rule: (choice: Choice) => boolean) {
	const machine = compileScenario(scenario);
	let [snapshot] = initialTransition(machine);
	const picks: { choice: Choice; index: number }[] = [];
	while (snapshot.status === 'active') {
		const choices = scenario.nodes[currentNode(snapshot)]!.choices;
		const index = choices.findIndex(rule);
		picks.push({ choice: choices[index]!, index });
		[snapshot] = transition(machine, snapshot, { type: 'choice.select', choice: choices[index]!.id });
	}
	return { picks, ending: scenario.endings[currentNode(snapshot)]! };
}
