// Journey: the built app on a plain static host (tests/static-server.ts, run by playwright.static.config.ts),
// which answers a URL with its file or a 404 and never redirects. Every link the app makes, the language
// switch, the remembered language and a reload of the play page must work there, at the root of the host
// and in a folder of it (a sub-path), in both languages.
import { readFileSync } from 'node:fs';
import { expect, test, type Page } from '@playwright/test';
import { pathBy, scenario } from './scenario-paths';

const messages = (locale: string): Record<string, string> =>
	JSON.parse(readFileSync(new URL(`../../src/lib/i18n/messages/${locale}.json`, import.meta.url), 'utf8'));
const en = messages('en');
const zh = messages('zh');
const riceGrit = scenario('rice-grit');
const best = pathBy(riceGrit, (c) => c.best).picks;

/** Every response the host could not answer: a missing script, page or data file breaks the app. */
function watchFailures(page: Page): string[] {
	const failures: string[] = [];
	page.on('response', (r) => {
		if (r.status() >= 400) failures.push(`${r.status()} ${r.url()}`);
	});
	// A request the browser gave up as the page moved on (a preload, say) was not refused by the host.
	page.on('requestfailed', (r) => {
		if (r.failure()?.errorText !== 'net::ERR_ABORTED') failures.push(`failed ${r.url()}`);
	});
	page.on('pageerror', (e) => failures.push(`error ${e.message}`));
	return failures;
}

/** Opens rice-grit from the library, starts practice, plays two turns, reloads and finds them again. */
async function playTwoTurnsAndReload(page: Page, root: string, locale: 'en' | 'zh', named: boolean) {
	const text = locale === 'zh' ? zh : en;
	await page.getByRole('link', { name: riceGrit.title[locale], exact: true }).click();
	await expect(page).toHaveURL(`${root}scenarios/rice-grit/`);
	await expect(page.getByRole('heading', { level: 1, name: riceGrit.title[locale] })).toBeVisible();
	await page.getByRole('link', { name: text.play_start!.replace('{mode}', text.mode_practice!) }).click();
	await expect(page).toHaveURL(new RegExp(`^[^?]*${root}scenarios/rice-grit/play/\\?mode=practice`));
	// The first play in this browser asks for a name once the app has started (the prerendered page cannot know).
	if (!named) {
		await page.getByLabel(text.trainee_name_label!).fill('Mei');
		await page.getByRole('button', { name: text.trainee_name_save }).click();
	}
	// The second reply opens a moment after the first answer is painted; the click waits for it.
	await page.getByRole('button', { name: best[0]!.choice.text[locale] }).click();
	await page.getByRole('button', { name: best[1]!.choice.text[locale] }).click();
	await expect(page).toHaveURL(/attempt=/);
	// The customer has answered and the next replies are open: the turn is played (and saved) as a person sees it.
	await expect(page.getByRole('button', { name: best[2]!.choice.text[locale] })).toBeEnabled();

	await page.reload();
	const chat = page.getByRole('log', { name: text.play_conversation });
	await expect(chat.getByText(best[0]!.choice.text[locale])).toBeVisible();
	await expect(chat.getByText(best[1]!.choice.text[locale])).toBeVisible();
	await expect(page.locator('html')).toHaveAttribute('lang', locale);
}

for (const [where, root] of [
	['at the root of the host', '/'],
	['in a folder of the host', '/training/']
] as const) {
	test(`${where}: the language switch, a scenario, two turns and a reload, in Chinese and in English`, async ({
		page,
		baseURL
	}) => {
		const failures = watchFailures(page);
		const origin = new URL(baseURL!).origin;
		await page.goto(root);
		await expect(page.getByRole('heading', { level: 1, name: en.home_heading })).toBeVisible();

		// The switch leads to the Chinese tree's folder, whose index.html the host serves as it is.
		await page
			.getByRole('navigation', { name: en.language_switch })
			.getByRole('link', { name: '中文' })
			.click();
		await expect(page).toHaveURL(`${origin}${root}zh/`);
		await expect(page.locator('html')).toHaveAttribute('lang', 'zh');
		await expect(page.getByRole('heading', { level: 1, name: zh.home_heading })).toBeVisible();
		await playTwoTurnsAndReload(page, `${root}zh/`, 'zh', false);

		// The app's own links (the header here) stay inside its folder.
		await page.getByRole('link', { name: zh.nav_history }).click();
		await expect(page).toHaveURL(`${origin}${root}zh/history/`);
		await expect(page.getByRole('heading', { level: 1, name: zh.history_heading })).toBeVisible();

		// The remembered language: the English address of the library opens the Chinese one.
		await page.goto(root);
		await expect(page).toHaveURL(`${origin}${root}zh/`);

		await page
			.getByRole('navigation', { name: zh.language_switch })
			.getByRole('link', { name: 'English' })
			.click();
		await expect(page).toHaveURL(`${origin}${root}`);
		await expect(page.getByRole('heading', { level: 1, name: en.home_heading })).toBeVisible();
		await playTwoTurnsAndReload(page, root, 'en', true);

		expect(failures).toEqual([]);
	});
}

test('the host really is plain: a folder without its slash, or a missing page, is a 404 and no redirect', async ({
	request
}) => {
	for (const path of ['/zh', '/training/zh', '/history', '/no-such-page/']) {
		const response = await request.get(path, { maxRedirects: 0 });
		expect(response.status(), path).toBe(404);
	}
	expect((await request.get('/training/zh/', { maxRedirects: 0 })).status()).toBe(200);
});
