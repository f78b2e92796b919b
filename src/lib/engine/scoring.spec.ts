import { describe, expect, it } from 'vitest';
import { rubric } from './test-helpers';
import { say } from './debrief';
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
		expect(result.explanation.map((line) => say(line, 'en'))).toEqual([
			'1 of 3 replies was assertive.',
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
		const [share, line] = scoreRubric(rubric('style'), [missed]).explanation;
		expect(say(share!, 'en')).toBe('0 of 1 reply was assertive.');
		expect(say(line!, 'en')).toBe('Turn 1 was passive. An assertive reply: “I will fix it now.”');
		expect(say(line!, 'zh')).toBe('第 1 轮属于“消极被动型”。更好的“果断自信型”说法：“我马上处理。”');
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
		// Solve came first, so listen and apologise, shown after a later step, are out of order too.
		{
			name: 'LAST solve before listen',
			id: 'last',
			turns: last(['solve'], ['listen'], ['apologise'], ['thank']),
			expected: 63
		},
		{
			name: 'LAST thank as a brush-off first',
			id: 'last',
			turns: last(['thank'], ['listen'], ['apologise'], ['solve']),
			expected: 50
		},
		{
			name: 'LAST reversed',
			id: 'last',
			turns: last(['thank'], ['solve'], ['apologise'], ['listen']),
			expected: 50
		},
		{
			name: 'LAST without thanks',
			id: 'last',
			turns: last(['listen'], ['apologise'], ['solve']),
			expected: 75
		},
		{ name: 'LAST nothing', id: 'last', turns: last([], []), expected: 0 },
		{ name: 'a lone early thank-you', id: 'last', turns: last(['thank']), expected: 13 },
		{ name: 'a lone early solve', id: 'last', turns: last(['solve'], []), expected: 13 },
		{
			name: 'apologise, then listen',
			id: 'last',
			turns: last(['apologise'], ['listen'], ['solve'], ['thank']),
			expected: 75
		},
		{
			name: 'a restated complaint is listening again',
			id: 'last',
			turns: last(['listen'], ['apologise'], ['listen'], ['solve'], ['thank']),
			expected: 100
		},
		{ name: '3F in order', id: '3f', turns: threeF(['feel'], ['felt'], ['found']), expected: 100 },
		{ name: '3F found before feel', id: '3f', turns: threeF(['found'], ['feel'], ['felt']), expected: 50 },
		{ name: '3F without felt', id: '3f', turns: threeF(['feel'], ['found']), expected: 50 }
	])('$name scores $expected', ({ id, turns, expected }) => {
		expect(score(id, turns)).toBe(expected);
	});

	it('a lone early thank-you is shown as out of order', () => {
		const result = scoreRubric(rubric('last'), last(['thank']));
		expect(result.shown).toEqual([{ step: 'thank', turn: 1, inOrder: false }]);
		expect(say(result.explanation[0]!, 'en')).toBe(
			'Thank: shown in turn 1, but out of order — it belongs after Solve.'
		);
	});

	it('adding a brush-off to a good path never raises LAST', () => {
		const brushOff = (steps: string[]) => turn('passive-aggressive', steps);
		const good = last(['listen'], ['apologise'], ['solve']);
		const withBrushOff = (steps: string[]) =>
			scoreAttempt([rubric('style'), rubric('last')], [...good, brushOff(steps)]).scores[1]!.score;
		expect(withBrushOff([])).toBe(75);
		// Even a file that tags a sneer as a thank step gets no credit for it.
		expect(withBrushOff(['last.thank'])).toBe(75);
		const early = scoreAttempt([rubric('style'), rubric('last')], [brushOff(['last.thank']), ...good]);
		expect(early.scores[1]!.score).toBe(75);
		expect(score('last', [...last(['thank']), ...good, ...last(['thank'])])).toBeLessThan(
			score('last', [...good, ...last(['thank'])])
		);
	});

	it('the right steps in the wrong order score less than in order', () => {
		expect(score('last', last(['solve'], ['listen'], ['apologise'], ['thank']))).toBeLessThan(
			score('last', last(['listen'], ['apologise'], ['solve'], ['thank']))
		);
		expect(score('3f', threeF(['found'], ['feel'], ['felt']))).toBeLessThan(
			score('3f', threeF(['feel'], ['felt'], ['found']))
		);
	});

	it('a missing step scores less than the step taken in its place', () => {
		const without = score('last', last(['listen'], ['apologise'], ['solve']));
		expect(without).toBeLessThan(score('last', last(['listen'], ['apologise'], ['solve'], ['thank'])));
		// Taken too soon, a step is no credit: a thank-you before listening throws the rest out of order.
		expect(score('last', last(['thank'], ['listen'], ['apologise'], ['solve']))).toBeLessThan(without);
	});

	it('only the first time a step is shown counts', () => {
		expect(score('last', last(['thank'], ['listen'], ['apologise'], ['solve'], ['thank']))).toBe(50);
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
			{ step: 'apologise', turn: 3, inOrder: false }
		]);
		expect(result.missing).toEqual(['listen', 'thank']);
		const english = result.explanation.map((line) => say(line, 'en'));
		expect(english).toContain(
			'Solve: shown in turn 1, but out of order — it belongs after Apologise and before Thank.'
		);
		expect(english).toContain(
			'Apologise: shown in turn 3, but out of order — it belongs after Listen and before Solve.'
		);
		expect(result.explanation.map((line) => say(line, 'zh'))).toContain(
			'倾听：没有做到。第 2 轮可以这样说：“您详细说说。”'
		);
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
