import { initialTransition, transition } from 'xstate';
import { describe, expect, it } from 'vitest';
import { compileScenario, currentNode } from './compile';
import { nearestChoice } from './observe';
import { fixture } from './test-helpers';

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
