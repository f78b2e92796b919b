// Journey: playing on a phone (390×844, touch): nothing wider than the screen, targets of 24 px at least, the
// persona bar and header small enough to leave the conversation and replies in view, a whole play by tapping.
import { expect, test, type Page } from '@playwright/test';
import { pathBy, scenario } from './scenario-paths';

test.use({ viewport: { width: 390, height: 844 }, hasTouch: true });

const riceGrit = scenario('rice-grit');

/** What on the play screen breaks the phone layout: wider than the viewport, or a target under 24 px. */
const layoutProblems = (page: Page) =>
	page.evaluate(() => {
		const problems: string[] = [];
		const width = document.documentElement.clientWidth;
		if (document.documentElement.scrollWidth > width)
			problems.push(`page scrolls sideways: ${document.documentElement.scrollWidth}`);
		const main = document.querySelector('main')!;
		for (const el of main.querySelectorAll<HTMLElement>('*')) {
			const box = el.getBoundingClientRect();
			if (box.width === 0 || box.height === 0) continue;
			if (box.right > width + 0.5)
				problems.push(`wider than the screen: ${el.tagName} ${el.textContent?.slice(0, 30)}`);
		}
		for (const el of main.querySelectorAll<HTMLElement>(
			'button, a[href], input, select, textarea, summary'
		)) {
			const box = el.getBoundingClientRect();
			if (box.width === 0 && box.height === 0) continue;
			if (box.width < 24 || box.height < 24)
				problems.push(
					`small target ${Math.round(box.width)}×${Math.round(box.height)}: ${el.textContent?.trim().slice(0, 30)}`
				);
		}
		return problems;
	});

/** How much of the height the sticky persona bar (and whatever is above it) covers, once play has scrolled. */
const coveredShare = (page: Page) =>
	page.evaluate(() => {
		const persona = document.querySelector('.persona')!.getBoundingClientRect();
		return persona.bottom / innerHeight;
	});

test('a whole scenario by tapping on a phone', async ({ page }) => {
	await page.goto('/scenarios/rice-grit/play?mode=practice');
	await page.getByLabel('Your name').fill('Ana');
	await page.getByRole('button', { name: 'Save and start' }).tap();
	// On a phone the trainee's name is in the header's menu, with the links.
	await page.getByRole('button', { name: 'Menu' }).tap();
	await expect(page.getByText('Trainee: Ana')).toBeVisible();
	await page.getByRole('button', { name: 'Menu' }).tap();
	await expect(page.getByText('Trainee: Ana')).toBeHidden();
	expect(await layoutProblems(page)).toEqual([]);
	// The header, the title bar and the persona take at most a fifth of the screen at the opening.
	expect(await coveredShare(page)).toBeLessThanOrEqual(0.2);
	// No keyboard: the "Press 1–4" hint is not shown.
	await expect(page.getByText(/^Press 1–\d or click a reply\.$/)).toBeHidden();

	const { picks, ending } = pathBy(riceGrit, (c) => c.best);
	for (const [i, { choice }] of picks.entries()) {
		const button = page.getByRole('button', { name: choice.text.en });
		await expect(button).toBeEnabled();
		await button.tap();
		const newest = page.getByRole('log', { name: 'Conversation' }).getByRole('listitem').last();
		await expect(newest).toBeInViewport();
		expect(await coveredShare(page)).toBeLessThanOrEqual(0.2);
		if (i === 0) {
			await expect(page.getByRole('region', { name: 'Feedback on your reply' })).toBeVisible();
			expect(await layoutProblems(page)).toEqual([]);
		}
	}
	await expect(page.getByRole('heading', { name: `How it ended — ${ending.title.en}` })).toBeVisible();
	await expect(page.getByRole('button', { name: 'Try again' })).toBeVisible();
	await expect(page.getByRole('link', { name: 'Back to the library' })).toBeVisible();
	await expect(page.getByRole('link', { name: /^Next scenario: / })).toBeVisible();
	expect(await layoutProblems(page)).toEqual([]);
});

test('the rewind button is a comfortable target on a phone', async ({ page }) => {
	await page.goto('/scenarios/rice-grit/play?mode=practice');
	await page.getByLabel('Your name').fill('Ana');
	await page.getByRole('button', { name: 'Save and start' }).tap();
	const first = pathBy(riceGrit, (c) => c.best).picks[0]!.choice;
	await page.getByRole('button', { name: first.text.en }).tap();
	const box = (await page.getByRole('button', { name: 'Go back to this decision' }).first().boundingBox())!;
	expect(box.height).toBeGreaterThanOrEqual(32);
});

test('the header is one row on a phone; its menu opens, closes with Escape and after a link', async ({
	page
}) => {
	await page.goto('/');
	const header = page.getByRole('banner');
	expect((await header.boundingBox())!.height).toBeLessThanOrEqual(64);
	const menu = page.getByRole('button', { name: 'Menu' });
	const main = page.getByRole('navigation', { name: 'Main' });
	await expect(menu).toHaveAttribute('aria-expanded', 'false');
	await expect(main).toBeHidden();
	// The other language stays one tap away.
	await expect(
		page.getByRole('navigation', { name: 'Language' }).getByRole('link', { name: '中文' })
	).toBeVisible();
	await menu.tap();
	await expect(menu).toHaveAttribute('aria-expanded', 'true');
	await expect(main.getByRole('link', { name: 'History' })).toBeVisible();
	await page.keyboard.press('Escape');
	await expect(main).toBeHidden();
	await expect(menu).toBeFocused();
	await menu.tap();
	await main.getByRole('link', { name: 'History' }).tap();
	await expect(page.getByRole('heading', { level: 1, name: 'Your attempts' })).toBeVisible();
	await expect(main).toBeHidden();
	await expect(menu).toHaveAttribute('aria-expanded', 'false');
});
