// A typed reply moves the story like a written choice but is scored on what the classifier read in it.
import { initialTransition, transition } from 'xstate';
import { describe, expect, it } from 'vitest';
import { compileScenario, currentNode, type ScenarioEvent } from './compile';
import { scoreAttempt } from './scoring';
import { fixture, rubric } from './test-helpers';

const scenario = fixture('tiny');

const typed = (choice: string, style: string, steps: string[], text = 'Tell me what happened, please.') =>
	({
		type: 'choice.type',
		choice,
		style,
		steps,
		typed: {
			text,
			lang: 'en',
			evidence: [{ label: 'last.listen', text: 'Tell me what happened', start: 0, end: 21 }],
			confidence: 0.9
		}
	}) satisfies ScenarioEvent;

describe('choice.type', () => {
	it('moves as its written choice and keeps the typed words, the evidence and the nearest reply', () => {
		const machine = compileScenario(scenario);
		let [snapshot] = initialTransition(machine);
		const model = scenario.nodes.complaint!.choices.find((c) => c.best)!;
		[snapshot] = transition(machine, snapshot, typed(model.id, 'assertive', ['last.listen']));
		expect(currentNode(snapshot)).toBe('fix');
		const [turn] = snapshot.context.transcript;
		expect(turn).toMatchObject({
			choice: model.id,
			style: 'assertive',
			steps: ['last.listen'],
			text: { en: 'Tell me what happened, please.', zh: 'Tell me what happened, please.' },
			typed: { confidence: 0.9, nearest: model.text }
		});
		// The model answer is there to compare with even when the typed reply moved as it.
		expect(turn!.best?.choice).toBe(model.id);
		expect(snapshot.context.log).toHaveLength(1);
	});

	it('is scored on the classified labels, not on the written choice it moved as', () => {
		const machine = compileScenario(scenario);
		let [snapshot] = initialTransition(machine);
		const model = scenario.nodes.complaint!.choices.find((c) => c.best)!;
		[snapshot] = transition(machine, snapshot, typed(model.id, 'aggressive', ['last.listen']));
		const report = scoreAttempt([rubric('style'), rubric('last')], snapshot.context.transcript);
		const style = report.scores.find((s) => s.rubric === 'style')!;
		const last = report.scores.find((s) => s.rubric === 'last')!;
		expect(style.score).toBe(0);
		// A step said aggressively does not count, whatever the classifier listed.
		expect(last.score).toBe(0);
	});

	it('takes no typed reply for a choice the decision does not have', () => {
		const machine = compileScenario(scenario);
		const [start] = initialTransition(machine);
		const [after] = transition(machine, start, typed('no-such-choice', 'assertive', []));
		expect(after.context).toBe(start.context);
	});
});
