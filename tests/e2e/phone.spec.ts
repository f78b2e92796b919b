// Journey: a trainee and an instructor on a phone (390 × 844). No page but play scrolls sideways: no element is
// wider than the screen, in either language, with real data in the lists and tables, and with the classroom
// role-play started (its observer form only exists once a turn is on). Every control a finger taps is at least
// 24 × 24 px (WCAG 2.5.8); a link inside a sentence is exempt, as the rule allows.
import { expect, test, type Page } from '@playwright/test';
import { best, progressFile, worst } from './progress-files';
import { scenario } from './scenario-paths';

test.use({ viewport: { width: 390, height: 844 } });
// Each test walks a dozen pages in two languages.
test.describe.configure({ timeout: 120_000 });

const riceGrit = scenario('rice-grit');
const CODE = 'chalk-and-talk-42';

const TRAINEE_PAGES = ['/', '/history/', '/profile/', '/scenarios/rice-grit/'];
const CLASSROOM_PAGES = [
	'/classroom/',
	'/classroom/exercises/is-this-service/',
	'/classroom/exercises/service-means/',
	'/classroom/roleplay/rice-grit/',
	'/classroom/print/rice-grit/'
];
const INSTRUCTOR_PAGES = [
	'/instructor/',
	'/instructor/dashboard/',
	'/instructor/roster/',
	'/instructor/import/'
];

/**
 * What sticks out past the right edge of the screen, and what a finger cannot hit. A target passes WCAG 2.5.8
 * when it is 24 × 24 px, or when a 24 px circle on its centre meets no other target nor another small one's
 * circle (its spacing), or when it is a link inside a sentence.
 */
async function problems(page: Page) {
	return page.evaluate(() => {
		const width = document.documentElement.clientWidth;
		const name = (el: Element) =>
			`${el.tagName.toLowerCase()}${el.id ? `#${el.id}` : ''} "${(el.textContent ?? '').trim().slice(0, 30)}"`;
		const wide: string[] = [];
		const targets: { el: Element; box: DOMRect; small: boolean }[] = [];
		for (const el of document.querySelectorAll('body *')) {
			const box = el.getBoundingClientRect();
			if (box.width === 0 || box.height === 0) continue;
			if (box.right > width + 0.5 || box.width > width + 0.5)
				wide.push(`${name(el)} ${Math.round(box.width)}px`);
			if (!el.matches('button, input:not([type="hidden"]), select, textarea, summary, a[href]')) continue;
			if (getComputedStyle(el).visibility === 'hidden' || box.right < 0) continue;
			const parent = el.parentElement;
			const inSentence =
				el.matches('a') &&
				getComputedStyle(el).display === 'inline' &&
				!!parent &&
				(parent.textContent ?? '').trim().length > (el.textContent ?? '').trim().length + 2;
			if (!inSentence) targets.push({ el, box, small: box.width < 24 || box.height < 24 });
		}
		const centre = (b: DOMRect) => ({ x: b.left + b.width / 2, y: b.top + b.height / 2 });
		const gapTo = (p: { x: number; y: number }, b: DOMRect) =>
			Math.hypot(Math.max(b.left - p.x, 0, p.x - b.right), Math.max(b.top - p.y, 0, p.y - b.bottom));
		const small = targets
			.filter((t) => t.small)
			.filter((t) => {
				const c = centre(t.box);
				return targets.some(
					(o) =>
						o !== t &&
						!o.el.contains(t.el) &&
						!t.el.contains(o.el) &&
						(o.small ? Math.hypot(c.x - centre(o.box).x, c.y - centre(o.box).y) < 24 : gapTo(c, o.box) < 12)
				);
			})
			.map((t) => `${name(t.el)} ${Math.round(t.box.width)}×${Math.round(t.box.height)}`);
		return { scrollWidth: document.documentElement.scrollWidth, width, wide, small };
	});
}

async function expectFits(page: Page, path: string) {
	await page.goto(path);
	await expect(page.locator('h1').first()).toBeVisible();
	// The app has started and filled in what it reads from the browser (history, dashboard, summary).
	await page.waitForLoadState('networkidle');
	const found = await problems(page);
	expect(found.wide, `${path}: wider than the ${found.width}px screen`).toEqual([]);
	expect(found.scrollWidth, `${path}: the page scrolls sideways`).toBeLessThanOrEqual(found.width);
	expect(found.small, `${path}: controls smaller than 24 × 24 px`).toEqual([]);
}

/**
 * The classroom role-play once it has started: its observer form (the "Closest written reply" select, whose
 * options are the scenario's whole written replies, the style and step choices) only appears after Start, so the
 * page as loaded does not show it. Hana, already on the device, plays the staff member: no new trainee is made.
 */
async function expectRoleplayTurnFits(page: Page, prefix: string) {
	const path = `${prefix}/classroom/roleplay/rice-grit/`;
	await page.goto(path);
	await page.locator('#staff-player').selectOption({ label: 'Hana' });
	await page.locator('form:has(#staff-player) button[type="submit"]').click();
	await expect(page.locator('#nearest')).toBeVisible();
	await page
		.locator('#spoken')
		.fill(prefix ? '真对不起，我马上给您换一袋。' : "I'm so sorry, I'll swap the bag now.");
	await page.locator('input[name="style"]').first().check();
	await page.waitForLoadState('networkidle');
	const found = await problems(page);
	expect(found.wide, `${path} (a turn): wider than the ${found.width}px screen`).toEqual([]);
	expect(found.scrollWidth, `${path} (a turn): the page scrolls sideways`).toBeLessThanOrEqual(found.width);
	expect(found.small, `${path} (a turn): controls smaller than 24 × 24 px`).toEqual([]);
}

test('trainee and classroom pages fit a phone, in English and in Chinese, with attempts in the history', async ({
	page
}) => {
	await page.goto('/profile/');
	await page.getByLabel('Import a progress file (.json)').setInputFiles(
		progressFile({ id: 'trainee-hana', name: 'Hana' }, [
			{ id: 'h-1', scenario: riceGrit, rule: best, day: 1 },
			{ id: 'h-2', scenario: riceGrit, rule: worst, day: 2 },
			{ id: 'h-3', scenario: riceGrit, rule: best, day: 3, finished: false }
		])
	);
	await expect(page.getByText(/^Imported 3 attempt/)).toBeVisible();
	// The only profile on the device may already be the active one. On a phone the header shows who is
	// playing in its menu.
	const active = page.getByText('Trainee: Hana');
	const switchTo = page.getByRole('button', { name: 'Switch to Hana' });
	await page.getByRole('button', { name: 'Menu' }).click();
	await expect(active.or(switchTo)).toBeVisible();
	if (await switchTo.isVisible()) await switchTo.click();
	await expect(active).toBeVisible();
	await page.getByRole('button', { name: 'Menu' }).click();

	for (const prefix of ['', '/zh']) {
		for (const path of [...TRAINEE_PAGES, ...CLASSROOM_PAGES]) await expectFits(page, `${prefix}${path}`);
	}
	// The history on a phone is a list of cards, and the debrief it opens fits too.
	await page.goto('/history/');
	await expect(
		page.getByRole('list', { name: 'Your attempts, newest first' }).getByRole('listitem')
	).toHaveCount(3);
	await page
		.getByRole('link', { name: `Open debrief: ${riceGrit.title.en}` })
		.first()
		.click();
	await expect(page.getByRole('region', { name: 'Debrief' })).toBeVisible();
	const debrief = await problems(page);
	expect(debrief.wide).toEqual([]);
	// Last, as starting a role-play may begin an attempt in Hana's history.
	for (const prefix of ['', '/zh']) await expectRoleplayTurnFits(page, prefix);
});

test('instructor pages fit a phone, in English and in Chinese, with imported attempts on the dashboard', async ({
	page
}) => {
	await expectFits(page, '/instructor/');
	await page.getByLabel('New passcode').fill(CODE);
	await page.getByLabel('Repeat the passcode').fill(CODE);
	await page.getByRole('button', { name: 'Save passcode and open' }).click();
	await page.getByRole('link', { name: 'Import progress files' }).first().click();
	await page.getByLabel('Choose progress files (.json)').setInputFiles([
		progressFile({ id: 'trainee-ana', name: 'Ana' }, [
			{ id: 'a-1', scenario: riceGrit, rule: worst, day: 1 },
			{ id: 'a-2', scenario: riceGrit, rule: best, day: 2 }
		]),
		progressFile({ id: 'trainee-li', name: 'Li, Wei' }, [
			{ id: 'l-1', scenario: riceGrit, rule: best, day: 5 }
		])
	]);
	await expect(page.getByText('2 of 2 files imported.')).toBeVisible();

	for (const prefix of ['', '/zh'])
		for (const path of INSTRUCTOR_PAGES) {
			await expectFits(page, `${prefix}${path}`);
			// The gate again after a full load: the passcode opens the page behind it.
			const gate = page.locator('#passcode');
			if (await gate.isVisible()) {
				await gate.fill(CODE);
				await gate.press('Enter');
				await expect(page.locator('nav.instructor-nav')).toBeVisible();
				const found = await problems(page);
				expect(found.wide, `${prefix}${path}: wider than the screen`).toEqual([]);
				expect(found.small, `${prefix}${path}: small controls`).toEqual([]);
			}
		}

	// The dashboard's drill-down and transcript fit as well.
	await page.goto('/instructor/dashboard/');
	await page.locator('#passcode').fill(CODE);
	await page.locator('#passcode').press('Enter');
	await page.getByRole('button', { name: 'Attempts of Ana' }).click();
	await page
		.getByRole('button', { name: /Open transcript/ })
		.first()
		.click();
	await expect(page.getByRole('region', { name: 'Debrief' })).toBeVisible();
	expect((await problems(page)).wide).toEqual([]);
});
