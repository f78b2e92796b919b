// Writes offline.json after the build: which files an offline copy of each case needs, and their sizes, read
// from the built site itself (no hand-kept list). The "Make available offline" panel shows the sizes before
// anything downloads and sends the list to the service worker.
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import type { Plugin } from 'vite';
import {
	MANIFEST_PATH,
	isRouterEntry,
	namesOf,
	referencedAssets,
	type OfflineLang,
	type OfflineManifest
} from '../session/offline-files';

const LANGS: Record<OfflineLang, string> = { en: '/', zh: '/zh/' };
/** Pages a trainee uses beside the scenarios; the classroom, print views and instructor area stay online. */
const APP_PAGES = ['', 'history/', 'profile/'];
/** Static files the app shell names (the install manifest and its icons). */
const STATIC = ['/manifest.webmanifest', '/favicon.svg', '/icons/icon.svg', '/icons/icon-192.png', '/icons/icon-512.png'];

/** Every file of a built site by its URL path: 'scenarios/x/index.html' is the page '/scenarios/x/'. */
function listFiles(dir: string): Map<string, string> {
	const files = new Map<string, string>();
	const walk = (at: string) => {
		for (const entry of readdirSync(at, { withFileTypes: true })) {
			const path = join(at, entry.name);
			if (entry.isDirectory()) walk(path);
			else {
				const url = `/${relative(dir, path).split('\\').join('/')}`;
				files.set(url.endsWith('/index.html') ? url.slice(0, -'index.html'.length) : url, path);
			}
		}
	};
	walk(dir);
	return files;
}

/** Reads a built site (adapter-static's output) and lists what an offline copy of each case needs. */
export function buildOfflineManifest(dir: string): OfflineManifest {
	const files = listFiles(dir);
	const { version } = JSON.parse(readFileSync(join(dir, '_app/version.json'), 'utf8')) as { version: string };
	const byName = namesOf(files.keys());
	const sizes: Record<string, number> = {};
	const keep = (path: string) => {
		const file = files.get(path);
		if (file === undefined) return false;
		sizes[path] = statSync(file).size;
		return true;
	};

	// The scripts and styles a page names, and what those load later (a lazy import when the trainee types).
	const assets = (pages: string[]) => {
		const found = new Set<string>();
		const queue = pages.flatMap((p) => referencedAssets(readFileSync(files.get(p)!, 'utf8'), byName));
		while (queue.length) {
			const path = queue.pop()!;
			if (found.has(path)) continue;
			found.add(path);
			if (path.endsWith('.js') && !isRouterEntry(path))
				queue.push(...referencedAssets(readFileSync(files.get(path)!, 'utf8'), byName));
		}
		return [...found].sort().filter(keep);
	};

	const ids = [...files.keys()]
		.map((p) => /^\/content\/([a-z0-9][a-z0-9-]*)\.json$/.exec(p)?.[1])
		.filter((id): id is string => id !== undefined && id !== 'cues');
	const scenarios = ids.flatMap((id) => {
		const data = JSON.parse(readFileSync(files.get(`/content/${id}.json`)!, 'utf8')) as {
			scenario?: { id?: string; case?: string };
		};
		// Other content files (an index for history) are no scenario.
		const caseId = data.scenario?.id === id ? data.scenario.case : undefined;
		if (caseId === undefined) return [];
		const perLang = (prefix: string) =>
			[
				`${prefix}scenarios/${id}/`,
				`${prefix}scenarios/${id}/__data.json`,
				`${prefix}scenarios/${id}/play/`,
				`${prefix}scenarios/${id}/play/__data.json`,
				// History and a reopened debrief read the scenario from here.
				`/content/${id}.json`
			].filter(keep);
		return [{ id, case: caseId, files: { en: perLang(LANGS.en), zh: perLang(LANGS.zh) } }];
	});

	const shared = (lang: OfflineLang) => {
		const prefix = LANGS[lang];
		const pages = APP_PAGES.flatMap((p) => [`${prefix}${p}`, `${prefix}${p}__data.json`]).filter(keep);
		const scenarioPages = scenarios.flatMap((s) => s.files[lang]).filter((p) => p.endsWith('/'));
		const html = [...pages, ...scenarioPages].filter((p) => p.endsWith('/'));
		return [...pages, '/content/cues.json', '/content/index.json', ...STATIC].filter(keep).concat(assets(html));
	};
	return { version, sizes, shared: { en: shared('en'), zh: shared('zh') }, scenarios };
}

/**
 * Vite plugin: once adapter-static has written the site, adds offline.json to it, and to the output
 * `vite preview` serves. Only the server build runs the adapter; the client build inside it is skipped.
 */
export function offlineManifest(options: { out?: string; preview?: string } = {}): Plugin {
	const out = options.out ?? 'build';
	const preview = options.preview ?? '.svelte-kit/output/client';
	let ssr = false;
	return {
		name: 'offline-manifest',
		apply: 'build',
		configResolved(config) {
			ssr = Boolean(config.build.ssr);
		},
		closeBundle: {
			sequential: true,
			order: 'post',
			handler() {
				if (!ssr || !existsSync(join(out, '_app/version.json'))) return;
				const text = JSON.stringify(buildOfflineManifest(out));
				writeFileSync(join(out, MANIFEST_PATH), text);
				if (existsSync(preview)) writeFileSync(join(preview, MANIFEST_PATH), text);
			}
		}
	};
}
