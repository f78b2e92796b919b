/// <reference types="@sveltejs/kit" />
/// <reference no-default-lib="true"/>
/// <reference lib="esnext" />
/// <reference lib="webworker" />
// Offline after the first visit: every page, its data and every asset of this build is cached on install.
import { build, files, prerendered, version } from '$service-worker';

const sw = self as unknown as ServiceWorkerGlobalScope;
const CACHE = `service-roleplay-${version}`;
/** Hashed build output and static files: they change only with the version, so the cache answers first. */
const assets = new Set([...build, ...files]);
/** Pages and their `__data.json` (client-side navigation): the network answers first, the cache when offline. */
const pages = new Set(prerendered);

sw.addEventListener('install', (event) => {
	// No skipWaiting: a tab open on the old version keeps its own consistent cache until it closes.
	event.waitUntil(caches.open(CACHE).then((cache) => cache.addAll([...assets, ...pages])));
});

sw.addEventListener('activate', (event) => {
	event.waitUntil(
		caches
			.keys()
			.then((keys) => Promise.all(keys.filter((key) => key !== CACHE).map((key) => caches.delete(key))))
			.then(() => sw.clients.claim())
	);
});

/** The cached copy of a page or its data; the query (?mode=…&attempt=…, ?x-sveltekit-invalidated=…) never matters. */
async function cached(cache: Cache, url: URL, navigate: boolean): Promise<Response | undefined> {
	const path = url.pathname.length > 1 ? url.pathname.replace(/\/$/, '') : url.pathname;
	const home = path === '/zh' || path.startsWith('/zh/') ? '/zh' : '/';
	const bare = path.replace(/(\/index)?\.html$/, '') || '/';
	const candidates = navigate ? [path, `${path}.html`, bare, home] : [path];
	for (const candidate of candidates) {
		const hit = await cache.match(candidate, { ignoreSearch: true });
		// A response that followed a redirect cannot answer a navigation, so it is copied without that mark.
		if (hit) return hit.redirected ? new Response(hit.body, hit) : hit;
	}
	return undefined;
}

async function respond(request: Request, url: URL): Promise<Response> {
	const cache = await caches.open(CACHE);
	if (assets.has(url.pathname)) {
		const hit = await cache.match(url.pathname);
		if (hit) return hit;
	}
	try {
		const response = await fetch(request);
		// The precache already holds this build's pages; only what it lacks is kept, and only when it is OK.
		if (response.ok && response.type === 'basic' && !pages.has(url.pathname) && !url.search)
			await cache.put(request, response.clone());
		return response;
	} catch (error) {
		const hit = await cached(cache, url, request.mode === 'navigate');
		if (hit) return hit;
		throw error;
	}
}

sw.addEventListener('fetch', (event) => {
	const url = new URL(event.request.url);
	if (event.request.method !== 'GET' || url.origin !== sw.location.origin) return;
	event.respondWith(respond(event.request, url));
});
