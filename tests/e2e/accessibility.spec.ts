// axe-core finds no WCAG 2.1 A/AA violations on the screens a trainee uses.
import { expect, test } from '@playwright/test';
import { expectNoViolations } from './axe';
import { pathBy, scenario } from './scenario-paths';

test('the library and the case reading, in both languages', async ({ page }) => {
	for (const path of ['/', '/zh', '/scenarios/rice-grit', '/zh/scenarios/oriental-breakfast']) {
		await page.goto(path);
		await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
		await expectNoViolations(page);
	}
});

test('play with feedback open, then the debrief', async ({ page }) => {
	const riceGrit = scenario('rice-grit');
	await page.goto('/scenarios/rice-grit/play?mode=practice');
	await page.getByLabel('Your name').fill('Axe Tester');
	await page.getByRole('button', { name: 'Save and start' }).click();
	const { picks } = pathBy(riceGrit, (c) => c.best);
	await page.getByRole('button', { name: picks[0]!.choice.text.en }).click();
	await expect(page.getByRole('region', { name: 'Feedback on your reply' })).toBeVisible();
	await expectNoViolations(page);
	for (const { choice } of picks.slice(1)) await page.getByRole('button', { name: choice.text.en }).click();
	await expect(page.getByRole('region', { name: 'Debrief' })).toBeVisible();
	await expectNoViolations(page);

	await page.getByRole('link', { name: 'History' }).click();
	await expect(page.getByRole('heading', { name: 'Your attempts' })).toBeVisible();
	await expect(page.getByRole('row')).toHaveCount(2);
	await expectNoViolations(page);
	await page.getByRole('link', { name: `Open debrief: ${riceGrit.title.en}` }).click();
	await expect(page.getByRole('region', { name: 'Debrief' })).toBeVisible();
	await expectNoViolations(page);

	await page.getByRole('link', { name: 'Profile & data' }).click();
	await expect(page.getByRole('heading', { name: 'Profiles and your data' })).toBeVisible();
	await expectNoViolations(page);
	await page.screenshot({ path: 'test-results/profile.png', fullPage: true });
});
