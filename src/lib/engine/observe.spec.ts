import { initialTransition, transition } from 'xstate';
import { describe, expect, it } from 'vitest';
import { compileScenario, currentNode } from './compile';
import { nearestChoice, observable, unknownObservation, withNearestChoices } from './observe';
import type { LogEntry } from './compile';
import { fixture, rubric } from './test-helpers';

const scenario = fixture('tiny');
const choices = scenario.nodes.complaint!.choices;

describe('nearestChoice', () => {
	it.each([
		['assertive', ['last.listen', 'last.apologise'], 'hear-her-out'],
		['assertive', [], 'hear-her-out'],
		['passive', ['last.apologise'], 'so-sorry'],
		['passive', [], 'so-sorry'],
		['aggressive', [], 'scales-are-right'],
		['passive-aggressive', ['last.apologise'], 'so-sorry']
	])('%s with %j → %s', (style, steps, expected) => {
		expect(nearestChoice(choices, style, steps).id).toBe(expected);
	});
});

describe('choice.observe', () => {
	it('moves like the nearest choice but records what the observers saw', () => {
		const machine = compileScenario(scenario);
		let [snapshot] = initialTransition(machine);
		[snapshot] = transition(machine, snapshot, {
			type: 'choice.observe',
			choice: 'hear-her-out',
			style: 'passive',
			steps: ['last.listen']
		});
		expect(currentNode(snapshot)).toBe('fix');
		const [turn] = snapshot.context.transcript;
		expect(turn).toMatchObject({
			choice: 'hear-her-out',
			style: 'passive',
			steps: ['last.listen'],
			moodAfter: 0
		});
		expect(turn?.text.en).toContain('Spoken reply');
	});
});

describe('checking an observed reply read from a file', () => {
	const vocabulary = observable([rubric('style'), rubric('last')]);

	it("knows the rubrics' styles and steps, and nothing else", () => {
		expect(unknownObservation(vocabulary, { style: 'assertive', steps: ['last.listen', 'last.thank'] })).toBe(
			undefined
		);
		expect(unknownObservation(vocabulary, { style: 'charming', steps: [] })).toBe('charming');
		expect(unknownObservation(vocabulary, { style: 'passive', steps: ['last.listen', '3f.feel'] })).toBe(
			'3f.feel'
		);
	});

	it('moves each observed reply to the nearest choice at its decision, whatever choice it names', () => {
		const machine = compileScenario(scenario);
		const log: LogEntry[] = [
			{ type: 'choice.observe', choice: 'scales-are-right', style: 'assertive', steps: ['last.listen'] },
			{ type: 'choice.observe', choice: 'maybe-later', style: 'assertive', steps: ['last.solve'] }
		];
		expect(withNearestChoices(scenario, machine, log).map((e) => 'choice' in e && e.choice)).toEqual([
			'hear-her-out',
			'top-up'
		]);
		const plain: LogEntry[] = [{ type: 'choice.select', choice: 'so-sorry' }];
		expect(withNearestChoices(scenario, machine, plain)).toBe(plain);
	});
});
