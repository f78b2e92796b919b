import { describe, expect, it } from 'vitest';
import { rubric } from './test-helpers';
import { scoreAttempt, scoreRubric } from './scoring';
import type { Turn } from './transcript';

const turn = (style: string, steps: string[] = []): Turn => ({
	node: 'n',
	choice: 'c',
	text: { en: 'reply', zh: '回应' },
	style,
	steps,
	moodBefore: 0,
	moodAfter: 0
});
const score = (id: string, turns: Turn[]) => scoreRubric(rubric(id), turns).score;

describe('style rubric (share of assertive replies)', () => {
	it.each([
		{ name: 'all assertive', styles: ['assertive', 'assertive', 'assertive'], expected: 100 },
		{ name: 'all aggressive', styles: ['aggressive', 'aggressive', 'aggressive'], expected: 0 },
		{ name: 'all passive', styles: ['passive', 'passive'], expected: 0 },
		{ name: 'all passive-aggressive', styles: ['passive-aggressive'], expected: 0 },
		{ name: 'one in three', styles: ['assertive', 'passive', 'aggressive'], expected: 33 },
		{
			name: 'three in four',
			styles: ['assertive', 'assertive', 'passive-aggressive', 'assertive'],
			expected: 75
		},
		{ name: 'no replies', styles: [], expected: 0 }
	])('$name scores $expected', ({ styles, expected }) => {
		expect(
			score(
				'style',
				styles.map((s) => turn(s))
			)
		).toBe(expected);
	});

	it('counts every style and names the turns that missed', () => {
		const result = scoreRubric(rubric('style'), [turn('assertive'), turn('aggressive'), turn('aggressive')]);
		expect(result.counts).toEqual({ assertive: 1, aggressive: 2, passive: 0, 'passive-aggressive': 0 });
		expect(result.explanation.map((line) => line.en)).toEqual([
			'1 of 3 replies were assertive.',
			'Turn 2 was aggressive.',
			'Turn 3 was aggressive.'
		]);
	});

	it('offers the best alternative where one was recorded', () => {
		const missed = {
			...turn('passive'),
			best: {
				choice: 'b',
				text: { en: 'I will fix it now.', zh: '我马上处理。' },
				style: 'assertive',
				steps: []
			}
		};
		const [, line] = scoreRubric(rubric('style'), [missed]).explanation;
		expect(line?.en).toBe('Turn 1 was passive. A assertive reply: “I will fix it now.”');
		expect(line?.zh).toContain('我马上处理。');
	});
});

const last = (...steps: string[][]) =>
	steps.map((s) =>
		turn(
			'assertive',
			s.map((x) => `last.${x}`)
		)
	);
const threeF = (...steps: string[][]) =>
	steps.map((s) =>
		turn(
			'assertive',
			s.map((x) => `3f.${x}`)
		)
	);

describe('step rubrics (shown + in order)', () => {
	it.each([
		{
			name: 'LAST in order',
			id: 'last',
			turns: last(['listen'], ['apologise'], ['solve'], ['thank']),
			expected: 100
		},
		{
			name: 'LAST two steps in one turn',
			id: 'last',
			turns: last(['listen', 'apologise'], ['solve', 'thank']),
			expected: 100
		},
		{
			name: 'LAST solve before listen',
			id: 'last',
			turns: last(['solve'], ['listen'], ['apologise'], ['thank']),
			expected: 88
		},
		{
			name: 'LAST thank as a brush-off first',
			id: 'last',
			turns: last(['thank'], ['listen'], ['apologise'], ['solve']),
			expected: 88
		},
		{
			name: 'LAST reversed',
			id: 'last',
			turns: last(['thank'], ['solve'], ['apologise'], ['listen']),
			expected: 63
		},
		{
			name: 'LAST without thanks',
			id: 'last',
			turns: last(['listen'], ['apologise'], ['solve']),
			expected: 75
		},
		{ name: 'LAST nothing', id: 'last', turns: last([], []), expected: 0 },
		{ name: '3F in order', id: '3f', turns: threeF(['feel'], ['felt'], ['found']), expected: 100 },
		{ name: '3F found before feel', id: '3f', turns: threeF(['found'], ['feel'], ['felt']), expected: 83 },
		{ name: '3F without felt', id: '3f', turns: threeF(['feel'], ['found']), expected: 67 }
	])('$name scores $expected', ({ id, turns, expected }) => {
		expect(score(id, turns)).toBe(expected);
	});

	it('the right steps in the wrong order score less than in order', () => {
		expect(score('last', last(['solve'], ['listen'], ['apologise'], ['thank']))).toBeLessThan(
			score('last', last(['listen'], ['apologise'], ['solve'], ['thank']))
		);
		expect(score('3f', threeF(['found'], ['feel'], ['felt']))).toBeLessThan(
			score('3f', threeF(['feel'], ['felt'], ['found']))
		);
	});

	it('a missing step scores less than the step taken, even out of order', () => {
		const without = score('last', last(['listen'], ['apologise'], ['solve']));
		expect(without).toBeLessThan(score('last', last(['listen'], ['apologise'], ['solve'], ['thank'])));
		expect(without).toBeLessThan(score('last', last(['thank'], ['listen'], ['apologise'], ['solve'])));
	});

	it('only the first time a step is shown counts', () => {
		expect(score('last', last(['thank'], ['listen'], ['apologise'], ['solve'], ['thank']))).toBe(88);
	});

	it('ignores steps of other rubrics', () => {
		expect(score('3f', last(['listen'], ['apologise']))).toBe(0);
	});

	it('explains which step was shown where, what was out of order and what was missing', () => {
		const result = scoreRubric(rubric('last'), [
			...last(['solve']),
			{
				...turn('passive'),
				best: {
					choice: 'x',
					text: { en: 'Tell me more.', zh: '您详细说说。' },
					style: 'assertive',
					steps: ['last.listen']
				}
			},
			...last(['apologise'])
		]);
		expect(result.shown).toEqual([
			{ step: 'solve', turn: 1, inOrder: false },
			{ step: 'apologise', turn: 3, inOrder: true }
		]);
		expect(result.missing).toEqual(['listen', 'thank']);
		const english = result.explanation.map((line) => line.en);
		expect(english).toContain(
			'Solve: shown in turn 1, but out of order — it belongs after Apologise and before Thank.'
		);
		expect(english).toContain('Apologise: shown in turn 3.');
		expect(english).toContain('Listen: missing. In turn 2 you could have said: “Tell me more.”');
		expect(english).toContain('Thank: missing.');
	});
});

describe('scoreAttempt', () => {
	it('gives the same report for the same transcript, with the formula of each rubric', () => {
		const rubrics = [rubric('style'), rubric('last')];
		const transcript = last(['listen'], ['apologise', 'solve']);
		const first = scoreAttempt(rubrics, transcript);
		expect(scoreAttempt(rubrics, transcript)).toEqual(first);
		expect(first.scores.map((s) => [s.rubric, s.score])).toEqual([
			['style', 100],
			['last', 75]
		]);
		expect(first.scores[1]!.formula.en).toContain('(steps shown + steps in order)');
	});
});
