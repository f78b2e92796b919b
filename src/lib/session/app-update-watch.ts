// What every page needs of app updates from its first moment, kept small: it tells the service worker which
// build this tab runs (and, when a first visit's worker takes control, which scripts the tab has loaded),
// answers when the worker asks, and notices a new build. Only then does the page load the
// prompt and AppUpdate (app-update.svelte.ts), which take over from here.
import type { WorkerMessage } from './app-update.svelte';

/** How often an open tab asks for a new build; the browser asks on each page load as well. */
export const UPDATE_CHECK_MS = 30 * 60_000;

/** waiting: a new build has installed and waits. taken-over: another tab's "Update now" replaced this tab's worker. */
export type UpdateNews = 'waiting' | 'taken-over';

/** The build's hashed files this tab has fetched so far, as paths ('/training/_app/immutable/…'). */
function loaded(): WorkerMessage {
	if (typeof location === 'undefined') return { type: 'loaded', paths: [] };
	const paths = performance
		.getEntriesByType('resource')
		.map((entry) => new URL(entry.name, location.href))
		.filter((url) => url.origin === location.origin && url.pathname.includes('/_app/immutable/'))
		.map((url) => url.pathname);
	return { type: 'loaded', paths: [...new Set(paths)] };
}

export class UpdateWatch {
	/** A newer worker serves this tab than the build it runs: each navigation must load the page afresh. */
	behind = false;

	/**
	 * Watches until the first news, which goes to `onNews` once; AppUpdate watches from there. Answers the worker
	 * and keeps `behind` up to date all along. Returns what stops it.
	 */
	start(
		build: string,
		onNews: (news: UpdateNews) => void,
		container: ServiceWorkerContainer | undefined = globalThis.navigator?.serviceWorker
	) {
		if (!container) return () => {};
		let controlled = container.controller !== null;
		let handedOff = false;
		let timer: ReturnType<typeof setInterval> | undefined;
		const say = { type: 'build', version: build } satisfies WorkerMessage;

		const onMessage = (event: MessageEvent) => {
			if ((event.data as WorkerMessage | null)?.type === 'which-build') event.ports[0]?.postMessage(say);
		};
		const news = (what: UpdateNews) => {
			if (handedOff) return;
			handedOff = true;
			// Answering goes on: should the prompt's code fail to load (offline), the worker must still know.
			clearInterval(timer);
			onNews(what);
		};
		const onControllerChange = () => {
			const was = controlled;
			controlled = true;
			container.controller?.postMessage(say);
			// The first visit's worker taking control is no update; it keeps what this tab has loaded till now.
			if (!was) return void container.controller?.postMessage(loaded());
			this.behind = true;
			news('taken-over');
		};
		container.addEventListener('message', onMessage);
		container.addEventListener('controllerchange', onControllerChange);
		// Messages wait in a queue until this: the worker may already be asking which build this tab runs.
		container.startMessages();
		container.controller?.postMessage(say);

		let stopped = false;
		void container.ready.then((registration) => {
			if (stopped || handedOff) return;
			// With no worker in control, an installed one is the first install, not a new build.
			const offer = (worker: ServiceWorker | null) => {
				if (worker && container.controller) news('waiting');
			};
			offer(registration.waiting);
			registration.addEventListener('updatefound', () => {
				const worker = registration.installing;
				worker?.addEventListener('statechange', () => {
					if (worker.state === 'installed') offer(worker);
				});
			});
			if (!handedOff) timer = setInterval(() => void registration.update().catch(() => {}), UPDATE_CHECK_MS);
		});

		return () => {
			stopped = true;
			clearInterval(timer);
			container.removeEventListener('message', onMessage);
			container.removeEventListener('controllerchange', onControllerChange);
		};
	}
}

export const updateWatch = new UpdateWatch();
