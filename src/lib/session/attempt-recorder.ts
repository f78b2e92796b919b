// Saves a running attempt: one transaction per save, in order, the attempt created with the first. A save
// writes every entry the store does not have yet, so a failed save is made good by the next one (or by the
// banner's "Try again"), and the count of steps not saved is on the banner until then.
import { currentNode, type LogEntry, type ScenarioSnapshot } from '$lib/engine/compile';
import type { Rubric, Scenario } from '$lib/engine/schema';
import type { Attempt, EntryUpdate } from '$lib/persistence';
import type { OutboxStatements } from '$lib/persistence/outbox';
import { progress, retryable, writeProblem } from './progress.svelte';
import { scoresOf, type Mode, type ScenarioSession } from './scenario-session.svelte';

export interface RecorderOptions {
	scenario: Scenario;
	rubrics: Rubric[];
	mode: Mode;
	/** The attempt to go on with, when resuming. */
	attemptId?: string;
	/** An attempt on older content this one is replayed from: closed when this one is first saved. */
	replaces?: string;
	classroom?: boolean;
	/** Whose attempt it is; the active trainee when left out. */
	trainee?: () => Promise<{ id: string }>;
	onCreated?: (attemptId: string) => void;
	onFinished?: () => Promise<void>;
	/**
	 * For a trainee in a class with an LRS: builds the statements each save reports, which the store queues in
	 * the save's own transaction. Asked at every save; undefined while the LRS code is not loaded yet.
	 */
	outbox?: () => OutboxStatements | undefined;
	/** After each save, with the attempt as stored and the index of the first entry that save wrote. */
	onSaved?: (attempt: Attempt, from: number) => void;
}

/** The session as it stood after an entry: the log and the snapshot that goes with it. */
interface Played {
	log: readonly LogEntry[];
	persisted: unknown;
	seed: number;
	ending?: string;
	scores?: Record<string, number>;
}

const notSaved = (error: unknown) => ({ kind: 'not-saved' as const, reason: String(error) });

export class AttemptRecorder {
	attemptId: string | undefined;
	#options: RecorderOptions;
	/** How many of the session's log entries the store has. */
	#saved = 0;
	#latest: Played | undefined;
	/** Set when the store refused the attempt for good (finished or continued elsewhere, removed). */
	#refused = false;
	// Saves go one after another, in the order the choices were made; none waits on one that failed.
	#writes: Promise<void> = Promise.resolve();

	constructor(options: RecorderOptions) {
		this.#options = options;
		this.attemptId = options.attemptId;
	}

	/** Saves every entry the session makes from now on. */
	attach(session: ScenarioSession): () => void {
		// A resumed attempt is stored up to where the session starts; a new one has nothing stored yet.
		this.#saved = this.attemptId ? session.log.length : 0;
		return session.onEntry((_entry, snapshot) => this.#played(session, snapshot));
	}

	/** Resolves when every save so far has settled. */
	settled(): Promise<void> {
		return this.#writes;
	}

	/** Steps played that are not stored yet. */
	get unsaved(): number {
		return this.#latest && !this.#refused ? this.#latest.log.length - this.#saved : 0;
	}

	/** Tries again to store what is not stored yet. */
	retry(): Promise<void> {
		this.#queue();
		return this.#writes;
	}

	#played(session: ScenarioSession, snapshot: ScenarioSnapshot) {
		const done = snapshot.status === 'done';
		this.#latest = {
			log: session.log,
			persisted: session.persisted,
			seed: session.seed,
			...(done
				? {
						ending: currentNode(snapshot),
						// The session's own report: the debrief shows the same numbers.
						scores: scoresOf(session.report ?? { scores: [] })
					}
				: {})
		};
		this.#queue();
	}

	#queue() {
		const save = this.#writes.then(() => this.#save());
		// A save that throws (a bug, not a store refusal) is on the banner too, and the chain goes on.
		this.#writes = progress.track(
			save.catch((error: unknown) => progress.report(writeProblem(error) ?? notSaved(error)))
		);
	}

	/** Never rejects: a failure is on the banner, and the steps it left out go with the next save. */
	async #save() {
		// No wait for the next task: the transaction is opened in the click's own task, so a reload or a link that
		// follows at once cannot take the step with it. Opening it costs well under a millisecond of the paint.
		const played = this.#latest;
		if (!played || this.#refused || played.log.length <= this.#saved) return;
		const from = this.#saved;
		const entries = played.log.slice(from);
		const done = played.ending !== undefined;
		const created = !this.attemptId;
		const outbox = this.#options.outbox?.();
		const update: EntryUpdate = {
			...(outbox ? { outbox } : {}),
			snapshot: played.persisted,
			contentVersion: this.#options.scenario.version,
			...(done ? { status: 'finished' as const, ending: played.ending, scores: played.scores } : {})
		};
		const result = await progress.tryWrite(async (store) => {
			if (this.attemptId)
				return store.attempts.recordEntries(this.attemptId, entries, { ...update, expectedLength: from });
			const { scenario, mode, classroom, replaces } = this.#options;
			const trainee = await (this.#options.trainee ?? (() => progress.ensureTrainee()))();
			// A fresh attempt is stored with every entry so far (one, or a replayed history), all at once.
			return store.attempts.start(
				{
					traineeId: trainee.id,
					scenarioId: scenario.id,
					contentVersion: scenario.version,
					mode,
					seed: played.seed,
					...(classroom ? { classroom } : {}),
					...(replaces ? { replaces } : {})
				},
				{ entries, update }
			);
		});
		if (result.ok) {
			this.#saved = from + entries.length;
			if (done || created) progress.noteSaved(result.value);
			this.#options.onSaved?.(result.value, from);
			if (created) {
				this.attemptId = result.value.id;
				this.#options.onCreated?.(result.value.id);
			}
		} else if (!retryable(result.problem)) this.#refused = true;
		progress.setUnsaved(this, this.unsaved, () => this.retry());
		if (!result.ok) return;
		try {
			if (done || created) await progress.syncSummary();
			if (done) await this.#options.onFinished?.();
		} catch (error) {
			// Saved; only what follows it (the library's summary, the earlier attempts) could not be read.
			console.error(error);
		}
	}
}
