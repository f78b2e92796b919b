import { describe, expect, it } from 'vitest';
import { nextScenario, weakestRubric } from './next-scenario';

const library = [
	{ id: 'a', rubrics: ['style', 'last'] },
	{ id: 'b', rubrics: ['style'] },
	{ id: 'c', rubrics: ['style', 'three-f'] },
	{ id: 'd', rubrics: ['style', 'three-f'] }
];
const score = (rubric: string, value: number) => ({ rubric, score: value }) as never;

describe('weakestRubric', () => {
	it('is the lowest score, the first on a tie', () => {
		expect(
			weakestRubric({ scores: [score('style', 80), score('three-f', 40), score('last', 40)] })?.rubric
		).toBe('three-f');
		expect(weakestRubric({ scores: [] })).toBeUndefined();
	});
});

describe('nextScenario', () => {
	it('suggests the first unfinished other scenario that uses the weakest rubric', () => {
		expect(nextScenario(library, 'a', 'three-f', new Set())?.id).toBe('c');
		expect(nextScenario(library, 'a', 'three-f', new Set(['c']))?.id).toBe('d');
	});
	it('falls back to any unfinished scenario, and to none when all are finished', () => {
		expect(nextScenario(library, 'c', 'last', new Set(['a']))?.id).toBe('b');
		expect(nextScenario(library, 'a', 'style', new Set(['b', 'c', 'd']))).toBeUndefined();
	});
});
