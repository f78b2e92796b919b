// First-visit bytes with the service worker counted: everything the page and its worker fetch over the
// network in the first 30 s of a cold first visit (Chromium reports the worker's own requests too), against
// the page alone with service workers blocked. At the repo's scenarios and at a generated 200, each built in a
// temp copy of the app (never in content/), so the figures show whether the worker's share grows with content.
//
//   npx tsx tests/bench/sw.ts [--counts 15,200] [--window 30000] [--from HEAD]
// `--from HEAD` builds the committed app instead of the working tree: the "before" figures.
import { execFileSync, execSync } from 'node:child_process';
import {
	cpSync,
	mkdirSync,
	mkdtempSync,
	readdirSync,
	readFileSync,
	rmSync,
	symlinkSync,
	writeFileSync
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, BrowserContext, Request } from '@playwright/test';
import { launchBrowser, note, onCleanup, root, round, startPreview } from './shared';

const COPY = [
	'src',
	'content',
	'static',
	'svelte.config.js',
	'vite.config.ts',
	'tsconfig.json',
	'package.json'
];

/** A temp copy of the app (working tree, or a git ref) with `count` scenarios, built; removed at exit. */
function buildCopy(count: number, from: string | undefined): string {
	const dir = mkdtempSync(join(tmpdir(), `bench-sw-${count}-`));
	onCleanup(() => rmSync(dir, { recursive: true, force: true }));
	if (from) execSync(`git archive ${from} ${COPY.join(' ')} | tar -x -C ${dir}`, { cwd: root });
	else for (const entry of COPY) cpSync(join(root, entry), join(dir, entry), { recursive: true });
	symlinkSync(join(root, 'node_modules'), join(dir, 'node_modules'), 'dir');
	const scenarios = join(dir, 'content/scenarios');
	const originals = readdirSync(scenarios).filter((f) => f.endsWith('.yaml'));
	for (let i = originals.length; i < count; i++) {
		const file = originals[i % originals.length]!;
		const id = `${file.replace(/\.yaml$/, '')}-copy${i}`;
		const text = readFileSync(join(scenarios, file), 'utf8').replace(/^id: .+$/m, `id: ${id}`);
		writeFileSync(join(scenarios, `${id}.yaml`), text);
	}
	mkdirSync(join(dir, '.svelte-kit'), { recursive: true });
	note(`building ${count} scenarios${from ? ` from ${from}` : ''} in ${dir}`);
	execFileSync('npx', ['vite', 'build'], { cwd: dir, stdio: 'pipe', maxBuffer: 64 * 1024 * 1024 });
	return dir;
}

interface Tally {
	bytes: number;
	requests: number;
	workerBytes: number;
	workerRequests: number;
}

/** Counts the bytes each finished request took on the wire; a page's request the worker answered is its own. */
function tally(context: BrowserContext): { done: () => Promise<Tally> } {
	const pending: Promise<void>[] = [];
	const t: Tally = { bytes: 0, requests: 0, workerBytes: 0, workerRequests: 0 };
	const count = (request: Request) =>
		pending.push(
			(async () => {
				const response = await request.response();
				// Answered by the worker (from its cache or its own fetch, which is counted on its side).
				if (response?.fromServiceWorker()) return;
				const sizes = await request.sizes().catch(() => undefined);
				const bytes = sizes ? sizes.responseBodySize + sizes.responseHeadersSize : 0;
				t.bytes += bytes;
				t.requests += 1;
				if (request.serviceWorker()) {
					t.workerBytes += bytes;
					t.workerRequests += 1;
				}
			})()
		);
	context.on('requestfinished', count);
	return {
		done: async () => {
			context.off('requestfinished', count);
			await Promise.all(pending);
			return t;
		}
	};
}

async function firstVisit(browser: Browser, url: string, windowMs: number) {
	const alone = await browser.newContext({ serviceWorkers: 'block' });
	const pageOnly = tally(alone);
	await (await alone.newPage()).goto(url, { waitUntil: 'networkidle' });
	const page = await pageOnly.done();
	await alone.close();

	const context = await browser.newContext({ serviceWorkers: 'allow' });
	const all = tally(context);
	const tab = await context.newPage();
	const start = Date.now();
	await tab.goto(url, { waitUntil: 'load' });
	await tab.waitForTimeout(Math.max(0, windowMs - (Date.now() - start)));
	const withWorker = await all.done();
	const cached = await tab.evaluate(async () => {
		let n = 0;
		for (const name of await caches.keys()) n += (await (await caches.open(name)).keys()).length;
		return n;
	});
	await context.close();
	const kb = (n: number) => round(n / 1024, 1);
	return {
		pageKB: kb(page.bytes),
		pageRequests: page.requests,
		firstVisitKB: kb(withWorker.bytes),
		firstVisitRequests: withWorker.requests,
		workerKB: kb(withWorker.workerBytes),
		workerRequests: withWorker.workerRequests,
		ratioToPage: round(withWorker.bytes / page.bytes, 2),
		cachedEntries: cached
	};
}

/** Figures per scenario count and route; the repo's own build is used for its own count from the working tree. */
export async function serviceWorkerBytes(
	browser: Browser,
	{
		counts = [15, 200],
		windowMs = 30_000,
		from
	}: { counts?: number[]; windowMs?: number; from?: string } = {}
) {
	const out: Record<string, Record<string, Awaited<ReturnType<typeof firstVisit>>>> = {};
	const own = readdirSync(join(root, 'content/scenarios')).filter((f) => f.endsWith('.yaml')).length;
	let port = 4391;
	for (const count of counts) {
		const dir = count === own && !from ? root : buildCopy(count, from);
		const server = await startPreview(dir, port++);
		try {
			const routes = ['/', '/zh/', '/scenarios/rice-grit/play/?mode=practice'];
			out[`${count} scenarios`] = {};
			for (const route of routes) {
				note(`first visit with the worker: ${count} scenarios, ${route}`);
				out[`${count} scenarios`]![route] = await firstVisit(browser, `${server.url}${route}`, windowMs);
			}
		} finally {
			server.stop();
		}
	}
	return { windowMs, source: from ?? 'working tree', figures: out };
}

if (import.meta.url === `file://${process.argv[1]}`) {
	const arg = (name: string) => {
		const i = process.argv.indexOf(`--${name}`);
		return i > 0 ? process.argv[i + 1] : undefined;
	};
	const browser = await launchBrowser();
	try {
		const figures = await serviceWorkerBytes(browser, {
			counts: arg('counts')?.split(',').map(Number),
			windowMs: arg('window') ? Number(arg('window')) : undefined,
			from: arg('from')
		});
		console.log(JSON.stringify(figures, null, 2));
	} finally {
		await browser.close();
	}
}
