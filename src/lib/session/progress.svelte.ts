// The trainee's saved progress, shared by every page: opens the store once (Dexie loads lazily) and
// holds the active trainee and any storage problem the banner must show.
import type { Attempt, ProgressStore, Trainee } from '$lib/persistence';
import { readSummary, summarise, writeSummary, type ProgressSummary } from '$lib/persistence/summary';

export type StorageNotice = 'unavailable' | 'newer-version' | 'failed' | 'full' | 'reload' | 'conflict';

class Progress {
	store = $state.raw<ProgressStore>();
	/** From the summary until the store opens, then from the store. */
	trainee = $state.raw<Pick<Trainee, 'id' | 'name'>>();
	summary = $state.raw<ProgressSummary>();
	trainees = $state.raw<Trainee[]>([]);
	notice = $state<StorageNotice>();
	persistence = $state<'granted' | 'denied' | 'unsupported'>();
	#ready: Promise<ProgressStore> | undefined;

	/** Reads the cached summary: no IndexedDB, no Dexie. Safe to call again. */
	loadSummary() {
		if (this.summary || this.store) return;
		this.summary = readSummary();
		this.trainee ??= this.summary?.trainee;
	}

	/** Rewrites the summary from the store, after anything that changes the library's view. */
	async syncSummary() {
		const store = await this.ready();
		const attempts = this.trainee ? await store.attempts.listByTrainee(this.trainee.id) : [];
		const trainee = this.trainee && this.trainees.find((t) => t.id === this.trainee!.id);
		this.summary = summarise(trainee, attempts);
		writeSummary(this.summary);
	}

	/** Opens the store on first use; every caller shares the same promise. */
	ready(): Promise<ProgressStore> {
		this.#ready ??= this.#open();
		return this.#ready;
	}

	async #open() {
		const { openProgressStore } = await import('$lib/persistence');
		const store = await openProgressStore({ onVersionChange: () => (this.notice = 'reload') });
		this.store = store;
		if (store.problem) this.notice = store.problem.reason;
		this.#ready = Promise.resolve(store);
		await this.refresh();
		// A device with one profile and none chosen (as version 1 stored it) uses that one.
		if (!this.trainee && this.trainees.length === 1) await this.switchTo(this.trainees[0]!.id);
		return store;
	}

	/** Runs a write; a full disk becomes a notice instead of an exception, and nothing stored is lost. */
	async write<T>(work: (store: ProgressStore) => Promise<T>): Promise<T | undefined> {
		const store = await this.ready();
		try {
			return await work(store);
		} catch (error) {
			const name = (error as Error)?.name;
			if (name === 'StorageFullError' || name === 'AttemptConflictError') {
				this.notice = name === 'StorageFullError' ? 'full' : 'conflict';
				return undefined;
			}
			throw error;
		}
	}

	/**
	 * Re-reads the trainee list, after an import or a change in another place. Only a trainee's own choice
	 * makes a profile active: an instructor's import must not make its first trainee the one who plays next.
	 */
	async refresh() {
		const store = await this.ready();
		this.trainees = await store.trainees.list();
		const active = await store.settings.get('activeTrainee');
		this.trainee = this.trainees.find((t) => t.id === active);
		await this.syncSummary();
	}

	/** Removing the active profile makes the next one on the device active, if there is one. */
	async removeTrainee(id: string) {
		await this.write((store) => store.trainees.remove(id));
		if (this.trainee?.id !== id) return this.refresh();
		const next = this.trainees.find((t) => t.id !== id);
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
		const { requestPersistence } = await import('$lib/persistence');
		this.persistence = await requestPersistence();
		await this.write((s) => s.settings.set('persistAsked', true));
	}
}

export const progress = new Progress();
