// The instructor dashboard under load. Figures, not pass/fail; every time runs to after paint (the frame that
// shows the change, then a task after it: requestAnimationFrame + setTimeout 0), read in the page:
// - passcodePage: gzip bytes a cold load of /instructor/dashboard/ fetches (the passcode form), against the library;
// - importMs: from the files reaching the import page (its change event) until its report's summary is in the DOM
//   (once per scale, at 1× CPU); importWithTransferMs adds Playwright handing the files over;
// - firstRenderMs: from a click on "Dashboard" (unlocked, coming from the settled roster) until the matrix and its status
//   line are painted; decisionsMs: until the picked scenario's decisions (read from logs, after the matrix) are;
// - firstRenderAfterImportMs: the same click, made on the import page's report straight after one more trainee's
//   file (25 attempts) is imported;
// - filterChangeMs: from a class filter change until the frame after it is painted;
// - heap: JS heap in use (CDP JSHeapUsedSize): the peak of samples after each step, and what is left after a GC;
// at 1,000 / 5,000 / 10,000 / 20,000 / 50,000 attempts (25 per trainee), at 1× and 4× CPU
// (Emulation.setCPUThrottlingRate), min / median / max over RUNS runs (BENCH_DASHBOARD_RUNS, else BENCH_RUNS, else 5);
// - contentLoads: every /content/ request of the passcode page, of unlocking, and of opening the dashboard with
//   attempts at two scenarios only: scenario data must wait for the unlock and stay within those two;
// - targets: each target beside the median it is held against, at 1× and 4×; growth: the 50,000 median over the
//   5,000 one (linear is at most 10).
// Targets: first render ≤ 500 ms at 5,000 and ≤ 1.5 s at 50,000; filter ≤ 100 ms at 5,000 and ≤ 300 ms at 50,000.
// The attempts are real: each plays a random path through a real scenario with the engine, and goes in through
// the app's own import page, so it is validated, deduplicated and re-scored like any trainee's file.
// Run alone: `npx tsx tests/bench/dashboard.ts` (builds if needed, serves on port 4181); BENCH_SCALES=1000,5000
// picks the scales.
import { execSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Browser, CDPSession, Page } from '@playwright/test';
import { initialTransition, transition } from 'xstate';
import { loadContent } from '../../src/lib/content/load';
import { readContentDir } from '../../src/lib/content/read-dir';
import { compileScenario, currentNode } from '../../src/lib/engine/compile';
import { launchBrowser, median, note, root, round, startPreview } from './shared';
import { wireBytes } from './wire';

const PORT = 4181;
const PER_TRAINEE = 25;
const SCALES = (process.env.BENCH_SCALES ?? '1000,5000,10000,20000,50000').split(',').map(Number);
const RUNS = Number(process.env.BENCH_DASHBOARD_RUNS ?? process.env.BENCH_RUNS ?? 5);
const RATES = [1, 4];
const CODE = 'bench-passcode';
const DAY = 86_400_000;

/** mulberry32: the same files on every run. */
function random(seed: number) {
	return () => {
		seed = (seed + 0x6d2b79f5) | 0;
		let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
		t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
		return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
	};
}

/** One progress file per trainee, as "Export progress" writes it. */
export function generateFiles(trainees: number, seed = 1, only?: readonly string[], prefix = 'bench') {
	const { scenarios: all } = loadContent(readContentDir(root));
	const scenarios = only ? all.filter((s) => only.includes(s.id)) : all;
	const machines = scenarios.map((s) => ({ scenario: s, machine: compileScenario(s) }));
	const rand = random(seed);
	const start = Date.UTC(2025, 0, 1);
	const files: { name: string; mimeType: string; buffer: Buffer }[] = [];
	for (let t = 0; t < trainees; t++) {
		const traineeId = `${prefix}-trainee-${t}`;
		const attempts = [];
		for (let a = 0; a < PER_TRAINEE; a++) {
			const { scenario, machine } = machines[Math.floor(rand() * machines.length)]!;
			let [snapshot] = initialTransition(machine);
			const log = [];
			// Lean towards the model answer, as trainees who practise do; otherwise any reply.
			while (snapshot.status === 'active') {
				const choices = scenario.nodes[currentNode(snapshot)]!.choices;
				const pick =
					rand() < 0.55 ? choices.find((c) => c.best)! : choices[Math.floor(rand() * choices.length)]!;
				log.push({ type: 'choice.select' as const, choice: pick.id });
				[snapshot] = transition(machine, snapshot, log.at(-1)!);
			}
			const startedAt = start + Math.floor(rand() * 90) * DAY + Math.floor(rand() * DAY);
			attempts.push({
				id: `${prefix}-${t}-${a}`,
				traineeId,
				scenarioId: scenario.id,
				contentVersion: scenario.version,
				mode: rand() < 0.5 ? 'practice' : 'assessment',
				status: 'finished',
				startedAt,
				updatedAt: startedAt + 300_000,
				finishedAt: startedAt + 300_000,
				ending: currentNode(snapshot),
				log,
				notes: ''
			});
		}
		const data = {
			format: 'service-roleplay-progress',
			version: 1,
			exportedAt: new Date(start + 100 * DAY).toISOString(),
			trainees: [
				{
					id: traineeId,
					name: `${prefix === 'bench' ? 'Trainee' : 'Late trainee'} ${t + 1}`,
					createdAt: start
				}
			],
			attempts
		};
		files.push({
			name: `trainee-${t + 1}.json`,
			mimeType: 'application/json',
			buffer: Buffer.from(JSON.stringify(data))
		});
	}
	return files;
}

async function heapMb(cdp: CDPSession, collect = false) {
	if (collect) await cdp.send('HeapProfiler.collectGarbage');
	const { metrics } = await cdp.send('Performance.getMetrics');
	return (metrics.find((m) => m.name === 'JSHeapUsedSize')?.value ?? 0) / 1024 / 1024;
}

/** min / median / max of per-run figures. */
const over = (values: number[]) => ({
	runs: values.length,
	min: round(Math.min(...values)),
	median: round(median(values)),
	max: round(Math.max(...values))
});

async function importAll(page: Page, files: ReturnType<typeof generateFiles>) {
	await page.goto('/instructor/');
	await page.getByLabel('New passcode').fill(CODE);
	await page.getByLabel('Repeat the passcode').fill(CODE);
	await page.getByRole('button', { name: 'Save passcode and open' }).click();
	await page.getByRole('link', { name: 'Classes and trainees' }).first().click();
	for (const name of ['Morning', 'Evening']) {
		await page.getByLabel('Name of a new class').fill(name);
		await page.getByRole('button', { name: 'Add class' }).click();
		await page.getByText(`Class ${name} added.`).waitFor();
	}
	await page.getByRole('link', { name: 'Import progress files' }).first().click();
	const half = Math.ceil(files.length / 2);
	let importMs = 0;
	let withTransferMs = 0;
	for (const [name, batch] of [
		['Morning', files.slice(0, half)],
		['Evening', files.slice(half)]
	] as const) {
		await page.getByLabel('Put the imported trainees in a class').selectOption({ label: name });
		const input = page.getByLabel('Choose progress files (.json)');
		// The app's own time runs from the files reaching the page (the change event) to the report's summary
		// in the DOM, both read in the page: handing the files over from node through the DevTools protocol, and
		// Playwright noticing the text, are the harness's cost, reported apart.
		const done = `${batch.length} of ${batch.length} ${batch.length === 1 ? 'file' : 'files'} imported.`;
		await input.evaluate((element, done) => {
			const marks = window as unknown as { importStart?: number; importEnd?: number };
			marks.importEnd = undefined;
			element.addEventListener('change', () => (marks.importStart = performance.now()), {
				capture: true,
				once: true
			});
			const observer = new MutationObserver(() => {
				if (!document.body.textContent?.includes(done)) return;
				marks.importEnd = performance.now();
				observer.disconnect();
			});
			observer.observe(document.body, { subtree: true, childList: true, characterData: true });
		}, done);
		const t0 = Date.now();
		await input.setInputFiles([...batch]);
		await page.getByText(done).waitFor({ timeout: 600_000 });
		withTransferMs += Date.now() - t0;
		importMs += await page.evaluate(() => {
			const marks = window as unknown as { importStart: number; importEnd: number };
			return marks.importEnd - marks.importStart;
		});
	}
	return { importMs: Math.round(importMs), importWithTransferMs: withTransferMs };
}

/** A click on the nav's Dashboard link until the matrix is painted, and until the decisions are. */
function firstRender(page: Page) {
	return page.evaluate(
		() =>
			new Promise<{ matrix: number; decisions: number }>((resolve) => {
				// No named functions in here: tsx would wrap them in a __name helper the page does not have.
				const start = performance.now();
				const times = { matrix: 0, decisions: 0 };
				const observer = new MutationObserver(() => {
					if (!times.matrix) {
						const shown = [...document.querySelectorAll('[role=status]')].some((e) =>
							/^Showing \d+ attempt/.test(e.textContent?.trim() ?? '')
						);
						if (shown && document.querySelector('table.matrix tbody tr')) {
							times.matrix = -1;
							requestAnimationFrame(() => setTimeout(() => (times.matrix = performance.now() - start)));
						}
					}
					if (!times.decisions && document.querySelector('table.items caption')) {
						times.decisions = -1;
						observer.disconnect();
						requestAnimationFrame(() =>
							setTimeout(() => {
								times.decisions = performance.now() - start;
								const wait = setInterval(() => {
									if (times.matrix <= 0) return;
									clearInterval(wait);
									resolve(times);
								}, 5);
							})
						);
					}
				});
				observer.observe(document.body, { subtree: true, childList: true, characterData: true });
				document.querySelector<HTMLAnchorElement>('nav a[href*="/instructor/dashboard"]')!.click();
			})
	);
}

/** One more trainee's file through the import page, as an instructor brings in a late one; ends on its report. */
async function importOne(page: Page, file: ReturnType<typeof generateFiles>[number]) {
	await page.getByRole('link', { name: 'Import progress files' }).first().click();
	await page.getByLabel('Choose progress files (.json)').setInputFiles([file]);
	await page.getByText('1 of 1 file imported.').waitFor({ timeout: 600_000 });
}

/** A class filter change until the frame after it is painted. */
function filterChange(page: Page, index: number) {
	return page.evaluate(
		(i) =>
			new Promise<number>((resolve) => {
				const select = document.getElementById('filter-class') as HTMLSelectElement;
				const start = performance.now();
				select.selectedIndex = i;
				select.dispatchEvent(new Event('change', { bubbles: true }));
				requestAnimationFrame(() => setTimeout(() => resolve(performance.now() - start)));
			}),
		index
	);
}

async function measureScale(browser: Browser, baseUrl: string, attempts: number) {
	const trainees = attempts / PER_TRAINEE;
	note(`dashboard: generating ${attempts} attempts (${trainees} files)`);
	const files = generateFiles(trainees);
	// One per run at each rate: the file imported just before the dashboard is opened straight after it.
	const late = generateFiles(RUNS * RATES.length, 2, undefined, 'late');
	const context = await browser.newContext({ baseURL: baseUrl, serviceWorkers: 'block' });
	const page = await context.newPage();
	page.setDefaultTimeout(180_000);
	const cdp = await context.newCDPSession(page);
	await cdp.send('Performance.enable');
	try {
		note(`dashboard: importing ${attempts} attempts`);
		const imported = await importAll(page, files);
		const byRate: Record<string, object> = {};
		let shown: string | undefined;
		for (const rate of RATES) {
			await cdp.send('Emulation.setCPUThrottlingRate', { rate });
			const renders: number[] = [];
			const afterImport: number[] = [];
			const decisions: number[] = [];
			const filters: number[] = [];
			const heap: number[] = [];
			for (let run = 0; run < RUNS; run++) {
				note(`dashboard: ${attempts} attempts at ${rate}× CPU, run ${run + 1} of ${RUNS}`);
				// From another instructor page, as an instructor comes to it; the page is built anew each time.
				await page.getByRole('link', { name: 'Classes and trainees' }).first().click();
				await page.getByRole('heading', { name: 'Classes and trainees' }).first().waitFor();
				// Settled: its rows drawn and their attempt counts in ("…" until then). A roster still reading
				// every summary would be timed as the dashboard's.
				await page.waitForFunction(
					() =>
						document.querySelectorAll('tbody tr').length > 0 &&
						![...document.querySelectorAll('tbody td')].some((td) => td.textContent?.trim() === '…')
				);
				// A clean heap, so the peak below is what this render allocates, not the import's leftovers.
				await heapMb(cdp, true);
				const times = await firstRender(page);
				renders.push(times.matrix);
				decisions.push(times.decisions);
				heap.push(await heapMb(cdp));
				shown = (await page.getByText(/^Showing \d+ attempt/).textContent())?.trim();
				const classes = await page.getByLabel('Class', { exact: true }).locator('option').allTextContents();
				for (const label of ['Morning', 'Evening', 'All classes'])
					filters.push(await filterChange(page, classes.indexOf(label)));
				heap.push(await heapMb(cdp));
				// Straight after an import: the pack is out of date for the file's 25 attempts.
				await importOne(page, late[RATES.indexOf(rate) * RUNS + run]!);
				afterImport.push((await firstRender(page)).matrix);
			}
			byRate[`${rate}x`] = {
				firstRenderMs: over(renders),
				firstRenderAfterImportMs: over(afterImport),
				decisionsMs: over(decisions),
				filterChangeMs: over(filters),
				peakHeapMb: round(Math.max(...heap)),
				retainedHeapMb: round(await heapMb(cdp, true))
			};
		}
		await cdp.send('Emulation.setCPUThrottlingRate', { rate: 1 });
		return { attempts, trainees, shown, ...imported, ...byRate };
	} finally {
		await context.close();
	}
}

/**
 * Which /content/ files are fetched by the passcode page, by unlocking, by importing and by opening the
 * dashboard, with attempts at two scenarios only: scenario data waits for the unlock and stays within those.
 */
async function contentLoads(browser: Browser, baseUrl: string) {
	const { scenarios } = loadContent(readContentDir(root));
	const played = [scenarios.at(-1)!.id, scenarios.at(-2)!.id];
	const files = generateFiles(4, 2, played);
	const context = await browser.newContext({ baseURL: baseUrl, serviceWorkers: 'block' });
	const page = await context.newPage();
	page.setDefaultTimeout(60_000);
	const requested: string[] = [];
	page.on('request', (r) => {
		const path = new URL(r.url()).pathname;
		if (path.startsWith('/content/')) requested.push(path);
	});
	// What the page has asked for since the last call, once the network has been quiet a moment.
	const since = async () => {
		await page.waitForLoadState('networkidle');
		await page.waitForTimeout(300);
		return requested.splice(0);
	};
	try {
		await page.goto('/instructor/dashboard/');
		await page.getByLabel('New passcode').waitFor();
		const passcodePage = await since();
		await page.getByLabel('New passcode').fill(CODE);
		await page.getByLabel('Repeat the passcode').fill(CODE);
		await page.getByRole('button', { name: 'Save passcode and open' }).click();
		await page.getByText(/^Showing 0 attempt/).waitFor();
		const unlockedEmpty = await since();
		await page.getByRole('link', { name: 'Import progress files' }).first().click();
		await page.getByLabel('Choose progress files (.json)').setInputFiles(files);
		await page
			.getByText(`${files.length} of ${files.length} ${files.length === 1 ? 'file' : 'files'} imported.`)
			.waitFor();
		const importing = await since();
		await page.getByRole('link', { name: 'Dashboard' }).first().click();
		await page.locator('table.items caption').first().waitFor();
		const dashboard = await since();
		const allowed = new Set(['/content/index.json', ...played.map((id) => `/content/${id}.json`)]);
		const afterUnlock = [...unlockedEmpty, ...importing, ...dashboard];
		return {
			scenariosWithAttempts: played,
			passcodePage,
			unlockedEmpty,
			importing,
			dashboard,
			nothingBeforeUnlock: passcodePage.length === 0,
			onlyScenariosWithAttempts: afterUnlock.every((p) => allowed.has(p))
		};
	} finally {
		await context.close();
	}
}

type Scale = Awaited<ReturnType<typeof measureScale>> & Record<string, unknown>;
const medianOf = (scale: Scale, rate: string, figure: 'firstRenderMs' | 'filterChangeMs') =>
	(scale[rate] as Record<typeof figure, { median: number }>)[figure].median;

export async function dashboardBench(baseUrl: string): Promise<object> {
	const browser = await launchBrowser();
	try {
		note('dashboard: bytes of the passcode page against the library');
		const wire = await wireBytes(browser, baseUrl, ['/', '/instructor/dashboard/']);
		const library = wire['/']!.totalKB;
		const passcode = wire['/instructor/dashboard/']!.totalKB;
		note('dashboard: which scenario data loads, and when');
		// A failure here is reported, and the timings still run.
		const loads = await contentLoads(browser, baseUrl).catch((e: Error) => ({
			error: e.message,
			nothingBeforeUnlock: undefined,
			onlyScenariosWithAttempts: undefined
		}));
		note(`dashboard: ${JSON.stringify(loads)}`);
		const scales: Scale[] = [];
		for (const attempts of SCALES) {
			scales.push((await measureScale(browser, baseUrl, attempts)) as Scale);
			// Each scale as it is done, so a run cut short still says what it measured.
			note(`dashboard: ${JSON.stringify(scales.at(-1))}`);
		}
		const at = (attempts: number) => scales.find((s) => s.attempts === attempts);
		const held = (figure: 'firstRenderMs' | 'filterChangeMs', attempts: number, limit: number) =>
			Object.fromEntries(
				RATES.map((rate) => {
					const s = at(attempts);
					const value = s ? medianOf(s, `${rate}x`, figure) : undefined;
					return [
						`${rate}x`,
						value === undefined ? 'not measured' : { median: value, target: limit, met: value <= limit }
					];
				})
			);
		// Time ratio over size ratio between neighbouring scales: 1 is linear, above 1 superlinear.
		const growth = Object.fromEntries(
			RATES.map((rate) => [
				`${rate}x`,
				Object.fromEntries(
					scales.slice(1).map((s, i) => {
						const prev = scales[i]!;
						const ratio = (figure: 'firstRenderMs' | 'filterChangeMs') =>
							round(
								medianOf(s, `${rate}x`, figure) /
									medianOf(prev, `${rate}x`, figure) /
									(s.attempts / prev.attempts),
								2
							);
						return [
							`${prev.attempts}→${s.attempts}`,
							{ firstRender: ratio('firstRenderMs'), filterChange: ratio('filterChangeMs') }
						];
					})
				)
			])
		);
		// Linear growth: the median per 1,000 attempts stays flat from the smallest scale to the largest.
		const perThousand = Object.fromEntries(
			RATES.map((rate) => [
				`${rate}x`,
				Object.fromEntries(
					scales.map((s) => [
						s.attempts,
						{
							firstRenderMs: round((medianOf(s, `${rate}x`, 'firstRenderMs') / s.attempts) * 1000, 2),
							filterChangeMs: round((medianOf(s, `${rate}x`, 'filterChangeMs') / s.attempts) * 1000, 2)
						}
					])
				)
			])
		);
		return {
			targets: {
				firstRender5000: held('firstRenderMs', 5000, 500),
				firstRender50000: held('firstRenderMs', 50000, 1_500),
				filterChange5000: held('filterChangeMs', 5000, 100),
				filterChange50000: held('filterChangeMs', 50000, 300),
				passcodePageToLibrary: {
					ratio: round(passcode / library, 2),
					target: 1.5,
					met: passcode / library <= 1.5
				},
				contentAfterUnlockOnly: loads.nothingBeforeUnlock,
				contentOnlyForScenariosWithAttempts: loads.onlyScenariosWithAttempts
			},
			passcodePage: { ...wire['/instructor/dashboard/'], ratioToLibrary: round(passcode / library, 2) },
			libraryPage: wire['/'],
			contentLoads: loads,
			scales,
			perThousandAttempts: perThousand,
			growth
		};
	} finally {
		await browser.close();
	}
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
	if (!existsSync(join(root, 'build', 'index.html')))
		execSync('npm run build', { cwd: root, stdio: ['ignore', process.stderr, process.stderr] });
	const server = await startPreview(root, PORT);
	try {
		console.log(JSON.stringify(await dashboardBench(server.url), null, 2));
	} finally {
		server.stop();
	}
}
