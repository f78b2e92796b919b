// Journey: a class's join link made in the Chinese instructor area, opened on a plain static host (no
// redirects, no fallback page; playwright.static.config.ts runs it), at the root and in a folder of the host.
// The link leads to /zh/join/, a page no link of the app points to, so it is prerendered on purpose.
import { readFileSync } from 'node:fs';
import { expect, test, type Browser } from '@playwright/test';

const messages = (locale: string): Record<string, string> =>
	JSON.parse(readFileSync(new URL(`../../src/lib/i18n/messages/${locale}.json`, import.meta.url), 'utf8'));
const zh = messages('zh');
const fill = (text: string, values: Record<string, string>) =>
	text.replace(/\{(\w+)\}/g, (_, key: string) => values[key] ?? '');
const CODE = 'chalk-and-talk-42';
const CLASS = '周一早班';

/** The instructor, in Chinese, gives a new class an LRS and reads its join link. */
async function chineseJoinLink(browser: Browser, baseURL: string, root: string) {
	const context = await browser.newContext({ baseURL });
	const page = await context.newPage();
	await page.goto(`${root}zh/instructor/`);
	await page.getByLabel(zh.instructor_new_passcode!).fill(CODE);
	await page.getByLabel(zh.instructor_confirm_passcode!).fill(CODE);
	await page.getByRole('button', { name: zh.instructor_choose_submit }).click();
	await page.getByRole('link', { name: zh.instructor_nav_roster }).first().click();
	await page.getByLabel(zh.instructor_class_new_label!).fill(CLASS);
	await page.getByRole('button', { name: zh.instructor_class_add }).click();
	await page.getByRole('link', { name: zh.lrs_config_nav }).click();
	const form = page.getByRole('region', { name: CLASS });
	await form.getByLabel(zh.lrs_config_endpoint!).fill('https://lrs.example.org/xAPI/');
	await form.getByLabel(zh.lrs_config_key!, { exact: true }).fill('class-key');
	await form.getByLabel(zh.lrs_config_secret!, { exact: true }).fill('class-secret');
	await form.getByRole('button', { name: zh.lrs_config_save, exact: true }).click();
	await expect(form.getByText(fill(zh.lrs_config_saved!, { name: CLASS }))).toBeVisible();
	await expect(form.getByRole('img', { name: fill(zh.lrs_join_qr!, { name: CLASS }) })).toBeVisible();
	const link = await form.getByRole('textbox', { name: zh.lrs_join_link }).inputValue();
	await context.close();
	return link;
}

for (const [where, root] of [
	['at the root of the host', '/'],
	['in a folder of the host', '/training/']
] as const) {
	test(`${where}: a Chinese join link opens the join page in Chinese, and joining leads to the Chinese library`, async ({
		browser,
		baseURL
	}) => {
		const link = await chineseJoinLink(browser, baseURL!, root);
		const url = new URL(link);
		expect(url.pathname).toBe(`${root}zh/join/`);
		expect(url.hash).toContain('endpoint=');

		// The trainee's own device: a new browser that has never seen the app.
		const context = await browser.newContext();
		const page = await context.newPage();
		const failures: string[] = [];
		page.on('response', (r) => {
			if (r.status() >= 400) failures.push(`${r.status()} ${r.url()}`);
		});
		page.on('pageerror', (e) => failures.push(`error ${e.message}`));
		await page.goto(link);
		await expect(page.locator('html')).toHaveAttribute('lang', 'zh');
		await expect(page.getByRole('heading', { level: 1, name: zh.join_heading })).toBeVisible();
		await expect(page.getByRole('heading', { name: fill(zh.join_class!, { name: CLASS }) })).toBeVisible();
		await expect(page.getByText(fill(zh.join_where!, { host: 'lrs.example.org' }))).toBeVisible();
		await expect(page.getByText(zh.join_what!)).toBeVisible();
		// The key is read from the link and taken out of the address bar.
		await expect.poll(() => page.url()).toBe(`${url.origin}${root}zh/join/`);

		await page.getByLabel(zh.trainee_name_label!).fill('李梅');
		await page.getByRole('button', { name: zh.trainee_name_save }).click();
		await expect(page.getByText(fill(zh.join_done!, { name: CLASS }))).toBeVisible();
		await expect(page.getByRole('status').filter({ hasText: zh.lrs_all_sent! })).toBeVisible();
		await page.getByRole('link', { name: zh.join_start }).click();
		await expect(page).toHaveURL(`${url.origin}${root}zh/`);
		await expect(page.getByRole('heading', { level: 1, name: zh.home_heading })).toBeVisible();
		// Reloaded on this host, the join page is a file too (without a link it says the link is broken).
		await page.goto(`${root}zh/join/`);
		await expect(page.getByRole('alert')).toHaveText(zh.join_bad_link!);
		expect(failures).toEqual([]);
		await context.close();
	});
}
