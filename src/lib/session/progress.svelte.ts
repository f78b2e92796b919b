// The trainee's saved progress, shared by every page: opens the store once (Dexie loads lazily) and
// holds the active trainee and any storage problem the banner must show.
import type { Attempt, ProgressStore, Trainee } from '$lib/persistence';
import { readSummary, summarise, writeSummary, type ProgressSummary } from '$lib/persistence/summary';

export type StorageNotice =
	// The store itself: it could not be opened, or another tab closed it.
	| 'unavailable'
	| 'newer-version'
	| 'failed'
	| 'reload'
	// A write it refused or could not do.
	| WriteProblem['kind'];

/** Why a write was not saved, with what the banner needs to offer a way on. */
export type WriteProblem =
	| { kind: 'full' }
	| { kind: 'conflict' }
	| { kind: 'finished'; attemptId: string }
	| { kind: 'removed'; what: 'trainee' | 'attempt' | 'class' }
	| { kind: 'not-saved'; reason: string };

export type WriteResult<T> = { ok: true; value: T } | { ok: false; problem: WriteProblem; error: unknown };

/**
 * What a store error means for the trainee. By name, not instanceof: the persistence chunk loads lazily and
 * Dexie wraps errors. A RangeError is the caller's own input (a name too long) and is theirs to show.
 */
export function writeProblem(error: unknown): WriteProblem | undefined {
	const e = error as { name?: unknown; message?: unknown; attemptId?: unknown; what?: unknown };
	switch (e?.name) {
		case 'RangeError':
			return undefined;
		case 'StorageFullError':
			return { kind: 'full' };
		case 'AttemptConflictError':
			return { kind: 'conflict' };
		case 'AttemptFinishedError':
			return { kind: 'finished', attemptId: String(e.attemptId) };
		case 'MissingRecordError':
			return {
				kind: 'removed',
				what: e.what === 'class' ? 'class' : e.what === 'attempt' ? 'attempt' : 'trainee'
			};
		default:
			return { kind: 'not-saved', reason: typeof e?.message === 'string' ? e.message : String(error) };
	}
}

/** Problems a later try can get past: the others need the trainee to reload or open another attempt. */
export const retryable = (problem: WriteProblem) => problem.kind === 'full' || problem.kind === 'not-saved';

/** A recorder's steps not stored yet, and how to try them again. */
interface Unsaved {
	owner: object;
	count: number;
	retry: () => Promise<void>;
}

/** A trainee the instructor's import brought in: the instructor's record, not a profile to play as. */
export const isInstructorRecord = (t: Pick<Trainee, 'source'>) => t.source === 'import';

export class Progress {
	store = $state.raw<ProgressStore>();
	/** From the summary until the store opens, then from the store. */
	trainee = $state.raw<Pick<Trainee, 'id' | 'name'>>();
	summary = $state.raw<ProgressSummary>();
	trainees = $state.raw<Trainee[]>([]);
	/**
	 * The trainee profiles of this device: every trainee but the instructor's records (the ones the instructor's
	 * import brought in), which only the instructor area shows. Nobody switches to those or reads their History.
	 */
	profiles = $derived(this.trainees.filter((t) => !isInstructorRecord(t)));
	notice = $state<StorageNotice>();
	/** The details of a write notice: which attempt, what was removed, what the browser said. */
	problem = $state.raw<WriteProblem>();
	/** Steps played in this tab that are not stored yet, over every attempt recorder. */
	unsaved = $state(0);
	persistence = $state<'granted' | 'denied' | 'unsupported'>();
	#ready: Promise<ProgressStore> | undefined;
	// Writes under way, for whenSaved: each removes itself once settled. Plain arrays: nothing renders them.
	#pending: Promise<unknown>[] = [];
	#unsaved: Unsaved[] = [];

	/** Reads the cached summary: no IndexedDB, no Dexie. Safe to call again. */
	loadSummary() {
		if (this.summary || this.store) return;
		this.summary = readSummary();
		this.trainee ??= this.summary?.trainee;
	}

	/** Rewrites the summary from the store, after anything that changes the library's view. */
	async syncSummary() {
		const store = await this.ready();
		// The trainee as stored now: one removed in another tab is not summarised as if still here.
		const trainee = this.trainee && (await store.trainees.get(this.trainee.id));
		const attempts = trainee ? await store.attempts.listByTrainee(trainee.id) : [];
		this.summary = summarise(trainee, attempts);
		// Another tab reads this before its own store opens: this tab's memory is not there for it to find.
		if (store.persistent) writeSummary(this.summary);
	}

	/**
	 * An attempt the store has just committed: the summary learns of it at once, before
	 * syncSummary's reads. A trainee who leaves the moment the ending shows (a typed address, a reload) would
	 * otherwise find the library as it was before the attempt, since the library reads only the summary.
	 */
	noteSaved(attempt: Attempt) {
		const trainee = this.trainee;
		if (!this.store?.persistent || !trainee || attempt.traineeId !== trainee.id) return;
		const known = this.summary?.trainee?.id === trainee.id ? this.summary.attempts : [];
		this.summary = {
			trainee: { id: trainee.id, name: trainee.name },
			attempts: [...summarise(undefined, [attempt]).attempts, ...known.filter((a) => a.id !== attempt.id)]
		};
		writeSummary(this.summary);
	}

	/** Opens the store on first use; every caller shares the same promise. */
	ready(): Promise<ProgressStore> {
		this.#ready ??= this.#open();
		return this.#ready;
	}

	async #open() {
		const { openProgressStore } = await import('$lib/persistence/open');
		const store = await openProgressStore({ onVersionChange: () => (this.notice = 'reload') });
		this.store = store;
		if (store.problem) this.notice = store.problem.reason;
		this.#ready = Promise.resolve(store);
		await this.refresh();
		// A device with one profile and none chosen (as version 1 stored it) uses that one.
		if (!this.trainee && this.profiles.length === 1) await this.switchTo(this.profiles[0]!.id);
		return store;
	}

	/** Counts a write in `whenSaved` until it settles, and hands it back. */
	track<T>(work: Promise<T>): Promise<T> {
		this.#pending.push(work);
		const settled = () => {
			this.#pending = this.#pending.filter((p) => p !== work);
		};
		work.then(settled, settled);
		return work;
	}

	/** Resolves once every write started so far (through `write()` and every attempt recorder) has settled. */
	async whenSaved(): Promise<void> {
		await Promise.allSettled(this.#pending);
	}

	/**
	 * Runs a write. What the store refuses or cannot do (a full disk, another tab's change) becomes a notice
	 * and `undefined`; nothing stored is lost. An unexpected failure is shown too, then thrown for the caller.
	 */
	async write<T>(work: (store: ProgressStore) => Promise<T>): Promise<T | undefined> {
		const result = await this.tryWrite(work);
		if (result.ok) return result.value;
		if (result.problem.kind === 'not-saved') throw result.error;
		return undefined;
	}

	/** Runs a write and says how it went; every failure but a caller's bad input is on the banner. */
	tryWrite<T>(work: (store: ProgressStore) => Promise<T>): Promise<WriteResult<T>> {
		return this.track(this.#tryWrite(work));
	}

	async #tryWrite<T>(work: (store: ProgressStore) => Promise<T>): Promise<WriteResult<T>> {
		try {
			return { ok: true, value: await work(await this.ready()) };
		} catch (error) {
			let problem = writeProblem(error);
			if (!problem) throw error;
			// An attempt gone with the whole profile: say so, so the trainee knows to choose a profile again.
			if (problem.kind === 'removed' && problem.what === 'attempt' && !(await this.#traineeStored()))
				problem = { kind: 'removed', what: 'trainee' };
			this.report(problem);
			return { ok: false, problem, error };
		}
	}

	async #traineeStored() {
		if (!this.trainee) return true;
		const store = await this.ready();
		return Boolean(await store.trainees.get(this.trainee.id).catch(() => true));
	}

	/** Puts a write problem on the banner, unless the store has closed: then reloading is all there is to say. */
	report(problem: WriteProblem) {
		if (this.notice === 'reload' || this.notice === 'newer-version') return;
		this.notice = problem.kind;
		this.problem = problem;
	}

	/**
	 * A recorder's count of steps not stored yet, with its way to try again. When the last of them is stored,
	 * a full-disk or failed-save notice has nothing left to say and goes.
	 */
	setUnsaved(owner: object, count: number, retry: () => Promise<void>) {
		this.#unsaved = this.#unsaved.filter((u) => u.owner !== owner);
		if (count > 0) this.#unsaved.push({ owner, count, retry });
		const before = this.unsaved;
		this.unsaved = this.#unsaved.reduce((sum, u) => sum + u.count, 0);
		if (before > 0 && this.unsaved === 0 && (this.notice === 'full' || this.notice === 'not-saved')) {
			this.notice = undefined;
			this.problem = undefined;
		}
	}

	/** Tries every unsaved step again: the banner's button, once the trainee has freed some space. */
	async retrySaves() {
		await Promise.allSettled(this.#unsaved.map((u) => u.retry()));
	}

	/**
	 * Re-reads the trainee list, after an import or a change in another place. Only a trainee's own choice
	 * makes a profile active: an instructor's import must not make its first trainee the one who plays next.
	 */
	async refresh() {
		const store = await this.ready();
		this.trainees = await store.trainees.list();
		const active = await store.settings.get('activeTrainee');
		this.trainee = this.trainees.find((t) => t.id === active && !isInstructorRecord(t));
		await this.syncSummary();
	}

	/** Removing the active profile makes the next one on the device active, if there is one. */
	async removeTrainee(id: string) {
		// An instructor's record goes only from the roster, behind the passcode.
		if (this.trainees.some((t) => t.id === id && isInstructorRecord(t))) return;
		await this.write((store) => store.trainees.remove(id));
		if (this.trainee?.id !== id) return this.refresh();
		const next = this.profiles.find((t) => t.id !== id);
		if (next) return this.switchTo(next.id);
		await this.write((store) => store.settings.set('activeTrainee', undefined));
		await this.refresh();
	}

	async createTrainee(name: string) {
		const trainee = await this.write((store) => store.trainees.create(name));
		if (trainee) await this.switchTo(trainee.id);
		return trainee;
	}

	/** The active trainee as stored; if the summary named one the store has lost, it is created again. */
	async ensureTrainee(): Promise<Pick<Trainee, 'id' | 'name'>> {
		const store = await this.ready();
		const known = this.trainee && (await store.trainees.get(this.trainee.id));
		if (known) return known;
		const name = this.trainee?.name ?? 'Trainee';
		const created = await store.trainees.create(name);
		await this.switchTo(created.id);
		return created;
	}

	async renameTrainee(id: string, name: string) {
		const renamed = await this.write((store) => store.trainees.rename(id, name));
		if (!renamed) return;
		this.trainees = this.trainees.map((t) => (t.id === id ? renamed : t));
		if (this.trainee?.id === id) this.trainee = renamed;
		await this.syncSummary();
	}

	async switchTo(id: string) {
		const store = await this.ready();
		const target = await store.trainees.get(id);
		if (target && isInstructorRecord(target)) return;
		await this.write((s) => s.settings.set('activeTrainee', id));
		this.trainees = await store.trainees.list();
		this.trainee = this.trainees.find((t) => t.id === id);
		await this.syncSummary();
	}

	async attemptsOfTrainee(): Promise<Attempt[]> {
		const store = await this.ready();
		return this.trainee ? store.attempts.listByTrainee(this.trainee.id) : [];
	}

	/** Asked once, after the first finished attempt: the answer is shown to the trainee. */
	async askToPersist() {
		const store = await this.ready();
		if (!store.persistent || (await store.settings.get('persistAsked'))) return;
		const { requestPersistence } = await import('$lib/persistence/open');
		this.persistence = await requestPersistence();
		await this.write((s) => s.settings.set('persistAsked', true));
	}
}

export const progress = new Progress();
