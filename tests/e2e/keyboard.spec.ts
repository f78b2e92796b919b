// Journey: a whole scenario by keyboard only, with focus following each step (a reply, a rewind, "Try again")
// and the conversation log naming who speaks.
import { expect, test, type Page } from '@playwright/test';
import { pathBy, scenario } from './scenario-paths';

const riceGrit = scenario('rice-grit');
const speakers = [
	riceGrit.persona.name.en,
	'Narrator',
	'You',
	...Object.values(riceGrit.cast ?? {}).map((c) => c.name.en)
];
const namesSpeaker = new RegExp(
	`^\\s*(${speakers.map((s) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('|')}):`
);

const log = (page: Page) => page.getByRole('log', { name: 'Conversation' });
const newest = (page: Page) => log(page).getByRole('listitem').last();

/** Presses the key shown beside `text` once the replies have unlocked. */
async function answer(page: Page, text: string) {
	const button = page.getByRole('button', { name: text });
	await expect(button).toBeEnabled();
	await page.keyboard.press((await button.getAttribute('aria-keyshortcuts'))!);
}

/** Tabs (forwards or back) until `target` has focus; fails if it is not reached in `limit` presses. */
async function tabTo(page: Page, target: ReturnType<Page['getByRole']>, key = 'Tab', limit = 60) {
	for (let i = 0; i < limit; i++) {
		if (await target.evaluate((el) => el === document.activeElement)) return;
		await page.keyboard.press(key);
	}
	await expect(target).toBeFocused();
}

test('keyboard only: focus goes to the newest line after a reply, a rewind and "Try again"', async ({
	page
}) => {
	await page.goto('/scenarios/rice-grit/play?mode=practice');
	await page.getByLabel('Your name').focus();
	await page.keyboard.type('Kai');
	await page.keyboard.press('Enter');
	await expect(page.getByText('Trainee: Kai')).toBeVisible();
	await expect(page.getByText('Decision 1', { exact: true })).toBeVisible();

	const { picks, ending } = pathBy(riceGrit, (c) => c.best);
	// A reply, then a rewind to it: focus is on the newest line both times.
	await answer(page, picks[0]!.choice.text.en);
	await expect(newest(page)).toBeFocused();
	await expect(page.getByText('Decision 2', { exact: true })).toBeVisible();
	const rewind = log(page).getByRole('button', { name: 'Go back to this decision' }).first();
	await tabTo(page, rewind, 'Shift+Tab');
	await page.keyboard.press('Enter');
	await expect(page.getByText('Decision 1', { exact: true })).toBeVisible();
	await expect(newest(page)).toBeFocused();
	await expect(page.locator('body')).not.toBeFocused();

	for (const [i, { choice }] of picks.entries()) {
		await answer(page, choice.text.en);
		await expect(newest(page)).toBeFocused();
		await expect(newest(page)).toHaveText(namesSpeaker);
		if (i < picks.length - 1)
			await expect(page.getByText(`Decision ${i + 2}`, { exact: true })).toBeVisible();
	}
	await expect(page.getByRole('heading', { name: `How it ended — ${ending.title.en}` })).toBeVisible();

	const retry = page.getByRole('button', { name: 'Try again' });
	await tabTo(page, retry);
	await page.keyboard.press('Enter');
	await expect(page.getByText('Decision 1', { exact: true })).toBeVisible();
	await expect(newest(page)).toBeFocused();
	await expect(page.getByRole('button', { name: picks[0]!.choice.text.en })).toBeEnabled();
});

test('the log says when the customer’s mood changes, in words', async ({ page }) => {
	await page.goto('/scenarios/rice-grit/play?mode=practice');
	await page.getByLabel('Your name').fill('Kai');
	await page.keyboard.press('Enter');
	const first = pathBy(riceGrit, (c) => c.best).picks[0]!.choice;
	await answer(page, first.text.en);
	if (first.mood) await expect(log(page).getByText(/^The customer's mood is now \w+\.$/)).toBeAttached();
	else await expect(log(page).getByText(/^The customer's mood is now/)).toHaveCount(0);
});
