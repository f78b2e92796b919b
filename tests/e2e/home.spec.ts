// Journey: a trainee opens the app, sees the scenarios, and switches the language.
import { expect, test } from '@playwright/test';

test('the home page lists the starter scenarios in English, then in Chinese after the switch', async ({
	page
}) => {
	await page.goto('/');
	await expect(page.getByRole('heading', { level: 1, name: 'Scenarios' })).toBeVisible();
	await expect(page.locator('html')).toHaveAttribute('lang', 'en');
	const riceGrit = page
		.getByRole('article')
		.filter({ has: page.getByRole('heading', { name: 'Stones in the rice' }) });
	await expect(riceGrit).toBeVisible();
	await expect(riceGrit.getByText('The rice shop in Chiayi')).toBeVisible();
	await expect(page.getByRole('heading', { name: 'Breakfast for a returning guest' })).toBeVisible();
	await page.screenshot({ path: 'test-results/home-en.png', fullPage: true });

	await page.getByRole('navigation', { name: 'Language' }).getByRole('link', { name: '中文' }).click();
	await expect(page).toHaveURL(/\/zh\/$/);
	await expect(page.locator('html')).toHaveAttribute('lang', 'zh');
	await expect(page.getByRole('heading', { level: 1, name: '情景列表' })).toBeVisible();
	await expect(page.getByRole('heading', { name: '米里的石子' })).toBeVisible();
	await expect(page.getByRole('heading', { name: '回头客的早餐' })).toBeVisible();
	await page.screenshot({ path: 'test-results/home-zh.png', fullPage: true });

	// The choice is remembered: opening the English address again lands on the Chinese page.
	await page.goto('/');
	await expect(page).toHaveURL(/\/zh\/$/);
	await expect(page.getByRole('heading', { level: 1, name: '情景列表' })).toBeVisible();

	await page.getByRole('navigation', { name: '语言' }).getByRole('link', { name: 'English' }).click();
	await expect(page.getByRole('heading', { level: 1, name: 'Scenarios' })).toBeVisible();
	await expect(page.locator('html')).toHaveAttribute('lang', 'en');
});
