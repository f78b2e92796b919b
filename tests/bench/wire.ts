// The content pipeline's time, and the gzip bytes a cold load of each route fetches until the network is idle.
import { existsSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import type { Browser } from '@playwright/test';
import { compileScenario } from '../../src/lib/engine/compile';
import { loadContent } from '../../src/lib/content/load';
import { readContentDir } from '../../src/lib/content/read-dir';
import { median, root, round } from './shared';

export function contentPipeline(runs = 15) {
	const times: number[] = [];
	let counts = { scenarios: 0, nodes: 0, choices: 0 };
	for (let i = 0; i < runs; i++) {
		const start = performance.now();
		const content = loadContent(readContentDir(root));
		if (content.errors.length) throw new Error('content has errors; run npm run content:check');
		for (const scenario of content.scenarios) compileScenario(scenario);
		times.push(performance.now() - start);
		const nodes = content.scenarios.flatMap((s) => Object.values(s.nodes));
		counts = {
			scenarios: content.scenarios.length,
			nodes: nodes.length,
			choices: nodes.flatMap((n) => n.choices).length
		};
	}
	return { ...counts, runs, medianMs: round(median(times), 2), minMs: round(Math.min(...times), 2) };
}

const gzipCache = new Map<string, number>();
function gzipBytes(file: string) {
	if (!gzipCache.has(file)) gzipCache.set(file, gzipSync(readFileSync(file), { level: 9 }).length);
	return gzipCache.get(file)!;
}

/** Maps a served URL path to the file adapter-static wrote for it. */
function buildFile(pathname: string): string | undefined {
	const build = join(root, 'build');
	const candidates = [pathname, `${pathname}.html`, join(pathname, 'index.html')].map((p) => join(build, p));
	return candidates.find((p) => existsSync(p) && statSync(p).isFile());
}

export async function wireBytes(browser: Browser, base: string, routes: string[]) {
	const origin = new URL(base).origin;
	const out: Record<
		string,
		{ jsKB: number; cssKB: number; otherKB: number; totalKB: number; requests: number }
	> = {};
	for (const route of routes) {
		const context = await browser.newContext();
		const page = await context.newPage();
		const paths = new Set<string>();
		page.on('request', (request) => {
			const url = new URL(request.url());
			if (url.origin === origin) paths.add(url.pathname);
		});
		await page.goto(`${base}${route}`, { waitUntil: 'networkidle' });
		let js = 0;
		let css = 0;
		let other = 0;
		// A redirect (a page asked for without its slash) names the same file twice: it is one download.
		const files = new Set([...paths].map((path) => buildFile(decodeURIComponent(path))));
		for (const file of files) {
			if (!file) continue;
			const bytes = gzipBytes(file);
			if (file.endsWith('.js')) js += bytes;
			else if (file.endsWith('.css')) css += bytes;
			else other += bytes;
		}
		const kb = (n: number) => round(n / 1024, 1);
		out[route] = {
			jsKB: kb(js),
			cssKB: kb(css),
			otherKB: kb(other),
			totalKB: kb(js + css + other),
			requests: paths.size
		};
		await context.close();
	}
	return out;
}

/**
 * What typing a reply adds: the gzip bytes fetched between opening play and the classifier's first answer
 * (its code and /content/cues.json), which a trainee who only picks never downloads.
 */
export async function typedReplyBytes(browser: Browser, base: string, route: string) {
	const origin = new URL(base).origin;
	const context = await browser.newContext();
	const page = await context.newPage();
	await page.goto(`${base}${route}`, { waitUntil: 'networkidle' });
	await page.getByLabel(/name/i).fill('Bench');
	await page.getByRole('button', { name: 'Save and start' }).click();
	await page.getByRole('button', { name: /Type my own reply/ }).waitFor();
	const later = new Set<string>();
	page.on('request', (request) => {
		const url = new URL(request.url());
		if (url.origin === origin) later.add(url.pathname);
	});
	const start = performance.now();
	await page.getByRole('button', { name: /Type my own reply/ }).click();
	const box = page.getByRole('textbox', { name: /in your own words/ });
	await box.fill("I'm sorry about this. Could you tell me what happened?");
	await box.press('Enter');
	await page
		.getByText('You wrote')
		.or(page.getByRole('heading', { name: /closest to what you meant/ }))
		.first()
		.waitFor();
	const answeredMs = performance.now() - start;
	let bytes = 0;
	const files: string[] = [];
	for (const path of later) {
		const file = buildFile(decodeURIComponent(path));
		if (!file) continue;
		bytes += gzipBytes(file);
		files.push(path.split('/').at(-1)!);
	}
	await context.close();
	return { addedKB: round(bytes / 1024, 1), files, firstReplyAnsweredMs: round(answeredMs, 0) };
}
