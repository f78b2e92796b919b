// The library and the content pipeline as the library grows: 15 scenarios (the real ones), 60 and 200 (copies).
import type { Browser } from '@playwright/test';
import { compileScenario } from '../../src/lib/engine/compile';
import { loadContent } from '../../src/lib/content/load';
import { readContentDir } from '../../src/lib/content/read-dir';
import { copiesUpTo } from './scaled';
import { over } from './interaction';
import { median, root, round } from './shared';

/** Load + validate + compile, per scenario, at each size: linear means the per-scenario figure stays put. */
export function pipelineAtScale(sizes = [15, 60, 200], runs = 5) {
	const real = readContentDir(root);
	return sizes.map((size) => {
		const files = { ...real, ...copiesUpTo(size) };
		const times: number[] = [];
		let scenarios = 0;
		for (let i = 0; i < runs; i++) {
			const start = performance.now();
			const content = loadContent(files);
			if (content.errors.length) throw new Error('generated content has errors');
			for (const scenario of content.scenarios) compileScenario(scenario);
			times.push(performance.now() - start);
			scenarios = content.scenarios.length;
		}
		return { scenarios, ms: over(times), msPerScenario: round(median(times) / scenarios, 2) };
	});
}

/** Long tasks' time past 50 ms each, from navigation until 2 s after load: total blocking time, roughly. */
function blockingProbe() {
	const w = window as unknown as { __blocking: number };
	w.__blocking = 0;
	new PerformanceObserver((list) => {
		for (const entry of list.getEntries()) w.__blocking += Math.max(0, entry.duration - 50);
	}).observe({ type: 'longtask', buffered: true });
}

/**
 * The library page on a cold load at 1× CPU: blocking time over `runs` loads, its HTML's bytes, and whether a
 * page ships the other language: a Chinese title in the English page (`/`), and, given both titles, an English
 * title in the Chinese page (`/zh/`).
 */
export async function libraryAt(
	browser: Browser,
	base: string,
	probe: string | { en: string; zh: string },
	runs = 5
) {
	const { en, zh } = typeof probe === 'string' ? { en: undefined, zh: probe } : probe;
	const blocking: number[] = [];
	let htmlBytes = 0;
	let shipsOtherLanguage = false;
	for (let i = 0; i < runs; i++) {
		const context = await browser.newContext({ serviceWorkers: 'block' });
		try {
			await context.addInitScript({ content: `(${blockingProbe.toString()})();` });
			const page = await context.newPage();
			const response = await page.goto(`${base}/`, { waitUntil: 'load' });
			const html = (await response?.text()) ?? '';
			htmlBytes = Buffer.byteLength(html);
			shipsOtherLanguage = html.includes(zh);
			await page.waitForTimeout(2000);
			blocking.push(await page.evaluate(() => (window as unknown as { __blocking: number }).__blocking));
		} finally {
			await context.close();
		}
	}
	let zhPage: { htmlKB: number; shipsOtherLanguage: boolean } | undefined;
	if (en !== undefined) {
		const html = await (await fetch(`${base}/zh/`)).text();
		zhPage = { htmlKB: round(Buffer.byteLength(html) / 1024), shipsOtherLanguage: html.includes(en) };
	}
	return {
		blockingMs: over(blocking),
		htmlKB: round(htmlBytes / 1024),
		shipsOtherLanguage: shipsOtherLanguage || (zhPage?.shipsOtherLanguage ?? false),
		...(zhPage ? { zh: zhPage } : {}),
		targetBlockingMs: 200
	};
}
