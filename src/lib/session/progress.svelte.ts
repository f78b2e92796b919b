// The trainee's saved progress, shared by every page: opens the store once (Dexie loads lazily) and
// holds the active trainee and any storage problem the banner must show.
import type { Attempt, ProgressStore, Trainee } from '$lib/persistence';

export type StorageNotice = 'unavailable' | 'newer-version' | 'failed' | 'full' | 'reload' | 'conflict';

class Progress {
	store = $state.raw<ProgressStore>();
	trainee = $state.raw<Trainee>();
	trainees = $state.raw<Trainee[]>([]);
	notice = $state<StorageNotice>();
	persistence = $state<'granted' | 'denied' | 'unsupported'>();
	#ready: Promise<ProgressStore> | undefined;

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

	/** Re-reads the trainee list, after an import or a change in another place. */
	async refresh() {
		const store = await this.ready();
		this.trainees = await store.trainees.list();
		const active = await store.settings.get('activeTrainee');
		this.trainee = this.trainees.find((t) => t.id === active) ?? this.trainees[0];
	}

	async removeTrainee(id: string) {
		await this.write((store) => store.trainees.remove(id));
		if (this.trainee?.id === id) await this.write((store) => store.settings.set('activeTrainee', undefined));
		await this.refresh();
	}

	async createTrainee(name: string) {
		const trainee = await this.write((store) => store.trainees.create(name));
		if (trainee) await this.switchTo(trainee.id);
		return trainee;
	}

	async renameTrainee(id: string, name: string) {
		const renamed = await this.write((store) => store.trainees.rename(id, name));
		if (!renamed) return;
		this.trainees = this.trainees.map((t) => (t.id === id ? renamed : t));
		if (this.trainee?.id === id) this.trainee = renamed;
	}

	async switchTo(id: string) {
		const store = await this.ready();
		await this.write((s) => s.settings.set('activeTrainee', id));
		this.trainees = await store.trainees.list();
		this.trainee = this.trainees.find((t) => t.id === id);
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
