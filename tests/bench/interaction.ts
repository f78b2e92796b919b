// What a trainee feels on play, timed from real input (CDP mouse and key events, as a person's) to after the
// frame that shows the answer is painted, with Event Timing beside it:
// - firstAnswered: a click on the first reply the moment it can be clicked on a cold load, until the customer's
//   answer is painted, against the same on an empty SvelteKit page (the yardstick);
// - choices: key "1" at each decision, input → next line painted, Event Timing's duration, and input → the
//   turn's transaction committed;
// - flatness: the same over a 300-decision scenario, the first 50 choices against the last 50.
// Each figure runs `runs` times at each CPU rate (CDP Emulation.setCPUThrottlingRate) and reports min/median/max.
import type { Browser, BrowserContext, Page } from '@playwright/test';
import { installProbes, type BenchWindow } from './probes';
import { createTrainee } from './play';
import { median, percentile, round } from './shared';

const FIRST = '[aria-keyshortcuts="1"]';

export interface Timing {
	/** Event Timing entries of real interactions (interactionId > 0), 16 ms and longer (the API's floor). */
	events: { name: string; id: number; start: number; duration: number }[];
	/** Each keydown or pointerdown, by its event timestamp (the input's own time). */
	inputs: number[];
	/** When `answered` first held, and the end of the frame that painted it. */
	answeredAt?: number;
	/** Each time the conversation log grew: how many lines, and when that was painted. */
	lines: { count: number; paintedAt: number }[];
	/** When the first reply button was first enabled and painted. */
	enabledAt?: number;
}
type TimingWindow = Window & { __timing: Timing; __name?: unknown };

/** The page side, as a string so Playwright runs it before the page's own scripts. */
function timingProbe(answered: string, enabled: string) {
	const timing: Timing = { events: [], inputs: [], lines: [] };
	(window as unknown as TimingWindow).__timing = timing;
	const afterPaint = (fn: () => void) => requestAnimationFrame(() => setTimeout(fn, 0));
	new PerformanceObserver((list) => {
		// interactionId is newer than TypeScript's DOM types.
		for (const e of list.getEntries() as (PerformanceEventTiming & { interactionId?: number })[])
			if (e.interactionId)
				timing.events.push({ name: e.name, id: e.interactionId, start: e.startTime, duration: e.duration });
	}).observe({ type: 'event', buffered: true, durationThreshold: 16 } as PerformanceObserverInit);
	for (const type of ['keydown', 'pointerdown'])
		addEventListener(type, (e) => timing.inputs.push(e.timeStamp), { capture: true });
	// A long attempt keeps only its newest lines on the page, so a new line is a new last item, not a higher count.
	let newest: Element | null = null;
	new MutationObserver(() => {
		const last = document.querySelector('[role="log"] ol > li:last-child');
		if (last && last !== newest) {
			newest = last;
			const count = document.querySelectorAll('[role="log"] li').length;
			afterPaint(() => timing.lines.push({ count, paintedAt: performance.now() }));
		}
		// Painted, not merely in the page: the early answers are prerendered hidden. Asked until the first answer
		// only: checkVisibility works out style and layout, which would be the bench's cost inside every choice.
		if (
			timing.answeredAt === undefined &&
			[...document.querySelectorAll(answered)].some((e) => e.checkVisibility())
		) {
			timing.answeredAt = -1;
			afterPaint(() => (timing.answeredAt = performance.now()));
		}
		const button = document.querySelector<HTMLButtonElement>(enabled);
		if (timing.enabledAt === undefined && button && !button.disabled) {
			timing.enabledAt = -1;
			afterPaint(() => {
				timing.enabledAt = performance.now();
				// Where a person would click, the moment they can: the bench's binding clicks there through CDP.
				const box = button.getBoundingClientRect();
				const click = (window as unknown as { __benchClickAt?: (x: number, y: number) => void })
					.__benchClickAt;
				click?.(box.x + box.width / 2, box.y + box.height / 2);
			});
		}
	}).observe(document, { subtree: true, childList: true, attributes: true, characterData: true });
}

export async function installTiming(context: BrowserContext, answered: string, enabled: string) {
	await context.addInitScript({
		content: `globalThis.__name ??= (fn) => fn;\n(${timingProbe.toString()})(${JSON.stringify(answered)}, ${JSON.stringify(enabled)});`
	});
}

const timing = (page: Page) => page.evaluate(() => (window as unknown as TimingWindow).__timing);

async function throttle(context: BrowserContext, page: Page, rate: number) {
	const cdp = await context.newCDPSession(page);
	await cdp.send('Emulation.setCPUThrottlingRate', { rate });
	return cdp;
}

/** min / median / max of per-run figures. */
export const over = (values: number[], digits = 1) => ({
	runs: values.length,
	min: round(Math.min(...values), digits),
	median: round(median(values), digits),
	max: round(Math.max(...values), digits)
});

/**
 * One cold load of `url` at `rate`× CPU, clicking `clickable` through a real CDP mouse event the first frame it
 * is painted enabled. Returns ms from navigation to the answer painted, to the button first
 * shown enabled, and from the click's own timestamp to the answer.
 */
async function coldClick(
	browser: Browser,
	url: string,
	rate: number,
	selectors: { clickable: string; answered: string },
	prepare?: (page: Page) => Promise<void>
) {
	const context = await browser.newContext({ serviceWorkers: 'block' });
	try {
		if (prepare) {
			const first = await context.newPage();
			await first.goto(url);
			await prepare(first);
			await first.close();
		}
		await installTiming(context, selectors.answered, selectors.clickable);
		const page = await context.newPage();
		const cdp = await throttle(context, page, rate);
		// A real mouse click (CDP Input) at the button the first frame it is painted enabled, as a person who
		// has been waiting for it clicks: not Playwright's click, whose own checks wait for an idle page.
		let clicked!: () => void;
		const click = new Promise<void>((resolve) => (clicked = resolve));
		await page.exposeFunction('__benchClickAt', async (x: number, y: number) => {
			for (const type of ['mousePressed', 'mouseReleased'] as const)
				await cdp.send('Input.dispatchMouseEvent', { type, x, y, button: 'left', clickCount: 1 });
			clicked();
		});
		await cdp.send('Network.enable');
		await cdp.send('Network.clearBrowserCache');
		await cdp.send('Network.setCacheDisabled', { cacheDisabled: true });
		await page.goto(url, { waitUntil: 'commit' });
		await Promise.race([
			click,
			new Promise((_, reject) =>
				setTimeout(() => reject(new Error(`${url}: no enabled button in 30 s`)), 30_000)
			)
		]);
		await page.waitForFunction(
			() => ((window as unknown as TimingWindow).__timing.answeredAt ?? -1) > 0,
			null,
			{
				timeout: 30_000
			}
		);
		const t = await timing(page);
		return {
			answered: t.answeredAt!,
			enabled: t.enabledAt && t.enabledAt > 0 ? t.enabledAt : NaN,
			afterClick: t.answeredAt! - (t.inputs[0] ?? NaN)
		};
	} finally {
		await context.close();
	}
}

/** The first answered choice on play against the empty page's hydration, interleaved run by run. */
export async function firstAnswered(
	browser: Browser,
	playUrl: string,
	yardstickUrl: string,
	rate: number,
	runs = 5
) {
	const app: Awaited<ReturnType<typeof coldClick>>[] = [];
	const empty: Awaited<ReturnType<typeof coldClick>>[] = [];
	for (let i = 0; i < runs; i++) {
		app.push(
			await coldClick(
				browser,
				playUrl,
				rate,
				{ clickable: FIRST, answered: '[role="log"] li.staff' },
				createTrainee
			)
		);
		empty.push(
			await coldClick(browser, yardstickUrl, rate, { clickable: 'button', answered: '[data-answered]' })
		);
	}
	const emptyHydrated = median(empty.map((e) => e.enabled));
	return {
		cpuSlowdown: rate,
		clickAnsweredMs: over(app.map((a) => a.answered)),
		emptyPageHydratedMs: over(empty.map((e) => e.enabled)),
		// The headline: a click at the first moment, answered, against the empty page merely hydrated.
		ratio: round(median(app.map((a) => a.answered)) / emptyHydrated, 2),
		targetRatio: rate === 1 ? 1.3 : 1.5,
		answeredAfterClickMs: over(app.map((a) => a.afterClick)),
		emptyPageClickAnsweredMs: over(empty.map((e) => e.answered)),
		// Second line: the reply first shown enabled (by app.html's script) against the same on the empty page.
		buttonsEnabledRatio: round(median(app.map((a) => a.enabled)) / emptyHydrated, 2)
	};
}

export interface ChoiceRun {
	/** Key press → the next line painted, per choice. */
	toPaint: number[];
	/** Event Timing's duration of each key press's interaction (only those of 16 ms and more are reported). */
	eventDurations: number[];
	/** Key press → the turn's IndexedDB transaction committed, per choice. */
	toSaved: number[];
}

/**
 * Plays `count` choices by pressing "1" on `url` (a trainee already made), "Try again" at each ending. Between
 * choices it waits for the replies to open again, as the choice gate makes a person wait.
 */
export async function pressThrough(page: Page, count: number): Promise<ChoiceRun> {
	const run: ChoiceRun = { toPaint: [], eventDurations: [], toSaved: [] };
	const first = page.locator(FIRST);
	while (run.toPaint.length < count) {
		if (!(await first.count())) {
			await page.getByRole('button', { name: /^(Try again|再试一次)$/ }).click();
			await first.waitFor();
			continue;
		}
		await page.waitForFunction((sel) => !document.querySelector<HTMLButtonElement>(sel)?.disabled, FIRST);
		// Counts only: the whole record grows with every choice, and copying it out of the page each time made
		// garbage that the page then collected inside later choices.
		const [lines, saves] = await page.evaluate(() => [
			(window as unknown as TimingWindow).__timing.lines.length,
			(window as unknown as BenchWindow).__bench.savedAt.length
		]);
		await page.keyboard.press('1');
		await page.waitForFunction(
			([lines, saved]) => {
				const t = (window as unknown as TimingWindow).__timing;
				const b = (window as unknown as BenchWindow).__bench;
				return t.lines.length > lines && b.savedAt.length > saved && b.pendingSaves === 0;
			},
			[lines!, saves!] as const
		);
		// Event Timing reports after the frame: give it one more.
		await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => setTimeout(r, 0))));
		const after = await page.evaluate(
			([line, saved]) => {
				const t = (window as unknown as TimingWindow).__timing;
				const pressedAt = t.inputs.at(-1)!;
				return {
					pressedAt,
					paintedAt: t.lines[line]!.paintedAt,
					savedAt: (window as unknown as BenchWindow).__bench.savedAt[saved]!,
					events: t.events.filter((e) => e.start >= pressedAt - 1)
				};
			},
			[lines!, saves!] as const
		);
		const pressedAt = after.pressedAt;
		run.toPaint.push(after.paintedAt - pressedAt);
		run.toSaved.push(after.savedAt - pressedAt);
		const events = after.events;
		const ids = new Set(events.map((e) => e.id));
		for (const id of ids)
			run.eventDurations.push(Math.max(...events.filter((e) => e.id === id).map((e) => e.duration)));
	}
	return run;
}

/** `count` choices by key in a fresh context at `rate`× CPU, a trainee made first. */
async function playedRun(browser: Browser, url: string, rate: number, count: number): Promise<ChoiceRun> {
	const context = await browser.newContext({ serviceWorkers: 'block' });
	try {
		await installProbes(context, { button: FIRST });
		await installTiming(context, '[role="log"] li.staff', FIRST);
		const page = await context.newPage();
		await page.goto(url);
		await createTrainee(page);
		await throttle(context, page, rate);
		return await pressThrough(page, count);
	} finally {
		await context.close();
	}
}

/**
 * Choice → paint, INP-like and save figures at `rate`× CPU in one language: `runs` fresh contexts of `count`
 * choices each. INP-like is, per run, the p98 of each interaction's worst of Event Timing and input → paint.
 */
export async function choices(
	browser: Browser,
	base: string,
	route: string,
	rate: number,
	runs = 5,
	count = 30
) {
	const perRun: { p95Paint: number; inpLike: number; p95Saved: number; events: number }[] = [];
	for (let i = 0; i < runs; i++) {
		const run = await playedRun(browser, `${base}${route}`, rate, count);
		const interactions = run.toPaint.map((paint, k) => Math.max(paint, run.eventDurations[k] ?? 0));
		perRun.push({
			p95Paint: percentile(run.toPaint, 95),
			inpLike: percentile(interactions, 98),
			p95Saved: percentile(run.toSaved, 95),
			events: run.eventDurations.length
		});
	}
	return {
		cpuSlowdown: rate,
		choicesPerRun: count,
		choiceToPaintP95Ms: over(perRun.map((r) => r.p95Paint)),
		inpLikeMs: over(perRun.map((r) => r.inpLike)),
		clickToSavedP95Ms: over(perRun.map((r) => r.p95Saved)),
		eventTimingEntries: perRun.map((r) => r.events)
	};
}

/** The 300-decision scenario at `rate`× CPU: median input → paint of the first 50 choices and of the last 50. */
export async function flatness(browser: Browser, base: string, route: string, rate: number, runs = 5) {
	const ratios: number[] = [];
	const firsts: number[] = [];
	const lasts: number[] = [];
	for (let i = 0; i < runs; i++) {
		const run = await playedRun(browser, `${base}${route}`, rate, 300);
		const first = median(run.toPaint.slice(0, 50));
		const last = median(run.toPaint.slice(-50));
		firsts.push(first);
		lasts.push(last);
		ratios.push(last / first);
	}
	return {
		cpuSlowdown: rate,
		decisions: 300,
		first50MedianMs: over(firsts),
		last50MedianMs: over(lasts),
		lastOverFirst: over(ratios, 2),
		target: 1.2
	};
}
