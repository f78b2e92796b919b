// A new build of the app, offered once its service worker has installed and waits (src/service-worker.ts).
// "Update now" lets the turn being saved finish, then asks the waiting worker to take over and reloads into it,
// so no choice is lost and the tab never runs one build on another build's pages or data.
import { progress } from './progress.svelte';
import { UPDATE_CHECK_MS, type UpdateNews } from './app-update-watch';

export { UPDATE_CHECK_MS };

/**
 * current: nothing to offer. ready: a new build waits. elsewhere: another tab updated, and this one still
 * runs the build before. saving: "Update now" was pressed and waits for the saves. unsaved: a save failed, so
 * the reload waits until the step is stored (the storage banner offers a retry).
 */
export type UpdateState = 'current' | 'ready' | 'elsewhere' | 'saving' | 'unsaved';

export interface AppUpdateDeps {
	whenSaved: () => Promise<void>;
	/** Steps played but not stored: a reload now would lose them. */
	unsaved: () => number;
	reload: () => void;
}

/** What a tab and its service worker say to each other. */
export type WorkerMessage =
	| { type: 'skip-waiting' }
	/** This tab runs build `version`: the worker serves it pages and data from that build's cache. */
	| { type: 'build'; version: string }
	/** The worker asks which build the tab runs; the answer goes back on the port it sent. */
	| { type: 'which-build' }
	/** The scripts this tab loaded before the worker took control, which its install did not cache. */
	| { type: 'loaded'; paths: string[] };

export class AppUpdate {
	state = $state<UpdateState>('current');
	#deps: AppUpdateDeps;
	#registration: ServiceWorkerRegistration | undefined;
	#waiting: ServiceWorker | undefined;
	/** This tab asked the waiting worker to take over: its controllerchange is the cue to reload. */
	#requested = false;
	/** A newer worker serves this tab than the build it runs. */
	#behind = false;

	constructor(deps: Partial<AppUpdateDeps> = {}) {
		this.#deps = {
			whenSaved: () => progress.whenSaved(),
			unsaved: () => progress.unsaved,
			reload: () => location.reload(),
			...deps
		};
	}

	/** The worker serving this tab serves another build: each navigation must load the page afresh from it. */
	get behind(): boolean {
		return this.#behind;
	}

	/**
	 * Watches for a new build and answers the worker; returns what stops it. `build` is this tab's version;
	 * `news` is what UpdateWatch saw before this was loaded (a worker waiting is found again here, a takeover not).
	 */
	start(
		build: string,
		container: ServiceWorkerContainer | undefined = globalThis.navigator?.serviceWorker,
		news?: UpdateNews
	) {
		if (!container) return () => {};
		let controlled = container.controller !== null;
		let stopped = false;
		const timers: ReturnType<typeof setInterval>[] = [];
		const tell = () =>
			container.controller?.postMessage({ type: 'build', version: build } satisfies WorkerMessage);

		const onMessage = (event: MessageEvent) => {
			if ((event.data as WorkerMessage | null)?.type === 'which-build')
				event.ports[0]?.postMessage({ type: 'build', version: build } satisfies WorkerMessage);
		};
		const onControllerChange = () => {
			const was = controlled;
			controlled = true;
			tell();
			// The first visit's worker taking control is no update; another tab's "Update now" is.
			if (!was && !this.#requested) return;
			this.#behind = true;
			if (this.#requested) void this.#reloadWhenSaved();
			else this.state = 'elsewhere';
		};
		container.addEventListener('message', onMessage);
		container.addEventListener('controllerchange', onControllerChange);
		// Messages wait in a queue until this: the worker may already be asking which build this tab runs.
		container.startMessages();
		tell();
		if (news === 'taken-over') {
			this.#behind = true;
			this.state = 'elsewhere';
		}

		void container.ready.then((registration) => {
			if (stopped) return;
			this.#registration = registration;
			if (registration.waiting) this.#offer(registration.waiting, container);
			registration.addEventListener('updatefound', () => {
				const worker = registration.installing;
				worker?.addEventListener('statechange', () => {
					if (worker.state === 'installed') this.#offer(worker, container);
				});
			});
			timers.push(setInterval(() => void registration.update().catch(() => {}), UPDATE_CHECK_MS));
		});

		return () => {
			stopped = true;
			timers.forEach(clearInterval);
			container.removeEventListener('message', onMessage);
			container.removeEventListener('controllerchange', onControllerChange);
		};
	}

	#offer(worker: ServiceWorker, container: ServiceWorkerContainer) {
		// With no worker in control yet, this is the first install, not a new version.
		if (!container.controller) return;
		this.#waiting = worker;
		if (this.state === 'current') this.state = 'ready';
		worker.addEventListener('statechange', () => {
			// Replaced by a newer build before anyone pressed: that one is offered when it has installed.
			if (worker.state === 'redundant' && this.#waiting === worker && this.state === 'ready')
				this.state = 'current';
		});
	}

	/** "Update now": waits for the saves, then reloads into the new build (or, behind, simply reloads). */
	async apply() {
		if (this.state === 'saving') return;
		this.state = 'saving';
		await this.#deps.whenSaved();
		if (this.#deps.unsaved() > 0) {
			this.state = 'unsaved';
			return;
		}
		const waiting = this.#registration?.waiting ?? this.#waiting;
		if (this.#behind || !waiting) return this.#deps.reload();
		this.#requested = true;
		waiting.postMessage({ type: 'skip-waiting' } satisfies WorkerMessage);
	}

	async #reloadWhenSaved() {
		// A turn taken while the new worker took over is saved before the page goes.
		await this.#deps.whenSaved();
		if (this.#deps.unsaved() > 0) this.state = 'unsaved';
		else this.#deps.reload();
	}
}

export const appUpdate = new AppUpdate();
