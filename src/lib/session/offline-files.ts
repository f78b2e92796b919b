// What an offline copy holds, shared by the service worker, the build step that lists the files
// (src/lib/build/offline-manifest.ts) and the "Make available offline" panel. Pure: no Svelte, no DOM.

/** Each build keeps its own cache, so a tab never mixes builds (src/service-worker.ts). */
export const CACHE_PREFIX = 'service-roleplay-';
export const cacheName = (version: string) => `${CACHE_PREFIX}${version}`;

/** Written by the build beside index.html: which files each case needs, and their sizes. */
export const MANIFEST_PATH = '/offline.json';

export type OfflineLang = 'en' | 'zh';

/** Paths are relative to the app's folder and start with '/': '/', '/zh/scenarios/rice-grit/play/__data.json'. */
export interface OfflineManifest {
	version: string;
	/** Bytes of every listed file as the build wrote it (what the cache will hold). */
	sizes: Record<string, number>;
	/** What any offline copy in a language needs: the app's own pages, their scripts and the typing cues. */
	shared: Record<OfflineLang, string[]>;
	scenarios: { id: string; case: string; files: Record<OfflineLang, string[]> }[];
}

export type OfflineScope = { kind: 'library' } | { kind: 'case'; id: string };

/** Every file an offline copy of `scope` needs, shared ones first, each once. */
export function filesFor(manifest: OfflineManifest, lang: OfflineLang, scope: OfflineScope): string[] {
	const scenarios = manifest.scenarios.filter((s) => scope.kind === 'library' || s.case === scope.id);
	return [...new Set([...manifest.shared[lang], ...scenarios.flatMap((s) => s.files[lang])])];
}

/** The bytes of `files` still to download, given the paths already cached. */
export function bytesToFetch(
	manifest: OfflineManifest,
	files: readonly string[],
	cached: ReadonlySet<string>
) {
	return files.filter((f) => !cached.has(f)).reduce((sum, f) => sum + (manifest.sizes[f] ?? 0), 0);
}

/** offline: every file is here. partly: some of its own pages are. online: none are. */
export type CopyStatus = 'offline' | 'partly' | 'online';

export function statusOf(
	manifest: OfflineManifest,
	lang: OfflineLang,
	scope: OfflineScope,
	cached: ReadonlySet<string>
): CopyStatus {
	const files = filesFor(manifest, lang, scope);
	if (files.every((f) => cached.has(f))) return 'offline';
	// The shared scripts are cached by any visit, so only the case's own pages say it is partly here.
	const shared = new Set(manifest.shared[lang]);
	return files.some((f) => !shared.has(f) && cached.has(f)) ? 'partly' : 'online';
}

/** The manifest paths among cache keys (absolute URLs) of an app served from `root` ('' or '/training'). */
export function cachedPaths(urls: readonly string[], root: string): Set<string> {
	const paths = urls.map((url) => new URL(url).pathname);
	return new Set(paths.filter((p) => p.startsWith(`${root}/`)).map((p) => p.slice(root.length)));
}

/** The hashed entry that imports every route lazily: following its references would fetch the whole app. */
export const isRouterEntry = (path: string) => /\/_app\/immutable\/entry\/app\.[^/]+\.js$/.test(path);

/**
 * The build's hashed files that a page or a script names: its modulepreloads, `import("./x.js")` and the
 * dependency lists Vite writes for lazy imports. Names carry a content hash, so a bare file name is enough;
 * `byName` maps each name of the build to its path.
 */
export function referencedAssets(text: string, byName: ReadonlyMap<string, string>): string[] {
	const found = new Set<string>();
	for (const match of text.matchAll(/[\w$-]+(?:\.[\w$-]+)?\.(?:js|css)\b/g)) {
		const path = byName.get(match[0]);
		if (path) found.add(path);
	}
	return [...found];
}

/** Maps the file name of each hashed path to the path ('B099oY-C.js' → '/_app/immutable/chunks/B099oY-C.js'). */
export function namesOf(paths: Iterable<string>): Map<string, string> {
	const map = new Map<string, string>();
	for (const path of paths) {
		if (!path.includes('/_app/immutable/')) continue;
		map.set(path.slice(path.lastIndexOf('/') + 1), path);
	}
	return map;
}

/** What the panel and the worker say to each other on the port the panel sends with `offline.save`. */
export type OfflineRequest = {
	type: 'offline.save';
	/** Paths as in the manifest, with their sizes for the progress bar. */
	files: { path: string; bytes: number }[];
	/** The build the panel runs: a worker of another build refuses, so no cache mixes builds. */
	version: string;
	/** What the trainee asked for, kept so that the next build's worker downloads it again on install. */
	scope: OfflineScope;
	lang: OfflineLang;
};

/** Where the worker keeps what the trainee made available offline; not a build's cache, so updates keep it. */
export const WANTED_CACHE = 'offline-wanted';
export const WANTED_KEY = '/offline-wanted.json';
export type Wanted = { scope: OfflineScope; lang: OfflineLang }[];

/** Adds a request to what is wanted; the whole library in a language covers its cases. */
export function want(wanted: Wanted, add: Wanted[number]): Wanted {
	const same = (w: Wanted[number]) =>
		w.lang === add.lang &&
		(add.scope.kind === 'library' || (w.scope.kind === 'case' && w.scope.id === add.scope.id));
	if (wanted.some((w) => w.lang === add.lang && w.scope.kind === 'library')) return wanted;
	return [...wanted.filter((w) => !same(w)), add];
}
export type OfflineReport =
	| { type: 'offline.progress'; doneBytes: number; totalBytes: number }
	| { type: 'offline.done'; failed: string[]; cancelled: boolean }
	/** The host or the worker serves another build than the panel's: the copy would mix builds. */
	| { type: 'offline.outdated' };
export type OfflineCancel = { type: 'offline.cancel' };
