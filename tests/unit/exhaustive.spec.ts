// Every path of every scenario plays to an ending and scores within 0–100 on every rubric.
import { describe, expect, it } from 'vitest';
import { currentNode } from '../../src/lib/engine/compile';
import { scoreAttempt } from '../../src/lib/engine/scoring';
import { content, fixture } from '../../src/lib/engine/test-helpers';
import { reachableEndings, walkEveryPath } from './play-paths';

const scenarios = [fixture('tiny'), ...content.scenarios];

describe.each(scenarios.map((s) => [s.id, s] as const))('%s', (_id, scenario) => {
	it('every path ends at an ending, with every score in 0–100', () => {
		const rubrics = scenario.rubrics.map((id) => content.rubrics.get(id)!);
		const endings = Object.keys(scenario.endings);
		const outOfRange: string[] = [];
		const { paths, stuck } = walkEveryPath(scenario, (end) => {
			expect(endings).toContain(currentNode(end));
			for (const { rubric, score } of scoreAttempt(rubrics, end.context.transcript).scores)
				if (!(score >= 0 && score <= 100)) outOfRange.push(`${rubric}: ${score}`);
		});
		expect(paths).toBeGreaterThan(0);
		expect(stuck).toEqual([]);
		expect(outOfRange).toEqual([]);
	});

	it('xstate/graph reaches every ending, given the mood arithmetic', () => {
		expect(reachableEndings(scenario)).toEqual(Object.keys(scenario.endings).sort());
	});
});
