// The play screen's orchestration: loads the engine, resumes a saved attempt, keeps a choice made early,
// writes the attempt into the URL and saves every step. PlayScreen only renders what this holds.
import { conversation, openingAnswers, type Message } from '$lib/engine/conversation';
import type { LogEntry } from '$lib/engine/compile';
import type { Rubric, Scenario } from '$lib/engine/schema';
import { newSeed, orderChoices, seedFromId } from '$lib/engine/order';
import { progress } from './progress.svelte';
import { afterNextPaint, ChoiceGate, type Press } from './choice-gate.svelte';
import type { Mode, ScenarioSession } from './scenario-session.svelte';
import { TypedTurn, type ReadReply } from './typed-reply.svelte';
import { keyedChoice } from './choice-keys';
import { lmsLaunch, type LaunchProblem, type LmsLaunch, type LmsLink } from './lms/link';
import { outboxFor, queueForClass } from './lrs/hook';

export interface EarlierAttempt {
	id: string;
	finishedAt: number;
	scores: Record<string, number>;
}

export interface PlayOptions {
	scenario: Scenario;
	rubrics: Rubric[];
	/** The page's URL as it stands now. */
	url: () => URL;
	/** Puts the attempt in the URL without a navigation, so a reload lands on it again. */
	replaceUrl: (url: URL) => void;
	/** The seed the prerendered opening was ordered by, if the early script ordered it. */
	openingSeed?: number;
	/** The language a typed reply is read in. */
	locale: () => 'en' | 'zh';
}

// Scoring and XState come with these, just after the page: kept out of its critical path.
type Engine = {
	Session: typeof import('./scenario-session.svelte').ScenarioSession;
	Recorder: typeof import('./attempt-recorder').AttemptRecorder;
};
let engine: Promise<Engine> | undefined;
export const loadEngine = () =>
	(engine ??= Promise.all([import('./scenario-session.svelte'), import('./attempt-recorder')]).then(
		([a, b]) => ({ Session: a.ScenarioSession, Recorder: b.AttemptRecorder })
	));

export class PlayController {
	mode = $state<Mode>('practice');
	session = $state<ScenarioSession>();
	phase = $state<'loading' | 'name' | 'play' | 'lms-error'>('play');
	/** The LMS that launched this page (cmi5 or SCORM), if one did; its runtime is loaded only then. */
	lms = $state.raw<LmsLink>();
	/** Why the LMS launch could not start: the page says so, and nothing is stored. */
	lmsProblem = $state.raw<LaunchProblem>();
	/** Until the page runs, its prerendered replies are the early script's. */
	hydrated = $state(false);
	/** A choice made before the engine is there; the replies wait with it. */
	queued = $state<string>();
	resumed = $state(false);
	replayStoppedAt = $state<number>();
	earlier = $state<EarlierAttempt[]>([]);
	readonly gate = new ChoiceGate();
	readonly typing = new TypedTurn();
	readonly scenario: Scenario;
	readonly rubrics: Rubric[];
	#options: PlayOptions;
	#engine: Engine | undefined;
	#attemptId: string | undefined;
	// A saved attempt on older content that could not be replayed in full: its copy closes it when first saved.
	#replaces: string | undefined;
	#detach: (() => void) | undefined;

	constructor(options: PlayOptions) {
		this.#options = options;
		this.scenario = options.scenario;
		this.rubrics = options.rubrics;
	}

	#opening: Message[] | undefined;
	get messages() {
		if (this.session) return this.session.messages;
		this.#opening ??= conversation(this.scenario, [], this.scenario.start);
		return this.#opening;
	}
	#answers: ReturnType<typeof openingAnswers> | undefined;
	/** Until the engine is there: the answer to each first reply, for app.html's script to show on an early click. */
	get earlyAnswers() {
		if (this.session) return undefined;
		return (this.#answers ??= openingAnswers(this.scenario));
	}
	get decision() {
		return this.session ? this.session.decision : this.scenario.nodes[this.scenario.start];
	}
	/** The replies in this attempt's order; before the engine, the opening in the early script's order. */
	get choices() {
		if (this.session) return this.session.choices;
		const opening = this.scenario.nodes[this.scenario.start]!.choices;
		const seed = this.#options.openingSeed;
		return seed === undefined ? opening : orderChoices(seed, this.scenario.start, opening);
	}
	get decisionNumber() {
		return this.session?.decisionNumber ?? 1;
	}
	get report() {
		return this.session?.report;
	}
	get lastFeedback() {
		const turn = this.session?.lastTurn;
		return turn && this.scenario.nodes[turn.node]?.choices.find((c) => c.id === turn.choice)?.feedback;
	}
	get rewinds() {
		return this.session?.log.filter((e) => e.type === 'attempt.rewind').length ?? 0;
	}

	/** Takes a reply; false when it was not taken (locked, or waiting for the engine). */
	select(id: string, press: Press = {}): boolean {
		if (!this.gate.take(press)) return false;
		// After a typed reply the classifier was unsure of: the pick says which written reply it was closest to.
		if (this.typing.phase === 'confirm' && this.typing.read && this.session) {
			this.#moveTyped(id, this.typing.read, true);
			return true;
		}
		if (!this.session) {
			this.queued ??= id;
			// The choice is saved as soon as the engine is here: the store opens meanwhile, not after.
			void progress.ready();
			return false;
		}
		this.session.select(id);
		this.#unlockAfterPaint();
		return true;
	}

	/** Keys 1–4 (choice-keys.ts): the reply a key press picks, if any is to be picked now. */
	keydown(event: KeyboardEvent): boolean {
		if (!this.hydrated || this.phase !== 'play' || this.session?.done) return false;
		// While the trainee types, the written replies are hidden and keys 1–4 are theirs to type.
		if (this.typing.phase === 'typing' || this.typing.phase === 'checking') return false;
		const choice = this.choices[keyedChoice(event)];
		if (!choice) return false;
		event.preventDefault();
		return this.select(choice.id, { repeat: event.repeat });
	}

	async sendTyped(text: string): Promise<boolean> {
		const decision = this.decision;
		if (!this.session || !decision) return false;
		// The authored order, so a tie between equally near replies never depends on this attempt's shuffle.
		const read = await this.typing.submit(text, this.#options.locale(), this.rubrics, decision.choices);
		if (!read || !this.gate.take({})) return false;
		this.#moveTyped(read.nearest.id, read, false);
		return true;
	}

	rewind(turn: number) {
		this.session?.rewind(turn);
	}

	#moveTyped(choice: string, read: ReadReply, picked: boolean) {
		this.typing.close();
		this.session!.type(choice, { ...read, typed: picked ? { ...read.typed, picked } : read.typed });
		this.#unlockAfterPaint();
	}
	#unlockAfterPaint() {
		// The replies stay locked until the customer's answer is on screen.
		void afterNextPaint().then(() => this.gate.release());
	}

	/** Once the page runs: the URL's mode, a saved attempt or a missing name are taken into account. */
	async begin(early?: string) {
		this.hydrated = true;
		const url = this.#options.url();
		const launched = lmsLaunch(url, globalThis.window, this.scenario, this.rubrics);
		if (launched) return this.#beginLms(launched, early);
		const requested = url.searchParams.get('attempt');
		if (early && !requested) this.queued = early;
		this.mode = url.searchParams.get('mode') === 'assessment' ? 'assessment' : 'practice';
		progress.loadSummary();
		// A saved attempt replaces the opening shown so far: nothing can be chosen until it is back.
		if (requested) this.phase = 'loading';
		this.#engine = await loadEngine();
		if (!requested) {
			// The store opens now, after the engine so as not to slow it: a choice made early has been answered
			// already (app.html's script), and is saved once the store is open.
			void progress.ready();
			this.#start({ seed: this.#options.openingSeed ?? newSeed() });
			this.phase = progress.trainee ? 'play' : 'name';
			// Without a name yet, a choice made early waits for it, so the attempt is saved under that name.
			if (this.phase === 'play') this.#playQueued();
			return;
		}
		await progress.ready();
		if (!progress.trainee) {
			this.phase = 'name';
			return;
		}
		const saved = await progress.store!.attempts.get(requested);
		if (
			saved &&
			saved.scenarioId === this.scenario.id &&
			saved.traineeId === progress.trainee.id &&
			saved.status === 'in-progress'
		) {
			this.mode = saved.mode;
			this.#attemptId = saved.id;
			const sameContent = saved.contentVersion === this.scenario.version && saved.snapshot;
			const seed = saved.seed ?? seedFromId(saved.id);
			this.#start(
				sameContent ? { snapshot: saved.snapshot, log: saved.log, seed } : { log: saved.log, seed }
			);
			this.resumed = true;
			this.replayStoppedAt = this.session!.replayStoppedAt;
			if (this.replayStoppedAt !== undefined) {
				// Keep the old attempt readable; what is played from here on goes into one copy, which closes the
				// old one as it is first saved, so resuming it again makes no more copies.
				this.#replaces = saved.id;
				this.#attemptId = undefined;
				this.#record();
			}
		} else {
			this.#start({ seed: newSeed() });
		}
		this.phase = 'play';
	}

	/** Under an LMS: its learner, its mode, its saved attempt; the attempt is saved on this device as well. */
	async #beginLms(launched: Promise<LmsLaunch>, early?: string) {
		this.phase = 'loading';
		const [launch, engine] = await Promise.all([launched, loadEngine()]);
		this.#engine = engine;
		if (!launch.ok) {
			this.lmsProblem = launch.problem;
			this.phase = 'lms-error';
			return;
		}
		const link = launch.link;
		this.lms = link;
		if (link.mode === 'review') {
			// The last attempt as it ended, read-only: no recorder, nothing sent but initialized and terminated.
			this.mode = link.attempt?.mode ?? 'assessment';
			const { seed, log } = link.attempt ?? { seed: newSeed(), log: [] };
			this.session = new engine.Session(this.scenario, this.mode, { seed, log, rubrics: this.rubrics });
			this.phase = 'play';
			return;
		}
		this.mode = link.mode;
		await progress.ready();
		if (link.learner) await this.#traineeNamed(link.learner);
		const resume = link.attempt;
		this.#start(
			resume ? { log: resume.log, seed: resume.seed } : { seed: this.#options.openingSeed ?? newSeed() }
		);
		this.resumed = !!resume;
		// A reply picked on the prerendered opening only fits a fresh attempt.
		if (early && !resume) this.queued = early;
		this.phase = progress.trainee ? 'play' : 'name';
		if (this.phase === 'play') this.#playQueued();
	}

	/** The LMS's learner is the active trainee: the profile of that name on this device, or a new one. */
	async #traineeNamed(name: string) {
		await progress.refresh();
		const known = progress.trainees.find((t) => t.name === name);
		if (!known) await progress.createTrainee(name);
		else if (progress.trainee?.id !== known.id) await progress.switchTo(known.id);
	}

	/** "Return to course": the LMS session ends; the URL to go to, if the LMS gave one. */
	async leaveLms(): Promise<string | undefined> {
		await this.lms?.leave();
		return this.lms?.returnUrl;
	}

	async saveName(name: string) {
		await progress.createTrainee(name);
		this.phase = 'play';
		this.#playQueued();
	}

	/** "Try again": a fresh attempt at the same scenario, out of the URL's attempt. */
	retry() {
		this.#attemptId = undefined;
		this.#replaces = undefined;
		this.resumed = false;
		this.replayStoppedAt = undefined;
		// A copy handed to replaceState, never read back: nothing reacts to it.
		// eslint-disable-next-line svelte/prefer-svelte-reactivity
		const url = new URL(this.#options.url());
		url.searchParams.delete('attempt');
		this.#options.replaceUrl(url);
		this.#start({ seed: newSeed() });
	}

	destroy() {
		void this.lms?.leave();
		this.#detach?.();
		this.session?.destroy();
	}

	#playQueued() {
		if (this.queued && this.session) {
			this.session.select(this.queued);
			this.#unlockAfterPaint();
		}
		this.queued = undefined;
	}

	#start(from: { snapshot?: unknown; log?: readonly LogEntry[]; seed: number }) {
		this.session?.destroy();
		const session = new this.#engine!.Session(this.scenario, this.mode, { ...from, rubrics: this.rubrics });
		this.session = session;
		const link = this.lms;
		if (link) session.onEntry((entry) => link.step(session, entry));
		this.#record();
	}

	/** Saves the session's entries from now on, into the attempt so far or a new one. */
	#record() {
		this.#detach?.();
		const recorder = new this.#engine!.Recorder({
			scenario: this.scenario,
			rubrics: this.rubrics,
			mode: this.mode,
			attemptId: this.#attemptId,
			replaces: this.#replaces,
			onCreated: (id) => {
				this.#attemptId = id;
				// Under an LMS the launch URL stays as it was: only the LMS relaunches an attempt.
				if (this.lms) return;
				// eslint-disable-next-line svelte/prefer-svelte-reactivity
				const url = new URL(this.#options.url());
				url.searchParams.set('mode', this.mode);
				url.searchParams.set('attempt', id);
				this.#options.replaceUrl(url);
			},
			// Statements for the class's LRS, if the trainee joined one: nothing is loaded otherwise.
			outbox: () => outboxFor(this),
			onSaved: (attempt, from) => queueForClass(attempt, from, this),
			onFinished: async () => {
				await this.#loadEarlier();
				await progress.askToPersist();
			}
		});
		this.#detach = recorder.attach(this.session!);
	}

	async #loadEarlier() {
		const store = await progress.ready();
		const trainee = progress.trainee;
		const all = trainee ? await store.attempts.listByScenario(trainee.id, this.scenario.id) : [];
		this.earlier = all
			.filter((a) => a.status === 'finished' && a.id !== this.#attemptId && a.scores)
			.map((a) => ({ id: a.id, finishedAt: a.finishedAt ?? a.updatedAt, scores: { ...a.scores! } }));
	}
}
