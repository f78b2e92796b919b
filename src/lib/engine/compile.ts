// Compiles a validated scenario into an XState machine: one state per node, one final state per ending.
import { assign, setup, type SnapshotFrom, type TransitionConfigOrTarget } from 'xstate';
import { MOOD_MAX, MOOD_MIN } from './mood-range';
import { own } from './own';
import type { Choice, Scenario } from './schema';
import type { BestAlternative, Turn, TypedReply } from './transcript';

export type ScenarioEvent =
	| { type: 'choice.select'; choice: string }
	/**
	 * Classroom play: observers classify a reply spoken aloud. The machine moves as for the nearest written
	 * `choice`, but the turn carries the style and steps the observers saw.
	 */
	| { type: 'choice.observe'; choice: string; style: string; steps: string[] }
	/**
	 * A reply the trainee typed. The machine moves as for `choice` (the nearest written reply, or the one the
	 * trainee picked as closest); the turn is scored on the style and steps the classifier read in the text.
	 */
	| { type: 'choice.type'; choice: string; style: string; steps: string[]; typed: TypedReply }
	/** Go back to the decision of turn `turn` (0-based) and choose again. */
	| { type: 'attempt.rewind'; turn: number }
	| { type: 'attempt.restart' };

/** Everything the trainee did, in order, so an attempt can be replayed on newer content. */
export type LogEntry = ScenarioEvent;

export interface ScenarioContext {
	mood: number;
	transcript: Turn[];
	log: LogEntry[];
}

export const clampMood = (mood: number) => Math.max(MOOD_MIN, Math.min(MOOD_MAX, mood));

type TurnParams = { turn: Omit<Turn, 'moodBefore' | 'moodAfter'>; delta: number };

/** The model answer at a decision: the one marked best. */
export function bestChoice(scenario: Scenario, node: string): Choice | undefined {
	return own(scenario.nodes, node)?.choices.find((choice) => choice.best);
}

function toTurn(scenario: Scenario, node: string, choice: Choice): TurnParams['turn'] {
	const model = bestChoice(scenario, node);
	const best: BestAlternative | undefined =
		model && model.id !== choice.id
			? { choice: model.id, text: model.text, style: model.style, steps: model.steps }
			: undefined;
	return {
		node,
		choice: choice.id,
		text: choice.text,
		style: choice.style,
		steps: choice.steps,
		...(best ? { best } : {})
	};
}

function modelAnswer(scenario: Scenario, node: string): BestAlternative | undefined {
	const model = bestChoice(scenario, node);
	return model && { choice: model.id, text: model.text, style: model.style, steps: model.steps };
}

export function compileScenario(scenario: Scenario) {
	const initialContext = (): ScenarioContext => ({ mood: scenario.persona.mood, transcript: [], log: [] });

	const machineSetup = setup({
		types: {} as { context: ScenarioContext; events: ScenarioEvent },
		guards: {
			choiceReaches: ({ context, event }, params: { choice: string; delta: number; moodAtLeast?: number }) =>
				(event.type === 'choice.select' || event.type === 'choice.observe' || event.type === 'choice.type') &&
				event.choice === params.choice &&
				(params.moodAtLeast === undefined || clampMood(context.mood + params.delta) >= params.moodAtLeast),
			rewindsTo: ({ context, event }, params: { node: string }) =>
				event.type === 'attempt.rewind' && context.transcript[event.turn]?.node === params.node
		},
		actions: {
			recordTurn: assign(({ context, event }, params: TurnParams) => {
				const moodAfter = clampMood(context.mood + params.delta);
				const observed =
					event.type === 'choice.observe'
						? {
								style: event.style,
								steps: [...event.steps],
								text: {
									en: `Spoken reply, closest to: “${params.turn.text.en}”`,
									zh: `口头回应，最接近：“${params.turn.text.zh}”`
								}
							}
						: event.type === 'choice.type'
							? {
									style: event.style,
									steps: [...event.steps],
									text: { en: event.typed.text, zh: event.typed.text },
									typed: { ...event.typed, evidence: [...event.typed.evidence], nearest: params.turn.text },
									// Typed words are never the model answer itself, so it is always there to compare with.
									best: params.turn.best ?? modelAnswer(scenario, params.turn.node)
								}
							: {};
				return {
					mood: moodAfter,
					transcript: [
						...context.transcript,
						{ ...params.turn, ...observed, moodBefore: context.mood, moodAfter }
					],
					log: [...context.log, event]
				};
			}),
			rewind: assign(({ context, event }) => {
				if (event.type !== 'attempt.rewind') return {};
				return {
					mood: context.transcript[event.turn]?.moodBefore ?? context.mood,
					transcript: context.transcript.slice(0, event.turn),
					log: [...context.log, event]
				};
			}),
			restart: assign(({ context, event }) => ({ ...initialContext(), log: [...context.log, event] }))
		}
	});

	type Transition = TransitionConfigOrTarget<
		ScenarioContext,
		ScenarioEvent,
		ScenarioEvent,
		never,
		never,
		never,
		never,
		never,
		never
	>;

	const choiceTransitions = (node: string, choice: Choice) => {
		const params: TurnParams = { turn: toTurn(scenario, node, choice), delta: choice.mood };
		const branches = typeof choice.next === 'string' ? [{ to: choice.next, if: undefined }] : choice.next;
		return branches.map((branch) => ({
			guard: {
				type: 'choiceReaches',
				params: { choice: choice.id, delta: choice.mood, moodAtLeast: branch.if?.moodAtLeast }
			},
			target: branch.to,
			actions: { type: 'recordTurn', params }
		}));
	};

	// fromEntries defines own keys: an assignment like states[id] = … would set the prototype for "__proto__".
	const states: Record<string, object> = Object.fromEntries([
		...Object.entries(scenario.nodes).map(([id, node]) => {
			const transitions = node.choices.flatMap((choice) => choiceTransitions(id, choice));
			const on = { 'choice.select': transitions, 'choice.observe': transitions, 'choice.type': transitions };
			return [id, { on }];
		}),
		...Object.keys(scenario.endings).map((id) => [id, { type: 'final' }])
	]);

	return machineSetup.createMachine({
		id: scenario.id,
		context: initialContext,
		initial: scenario.start,
		on: {
			'attempt.restart': { target: `.${scenario.start}`, actions: 'restart', reenter: true },
			'attempt.rewind': Object.keys(scenario.nodes).map((node) => ({
				guard: { type: 'rewindsTo', params: { node } },
				target: `.${node}`,
				actions: 'rewind'
			})) as unknown as Transition
		},
		// Built from data; setup() has checked every guard and action name above.
		states: states as never
	});
}

export type ScenarioMachine = ReturnType<typeof compileScenario>;
export type ScenarioSnapshot = SnapshotFrom<ScenarioMachine>;

/** The node or ending the attempt stands at. */
export function currentNode(snapshot: ScenarioSnapshot): string {
	return typeof snapshot.value === 'string' ? snapshot.value : Object.keys(snapshot.value)[0]!;
}
