import { describe, expect, it } from 'vitest';
import { OfflineCopy } from './offline-copy.svelte';
import type { OfflineManifest, OfflineReport, OfflineRequest } from './offline-files';

const manifest: OfflineManifest = {
	version: 'v1',
	sizes: { '/': 100, '/s.js': 400, '/a/': 50, '/a/__data.json': 30, '/b/': 20 },
	shared: { en: ['/', '/s.js'], zh: ['/', '/s.js'] },
	scenarios: [
		{ id: 'a', case: 'shop', files: { en: ['/a/', '/a/__data.json'], zh: [] } },
		{ id: 'b', case: 'hotel', files: { en: ['/b/'], zh: [] } }
	]
};

/** One cache, as CacheStorage shows it to the page. */
function fakeCaches(paths: string[]) {
	const keys = new Set(paths);
	const cache = { keys: async () => [...keys].map((p) => new Request(`https://x.org${p}`)) };
	return {
		keys,
		storage: { has: async () => true, open: async () => cache } as unknown as CacheStorage
	};
}

/** A worker that caches what it is asked for, except `failing`, and reports on the port as the real one does. */
function fakeWorker(store: Set<string>, { failing = [] as string[], hold = false } = {}) {
	const requests: OfflineRequest[] = [];
	const worker = {
		postMessage(message: OfflineRequest, [port]: [MessagePort]) {
			requests.push(message);
			if (hold) return;
			let done = 0;
			const total = message.files.reduce((s, f) => s + f.bytes, 0);
			for (const file of message.files) {
				if (!failing.includes(file.path)) store.add(file.path);
				done += file.bytes;
				port.postMessage({
					type: 'offline.progress',
					doneBytes: done,
					totalBytes: total
				} satisfies OfflineReport);
			}
			port.postMessage({ type: 'offline.done', failed: failing, cancelled: false } satisfies OfflineReport);
		}
	};
	return { requests, container: { controller: worker } as unknown as ServiceWorkerContainer };
}

function setup(cached: string[], options: Parameters<typeof fakeWorker>[1] = {}, version = 'v1') {
	const caches = fakeCaches(cached);
	const worker = fakeWorker(caches.keys, options);
	const copy = new OfflineCopy({
		root: '',
		version,
		fetch: async () => new Response(JSON.stringify(manifest)),
		caches: caches.storage,
		container: worker.container
	});
	return { copy, worker, caches };
}

describe('OfflineCopy', () => {
	it('shows what is left to download before it starts, per case and for the library', async () => {
		const { copy } = setup(['/', '/s.js', '/a/']);
		await copy.load();
		expect(copy.status({ kind: 'case', id: 'shop' }, 'en')).toBe('partly');
		expect(copy.remaining({ kind: 'case', id: 'shop' }, 'en')).toBe(30);
		expect(copy.status({ kind: 'case', id: 'hotel' }, 'en')).toBe('online');
		expect(copy.remaining({ kind: 'library' }, 'en')).toBe(50);
	});

	it('asks the worker for the missing files only, and is offline once they are cached', async () => {
		const { copy, worker } = setup(['/', '/s.js']);
		await copy.load();
		await copy.save({ kind: 'case', id: 'shop' }, 'en');
		expect(worker.requests[0]!.files).toEqual([
			{ path: '/a/', bytes: 50 },
			{ path: '/a/__data.json', bytes: 30 }
		]);
		expect(worker.requests[0]!.version).toBe('v1');
		expect(copy.outcome).toEqual({ kind: 'saved', scope: { kind: 'case', id: 'shop' } });
		expect(copy.status({ kind: 'case', id: 'shop' }, 'en')).toBe('offline');
		expect(copy.job).toBeUndefined();
	});

	it('counts the files the cache lacks after a failure, and keeps the ones that arrived', async () => {
		const { copy } = setup([], { failing: ['/a/__data.json'] });
		await copy.load();
		await copy.save({ kind: 'case', id: 'shop' }, 'en');
		expect(copy.outcome).toEqual({ kind: 'failed', scope: { kind: 'case', id: 'shop' }, count: 1 });
		expect(copy.cached.has('/a/')).toBe(true);
		expect(copy.remaining({ kind: 'case', id: 'shop' }, 'en')).toBe(30);
	});

	it('stops at once on cancel', async () => {
		const { copy } = setup([], { hold: true });
		await copy.load();
		const saving = copy.save({ kind: 'library' }, 'en');
		await Promise.resolve();
		expect(copy.job).toMatchObject({ totalBytes: 600, doneBytes: 0 });
		copy.cancel();
		await saving;
		expect(copy.outcome).toEqual({ kind: 'cancelled', scope: { kind: 'library' } });
		expect(copy.job).toBeUndefined();
	});

	it('refuses to mix builds: a manifest of another build than the tab is outdated', async () => {
		const { copy, worker } = setup([], {}, 'v0');
		await copy.load();
		expect(copy.outcome).toEqual({ kind: 'outdated' });
		await copy.save({ kind: 'library' }, 'en');
		expect(worker.requests).toEqual([]);
	});

	it('says so when there is no service worker, or the list does not load', async () => {
		const none = new OfflineCopy({ root: '', version: 'v1', fetch, caches: undefined, container: undefined });
		await none.load();
		expect(none.problem).toBe('unsupported');
		const { copy } = setup([]);
		const broken = new OfflineCopy({
			root: '',
			version: 'v1',
			fetch: async () => new Response('', { status: 404 }),
			caches: fakeCaches([]).storage,
			container: fakeWorker(new Set()).container
		});
		await broken.load();
		expect(broken.problem).toBe('unavailable');
		expect(copy.problem).toBeUndefined();
	});
});
