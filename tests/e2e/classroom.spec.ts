// Journey: a class role-plays a scenario on one screen; observers classify each spoken reply.
import { expect, test } from '@playwright/test';
import { expectNoViolations } from './axe';
import { content, pathBy, scenario } from './scenario-paths';

const riceGrit = scenario('rice-grit');

const stepLabel = (ref: string) => {
	const [rubricId, stepId] = ref.split('.');
	const rubric = content.rubrics.get(rubricId!)!;
	const step = rubric.kind === 'steps' ? rubric.steps.find((s) => s.id === stepId)! : undefined;
	return `${rubric.name.en.split(/[\s(]/)[0]}: ${step!.name.en}`;
};

test('a classroom role-play with observer scoring ends in a debrief saved to the staff player', async ({
	page
}) => {
	// The device's own trainee runs the session; the debrief goes to the staff player.
	await page.goto('/profile');
	await page.getByLabel('Name of a new trainee').fill('Ms. Observer');
	await page.getByRole('button', { name: 'Add trainee' }).click();
	await expect(page.getByText('Trainee: Ms. Observer')).toBeVisible();
	await page.getByRole('link', { name: 'Classroom' }).click();
	await page.getByRole('link', { name: riceGrit.title.en }).click();
	await expect(
		page.getByRole('heading', { name: `Classroom role-play: ${riceGrit.title.en}` })
	).toBeVisible();
	await expectNoViolations(page);
	await page.getByLabel('or a new name').fill('Group A Staff');
	await page.getByLabel('Seconds per reply (0 for no timer)').fill('0');
	await page.getByRole('button', { name: 'Start the role-play' }).click();

	const { picks, ending } = pathBy(riceGrit, (c) => c.best);
	await expect(page.getByRole('heading', { name: 'Customer card: read aloud' })).toBeVisible();
	await expectNoViolations(page);
	await page.screenshot({ path: 'test-results/classroom-turn.png', fullPage: true });
	for (const { choice } of picks) {
		await expect(page.getByRole('heading', { name: 'Customer card: read aloud' })).toBeVisible();
		await page.getByRole('radio', { name: /^Assertive —/ }).check();
		for (const step of choice.steps) await page.getByRole('checkbox', { name: stepLabel(step) }).check();
		await page.getByRole('button', { name: 'Record the reply' }).click();
	}
	await expect(page.getByRole('heading', { name: `How it ended — ${ending.title.en}` })).toBeVisible();
	await expect(page.getByText("Saved to Group A Staff's profile as a classroom attempt.")).toBeVisible();
	await expect(
		page.getByRole('article', { name: 'Communication style' }).getByText('100 / 100')
	).toBeVisible();
	await expect(page.getByRole('article', { name: /^LAST/ }).getByText('100 / 100')).toBeVisible();
	await expect(page.getByText(/^Spoken reply, closest to:/).first()).toBeVisible();

	await page.getByRole('link', { name: 'Profile & data' }).click();
	await page.getByRole('button', { name: 'Switch to Group A Staff' }).click();
	await page.getByRole('link', { name: 'History' }).click();
	const row = page.getByRole('row', { name: new RegExp(riceGrit.title.en) });
	await expect(row.getByRole('cell', { name: 'Classroom' })).toBeVisible();
	await row.getByRole('link', { name: `Open debrief: ${riceGrit.title.en}` }).click();
	await expect(
		page.getByRole('article', { name: 'Communication style' }).getByText('100 / 100')
	).toBeVisible();
});

test('observers can score a weak reply; the mood reacts and the turn timer runs out', async ({ page }) => {
	await page.goto('/classroom/roleplay/rice-grit');
	await page.getByLabel('or a new name').fill('Timer Tom');
	await page.getByLabel('Seconds per reply (0 for no timer)').fill('2');
	await page.getByRole('button', { name: 'Start the role-play' }).click();
	await expect(page.getByText(/^Time left: \d s$/)).toBeVisible();
	await expect(page.getByRole('alert')).toHaveText('Time is up: classify the reply as it stands.', {
		timeout: 5000
	});
	const before = await page.getByText(/Mood: /).textContent();
	await page.getByRole('radio', { name: /^Aggressive —/ }).check();
	await page.getByRole('button', { name: 'Record the reply' }).click();
	const aggressive = riceGrit.nodes[riceGrit.start]!.choices.find((c) => c.style === 'aggressive')!;
	if (typeof aggressive.next === 'string' && riceGrit.endings[aggressive.next]) {
		await expect(
			page.getByRole('heading', { name: `How it ended — ${riceGrit.endings[aggressive.next]!.title.en}` })
		).toBeVisible();
	} else {
		await expect(page.getByText(/Mood: /)).not.toHaveText(before!);
	}
	await expect(
		page.getByRole('log', { name: 'Conversation' }).getByText(/^Spoken reply, closest to:/)
	).toBeVisible();
});
