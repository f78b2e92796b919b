// The written choice nearest to a classified typed reply: style first, then shared steps, ties by authored order.
import { describe, expect, it } from 'vitest';
import { fixture, rubric } from '../test-helpers';
import { nearestChoice } from './nearest';

const rubrics = [rubric('style'), rubric('last')];
const choices = fixture('tiny').nodes.complaint!.choices; // hear-her-out (assertive, listen+apologise), so-sorry (passive, apologise), scales-are-right (aggressive)
const tagged = (id: string, style: string, steps: string[] = []) => ({ id, style, steps });

describe('nearestChoice', () => {
	it.each([
		['assertive', ['last.listen', 'last.apologise'], 'hear-her-out'],
		['assertive', ['last.listen'], 'hear-her-out'],
		['passive', ['last.apologise'], 'so-sorry'],
		['passive', [], 'so-sorry'],
		['aggressive', [], 'scales-are-right'],
		// No passive-aggressive choice: the aggressive one is nearest, as contempt voids steps in both.
		['passive-aggressive', [], 'scales-are-right']
	])('%s with %j → %s', (style, steps, expected) => {
		expect(nearestChoice({ style, steps }, choices, rubrics).id).toBe(expected);
	});

	it('prefers the choice sharing more steps when the style is the same', () => {
		const options = [
			tagged('a', 'assertive', ['last.solve']),
			tagged('b', 'assertive', ['last.listen', 'last.apologise'])
		];
		expect(nearestChoice({ style: 'assertive', steps: ['last.apologise'] }, options, rubrics).id).toBe('b');
	});

	it('breaks ties by authored order', () => {
		const options = [
			tagged('first', 'passive', ['last.listen']),
			tagged('second', 'passive', ['last.solve'])
		];
		expect(nearestChoice({ style: 'passive', steps: [] }, options, rubrics).id).toBe('first');
		expect(nearestChoice({ style: 'passive', steps: [] }, [...options].reverse(), rubrics).id).toBe('second');
	});

	it('ignores steps of rubrics that do not apply', () => {
		const options = [tagged('a', 'assertive', ['3f.feel']), tagged('b', 'assertive', ['last.listen'])];
		expect(
			nearestChoice({ style: 'assertive', steps: ['3f.feel', 'last.listen'] }, options, rubrics).id
		).toBe('b');
	});

	it('counts no steps for a style that voids them, whatever the choice is tagged with', () => {
		const options = [tagged('a', 'aggressive', ['last.listen']), tagged('b', 'aggressive')];
		expect(nearestChoice({ style: 'aggressive', steps: [] }, options, rubrics).id).toBe('a');
	});
});
