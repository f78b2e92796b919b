import { describe, expect, it } from 'vitest';
import { say } from './debrief';
import type { Ending, Scenario } from './schema';
import type { ScoreReport } from './scoring';
import { fixture, rubric } from './test-helpers';
import { passMarks, verdict } from './verdict';

const tiny = fixture('tiny');
const rubrics = [rubric('style'), rubric('last')];
const report = (style: number, last: number): ScoreReport => ({
	scores: [
		{ rubric: 'style', name: rubrics[0]!.name, score: style, explanation: [], formula: rubrics[0]!.formula },
		{ rubric: 'last', name: rubrics[1]!.name, score: last, explanation: [], formula: rubrics[1]!.formula }
	]
});
const ending = (outcome: Ending['outcome']): Ending => ({ ...tiny.endings.satisfied!, outcome });

describe('the verdict of an assessment', () => {
	it('takes the pass marks from the rubric files, unless the scenario sets its own', () => {
		expect(Object.fromEntries(passMarks(tiny, rubrics))).toEqual({ style: 80, last: 75 });
		const strict: Scenario = { ...tiny, passMark: { last: 90 } };
		expect(Object.fromEntries(passMarks(strict, rubrics))).toEqual({ style: 80, last: 90 });
	});

	it.each([
		{ style: 100, last: 100, outcome: 'loyal', passed: true },
		{ style: 80, last: 75, outcome: 'satisfied', passed: true },
		{ style: 79, last: 100, outcome: 'loyal', passed: false },
		{ style: 100, last: 74, outcome: 'loyal', passed: false },
		{ style: 100, last: 100, outcome: 'lost', passed: false }
	] as const)('style $style, LAST $last, $outcome: passed $passed', ({ style, last, outcome, passed }) => {
		expect(verdict(tiny, rubrics, report(style, last), ending(outcome)).passed).toBe(passed);
	});

	it('says what would change a Not yet, in both languages', () => {
		const result = verdict(tiny, rubrics, report(67, 100), ending('lost'));
		expect(result.explanation.map((s) => say(s, 'en'))).toEqual([
			'Not yet.',
			'Communication style: 67, and a pass needs 80.',
			'The customer was lost (“Problem solved”): a pass needs an ending where they stay.'
		]);
		expect(say(result.explanation[1]!, 'zh')).toBe('交际风格：67 分，通过需要 80 分。');
	});
});
