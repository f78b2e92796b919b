// A trainee who picks by a surface cue (length, apologies, the customer's name) must not pass for one
// who picks by what a reply does (issue: assessments that can't be gamed).
import { describe, expect, it } from 'vitest';
import { content } from '../../src/lib/engine/test-helpers';
import { STRATEGIES, testWiseTable } from './test-wise';

const table = testWiseTable(content.scenarios, content.rubrics);

describe('test-wise strategies', () => {
	it('plays every scenario with every strategy', () => {
		expect(content.scenarios.length).toBeGreaterThanOrEqual(15);
		expect(table.map((row) => row.strategy)).toEqual(Object.keys(STRATEGIES));
		for (const row of table) expect(row.results).toHaveLength(content.scenarios.length);
	});

	it.each(table.map((row) => [row.strategy, row] as const))(
		'%s scores at most 50 on average and never 100 on every rubric of a scenario',
		(_, row) => {
			expect(row.perfect).toEqual([]);
			expect(row.mean).toBeLessThanOrEqual(50);
		}
	);
});
