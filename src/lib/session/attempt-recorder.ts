// Saves a running attempt: one transaction per log entry, in order, the attempt created with the first.
import {
	currentNode,
	scoreAttempt,
	type LogEntry,
	type Rubric,
	type Scenario,
	type ScenarioSnapshot
} from '$lib/engine';
import { progress } from './progress.svelte';
import type { Mode, ScenarioSession } from './scenario-session.svelte';

export interface RecorderOptions {
	scenario: Scenario;
	rubrics: Rubric[];
	mode: Mode;
	/** The attempt to go on with, when resuming. */
	attemptId?: string;
	classroom?: boolean;
	/** Whose attempt it is; the active trainee when left out. */
	trainee?: () => Promise<{ id: string }>;
	onCreated?: (attemptId: string) => void;
	onFinished?: () => Promise<void>;
}

export class AttemptRecorder {
	attemptId: string | undefined;
	#options: RecorderOptions;
	// Writes go one after another, in the order the choices were made.
	#writes: Promise<unknown> = Promise.resolve();

	constructor(options: RecorderOptions) {
		this.#options = options;
		this.attemptId = options.attemptId;
	}

	/** Saves every entry the session makes from now on. */
	attach(session: ScenarioSession): () => void {
		return session.onEntry((entry, snapshot) => this.#save(session, entry, snapshot));
	}

	/** Resolves when every write so far has finished. */
	settled(): Promise<unknown> {
		return this.#writes;
	}

	#save(session: ScenarioSession, entry: LogEntry, snapshot: ScenarioSnapshot) {
		const { scenario, rubrics, mode, classroom } = this.#options;
		const done = snapshot.status === 'done';
		const scores = done
			? Object.fromEntries(
					scoreAttempt(rubrics, snapshot.context.transcript).scores.map((s) => [s.rubric, s.score])
				)
			: undefined;
		const persisted = session.persisted;
		const log = session.log;
		this.#writes = this.#writes.then(async () => {
			// Let the next line render first; the save follows in the next task, so it does not compete with the
			// line, yet is under way before a reload or a link could take the page away.
			await new Promise((resolve) => setTimeout(resolve, 0));
			return progress.write(async (store) => {
				const created = !this.attemptId;
				const update = {
					expectedLength: log.length - 1,
					snapshot: persisted,
					...(done ? { status: 'finished' as const, ending: currentNode(snapshot), scores } : {})
				};
				if (!this.attemptId) {
					const trainee = await (this.#options.trainee ?? (() => progress.ensureTrainee()))();
					// A fresh attempt is stored with every entry so far (one, or a replayed history), all at once.
					const attempt = await store.attempts.start(
						{
							traineeId: trainee.id,
							scenarioId: scenario.id,
							contentVersion: scenario.version,
							mode,
							seed: session.seed,
							...(classroom ? { classroom } : {})
						},
						{ entries: log, update }
					);
					this.attemptId = attempt.id;
					this.#options.onCreated?.(attempt.id);
				} else {
					await store.attempts.recordEntry(this.attemptId, entry, update);
				}
				if (done || created) await progress.syncSummary();
				if (done) await this.#options.onFinished?.();
			});
		});
	}
}
