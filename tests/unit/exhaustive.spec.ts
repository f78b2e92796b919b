// Every simple path of every scenario plays to an ending and scores within 0–100 on every rubric.
import { describe, expect, it } from 'vitest';
import { transition } from 'xstate';
import { compileScenario, currentNode } from '../../src/lib/engine/compile';
import { scoreAttempt } from '../../src/lib/engine/scoring';
import { content, fixture } from '../../src/lib/engine/test-helpers';
import { allPaths } from './play-paths';

const scenarios = [fixture('tiny'), ...content.scenarios];

describe.each(scenarios.map((s) => [s.id, s] as const))('%s', (_id, scenario) => {
	it('every simple path ends at an ending, with every score in 0–100', () => {
		const rubrics = scenario.rubrics.map((id) => content.rubrics.get(id)!);
		const endings = Object.keys(scenario.endings);
		const finals = allPaths(scenario).filter((path) => path.state.status === 'done');
		expect(finals.length).toBeGreaterThan(0);
		const reached = new Set<string>();
		for (const path of finals) {
			reached.add(currentNode(path.state));
			for (const { score } of scoreAttempt(rubrics, path.state.context.transcript).scores) {
				expect(score).toBeGreaterThanOrEqual(0);
				expect(score).toBeLessThanOrEqual(100);
			}
		}
		expect([...reached].every((node) => endings.includes(node))).toBe(true);
		// Every ending is reached by some path, not only linked in the graph.
		expect([...reached].sort()).toEqual([...endings].sort());
	});

	it('no path gets stuck: at every state reached, every offered choice moves the attempt on', () => {
		const machine = compileScenario(scenario);
		const stuck: string[] = [];
		for (const path of allPaths(scenario)) {
			if (path.state.status !== 'active') continue;
			const node = currentNode(path.state);
			for (const choice of scenario.nodes[node]!.choices) {
				const [next] = transition(machine, path.state, { type: 'choice.select', choice: choice.id });
				if (next.context.transcript.length !== path.state.context.transcript.length + 1)
					stuck.push(`${node}/${choice.id}`);
			}
		}
		expect(stuck).toEqual([]);
	});
});
