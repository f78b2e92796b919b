import { createActor, initialTransition, transition } from 'xstate';
import { describe, expect, it } from 'vitest';
import { compileScenario, currentNode, type ScenarioEvent } from './compile';
import { bestPath, firstPicks, replay } from './play';
import { fixture } from './test-helpers';

const scenario = fixture('tiny');
const machine = compileScenario(scenario);
const select = (choice: string): ScenarioEvent => ({ type: 'choice.select', choice });

function play(...events: ScenarioEvent[]) {
	let [snapshot] = initialTransition(machine);
	for (const event of events) [snapshot] = transition(machine, snapshot, event);
	return snapshot;
}

describe('compileScenario', () => {
	it('starts at the start node with the persona’s mood and an empty transcript', () => {
		const snapshot = play();
		expect(currentNode(snapshot)).toBe('complaint');
		expect(snapshot.context).toEqual({ mood: -1, transcript: [], log: [] });
	});

	it('records each choice as a turn with its label, steps and mood change', () => {
		const snapshot = play(select('hear-her-out'));
		expect(currentNode(snapshot)).toBe('fix');
		expect(snapshot.context.mood).toBe(0);
		expect(snapshot.context.transcript).toEqual([
			{
				node: 'complaint',
				choice: 'hear-her-out',
				text: scenario.nodes.complaint!.choices[0]!.text,
				style: 'assertive',
				steps: ['last.listen', 'last.apologise'],
				moodBefore: -1,
				moodAfter: 0
			}
		]);
	});

	it('keeps the model answer on a turn that missed it', () => {
		const [turn] = play(select('scales-are-right')).context.transcript;
		expect(turn?.best).toEqual({
			choice: 'hear-her-out',
			text: scenario.nodes.complaint!.choices[0]!.text,
			style: 'assertive',
			steps: ['last.listen', 'last.apologise']
		});
	});

	it('branches on mood: the first branch whose condition holds wins', () => {
		// -1 +1 +2 = 2: loyal.
		expect(currentNode(play(select('hear-her-out'), select('top-up')))).toBe('loyal');
		const calmerStart = compileScenario({ ...scenario, persona: { ...scenario.persona, mood: -2 } });
		let [snapshot] = initialTransition(calmerStart);
		[snapshot] = transition(calmerStart, snapshot, select('hear-her-out'));
		[snapshot] = transition(calmerStart, snapshot, select('top-up'));
		expect(currentNode(snapshot)).toBe('satisfied');
	});

	it('ends in a final state at an ending', () => {
		const snapshot = play(select('scales-are-right'));
		expect(currentNode(snapshot)).toBe('walked-out');
		expect(snapshot.status).toBe('done');
	});

	it('ignores a choice that is not offered at the current node', () => {
		const before = play();
		const [after] = transition(machine, before, select('top-up'));
		expect(currentNode(after)).toBe('complaint');
		expect(after.context.transcript).toEqual([]);
	});

	it('clamps mood to the scale', () => {
		const grumpy = compileScenario({ ...scenario, persona: { ...scenario.persona, mood: -3 } });
		let [snapshot] = initialTransition(grumpy);
		[snapshot] = transition(grumpy, snapshot, select('scales-are-right'));
		expect(snapshot.context.mood).toBe(-3);
	});

	it('rewinds to an earlier decision, restoring its mood, and logs the rewind', () => {
		const snapshot = play(select('hear-her-out'), { type: 'attempt.rewind', turn: 0 });
		expect(currentNode(snapshot)).toBe('complaint');
		expect(snapshot.context.mood).toBe(-1);
		expect(snapshot.context.transcript).toEqual([]);
		expect(snapshot.context.log).toEqual([select('hear-her-out'), { type: 'attempt.rewind', turn: 0 }]);
	});

	it('ignores a rewind to a turn that was never taken', () => {
		const before = play(select('hear-her-out'));
		const [after] = transition(machine, before, { type: 'attempt.rewind', turn: 5 });
		expect(after.context).toEqual(before.context);
	});

	it('restarts from the beginning', () => {
		const snapshot = play(select('hear-her-out'), { type: 'attempt.restart' });
		expect(currentNode(snapshot)).toBe('complaint');
		expect(snapshot.context.transcript).toEqual([]);
		expect(snapshot.context.mood).toBe(-1);
	});

	it('restores a persisted snapshot to the same state', () => {
		const actor = createActor(machine).start();
		actor.send(select('hear-her-out'));
		const persisted = JSON.parse(JSON.stringify(actor.getPersistedSnapshot()));
		actor.stop();
		const restored = createActor(machine, { snapshot: persisted }).start();
		expect(currentNode(restored.getSnapshot())).toBe('fix');
		expect(restored.getSnapshot().context).toEqual(persisted.context);
		restored.send(select('top-up'));
		expect(restored.getSnapshot().status).toBe('done');
		restored.stop();
	});
});

describe('replay and bestPath', () => {
	it('replays a log to the same snapshot as live play', () => {
		const live = play(select('hear-her-out'), { type: 'attempt.rewind', turn: 0 }, select('hear-her-out'));
		const replayed = replay(machine, live.context.log);
		expect(replayed.rejectedAt).toBeUndefined();
		expect(replayed.snapshot.value).toEqual(live.value);
		expect(replayed.snapshot.context).toEqual(live.context);
	});

	it('says where a log no longer fits the scenario', () => {
		const result = replay(machine, [select('hear-her-out'), select('gone-choice')]);
		expect(result.rejectedAt).toBe(1);
		expect(currentNode(result.snapshot)).toBe('fix');
	});

	it('follows the choices marked best to an ending', () => {
		const end = bestPath(scenario, machine);
		expect(end && currentNode(end)).toBe('loyal');
		expect(end?.context.transcript.map((turn) => turn.choice)).toEqual(['hear-her-out', 'top-up']);
	});
});

describe('firstPicks', () => {
	it('keeps the first pick at a decision that a rewind took back', () => {
		const machine = compileScenario(fixture('tiny'));
		const log: ScenarioEvent[] = [
			{ type: 'choice.select', choice: 'so-sorry' },
			{ type: 'attempt.rewind', turn: 0 },
			{ type: 'choice.select', choice: 'hear-her-out' },
			{ type: 'choice.select', choice: 'top-up' }
		];
		expect(firstPicks(machine, log)).toEqual([
			{ node: 'complaint', choice: 'so-sorry' },
			{ node: 'fix', choice: 'top-up' }
		]);
		expect(replay(machine, log).snapshot.context.transcript.map((t) => t.choice)).toEqual([
			'hear-her-out',
			'top-up'
		]);
	});
});
