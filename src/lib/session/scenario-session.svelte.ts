// One running attempt: owns the XState actor and exposes its state to components as runes.
import { createActor, type Actor } from 'xstate';
// From the modules themselves, not the engine's index: the index brings the content schema, and valibot with it.
import {
	compileScenario,
	currentNode,
	type LogEntry,
	type ScenarioEvent,
	type ScenarioMachine,
	type ScenarioSnapshot
} from '$lib/engine/compile';
import { conversationOf, type Message } from '$lib/engine/conversation';
import { newSeed, orderChoices } from '$lib/engine/order';
import { replay } from '$lib/engine/play';
import { scoreAttempt, type ScoreReport } from '$lib/engine/scoring';
import type { Rubric, Scenario } from '$lib/engine/schema';
import type { Transcript, TypedReply } from '$lib/engine/transcript';

export type Mode = 'practice' | 'assessment';

export interface SessionStart {
	/**
	 * A persisted snapshot from the same content version. One from an older version of the app is restored (with
	 * `log` put back when it was stored without it); this version's, which keeps neither log nor transcript (see
	 * `persisted`), means `log` is replayed.
	 */
	snapshot?: unknown;
	/** The choice log: replayed when the snapshot is missing or from older content. */
	log?: readonly LogEntry[];
	/** Orders the replies at each decision; a fresh one when left out. */
	seed?: number;
	/** What the attempt is scored on: the report at the ending uses them. */
	rubrics?: readonly Rubric[];
}

/** A report's score per rubric, as an attempt stores them. */
export const scoresOf = (report: ScoreReport): Record<string, number> =>
	Object.fromEntries(report.scores.map((s) => [s.rubric, s.score]));

export class ScenarioSession {
	readonly scenario: Scenario;
	readonly mode: Mode;
	/** Where a replayed log stopped fitting the current content, if it did. */
	readonly replayStoppedAt: number | undefined;
	/** Where the attempt's reply order comes from: stored with the attempt. */
	readonly seed: number;
	readonly rubrics: readonly Rubric[];
	#machine: ScenarioMachine;
	#actor: Actor<ScenarioMachine>;
	#snapshot: ScenarioSnapshot;
	#version = $state(0);
	#listeners: ((entry: LogEntry, snapshot: ScenarioSnapshot) => void)[] = [];
	/** The chat, built turn by turn rather than from the start on every choice. */
	#conversation: (transcript: Transcript, at: string) => Message[];

	constructor(scenario: Scenario, mode: Mode, start: SessionStart = {}) {
		this.scenario = scenario;
		this.mode = mode;
		this.seed = start.seed ?? newSeed();
		this.rubrics = start.rubrics ?? [];
		this.#machine = compileScenario(scenario);
		this.#conversation = conversationOf(scenario);
		let snapshot: unknown = restorable(start.snapshot, start.log);
		let stoppedAt: number | undefined;
		if (!snapshot && start.log?.length) {
			const replayed = replay(this.#machine, start.log);
			snapshot = this.#machine.getPersistedSnapshot(replayed.snapshot);
			stoppedAt = replayed.rejectedAt;
		}
		this.replayStoppedAt = stoppedAt;
		this.#actor = createActor(this.#machine, snapshot ? { snapshot: snapshot as ScenarioSnapshot } : {});
		this.#actor.start();
		this.#snapshot = this.#actor.getSnapshot();
	}

	/** Called after every event with the log entry and the new snapshot: the autosave hook. */
	onEntry(listener: (entry: LogEntry, snapshot: ScenarioSnapshot) => void): () => void {
		this.#listeners.push(listener);
		return () => {
			this.#listeners = this.#listeners.filter((l) => l !== listener);
		};
	}

	#send(event: ScenarioEvent) {
		const before = this.#snapshot;
		this.#actor.send(event);
		const after = this.#actor.getSnapshot();
		if (after === before || after.context === before.context) return;
		this.#snapshot = after;
		this.#version++;
		for (const listener of this.#listeners) listener(event, after);
	}

	get snapshot(): ScenarioSnapshot {
		void this.#version;
		return this.#snapshot;
	}
	get persisted(): unknown {
		void this.#version;
		const snapshot = this.#actor.getSnapshot();
		if (Object.keys(snapshot.children).length) return this.#actor.getPersistedSnapshot();
		// A scenario machine spawns no actors, so its context holds no actor refs for XState to swap out; yet XState
		// walks all of it, every turn of the transcript, at each save. So it is persisted without the context.
		const persisted = this.#machine.getPersistedSnapshot({
			...snapshot,
			context: {}
		} as unknown as ScenarioSnapshot);
		// Nor is the log or the transcript stored with it. The attempt row keeps the log beside the snapshot, and the
		// transcript is that log played, at two texts a turn the bulk of a long attempt: a save copies the row whole,
		// so carrying either made a save cost more at turn 300 than at turn 1. A resume replays the log. It is still
		// stored, small: it replaces a snapshot an older version left in the row, which would otherwise be restored.
		return { ...(persisted as object), context: { mood: snapshot.context.mood } };
	}
	get at(): string {
		return currentNode(this.snapshot);
	}
	get done(): boolean {
		return this.snapshot.status === 'done';
	}
	get decision() {
		return this.scenario.nodes[this.at];
	}
	/** The replies at this decision, in the order this attempt shows them. Keys 1–4 follow it. */
	get choices() {
		const decision = this.decision;
		return decision ? orderChoices(this.seed, this.at, decision.choices) : [];
	}
	get ending() {
		return this.scenario.endings[this.at];
	}
	get mood(): number {
		return this.snapshot.context.mood;
	}
	get transcript() {
		return this.snapshot.context.transcript;
	}
	get log() {
		return this.snapshot.context.log;
	}
	get messages() {
		return this.#conversation(this.transcript, this.at);
	}
	/** The scores at the ending, from the engine's scoring: the one place a played attempt is scored. */
	get report(): ScoreReport | undefined {
		return this.done ? scoreAttempt(this.rubrics, this.transcript) : undefined;
	}
	/** Which decision the trainee is at, counted from 1 (no total: that would give the branch away). */
	get decisionNumber(): number {
		return this.transcript.length + 1;
	}
	/** The turn whose feedback practice mode shows: always the latest, so a reload shows the same panel. */
	get lastTurn() {
		return this.transcript.at(-1);
	}

	select(choice: string) {
		this.#send({ type: 'choice.select', choice });
	}
	/** Classroom play: the observers' classification of a spoken reply, moving as the nearest written choice. */
	observe(choice: string, style: string, steps: string[]) {
		this.#send({ type: 'choice.observe', choice, style, steps });
	}
	/** A typed reply, moving as the written `choice` nearest to it (or the one the trainee picked as closest). */
	type(choice: string, read: { style: string; steps: string[]; typed: TypedReply }) {
		this.#send({ type: 'choice.type', choice, style: read.style, steps: [...read.steps], typed: read.typed });
	}
	rewind(turn: number) {
		if (this.mode === 'practice') this.#send({ type: 'attempt.rewind', turn });
	}

	destroy() {
		this.#actor.stop();
		this.#listeners = [];
	}
}

/**
 * A stored snapshot as it can be restored: as it is when it kept its log (older versions), given back the log
 * stored beside it when it kept only its transcript; undefined when it kept neither (this version), for the
 * log to be replayed.
 */
function restorable(snapshot: unknown, log: readonly LogEntry[] | undefined): unknown {
	if (!snapshot || typeof snapshot !== 'object') return snapshot;
	const { context } = snapshot as { context?: Record<string, unknown> };
	if (!context || 'log' in context) return snapshot;
	if (!('transcript' in context)) return undefined;
	return { ...snapshot, context: { ...context, log: [...(log ?? [])] } };
}
