// The play page in Chromium: a tap to the next line on a phone, and resuming after a reload (the first answered
// choice, choices and saves are timed from real input in interaction.ts). The trainee is created through the UI
// first, as a returning trainee has one.
import type { Browser, BrowserContext, Page } from '@playwright/test';
import { installProbes, type BenchWindow, type ReadyWhen } from './probes';
import { median, round, spread } from './shared';
import { pathBy, scenario } from '../e2e/scenario-paths';
import en from '../../src/lib/i18n/messages/en.json' with { type: 'json' };
import zh from '../../src/lib/i18n/messages/zh.json' with { type: 'json' };

export const PLAY_ROUTE = '/scenarios/rice-grit/play/?mode=practice';
const FIRST_CHOICE: ReadyWhen = { button: '[aria-keyshortcuts="1"]' };
const MODEL_ANSWERS = pathBy(scenario('rice-grit'), (c) => c.best).picks.map((p) => p.choice.text.en);

/** Waits for a figure of the page's probes (see BenchState) and returns it. */
const figure = (page: Page, name: 'readyAt') =>
	page
		.waitForFunction((key) => (window as unknown as BenchWindow).__bench?.[key], name, {
			timeout: 30_000
		})
		.then((handle) => handle.jsonValue() as Promise<number>);
const readyAt = (page: Page) => figure(page, 'readyAt');

/** The name form the play page shows until a trainee exists, in the page's language. */
export async function createTrainee(page: Page) {
	const text = new URL(page.url()).pathname.split('/').includes('zh') ? zh : en;
	await page.getByLabel(text.trainee_name_label).fill('Bench Trainee');
	await page.getByRole('button', { name: text.trainee_name_save }).click();
	// Not a choice: a reply clicked early (clickWhenReady) is played under the name, and replies are shuffled,
	// so it may be one that ends the scenario.
	await page
		.getByText(text.trainee_label.replace('{name}', 'Bench Trainee'))
		.first()
		.waitFor({ state: 'attached' });
}

/** Drops any service worker of the page's origin. */
async function unregisterServiceWorkers(page: Page) {
	await page.evaluate(async () => {
		for (const registration of (await navigator.serviceWorker?.getRegistrations()) ?? [])
			await registration.unregister();
	});
}

/** Empties the HTTP cache and keeps it off for this page's loads. */
async function disableCache(context: BrowserContext, page: Page) {
	const cdp = await context.newCDPSession(page);
	await cdp.send('Network.enable');
	await cdp.send('Network.clearBrowserCache');
	await cdp.send('Network.setCacheDisabled', { cacheDisabled: true });
}

/**
 * Three choices into a practice attempt, a reload: ms until the three staff replies show and the next
 * choices are enabled. Measured with the HTTP cache as the browser left it (warm), then cleared (cold).
 */
export async function resumeAfterReload(browser: Browser, base: string, runs = 5) {
	const ready: ReadyWhen = { ...FIRST_CHOICE, staffReplies: 3 };
	const warm: number[] = [];
	const cold: number[] = [];
	for (let i = 0; i < runs; i++) {
		const context = await browser.newContext();
		try {
			await installProbes(context, ready);
			const page = await context.newPage();
			await page.goto(`${base}${PLAY_ROUTE}`);
			await createTrainee(page);
			// The model answers, wherever the shuffle put them: three choices in, the attempt is still going.
			for (let turn = 1; turn <= 3; turn++) {
				await page.getByRole('button', { name: MODEL_ANSWERS[turn - 1]! }).click();
				await page
					.locator('[role="log"] li.staff')
					.nth(turn - 1)
					.waitFor();
			}
			await page.waitForURL(/[?&]attempt=/);
			await page.waitForFunction(() => {
				const bench = (window as unknown as BenchWindow).__bench;
				return bench.saves.length >= 3 && bench.pendingSaves === 0;
			});
			await page.reload({ waitUntil: 'commit' });
			warm.push(await readyAt(page));
			await page.getByText('Welcome back: you are where you left off.').waitFor();
			await unregisterServiceWorkers(page);
			await disableCache(context, page);
			await page.reload({ waitUntil: 'commit' });
			cold.push(await readyAt(page));
		} finally {
			await context.close();
		}
	}
	return {
		runs,
		warmCache: { medianMs: round(median(warm)), runsMs: warm.map((n) => round(n)) },
		coldCache: { medianMs: round(median(cold)), runsMs: cold.map((n) => round(n)) },
		targetMs: 300
	};
}

/**
 * On a phone at 4× CPU slowdown (CDP Emulation.setCPUThrottlingRate): ms from a tap on a reply (its pointerdown)
 * to the frame painted after the next conversation line is in the DOM, over `count` choices, "Try again" at
 * each ending.
 */
export async function tapToLine(browser: Browser, base: string, count = 50) {
	const context = await browser.newContext({ viewport: { width: 390, height: 844 }, hasTouch: true });
	try {
		await installProbes(context, FIRST_CHOICE);
		const page = await context.newPage();
		await page.goto(`${base}${PLAY_ROUTE}`);
		await createTrainee(page);
		const cdp = await context.newCDPSession(page);
		await cdp.send('Emulation.setCPUThrottlingRate', { rate: 4 });
		const first = page.locator('[aria-keyshortcuts="1"]');
		const times: number[] = [];
		while (times.length < count) {
			if (!(await first.count())) {
				await page.getByRole('button', { name: 'Try again' }).tap();
				await first.waitFor();
				continue;
			}
			await page.waitForFunction(
				() => !document.querySelector<HTMLButtonElement>('[aria-keyshortcuts="1"]')?.disabled
			);
			await first.scrollIntoViewIfNeeded();
			const box = (await first.boundingBox())!;
			const painted = page.evaluate(
				() =>
					new Promise<number>((resolve) => {
						const log = document.querySelector('[role="log"]')!;
						// A long attempt keeps only its newest lines on the page: a new line is a new last item.
						const newest = () => log.querySelector('ol > li:last-child');
						const before = newest();
						let tappedAt = 0;
						addEventListener('pointerdown', (e) => (tappedAt = e.timeStamp), { once: true, capture: true });
						const observer = new MutationObserver(() => {
							if (newest() === before) return;
							observer.disconnect();
							requestAnimationFrame(() => setTimeout(() => resolve(performance.now() - tappedAt), 0));
						});
						observer.observe(log, { childList: true, subtree: true });
					})
			);
			await page.touchscreen.tap(box.x + box.width / 2, box.y + Math.min(box.height / 2, 20));
			times.push(await painted);
			// As a trainee reads: the next tap is no double tap, and the turn is saved meanwhile.
			await page.waitForTimeout(350);
		}
		return { ...spread(times), cpuSlowdown: 4, viewport: '390×844' };
	} finally {
		await context.close();
	}
}
