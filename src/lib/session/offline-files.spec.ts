import { describe, expect, it } from 'vitest';
import {
	bytesToFetch,
	cachedPaths,
	filesFor,
	isRouterEntry,
	namesOf,
	referencedAssets,
	statusOf,
	type OfflineManifest
} from './offline-files';

const manifest: OfflineManifest = {
	version: '1',
	sizes: { '/': 10, '/app.js': 100, '/a/': 5, '/a/__data.json': 3, '/b/': 7, '/zh/': 11, '/zh/a/': 6 },
	shared: { en: ['/', '/app.js'], zh: ['/zh/', '/app.js'] },
	scenarios: [
		{ id: 'a', case: 'shop', files: { en: ['/a/', '/a/__data.json'], zh: ['/zh/a/'] } },
		{ id: 'b', case: 'hotel', files: { en: ['/b/'], zh: [] } }
	]
};

describe('what an offline copy holds', () => {
	it('lists the shared files once, then the scenarios of the case or of the whole library', () => {
		expect(filesFor(manifest, 'en', { kind: 'case', id: 'shop' })).toEqual([
			'/',
			'/app.js',
			'/a/',
			'/a/__data.json'
		]);
		expect(filesFor(manifest, 'en', { kind: 'library' })).toEqual([
			'/',
			'/app.js',
			'/a/',
			'/a/__data.json',
			'/b/'
		]);
		expect(filesFor(manifest, 'zh', { kind: 'case', id: 'shop' })).toEqual(['/zh/', '/app.js', '/zh/a/']);
	});

	it('counts only what is not cached yet', () => {
		const files = filesFor(manifest, 'en', { kind: 'library' });
		expect(bytesToFetch(manifest, files, new Set())).toBe(125);
		expect(bytesToFetch(manifest, files, new Set(['/', '/app.js', '/a/']))).toBe(10);
	});

	it('is offline when every file is cached, partly when some of its own pages are, else online', () => {
		const shop = { kind: 'case', id: 'shop' } as const;
		expect(statusOf(manifest, 'en', shop, new Set(['/', '/app.js']))).toBe('online');
		expect(statusOf(manifest, 'en', shop, new Set(['/', '/app.js', '/a/']))).toBe('partly');
		expect(statusOf(manifest, 'en', shop, new Set(['/', '/app.js', '/a/', '/a/__data.json']))).toBe(
			'offline'
		);
		expect(
			statusOf(manifest, 'en', { kind: 'library' }, new Set(['/', '/app.js', '/a/', '/a/__data.json']))
		).toBe('partly');
	});

	it('reads cache keys as paths inside the app folder', () => {
		const keys = ['https://x.org/training/a/', 'https://x.org/training/', 'https://x.org/other/'];
		expect([...cachedPaths(keys, '/training')]).toEqual(['/a/', '/']);
		expect([...cachedPaths(['https://x.org/a/__data.json'], '')]).toEqual(['/a/__data.json']);
	});
});

describe('the scripts a page or a script names', () => {
	const build = [
		'/_app/immutable/entry/start.C6rM2Fb3.js',
		'/_app/immutable/entry/app.Cp4SjUDt.js',
		'/_app/immutable/chunks/B099oY-C.js',
		'/_app/immutable/nodes/0.lNIU79Bz.js',
		'/_app/immutable/assets/0.D1iQE46_.css'
	];
	const names = namesOf(build);

	it('finds modulepreloads, dynamic imports and Vite dependency lists by their hashed names', () => {
		const html = `<link rel="modulepreload" href="../_app/immutable/entry/start.C6rM2Fb3.js">
			<script>Promise.all([import("../_app/immutable/entry/start.C6rM2Fb3.js"), import("../_app/immutable/entry/app.Cp4SjUDt.js")])</script>`;
		expect(referencedAssets(html, names)).toEqual([build[0], build[1]]);
		const chunk = `import{a}from"./B099oY-C.js";const m=["../nodes/0.lNIU79Bz.js","../assets/0.D1iQE46_.css"]`;
		expect(referencedAssets(chunk, names)).toEqual([build[2], build[3], build[4]]);
	});

	it('ignores names that are not in the build', () => {
		expect(referencedAssets('import("./Zz9.js"); "manifest.webmanifest"', names)).toEqual([]);
	});

	it('knows the router entry, whose lazy imports are every route', () => {
		expect(isRouterEntry(build[1]!)).toBe(true);
		expect(isRouterEntry(build[0]!)).toBe(false);
		expect(isRouterEntry('/training/_app/immutable/entry/app.X1.js')).toBe(true);
	});
});
