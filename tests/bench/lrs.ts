// The class LRS, measured against a real one (xapi-statements on 127.0.0.1). Figures, not pass/fail:
// - pull: a class of 30 trainees × 15 scenarios (one attempt each, ~5,000 statements) read by the dashboard's
//   "Refresh from LRS": from the click until its report and the matrix are painted (target ≤ 2 s), and the
//   refresh after it, which reads only what is new (nothing);
// - outboxFlush: 500 statements waiting in a trainee's outbox, from "Retry sending" until "All results sent";
// - playFirstLoad: the gzip bytes a cold load of the play page fetches for a trainee in a class with an LRS and
//   for one in none; the difference is what LRS support adds, and only for the first.
// Run alone: `npx tsx tests/bench/lrs.ts` (builds if needed, serves on port 4319, the LRS on 4318).
import { execSync } from 'node:child_process';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { gzipSync } from 'node:zlib';
import type { Browser, Page } from '@playwright/test';
import { initialTransition, transition } from 'xstate';
import { loadContent } from '../../src/lib/content/load';
import { readContentDir } from '../../src/lib/content/read-dir';
import { compileScenario, currentNode, type LogEntry } from '../../src/lib/engine/compile';
import { attemptStatements, type Statement } from '../../src/lib/engine/xapi/statements';
import { uuidV5 } from '../../src/lib/engine/xapi/uuid';
import { basic, startLrs, type RunningLrs } from '../e2e/lrs-server';
import { launchBrowser, note, root, round, startPreview } from './shared';

const APP_PORT = 4319;
const LRS_PORT = 4318;
const CODE = 'bench-passcode';
const TRAINEES = 30;
const NS = '6f1c7a52-3f7e-4b1e-9a55-1d2b0c9e8f10';

function random(seed: number) {
	return () => {
		seed = (seed + 0x6d2b79f5) | 0;
		let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
		t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
		return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
	};
}

/** Every trainee plays every scenario once, leaning towards the model answer; the statements the app would send. */
function classStatements(origin: string, classId: string): Statement[] {
	const { scenarios, rubrics } = loadContent(readContentDir(root));
	const rand = random(7);
	const out: Statement[] = [];
	for (let t = 0; t < TRAINEES; t++) {
		for (const scenario of scenarios) {
			const machine = compileScenario(scenario);
			let [snapshot] = initialTransition(machine);
			const log: LogEntry[] = [];
			while (snapshot.status === 'active') {
				const choices = scenario.nodes[currentNode(snapshot)]!.choices;
				const pick =
					rand() < 0.55 ? choices.find((c) => c.best)! : choices[Math.floor(rand() * choices.length)]!;
				log.push({ type: 'choice.select', choice: pick.id });
				[snapshot] = transition(machine, snapshot, log.at(-1)!);
			}
			const id = uuidV5(`${t}/${scenario.id}`, NS);
			const start = Date.UTC(2026, 0, 5) + t * 3_600_000;
			out.push(
				...attemptStatements(
					{
						id,
						traineeId: uuidV5(`trainee-${t}`, NS),
						traineeName: `Trainee ${t + 1}`,
						scenarioId: scenario.id,
						contentVersion: scenario.version,
						mode: rand() < 0.5 ? 'practice' : 'assessment',
						log
					},
					{ scenario, rubrics: scenario.rubrics.map((r) => rubrics.get(r)!), machine },
					{ origin, classId, className: 'Bench class', language: 'en' },
					{ at: (entry) => start + entry * 20_000 }
				)
			);
		}
	}
	return out;
}

/** Seeds the LRS 100 at a time. A batch whose socket the LRS closed under it is sent again: ids make that safe. */
async function post(lrs: RunningLrs, statements: readonly Statement[]) {
	for (let i = 0; i < statements.length; i += 100) {
		for (let attempt = 1; ; attempt++) {
			try {
				const response = await fetch(`${lrs.endpoint}statements`, {
					method: 'POST',
					headers: {
						Authorization: basic('bench', 'bench'),
						'X-Experience-API-Version': '1.0.3',
						'Content-Type': 'application/json'
					},
					body: JSON.stringify(statements.slice(i, i + 100))
				});
				if (!response.ok) throw new Error(`seeding the LRS: ${response.status} ${await response.text()}`);
				break;
			} catch (error) {
				if (attempt >= 3 || !(error instanceof TypeError)) throw error;
				await new Promise((resolve) => setTimeout(resolve, 500));
			}
		}
	}
}

/**
 * The time from a click until a line matching `done` is in the DOM and the next frame is painted, read in the page,
 * with that line. Any other outcome of the refresh (the LRS refused, could not be reached) ends the wait too, and
 * so does a minute with neither, so a failing refresh is reported rather than waited on for ever.
 */
async function timeClick(page: Page, button: string, done: RegExp) {
	// tsx compiles with esbuild's keepNames, which wraps functions in __name(); the page needs it too.
	await page.evaluate('globalThis.__name ??= (fn) => fn;');
	const outcome = await page.evaluate(
		([button, done]) =>
			new Promise<{ ms: number; line: string } | { error: string }>((resolve) => {
				const pattern = new RegExp(done);
				const ended = /refused|could not/;
				const target = [...document.querySelectorAll('button')].find(
					(b) => b.textContent?.trim() === button
				)!;
				const selector = 'main p, main li';
				const before = new Set([...document.querySelectorAll(selector)].map((e) => e.textContent ?? ''));
				const timer = setTimeout(() => {
					observer.disconnect();
					const said = [...document.querySelectorAll(selector)].map((e) => e.textContent ?? '');
					resolve({ error: `no refresh line after 60 s; the page says: ${said.slice(-5).join(' | ')}` });
				}, 60_000);
				const observer = new MutationObserver(() => {
					const fresh = [...document.querySelectorAll(selector)]
						.map((e) => e.textContent ?? '')
						.filter((l) => !before.has(l));
					const line = fresh.find((l) => pattern.test(l)) ?? fresh.find((l) => ended.test(l));
					if (!line) return;
					observer.disconnect();
					clearTimeout(timer);
					requestAnimationFrame(() =>
						pattern.test(line) ? resolve({ ms: performance.now() - start, line }) : resolve({ error: line })
					);
				});
				observer.observe(document.body, { subtree: true, childList: true, characterData: true });
				const start = performance.now();
				target.click();
			}),
		[button, done.source] as const
	);
	if ('error' in outcome) throw new Error(`lrs bench: the refresh did not finish: ${outcome.error}`);
	return outcome;
}

async function instructorWithClass(browser: Browser, base: string, lrs: RunningLrs) {
	const context = await browser.newContext({ baseURL: base, serviceWorkers: 'block' });
	const page = await context.newPage();
	page.setDefaultTimeout(120_000);
	await page.goto('/instructor/');
	await page.getByLabel('New passcode').fill(CODE);
	await page.getByLabel('Repeat the passcode').fill(CODE);
	await page.getByRole('button', { name: 'Save passcode and open' }).click();
	await page.getByRole('link', { name: 'Classes and trainees' }).first().click();
	await page.getByLabel('Name of a new class').fill('Bench class');
	await page.getByRole('button', { name: 'Add class' }).click();
	await page.getByText('Class Bench class added.').waitFor();
	await page.getByRole('link', { name: 'Class LRS' }).click();
	const form = page.getByRole('region', { name: 'Bench class' });
	await form.getByLabel('xAPI endpoint').fill(lrs.endpoint);
	await form.getByLabel('Key', { exact: true }).fill('bench');
	await form.getByLabel('Secret', { exact: true }).fill('bench');
	await form.getByRole('button', { name: 'Save' }).click();
	const link = await form.getByRole('textbox', { name: 'Link' }).inputValue();
	const classId = new URLSearchParams(new URL(link).hash.slice(1)).get('class')!;
	return { context, page, link, classId };
}

async function pull(browser: Browser, base: string, lrs: RunningLrs) {
	const instructor = await instructorWithClass(browser, base, lrs);
	const statements = classStatements(new URL(base).origin, instructor.classId);
	note(`lrs: seeding ${statements.length} statements`);
	await post(lrs, statements);
	const { page } = instructor;
	await page.getByRole('link', { name: 'Dashboard' }).click();
	await page.getByRole('button', { name: 'Refresh from LRS' }).waitFor();
	note('lrs: pull and render');
	const first = await timeClick(page, 'Refresh from LRS', /read \d+ statements/);
	await page.locator('table.matrix tbody tr').first().waitFor();
	const shown = await page.getByText(/^Showing \d+ attempt/).textContent();
	const again = await timeClick(page, 'Refresh from LRS', /read \d+ statements/);
	await instructor.context.close();
	return {
		statements: statements.length,
		firstPullAndRenderMs: round(first.ms),
		firstReport: first.line,
		refreshNothingNewMs: round(again.ms),
		refreshReport: again.line,
		shown
	};
}

async function outboxFlush(browser: Browser, base: string, lrs: RunningLrs, count = 500) {
	const instructor = await instructorWithClass(browser, base, lrs);
	await instructor.context.close();
	const context = await browser.newContext({ baseURL: base, serviceWorkers: 'block' });
	const page = await context.newPage();
	page.setDefaultTimeout(120_000);
	await page.goto(instructor.link);
	await page.getByLabel('Your name').fill('Flush');
	await page.getByRole('button', { name: 'Save and start' }).click();
	await page.getByText('All results sent').waitFor();
	// 500 statements put straight into the outbox, as if queued offline: what a day without the LRS leaves.
	const statements = classStatements(new URL(base).origin, instructor.classId).slice(0, count);
	await page.evaluate(
		(statements) =>
			new Promise<void>((resolve, reject) => {
				// The outbox is in the progress database (schema version 8), which the profile page opened.
				const open = indexedDB.open('service-roleplay');
				open.onerror = () => reject(open.error);
				open.onsuccess = () => {
					const tx = open.result.transaction('outbox', 'readwrite');
					const store = tx.objectStore('outbox');
					for (const s of statements)
						store.add({
							id: s.id,
							attemptId: s.context.registration,
							pending: 1,
							statement: s,
							queuedAt: Date.now()
						});
					tx.oncomplete = () => {
						open.result.close();
						resolve();
					};
					tx.onerror = () => reject(tx.error);
				};
			}),
		statements
	);
	await page.addInitScript('globalThis.__name ??= (fn) => fn;');
	await page.reload();
	// The reload sends them on its own: the time is from the page starting until the outbox is empty.
	const flushMs = await page.evaluate(
		() =>
			new Promise<number>((resolve) => {
				const check = () => {
					if (document.body.textContent?.includes('All results sent')) resolve(performance.now());
					else requestAnimationFrame(check);
				};
				check();
			})
	);
	await context.close();
	return { statements: count, fromReloadToAllSentMs: round(flushMs) };
}

const gzipCache = new Map<string, number>();
function gzipOf(pathname: string) {
	const build = join(root, 'build');
	const file = [pathname, `${pathname}.html`, join(pathname, 'index.html')]
		.map((p) => join(build, p))
		.find((p) => existsSync(p) && statSync(p).isFile());
	if (!file) return 0;
	if (!gzipCache.has(file)) gzipCache.set(file, gzipSync(readFileSync(file), { level: 9 }).length);
	return gzipCache.get(file)!;
}

function isLrsCode(pathname: string) {
	const file = join(root, 'build', pathname);
	if (!pathname.endsWith('.js') || !existsSync(file)) return false;
	const text = readFileSync(file, 'utf8');
	// The client and sender; the outbox itself is a few hundred bytes of the store, which every trainee loads.
	return text.includes('X-Experience-API-Version');
}

async function playBytes(browser: Browser, base: string, inClass: boolean, link: string) {
	const context = await browser.newContext({ baseURL: base, serviceWorkers: 'block' });
	const page = await context.newPage();
	if (inClass) {
		await page.goto(link);
		await page.getByLabel('Your name').fill('Bytes');
		await page.getByRole('button', { name: 'Save and start' }).click();
	} else {
		await page.goto('/profile/');
		await page.getByLabel('Name of a new trainee').fill('Bytes');
		await page.getByLabel('Name of a new trainee').press('Enter');
	}
	await page.waitForLoadState('networkidle');
	// A cold load of play in a new page of the same profile: what this trainee's device fetches.
	const fresh = await context.newPage();
	const paths = new Set<string>();
	fresh.on('request', (r) => {
		const url = new URL(r.url());
		if (url.origin === new URL(base).origin) paths.add(url.pathname);
	});
	await page.close();
	await fresh.goto('/scenarios/rice-grit/play/', { waitUntil: 'networkidle' });
	await fresh.waitForTimeout(500);
	const bytes = [...paths].reduce((n, p) => n + gzipOf(decodeURIComponent(p)), 0);
	await context.close();
	return { bytes, paths };
}

export async function lrsBench(base: string) {
	const browser = await launchBrowser();
	let lrs = await startLrs({ port: LRS_PORT });
	try {
		const pulled = await pull(browser, base, lrs);
		await lrs.stop();
		lrs = await startLrs({ port: LRS_PORT });
		const flush = await outboxFlush(browser, base, lrs);
		const instructor = await instructorWithClass(browser, base, lrs);
		await instructor.context.close();
		const normal = await playBytes(browser, base, false, instructor.link);
		const inClass = await playBytes(browser, base, true, instructor.link);
		const added = [...inClass.paths].filter((p) => !normal.paths.has(p));
		// LRS code is known by what only it contains: the xAPI header, the outbox's database name.
		const lrsKB = (paths: Set<string>) =>
			round([...paths].filter(isLrsCode).reduce((n, p) => n + gzipOf(p), 0) / 1024);
		return {
			pull: pulled,
			outboxFlush: flush,
			playFirstLoad: {
				normalTraineeKB: round(normal.bytes / 1024),
				classTraineeKB: round(inClass.bytes / 1024),
				addedForClassTraineeKB: round(added.reduce((n, p) => n + gzipOf(p), 0) / 1024),
				lrsCodeForClassTraineeKB: lrsKB(inClass.paths),
				lrsCodeForNormalTraineeKB: lrsKB(normal.paths),
				addedRequests: added.length
			}
		};
	} finally {
		await lrs.stop();
		await browser.close();
	}
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
	if (!existsSync(join(root, 'build', 'index.html')))
		execSync('npm run build', { cwd: root, stdio: 'inherit' });
	const server = await startPreview(root, APP_PORT);
	try {
		console.log(JSON.stringify(await lrsBench(server.url), null, 2));
	} finally {
		server.stop();
	}
}
