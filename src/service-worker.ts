/// <reference types="@sveltejs/kit" />
/// <reference no-default-lib="true"/>
/// <reference lib="esnext" />
/// <reference lib="webworker" />
// Offline without downloading the site. On install the worker caches only the shell: the home page of the
// language the trainee opened (and the page itself), with the scripts those pages name, not the chunks they
// could load later. Once in control, the tab names the scripts it did load (mostly from the HTTP cache), and
// every chunk fetched after that is kept as it arrives. Everything else is cached as it is visited, or when the
// trainee presses "Make available offline" (src/lib/session/offline-copy.svelte.ts).
//
// A tab never mixes builds. A worker answers from its own build's cache first, online too (cache first: a
// build's files never change, and a page fetched from the network could be a newer build than the scripts
// running it). What it fetches goes into that cache only when the host still serves this build (asked of
// _app/version.json after the response), one request at a time, so a failed or foreign response never spoils
// it. A new build installs beside the old one and waits (no skipWaiting on install); the app offers "Update now"
// (src/lib/session/app-update.svelte.ts), which waits for the turn being saved, then posts 'skip-waiting' and
// reloads once this worker controls the tab. Other tabs still run the old build after that: their pages, data
// and lazily loaded chunks come from the old build's cache, kept until no tab runs it.
import { base, build, version } from '$service-worker';
import type { WorkerMessage } from '$lib/session/app-update.svelte';
import {
	CACHE_PREFIX,
	MANIFEST_PATH,
	WANTED_CACHE,
	WANTED_KEY,
	cacheName,
	filesFor,
	isRouterEntry,
	namesOf,
	referencedAssets,
	want,
	type OfflineCancel,
	type OfflineManifest,
	type OfflineReport,
	type OfflineRequest,
	type Wanted
} from '$lib/session/offline-files';

const sw = self as unknown as ServiceWorkerGlobalScope;
const CACHE = cacheName(version);
/** Hashed build output: a name is one file forever, so the cache answers first and any build's copy will do. */
const assets = new Set(build);
const assetNames = namesOf(build);
const IMMUTABLE = `${base}/_app/immutable/`;
/** What SvelteKit's `updated` fetches to learn whether a newer build is out. */
const VERSION_FILE = `${base}/_app/version.json`;
/** How long a tab has to say which build it runs before it is taken to run this one. */
const ASK_MS = 1000;
/** Downloads at once for an offline copy: enough to fill the line, few enough to leave room for the tab. */
const PARALLEL = 4;
/** How long one file may take before it counts as failed (a phone on a bad line still gets most through). */
const FILE_MS = 60_000;

/** Which build each tab runs (client id → version), as the tabs say; asked again after the worker restarts. */
const builds = new Map<string, string>();

/** The language home of a path inside the app: the shell a navigation falls back to. */
function homeOf(path: string): string {
	const inside = path.slice(base.length);
	return inside === '/zh' || inside.startsWith('/zh/') ? `${base}/zh/` : `${base}/`;
}

/** The cache key of a page or file: its path, a page always as its folder ('/x/index.html' → '/x/'). */
const keyOf = (path: string) => path.replace(/\/index\.html$/, '/');

sw.addEventListener('install', (event) => {
	event.waitUntil(cacheShell().then(restoreCopies));
});

/** Downloads again, for this build, the cases the trainee made available offline on the build before. */
async function restoreCopies() {
	const wanted = await readWanted();
	if (wanted.length === 0) return;
	const response = await fetch(`${base}${MANIFEST_PATH}`, { cache: 'no-cache' }).catch(() => undefined);
	const manifest = response?.ok ? ((await response.json()) as OfflineManifest) : undefined;
	if (manifest?.version !== version) return;
	const cache = await caches.open(CACHE);
	const files = [...new Set(wanted.flatMap((w) => filesFor(manifest, w.lang, w.scope)))];
	for (let i = 0; i < files.length; i += PARALLEL)
		await Promise.allSettled(files.slice(i, i + PARALLEL).map((f) => remember(cache, `${base}${f}`)));
}

async function readWanted(): Promise<Wanted> {
	const hit = await (await caches.open(WANTED_CACHE)).match(WANTED_KEY);
	return hit ? ((await hit.json()) as Wanted) : [];
}

/**
 * The home page of each open tab's language and the page itself, with their scripts; each request on its own.
 * The tab's page is asked for at the address the tab loaded, query and all: the copy in the HTTP cache is then
 * that very response, and the host answers "not modified" instead of sending the page again.
 */
async function cacheShell() {
	const tabs = await sw.clients.matchAll({ type: 'window', includeUncontrolled: true });
	const scope = new URL(sw.registration.scope).pathname;
	/** Page path → the address to fetch it from. */
	const pages = new Map<string, string>();
	for (const tab of tabs) {
		const url = new URL(tab.url);
		if (url.origin !== sw.location.origin || !url.pathname.startsWith(scope)) continue;
		const home = homeOf(url.pathname);
		if (!pages.has(home)) pages.set(home, home);
		if (url.pathname.endsWith('/')) pages.set(url.pathname, url.pathname + url.search);
	}
	if (pages.size === 0) pages.set(`${base}/`, `${base}/`);
	const cache = await caches.open(CACHE);
	await Promise.allSettled(
		[...pages].map(([page, from]) => remember(cache, page, { withAssets: 'named', from }))
	);
}

/** The scripts a tab loaded before this worker controlled it, as it says: from the HTTP cache, as a rule. */
async function keepLoaded(paths: unknown) {
	if (!Array.isArray(paths)) return;
	const cache = await caches.open(CACHE);
	const mine = paths.filter((p): p is string => typeof p === 'string' && assets.has(p));
	for (let i = 0; i < mine.length; i += PARALLEL)
		await Promise.allSettled(mine.slice(i, i + PARALLEL).map((path) => remember(cache, path)));
}

sw.addEventListener('activate', (event) => {
	event.waitUntil(sw.clients.claim().then(forgetOldBuilds));
});

sw.addEventListener('message', (event) => {
	const message = event.data as WorkerMessage | OfflineRequest | null;
	if (message?.type === 'skip-waiting') {
		event.waitUntil(sw.skipWaiting());
	} else if (message?.type === 'build' && typeof message.version === 'string' && event.source) {
		builds.set((event.source as Client).id, message.version);
		event.waitUntil(forgetOldBuilds());
	} else if (message?.type === 'loaded') {
		event.waitUntil(keepLoaded(message.paths));
	} else if (message?.type === 'offline.save' && event.ports[0]) {
		event.waitUntil(saveCopy(message, event.ports[0]));
	}
});

/** Asks a tab which build it runs; undefined when it does not answer (not started yet, or an older app). */
async function askBuild(client: Client): Promise<string | undefined> {
	const channel = new MessageChannel();
	const answer = new Promise<string | undefined>((resolve) => {
		channel.port1.onmessage = (event) => {
			const reply = event.data as WorkerMessage | null;
			resolve(reply?.type === 'build' ? reply.version : undefined);
		};
		setTimeout(() => resolve(undefined), ASK_MS);
	});
	client.postMessage({ type: 'which-build' } satisfies WorkerMessage, [channel.port2]);
	const found = await answer;
	channel.port1.close();
	if (found) builds.set(client.id, found);
	return found;
}

/** The build a tab runs: as it said, or as it answers now. */
async function buildOf(clientId: string): Promise<string> {
	const known = builds.get(clientId);
	if (known) return known;
	const client = clientId ? await sw.clients.get(clientId) : undefined;
	return (client && (await askBuild(client))) ?? version;
}

/** Deletes the caches of other builds once every open tab runs this one; a tab that does not say keeps them. */
async function forgetOldBuilds() {
	const tabs = await sw.clients.matchAll({ type: 'window', includeUncontrolled: true });
	const running = await Promise.all(tabs.map((tab) => builds.get(tab.id) ?? askBuild(tab)));
	const keep = new Set(running.map((build) => cacheName(build ?? 'unknown')));
	if (keep.has(cacheName('unknown'))) return;
	for (const key of await caches.keys())
		if (key.startsWith(CACHE_PREFIX) && key !== CACHE && !keep.has(key)) await caches.delete(key);
}

/**
 * Whether the host serves this build, asked after a response arrived (`since`): a release before the response
 * shows here, so a file of another build is never cached as this one's. Responses that arrived before a check
 * started share it.
 */
let lastCheck: { at: number; current: Promise<boolean> } | undefined;
function hostServesThisBuild(since: number): Promise<boolean> {
	if (!lastCheck || lastCheck.at < since) {
		const current = fetch(VERSION_FILE, { cache: 'no-store' })
			.then((r) => (r.ok ? (r.json() as Promise<{ version?: string }>) : {}))
			.then((found) => found.version === version)
			.catch(() => false);
		lastCheck = { at: performance.now(), current };
	}
	return lastCheck.current;
}

type RememberOptions = {
	withAssets?: boolean | 'named';
	signal?: AbortSignal;
	/** Where to fetch it from when not its own path (a page at the address a tab loaded it); cached as `path`. */
	from?: string;
};

/**
 * Fetches one file of this build and caches it, unless it is cached already. With `withAssets`, also the hashed
 * scripts a page names: 'named' those alone (the first visit's shell), true also what those load later, but not
 * every route the router could load. A failed request caches nothing and leaves what is there. Returns whether
 * the file is now cached.
 */
async function remember(
	cache: Cache,
	path: string,
	options: RememberOptions & { response?: Response } = {}
): Promise<boolean> {
	const key = keyOf(path);
	if (!options.response) {
		const cached = await cache.match(key);
		if (cached) {
			// Kept already (the tab's own scripts are, shallow): a visit still follows what it loads later once,
			// such as play's ending and typing box, so that a visited page works offline in full.
			if (options.withAssets === true && /\.js$/.test(key) && !followed.has(key)) {
				followed.add(key);
				await follow(cache, key, await cached.text(), options);
			}
			return true;
		}
	}
	let response = options.response;
	if (!response) {
		// 'no-cache' asks the host (a copy in the HTTP cache is reused only when the host says it is current).
		const mode: RequestCache = key.startsWith(IMMUTABLE) ? 'default' : 'no-cache';
		// A request that hangs fails alone after FILE_MS, and a cancel stops waiting at once.
		const signal = options.signal
			? AbortSignal.any([options.signal, AbortSignal.timeout(FILE_MS)])
			: AbortSignal.timeout(FILE_MS);
		const stopped = new Promise<never>((_, reject) =>
			signal.addEventListener('abort', () => reject(signal.reason), { once: true })
		);
		stopped.catch(() => {});
		try {
			response = await Promise.race([fetch(options.from ?? key, { cache: mode, signal }), stopped]);
		} catch {
			return false;
		}
	}
	const arrived = performance.now();
	if (!response.ok || response.status !== 200 || response.type !== 'basic') return false;
	const copy = response.clone();
	const follows = options.withAssets === 'named' ? /\/$/ : /\.js$|\/$/;
	const text = options.withAssets && !isRouterEntry(key) && follows.test(key) ? await response.text() : '';
	if (!(await hostServesThisBuild(arrived))) return false;
	await cache.put(key, copy);
	if (options.withAssets === true) followed.add(key);
	if (text) await follow(cache, key, text, options);
	return true;
}

/** Chunks whose references this worker has followed already (deep), so a visit does not read them again. */
const followed = new Set<string>();

/** Caches the hashed scripts a page or chunk names; deep (`withAssets: true`) also what those name. */
async function follow(cache: Cache, key: string, text: string, options: RememberOptions) {
	const named = referencedAssets(text, assetNames).filter((a) => a !== key);
	const deep = options.withAssets === true;
	await Promise.allSettled(
		named.map((asset) => remember(cache, asset, { withAssets: deep, signal: options.signal }))
	);
}

/** "Make available offline": caches each file the panel lists, reporting progress; a failed file fails alone. */
async function saveCopy(request: OfflineRequest, port: MessagePort) {
	const report = (message: OfflineReport) => port.postMessage(message);
	const abort = new AbortController();
	port.onmessage = (event) => {
		if ((event.data as OfflineCancel | null)?.type === 'offline.cancel') abort.abort();
	};
	if (request.version !== version || !(await hostServesThisBuild(performance.now()))) {
		report({ type: 'offline.outdated' });
		return port.close();
	}
	const cache = await caches.open(CACHE);
	const totalBytes = request.files.reduce((sum, f) => sum + f.bytes, 0);
	let doneBytes = 0;
	const failed: string[] = [];
	const queue = request.files.filter((f) => typeof f.path === 'string' && f.path.startsWith('/'));
	const worker = async () => {
		for (let file = queue.shift(); file && !abort.signal.aborted; file = queue.shift()) {
			const saved = await remember(cache, `${base}${file.path}`, { signal: abort.signal });
			if (!saved && !abort.signal.aborted) failed.push(file.path);
			doneBytes += file.bytes;
			report({ type: 'offline.progress', doneBytes, totalBytes });
		}
	};
	await Promise.all(Array.from({ length: PARALLEL }, worker));
	if (!abort.signal.aborted) {
		const wanted = want(await readWanted(), { scope: request.scope, lang: request.lang });
		await (await caches.open(WANTED_CACHE)).put(WANTED_KEY, new Response(JSON.stringify(wanted)));
	}
	report({ type: 'offline.done', failed, cancelled: abort.signal.aborted });
	port.close();
}

/** The cached copy of a page or file; the query (?mode=…&attempt=…, ?x-sveltekit-invalidated=…) never matters. */
async function cached(cache: Cache, path: string, navigate: boolean): Promise<Response | undefined> {
	// Pages are folders (trailingSlash 'always'): '/x', '/x/' and '/x/index.html' are one page.
	const candidates = navigate ? [keyOf(path), path.replace(/\/?$/, '/')] : [keyOf(path)];
	for (const candidate of candidates) {
		const hit = await cache.match(candidate, { ignoreSearch: true });
		// A response that followed a redirect cannot answer a navigation, so it is copied without that mark.
		if (hit) return navigate && hit.redirected ? new Response(hit.body, hit) : hit;
	}
	return undefined;
}

/** The cache of a tab's build while it is kept, else this build's. */
async function cacheFor(build: string): Promise<Cache> {
	const name = cacheName(build);
	return caches.open(build !== version && (await caches.has(name)) ? name : CACHE);
}

async function respond(event: FetchEvent, url: URL): Promise<Response> {
	const { request } = event;
	const navigate = request.mode === 'navigate';
	const path = url.pathname;
	if (path === VERSION_FILE)
		// The build this worker serves: a tab running another one learns it is behind (SvelteKit's `updated`).
		return new Response(JSON.stringify({ version }), {
			headers: { 'content-type': 'application/json', 'cache-control': 'no-store' }
		});
	const own = await caches.open(CACHE);
	if (path.startsWith(IMMUTABLE)) {
		const hit = await own.match(path);
		if (hit) return hit;
		// Not kept yet (the install keeps only what the pages name): the host, which serves this build. Another
		// build's copy answers when the host has it no more (a chunk an old tab loads late) or there is no network.
		let response: Response;
		try {
			response = await fetch(request);
		} catch (error) {
			const other = await caches.match(path);
			if (other) return other;
			throw error;
		}
		if (!response.ok) return (await caches.match(path)) ?? response;
		if (assets.has(path)) event.waitUntil(remember(own, path, { response: response.clone() }));
		return response;
	}
	// A navigation starts a tab on this build; anything else comes from the build the asking tab runs.
	const cache = navigate ? own : await cacheFor(await buildOf(event.clientId));
	const hit =
		(await cached(cache, path, navigate)) ?? (cache === own ? undefined : await cached(own, path, navigate));
	if (hit) {
		if (navigate && event.resultingClientId) builds.set(event.resultingClientId, version);
		return hit;
	}
	let response: Response;
	try {
		response = await fetch(request);
	} catch (error) {
		// Offline on a page not visited yet: the language's home, which says so and offers the offline copy.
		const home = homeOf(path);
		const page = path.replace(/__data\.json$/, '');
		const there = `${home}?offline=${encodeURIComponent(page)}`;
		const away = page !== home && (await own.match(home)) !== undefined;
		if (navigate && away) return Response.redirect(there, 302);
		// A link followed in the app asks for the page's data: SvelteKit's own redirect sends it home instead.
		// (The home's own data falls through: SvelteKit then loads the cached page whole.)
		if (path.endsWith('/__data.json') && away)
			return new Response(`${JSON.stringify({ type: 'redirect', location: there })}\n`, {
				headers: { 'content-type': 'application/json' }
			});
		throw error;
	}
	if (request.headers.has('range') || path === `${base}/service-worker.js`) return response;
	const key = keyOf(response.redirected ? new URL(response.url).pathname : path);
	event.waitUntil(
		remember(own, key, { response: response.clone(), withAssets: navigate }).then((saved) => {
			// A page reached by a link loads only its data: its page is cached too, so a reload works offline.
			if (saved && key.endsWith('/__data.json'))
				return remember(own, key.slice(0, -'__data.json'.length), { withAssets: true });
		})
	);
	return response;
}

sw.addEventListener('fetch', (event) => {
	const url = new URL(event.request.url);
	if (event.request.method !== 'GET' || url.origin !== sw.location.origin) return;
	event.respondWith(respond(event, url));
});
