// Journeys around a trainee's record in both languages: the library's progress, the history's outcomes and
// its delete, dates in the app's language, headings that read properly, upright Chinese, the mood's words.
import { expect, test, type Page } from '@playwright/test';
import { best, progressFile, worst, type AttemptSpec } from './progress-files';
import { content, pathBy, scenario } from './scenario-paths';

const riceGrit = scenario('rice-grit');
const lostChild = scenario('disney-lost-child');
const riceShopScenarios = content.scenarios.filter((s) => s.case === riceGrit.case).length;
const lastScenarios = content.scenarios.filter((s) => s.rubrics.includes('last')).length;
const loyalEnding = pathBy(riceGrit, best).ending;
const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** Hana's device: a loyal ending, a lost one, and an attempt left after its first reply (and any `more`). */
async function seed(page: Page, more: AttemptSpec[] = []) {
	await page.goto('/profile/');
	await page
		.getByLabel('Import a progress file (.json)')
		.setInputFiles(
			progressFile({ id: 'trainee-hana', name: 'Hana' }, [
				{ id: 'loyal-1', scenario: riceGrit, rule: best, day: 1 },
				{ id: 'lost-1', scenario: lostChild, rule: (c) => c.style === 'aggressive', day: 2 },
				{ id: 'open-1', scenario: riceGrit, rule: best, day: 3, finished: false },
				...more
			])
		);
	await expect(page.getByText(`Imported ${3 + more.length} attempts; skipped 0 already here.`)).toBeVisible();
	const active = page.getByText('Trainee: Hana');
	const switchTo = page.getByRole('button', { name: 'Switch to Hana' });
	await expect(active.or(switchTo)).toBeVisible();
	if (await switchTo.isVisible()) await switchTo.click();
	await expect(active).toBeVisible();
}

test('history tells a loyal ending from a lost one in words, with the rubrics’ short names', async ({
	page
}) => {
	await seed(page);
	await page.goto('/history/');
	const loyal = page
		.getByRole('row', { name: new RegExp(riceGrit.title.en) })
		.filter({ hasText: 'Open debrief' });
	const lost = page.getByRole('row', { name: new RegExp(lostChild.title.en) });
	await expect(loyal.getByRole('cell').nth(2)).toContainText('Loyal customer');
	await expect(loyal).toContainText(loyalEnding.title.en);
	await expect(lost.getByRole('cell').nth(2)).toContainText('Customer lost');
	await expect(lost).not.toContainText('Loyal customer');
	await expect(loyal).toContainText('Style: 100 · LAST: 100');

	await page.goto('/zh/history/');
	await expect(page.getByRole('row', { name: new RegExp(riceGrit.title.zh) }).first()).toBeVisible();
	await expect(page.getByRole('row', { name: new RegExp(lostChild.title.zh) })).toContainText('顾客流失');
	await expect(page.getByRole('row', { name: new RegExp(lostChild.title.zh) })).not.toContainText('忠实顾客');
});

/**
 * Every same-origin script the page requests from now on, and of those, which carry XState: its runtime names
 * its own events "xstate.init", "xstate.stop" and so on, strings that survive minifying. The cache is off, so a
 * module the seeding page already loaded is still requested, and seen.
 */
async function watchScripts(page: Page) {
	const cdp = await page.context().newCDPSession(page);
	await cdp.send('Network.enable');
	await cdp.send('Network.setCacheDisabled', { cacheDisabled: true });
	const paths: string[] = [];
	page.on('request', (r) => {
		const url = new URL(r.url());
		if (url.origin === new URL(page.url() || r.url()).origin) paths.push(url.pathname);
	});
	return {
		paths,
		scenarioFiles: () => paths.filter((p) => /^\/content\/(?!index\.json$)[^/]+\.json$/.test(p)),
		async withXState() {
			const scripts = [...new Set(paths.filter((p) => p.endsWith('.js')))];
			const bodies = await Promise.all(scripts.map(async (p) => (await page.request.get(p)).text()));
			return scripts.filter((_, i) => bodies[i]!.includes('xstate.init'));
		}
	};
}

test('history lists titles, endings and scores without the engine; a scenario loads only with its debrief', async ({
	page
}) => {
	const third = content.scenarios.find((s) => s.id !== riceGrit.id && s.id !== lostChild.id)!;
	await seed(page, [{ id: 'third-1', scenario: third, rule: worst, day: 4 }]);
	const watch = await watchScripts(page);
	await page.goto('/history/');

	// What a trainee reads: each finished attempt's title, its ending in words and its scores by short name.
	const loyal = page
		.getByRole('row', { name: new RegExp(escape(riceGrit.title.en)) })
		.filter({ hasText: 'Open debrief' });
	await expect(loyal).toContainText('Loyal customer');
	await expect(loyal).toContainText(loyalEnding.title.en);
	await expect(loyal).toContainText('Style: 100 · LAST: 100');
	const lost = page.getByRole('row', { name: new RegExp(escape(lostChild.title.en)) });
	await expect(lost).toContainText('Customer lost');
	await expect(lost).toContainText(pathBy(lostChild, (c) => c.style === 'aggressive').ending.title.en);
	await expect(lost).toContainText(/Style: \d+/);
	const thirdRow = page.getByRole('row', { name: new RegExp(escape(third.title.en)) });
	await expect(thirdRow).toContainText(pathBy(third, worst).ending.title.en);
	await expect(thirdRow).toContainText(/Style: \d+/);
	await expect(page.getByRole('row')).toHaveCount(5);

	// All of it from the one index: no scenario file and no XState, even once the page is idle.
	await page.waitForLoadState('networkidle');
	expect(watch.paths).toContain('/content/index.json');
	expect(watch.scenarioFiles()).toEqual([]);
	expect(await watch.withXState()).toEqual([]);

	// Opening a debrief fetches that one scenario, and the engine comes with it: the check above can fail.
	await loyal.getByRole('link', { name: `Open debrief: ${riceGrit.title.en}` }).click();
	await expect(page.getByRole('region', { name: 'Debrief' })).toBeVisible();
	expect(watch.scenarioFiles()).toEqual([`/content/${riceGrit.id}.json`]);
	expect(await watch.withXState()).not.toEqual([]);
});

test('an abandoned attempt can be deleted after a warning; a finished one cannot', async ({ page }) => {
	await seed(page);
	await page.goto('/history/');
	const open = page
		.getByRole('row', { name: new RegExp(riceGrit.title.en) })
		.filter({ hasText: 'In progress' });
	await expect(page.getByRole('row')).toHaveCount(4);
	// Finished attempts offer no delete.
	await expect(page.getByRole('button', { name: /Delete/ })).toHaveCount(1);

	// Dismissing the warning keeps it.
	let warning = '';
	page.once('dialog', (dialog) => {
		warning = dialog.message();
		void dialog.dismiss();
	});
	await open.getByRole('button', { name: /^Delete the unfinished attempt: / }).click();
	expect(warning).toContain(`Delete the unfinished attempt at “${riceGrit.title.en}”`);
	expect(warning).toContain('Finished attempts are not touched');
	await expect(page.getByRole('row')).toHaveCount(4);

	page.once('dialog', (dialog) => void dialog.accept());
	await open.getByRole('button', { name: /^Delete the unfinished attempt: / }).click();
	await expect(page.getByRole('status')).toHaveText(
		`The unfinished attempt at “${riceGrit.title.en}” was deleted.`
	);
	await expect(page.getByRole('row')).toHaveCount(3);

	// Gone from the store, not only from the list: a reload and the library agree.
	await page.reload();
	await expect(page.getByRole('row')).toHaveCount(3);
	await expect(page.getByRole('row').filter({ hasText: 'In progress' })).toHaveCount(0);
	await page.goto('/');
	const card = page
		.getByRole('article')
		.filter({ has: page.getByRole('heading', { name: riceGrit.title.en }) });
	await expect(card.getByRole('link', { name: /Resume/ })).toHaveCount(0);
});

test('dates are in the page’s language, not the browser’s', async ({ page }) => {
	await seed(page);
	await page.goto('/zh/history/');
	const row = page.getByRole('row', { name: new RegExp(lostChild.title.zh) });
	await expect(row).toContainText(/2025年3月2日/);
	await expect(row).not.toContainText(/Mar/);
	await page.goto('/history/');
	await expect(page.getByRole('row', { name: new RegExp(lostChild.title.en) })).toContainText(/Mar 2, 2025/);
});

test('the library counts what is done: overall, by case and by rubric, in both languages', async ({
	page
}) => {
	await seed(page);
	await page.goto('/');
	const progress = page.getByRole('region', { name: 'Your progress' });
	// Two scenarios reached an ending; the open attempt is not done.
	await expect(progress).toContainText(`2 of ${content.scenarios.length} done`);
	await expect(progress.getByRole('progressbar')).toHaveAttribute('value', '2');
	await progress.getByText('By case and by rubric').click();
	const byCase = progress.getByRole('region', { name: 'By case' });
	await expect(
		byCase.getByRole('listitem').filter({ hasText: content.cases.get(riceGrit.case)!.title.en })
	).toContainText(`1 of ${riceShopScenarios} done`);
	const byRubric = progress.getByRole('region', { name: 'By rubric' });
	await expect(byRubric.getByRole('listitem').filter({ hasText: /^LAST/ })).toContainText(
		`1 of ${lastScenarios} done`
	);
	await expect(byRubric.getByRole('listitem').filter({ hasText: /^Style/ })).toContainText(
		`2 of ${content.scenarios.length} done`
	);
	const card = page
		.getByRole('article')
		.filter({ has: page.getByRole('heading', { name: riceGrit.title.en }) });
	await expect(card.getByText('✓ Done')).toBeVisible();

	await page.goto('/zh/');
	await expect(page.getByRole('region', { name: '你的进度' })).toContainText(
		`已完成 2 个，共 ${content.scenarios.length} 个`
	);
});

test('the library keeps still as the app starts: nothing moves once drawn, named or not', async ({
	page
}) => {
	// Layout shifts (not caused by input) from the first paint on, as the browser counts them for CLS.
	await page.addInitScript(() => {
		const w = window as unknown as { shifts: number[] };
		w.shifts = [];
		new PerformanceObserver((list) => {
			for (const entry of list.getEntries() as (PerformanceEntry & {
				value: number;
				hadRecentInput: boolean;
			})[])
				if (!entry.hadRecentInput) w.shifts.push(entry.value);
		}).observe({ type: 'layout-shift', buffered: true });
	});
	const shifts = () => page.evaluate(() => (window as unknown as { shifts: number[] }).shifts);
	const openLibrary = async () => {
		await page.goto('/');
		await expect(page.getByRole('status').filter({ hasText: 'scenarios' })).toBeVisible();
	};

	// No one named yet: no progress panel, before the app has started or after.
	await openLibrary();
	await expect(page.getByRole('region', { name: 'Your progress' })).toHaveCount(0);
	expect(await shifts()).toEqual([]);

	await seed(page);
	await openLibrary();
	await expect(page.getByRole('region', { name: 'Your progress' })).toContainText('2 of');
	expect(await shifts()).toEqual([]);
});

test('headings read properly: no doubled colons in the ending, the debrief or the case reading', async ({
	page
}) => {
	await seed(page);
	for (const [prefix, locale] of [
		['', 'en'],
		['/zh', 'zh']
	] as const) {
		await page.goto(`${prefix}/history/?attempt=lost-1`);
		const lost = Object.values(lostChild.endings).find((e) => e.outcome === 'lost')!;
		await expect(
			page.getByRole('heading', { level: 2, name: new RegExp(escape(lost.title[locale])) })
		).toBeVisible();
		await page.goto(`${prefix}/scenarios/${lostChild.id}/`);
		await expect(page.getByRole('heading', { level: 1, name: lostChild.title[locale] })).toBeVisible();
		for (const path of [`${prefix}/history/?attempt=lost-1`, `${prefix}/scenarios/${lostChild.id}/`]) {
			await page.goto(path);
			await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
			// The debrief's part loads after the page: its headings come a moment later.
			await expect.poll(() => page.getByRole('heading').count()).toBeGreaterThan(2);
			const headings = await page.getByRole('heading').allInnerTexts();
			for (const heading of headings) expect(heading, `${path}: ${heading}`).not.toMatch(/[:：][^:：]*[:：]/);
		}
	}
});

test('Chinese is set upright: nothing on the debrief, the case or the print pages is in italics', async ({
	page
}) => {
	await seed(page);
	for (const path of [
		'/zh/history/?attempt=lost-1',
		`/zh/scenarios/${lostChild.id}/`,
		`/zh/classroom/print/${lostChild.id}/`
	]) {
		await page.goto(path);
		await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
		const slanted = await page.evaluate(() =>
			[...document.querySelectorAll('body *')]
				.filter((el) => getComputedStyle(el).fontStyle !== 'normal' && (el.textContent ?? '').trim())
				.map((el) => `${el.tagName} ${(el.textContent ?? '').trim().slice(0, 20)}`)
		);
		expect(slanted, path).toEqual([]);
	}
});

test('the mood badge starts on the customer’s own word, and its colour follows the mood', async ({
	page
}) => {
	await page.goto(`/scenarios/${lostChild.id}/`);
	const persona = page.getByRole('complementary');
	await expect(persona.getByText('Mood: frightened')).toBeVisible();
	await page.goto(`/zh/scenarios/${lostChild.id}/`);
	await expect(page.getByRole('complementary').getByText('情绪：害怕')).toBeVisible();
	// A persona with no word of its own keeps the scale's word.
	await page.goto(`/scenarios/${riceGrit.id}/`);
	await expect(page.getByRole('complementary').getByText('Mood: angry')).toBeVisible();

	// Played to its best ending the customer is delighted: no cell of the scale is drawn in the alarm colour.
	await page.goto(`/scenarios/${riceGrit.id}/play/?mode=practice`);
	await page.getByLabel('Your name').fill('Kai');
	await page.getByRole('button', { name: 'Save and start' }).click();
	const cells = () =>
		page
			.locator('p.mood')
			.first()
			.evaluate((badge) => {
				const styles = [...badge.querySelectorAll('.dot.on')].map((d) => getComputedStyle(d).backgroundColor);
				return { text: badge.textContent?.trim(), styles };
			});
	const start = await cells();
	expect(start.text).toBe('Mood: angry');
	expect(new Set(start.styles)).toEqual(new Set(['rgb(161, 42, 42)']));
	for (const { choice } of pathBy(riceGrit, best).picks)
		await page.getByRole('button', { name: choice.text.en }).click();
	// The loyal ending is reached only at the top of the scale (moodAtLeast: 3).
	await expect(page.locator('p.mood').first()).toHaveText('Mood: delighted');
	const end = await cells();
	expect(end.styles.length).toBe(3);
	expect(new Set(end.styles)).toEqual(new Set(['rgb(30, 107, 58)']));
});
