/// <reference types="@sveltejs/kit" />
/// <reference no-default-lib="true"/>
/// <reference lib="esnext" />
/// <reference lib="webworker" />
// Offline after the first visit: every page, its data and every asset of this build is cached on install.
//
// A tab never mixes builds. A worker answers from its own build's cache first, online too: a page fetched
// from the network could be a newer build than the scripts running it, and offline the tab would fall back
// to the old one ("This scenario has changed"). A new build installs beside the old one and waits (no
// skipWaiting on install); the app offers "Update now" (src/lib/session/app-update.svelte.ts), which waits
// for the turn being saved, then posts 'skip-waiting' and reloads once this worker controls the tab. Other
// tabs still run the old build after that: their pages, data and lazily loaded chunks come from the old
// build's cache, kept until no tab runs it.
import { base, build, files, prerendered, version } from '$service-worker';
import type { WorkerMessage } from '$lib/session/app-update.svelte';

const sw = self as unknown as ServiceWorkerGlobalScope;
const PREFIX = 'service-roleplay-';
const CACHE = `${PREFIX}${version}`;
/** Hashed build output and static files: they change only with the version, so the cache answers first. */
const assets = new Set([...build, ...files]);
/** Pages, their `__data.json` and the content JSON: from the cache of the build the asking tab runs. */
const pages = new Set(prerendered);
/** What SvelteKit's `updated` fetches to learn whether a newer build is out. */
const VERSION_FILE = `${base}/_app/version.json`;
/** How long a tab has to say which build it runs before it is taken to run this one. */
const ASK_MS = 1000;

/** Which build each tab runs (client id → version), as the tabs say; asked again after the worker restarts. */
const builds = new Map<string, string>();

sw.addEventListener('install', (event) => {
	// Unhashed files bypass the HTTP cache: a copy left there by the build before would make this cache mixed.
	const fresh = [...files, ...pages].map((path) => new Request(path, { cache: 'reload' }));
	event.waitUntil(caches.open(CACHE).then((cache) => cache.addAll([...build, ...fresh])));
});

sw.addEventListener('activate', (event) => {
	event.waitUntil(sw.clients.claim().then(forgetOldBuilds));
});

sw.addEventListener('message', (event) => {
	const message = event.data as WorkerMessage | null;
	if (message?.type === 'skip-waiting') {
		event.waitUntil(sw.skipWaiting());
	} else if (message?.type === 'build' && typeof message.version === 'string' && event.source) {
		builds.set((event.source as Client).id, message.version);
		event.waitUntil(forgetOldBuilds());
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
	const keep = new Set(running.map((build) => `${PREFIX}${build ?? 'unknown'}`));
	if (keep.has(`${PREFIX}unknown`)) return;
	for (const key of await caches.keys())
		if (key.startsWith(PREFIX) && key !== CACHE && !keep.has(key)) await caches.delete(key);
}

/** The cached copy of a page or its data; the query (?mode=…&attempt=…, ?x-sveltekit-invalidated=…) never matters. */
async function cached(cache: Cache, url: URL, navigate: boolean): Promise<Response | undefined> {
	// Pages are folders (trailingSlash 'always'), and the app may live in a folder of its host (`base`).
	const path = url.pathname;
	const inside = path.slice(base.length);
	const home = inside === '/zh' || inside.startsWith('/zh/') ? `${base}/zh/` : `${base}/`;
	const folder = path.replace(/(\/index\.html)?$/, '').replace(/\/?$/, '/');
	const candidates = navigate ? [path, folder, home] : [path];
	for (const candidate of candidates) {
		const hit = await cache.match(candidate, { ignoreSearch: true });
		// A response that followed a redirect cannot answer a navigation, so it is copied without that mark.
		if (hit) return hit.redirected ? new Response(hit.body, hit) : hit;
	}
	return undefined;
}

/** The cache of a tab's build while it is kept, else this build's. */
async function cacheFor(build: string): Promise<Cache> {
	const name = `${PREFIX}${build}`;
	return caches.open(build !== version && (await caches.has(name)) ? name : CACHE);
}

async function respond(event: FetchEvent, url: URL): Promise<Response> {
	const { request } = event;
	const navigate = request.mode === 'navigate';
	if (url.pathname === VERSION_FILE)
		// The build this worker serves: a tab running another one learns it is behind (SvelteKit's `updated`).
		return new Response(JSON.stringify({ version }), {
			headers: { 'content-type': 'application/json', 'cache-control': 'no-store' }
		});
	const own = await caches.open(CACHE);
	if (assets.has(url.pathname)) {
		const hit = await own.match(url.pathname);
		if (hit) return hit;
	} else if (url.pathname.startsWith(`${base}/_app/immutable/`)) {
		// Another build's chunk, which a tab still running it loads late: a hashed name is the same file anywhere.
		const hit = await caches.match(url.pathname);
		if (hit) return hit;
	}
	if (pages.has(url.pathname)) {
		// A navigation starts a tab on this build; anything else comes from the build the asking tab runs.
		const cache = navigate ? own : await cacheFor(await buildOf(event.clientId));
		const hit = (await cache.match(url.pathname, { ignoreSearch: true })) ?? (await own.match(url.pathname));
		if (hit) {
			if (navigate && event.resultingClientId) builds.set(event.resultingClientId, version);
			// A response that followed a redirect cannot answer a navigation, so it is copied without that mark.
			return navigate && hit.redirected ? new Response(hit.body, hit) : hit;
		}
	}
	// Nothing from the network goes into the cache: it may come from another build than this one.
	try {
		return await fetch(request);
	} catch (error) {
		const hit = await cached(own, url, navigate);
		if (hit) return hit;
		throw error;
	}
}

sw.addEventListener('fetch', (event) => {
	const url = new URL(event.request.url);
	if (event.request.method !== 'GET' || url.origin !== sw.location.origin) return;
	event.respondWith(respond(event, url));
});
