// "Make available offline": what this device holds of a case or the whole library, what is left to download,
// and the download itself, which the service worker does (it alone writes its build's cache) while this class
// shows the progress. The file lists and sizes come from offline.json, written by the build.
import {
	MANIFEST_PATH,
	bytesToFetch,
	cacheName,
	cachedPaths,
	filesFor,
	statusOf,
	type CopyStatus,
	type OfflineCancel,
	type OfflineLang,
	type OfflineManifest,
	type OfflineReport,
	type OfflineRequest,
	type OfflineScope
} from './offline-files';

export type { CopyStatus };

export type CopyOutcome =
	| { kind: 'saved'; scope: OfflineScope }
	| { kind: 'failed'; scope: OfflineScope; count: number }
	| { kind: 'cancelled'; scope: OfflineScope }
	/** The tab runs another build than the worker or the host: a copy now would mix two builds. */
	| { kind: 'outdated' };

/** unsupported: no service worker here (a private window, an old browser). unavailable: offline.json did not load. */
export type CopyProblem = 'unsupported' | 'unavailable';

/** How long the worker may say nothing before the download is taken to have stopped. */
const STALL_MS = 60_000;

export interface OfflineCopyDeps {
	/** The app's folder as the browser sees it, without the trailing slash ('' or '/training'). */
	root: string;
	version: string;
	fetch: typeof fetch;
	caches: CacheStorage | undefined;
	container: ServiceWorkerContainer | undefined;
}

export interface CopyJob {
	scope: OfflineScope;
	doneBytes: number;
	totalBytes: number;
}

export class OfflineCopy {
	manifest = $state.raw<OfflineManifest | undefined>();
	/** Paths (as in the manifest) this build's cache holds. */
	cached = $state.raw<ReadonlySet<string>>(cachedPaths([], ''));
	job = $state<CopyJob | undefined>();
	outcome = $state.raw<CopyOutcome | undefined>();
	problem = $state<CopyProblem | undefined>();
	loading = $state(false);
	#deps: OfflineCopyDeps;
	#port: MessagePort | undefined;
	#cancelled: (() => void) | undefined;

	constructor(deps: OfflineCopyDeps) {
		this.#deps = deps;
	}

	/** Reads the manifest and what is cached; the panel calls it when it opens, so a first visit loads none. */
	async load() {
		if (this.loading) return;
		const { container, caches, root } = this.#deps;
		if (!container || !caches) {
			this.problem = 'unsupported';
			return;
		}
		this.loading = true;
		this.problem = undefined;
		try {
			const response = await this.#deps.fetch(`${root}${MANIFEST_PATH}`);
			if (!response.ok) throw new Error(`HTTP ${response.status}`);
			const manifest = (await response.json()) as OfflineManifest;
			this.manifest = manifest;
			if (manifest.version !== this.#deps.version) this.outcome = { kind: 'outdated' };
			await this.refresh();
		} catch {
			this.problem = 'unavailable';
		} finally {
			this.loading = false;
		}
	}

	/** Reads again which files this build's cache holds (pages visited since are in it too). */
	async refresh() {
		const { caches, root, version } = this.#deps;
		if (!caches || !(await caches.has(cacheName(version)))) {
			this.cached = cachedPaths([], root);
			return;
		}
		const cache = await caches.open(cacheName(version));
		this.cached = cachedPaths(
			(await cache.keys()).map((request) => request.url),
			root
		);
	}

	files(scope: OfflineScope, lang: OfflineLang): string[] {
		return this.manifest ? filesFor(this.manifest, lang, scope) : [];
	}

	/** Bytes still to download for `scope`. */
	remaining(scope: OfflineScope, lang: OfflineLang): number {
		return this.manifest ? bytesToFetch(this.manifest, this.files(scope, lang), this.cached) : 0;
	}

	status(scope: OfflineScope, lang: OfflineLang): CopyStatus {
		return this.manifest ? statusOf(this.manifest, lang, scope, this.cached) : 'online';
	}

	/** Asks the service worker to download what `scope` still lacks, and follows its progress. */
	async save(scope: OfflineScope, lang: OfflineLang) {
		const { container, version } = this.#deps;
		const manifest = this.manifest;
		if (!manifest || !container || this.job) return;
		if (manifest.version !== version) {
			this.outcome = { kind: 'outdated' };
			return;
		}
		const files = this.files(scope, lang)
			.filter((path) => !this.cached.has(path))
			.map((path) => ({ path, bytes: manifest.sizes[path] ?? 0 }));
		const totalBytes = files.reduce((sum, f) => sum + f.bytes, 0);
		this.outcome = undefined;
		this.job = { scope, doneBytes: 0, totalBytes };
		const worker = container.controller ?? (await container.ready).active;
		if (!worker) {
			this.job = undefined;
			this.problem = 'unsupported';
			return;
		}
		const channel = new MessageChannel();
		this.#port = channel.port1;
		let stall: ReturnType<typeof setTimeout> | undefined;
		const finished = new Promise<'done' | 'cancelled' | 'outdated'>((resolve) => {
			// Cancel answers at once; the worker stops its requests on its own.
			this.#cancelled = () => resolve('cancelled');
			// A worker the browser stopped mid-way says nothing more: the files that did not arrive fail.
			const watch = () => {
				clearTimeout(stall);
				stall = setTimeout(() => resolve('done'), STALL_MS);
			};
			watch();
			channel.port1.onmessage = (event) => {
				watch();
				const report = event.data as OfflineReport;
				if (report.type === 'offline.progress' && this.job)
					this.job = { ...this.job, doneBytes: report.doneBytes };
				else if (report.type === 'offline.outdated') resolve('outdated');
				else if (report.type === 'offline.done') resolve(report.cancelled ? 'cancelled' : 'done');
			};
		});
		worker.postMessage({ type: 'offline.save', files, version, scope, lang } satisfies OfflineRequest, [
			channel.port2
		]);
		const end = await finished;
		clearTimeout(stall);
		channel.port1.close();
		this.#port = undefined;
		this.#cancelled = undefined;
		await this.refresh();
		// What the cache holds now is the truth, whatever the worker said.
		const count = files.filter((f) => !this.cached.has(f.path)).length;
		this.job = undefined;
		this.outcome =
			end === 'outdated'
				? { kind: 'outdated' }
				: end === 'cancelled'
					? { kind: 'cancelled', scope }
					: count > 0
						? { kind: 'failed', scope, count }
						: { kind: 'saved', scope };
	}

	/** Stops the download; what arrived stays cached. */
	cancel() {
		this.#port?.postMessage({ type: 'offline.cancel' } satisfies OfflineCancel);
		this.#cancelled?.();
	}
}
