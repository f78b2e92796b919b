// Journey: a trainee reads a case, picks a mode, plays to the end and reads the debrief.
import { expect, test, type Page } from '@playwright/test';
import { holdTheApp } from './hold-app';
import { pathBy, scenario } from './scenario-paths';

const riceGrit = scenario('rice-grit');

async function giveName(page: Page, name = 'Mei Lin', label = 'Your name', button = 'Save and start') {
	await page.getByLabel(label).fill(name);
	await page.getByRole('button', { name: button }).click();
}

/** Opens play and gives the name, waiting until the profile is stored and active. */
async function namedOn(page: Page, url: string) {
	await page.goto(url);
	await giveName(page);
	await expect(page.getByText('Trainee: Mei Lin')).toBeVisible();
}

test('practice mode: feedback after every choice, then the ending and a debrief scoring 100', async ({
	page
}) => {
	await page.goto('/scenarios/rice-grit');
	await expect(page.getByRole('heading', { name: /The case/ })).toBeVisible();
	await page.getByRole('link', { name: 'Start Practice' }).click();
	await expect(page.getByText('Mode: Practice')).toBeVisible();
	await giveName(page);
	await expect(page.getByText('Trainee: Mei Lin')).toBeVisible();

	const { picks, ending } = pathBy(riceGrit, (c) => c.best);
	for (const { choice } of picks) {
		await page.getByRole('button', { name: choice.text.en }).click();
		const feedback = page.getByRole('region', { name: 'Feedback on your reply' });
		await expect(feedback.getByText(choice.feedback.en)).toBeVisible();
		await expect(feedback.getByText('This was the model answer.')).toBeVisible();
		await expect(feedback.getByText(/^The customer's mood: \w+ → \w+$/)).toBeVisible();
	}
	// Practice shows scores and no verdict.
	await expect(page.getByRole('region', { name: 'Assessment result' })).toHaveCount(0);
	await expect(page.getByRole('heading', { name: `How it ended — ${ending.title.en}` })).toBeVisible();
	const debrief = page.getByRole('region', { name: 'Debrief' });
	await expect(
		debrief.getByRole('article', { name: 'Communication style' }).getByText('100 / 100')
	).toBeVisible();
	await expect(debrief.getByRole('article', { name: /^LAST/ }).getByText('100 / 100')).toBeVisible();
	await expect(debrief.getByRole('img', { name: 'Style profile' })).toBeVisible();
	await page.screenshot({ path: 'test-results/play-practice-end.png', fullPage: true });
});

test('assessment mode: no feedback until the debrief; the all-aggressive path scores 0 on style', async ({
	page
}) => {
	await page.goto('/scenarios/rice-grit/play?mode=assessment');
	await giveName(page);
	const { picks, ending } = pathBy(riceGrit, (c) => c.style === 'aggressive');
	for (const { choice } of picks) {
		await page.getByRole('button', { name: choice.text.en }).click();
		await expect(page.getByRole('region', { name: 'Feedback on your reply' })).toHaveCount(0);
	}
	await expect(page.getByRole('heading', { name: `How it ended — ${ending.title.en}` })).toBeVisible();
	await expect(page.getByRole('article', { name: 'Communication style' }).getByText('0 / 100')).toBeVisible();
	// An assessment ends with a verdict and what would change it.
	const result = page.getByRole('region', { name: 'Assessment result' });
	await expect(result.getByText('↻ Not yet.')).toBeVisible();
	await expect(result.getByText('Communication style: 0, and a pass needs 80.')).toBeVisible();
	await expect(result.getByText(/^The customer was lost/)).toBeVisible();
	// The annotated transcript offers the better reply where the choice was not the best.
	await expect(page.getByText('Best alternative:').first()).toBeVisible();
});

test('a full scenario can be played with the keyboard only', async ({ page }) => {
	await page.goto('/zh/scenarios/rice-grit/play?mode=practice');
	await page.getByLabel('你的名字').focus();
	await page.keyboard.type('王小明');
	await page.keyboard.press('Enter');
	const { picks, ending } = pathBy(riceGrit, (c) => c.best);
	for (const { choice } of picks) {
		// Replies are shuffled per attempt: the key is the one shown beside this reply.
		const button = page.getByRole('button', { name: choice.text.zh });
		await expect(button).toBeEnabled();
		await page.keyboard.press((await button.getAttribute('aria-keyshortcuts'))!);
	}
	await expect(page.getByRole('heading', { name: `结局——${ending.title.zh}` })).toBeVisible();
	// Retry is reachable by Tab and Enter.
	const retry = page.getByRole('button', { name: '再试一次' });
	await retry.focus();
	await page.keyboard.press('Enter');
	await expect(page.getByRole('button', { name: picks[0]!.choice.text.zh })).toBeVisible();
});

test('rewind in practice mode goes back to an earlier decision and records it', async ({ page }) => {
	await namedOn(page, '/scenarios/rice-grit/play?mode=practice');
	const [first, second] = pathBy(riceGrit, (c) => c.best).picks;
	const wrong = riceGrit.nodes[riceGrit.start]!.choices.find(
		(c) => !c.best && typeof c.next === 'string' && c.next !== first!.choice.next
	);
	await page.getByRole('button', { name: first!.choice.text.en }).click();
	await page.getByRole('button', { name: second!.choice.text.en }).click();
	await page.getByRole('button', { name: 'Go back to this decision' }).first().click();
	await expect(page.getByRole('button', { name: first!.choice.text.en })).toBeVisible();
	await expect(page.getByRole('region', { name: 'Feedback on your reply' })).toHaveCount(0);
	if (wrong) {
		await page.getByRole('button', { name: wrong.text.en }).click();
		await expect(
			page.getByRole('region', { name: 'Feedback on your reply' }).getByText(wrong.feedback.en)
		).toBeVisible();
	}
});

test('a reload in the middle resumes play exactly there, and the library offers to resume', async ({
	page
}) => {
	await page.goto('/scenarios/rice-grit/play?mode=practice');
	await giveName(page);
	const [first, second, third] = pathBy(riceGrit, (c) => c.best).picks;
	await page.getByRole('button', { name: first!.choice.text.en }).click();
	await page.getByRole('button', { name: second!.choice.text.en }).click();
	await expect(page).toHaveURL(/attempt=/);
	const moodBefore = await page.getByText(/Mood: /).textContent();

	await page.reload();
	await expect(page.getByText('Welcome back: you are where you left off.')).toBeVisible();
	const chat = page.getByRole('log', { name: 'Conversation' });
	await expect(chat.getByText(first!.choice.text.en)).toBeVisible();
	await expect(chat.getByText(second!.choice.text.en)).toBeVisible();
	await expect(page.getByText(/Mood: /)).toHaveText(moodBefore!);
	await expect(
		page.getByRole('region', { name: 'Feedback on your reply' }).getByText(second!.choice.feedback.en)
	).toBeVisible();
	await expect(page.getByRole('button', { name: third!.choice.text.en })).toBeVisible();

	await page.goto('/');
	const card = page
		.getByRole('article')
		.filter({ has: page.getByRole('heading', { name: riceGrit.title.en }) });
	await expect(card.getByText('In progress')).toBeVisible();
	await card.getByRole('link', { name: `Resume: ${riceGrit.title.en}` }).click();
	await expect(page.getByRole('button', { name: third!.choice.text.en })).toBeVisible();
	for (const { choice } of pathBy(riceGrit, (c) => c.best).picks.slice(2))
		await page.getByRole('button', { name: choice.text.en }).click();
	await expect(page.getByRole('region', { name: 'Debrief' })).toBeVisible();

	// Back as a trainee goes back, by the ending's own link: the last save is still under way in this page.
	await page.getByRole('link', { name: 'Back to the library' }).click();
	// Practice earns no verdict: the card says so, and shows no number that the debrief does not.
	await expect(card.getByText(/^Practised · no assessment yet/)).toBeVisible();

	// An assessment does: its verdict and each rubric's score, as the debrief shows them.
	await page.goto('/scenarios/rice-grit/play?mode=assessment');
	for (const { choice } of pathBy(riceGrit, (c) => c.best).picks)
		await page.getByRole('button', { name: choice.text.en }).click();
	await expect(page.getByRole('region', { name: 'Assessment result' }).getByText('✓ Passed.')).toBeVisible();
	await page.getByRole('link', { name: 'Back to the library' }).click();
	await expect(card.getByText('Best assessment: passed')).toBeVisible();
	await expect(card.getByText(/Communication style 100 · LAST .* 100/)).toBeVisible();
});

test('a choice clicked before the app has started is kept, played once it has, and saved', async ({
	page
}) => {
	await namedOn(page, '/scenarios/rice-grit/play?mode=practice');
	const [first, second] = pathBy(riceGrit, (c) => c.best).picks;
	const other = riceGrit.nodes[riceGrit.start]!.choices.find((c) => c.id !== first!.choice.id)!;

	const release = await holdTheApp(page);
	await page.goto('/scenarios/rice-grit/play?mode=practice', { waitUntil: 'commit' });
	const chosen = page.getByRole('button', { name: first!.choice.text.en });
	await expect(chosen).toBeEnabled();
	await chosen.click();
	// Answered at once, before the app runs: the reply and the customer's reaction are on screen, the replies
	// are no longer offered (no second one can be slipped in, by click or key), and the feedback waits.
	const chat = page.getByRole('log', { name: 'Conversation' });
	const reaction = first!.choice.reaction![0]!.text.en;
	await expect(chat.getByText(first!.choice.text.en)).toBeVisible();
	await expect(chat.getByText(reaction)).toBeVisible();
	await expect(page.getByRole('button', { name: other.text.en })).toBeHidden();
	await page.keyboard.press('2');
	await expect(page.getByRole('region', { name: 'Feedback on your reply' })).toHaveCount(0);

	release();
	const feedback = page.getByRole('region', { name: 'Feedback on your reply' });
	await expect(feedback.getByText(first!.choice.feedback.en)).toBeVisible();
	await expect(page.getByRole('button', { name: second!.choice.text.en })).toBeEnabled();
	// The app's own lines took the early answer's place: each is there once, and nothing else was chosen.
	await expect(chat.getByText(first!.choice.text.en)).toHaveCount(1);
	await expect(chat.getByText(reaction)).toHaveCount(1);
	await expect(chat.getByText(other.text.en)).toHaveCount(0);
	await expect(page).toHaveURL(/attempt=/);

	await page.unrouteAll();
	await page.reload();
	await expect(page.getByText('Welcome back: you are where you left off.')).toBeVisible();
	await expect(chat.getByText(first!.choice.text.en)).toBeVisible();
});

test('a fresh attempt is parsed and drawn before the app loads, and the app starts by itself without a click', async ({
	page
}) => {
	await namedOn(page, '/scenarios/rice-grit/play?mode=practice');
	const html = await (await page.request.get('/scenarios/rice-grit/play/')).text();
	// The app's modules are listed for later, not preloaded while the page is parsed and first painted.
	expect(html).not.toContain('rel="modulepreload"');
	expect(html).toContain('data-modulepreload');

	await page.goto('/scenarios/rice-grit/play?mode=practice');
	// Nothing is touched: the app starts on its own, and shows who is playing (the prerendered page cannot).
	await expect(page.getByText('Trainee: Mei Lin')).toBeVisible();
	const loads = await page.evaluate(() => {
		const parsed = performance.getEntriesByType('navigation')[0] as PerformanceNavigationTiming;
		const modules = performance
			.getEntriesByType('resource')
			.filter((e) => /\/_app\/immutable\/.*\.js$/.test(e.name));
		return {
			parsed: parsed.domContentLoadedEventEnd,
			modules: modules.length,
			firstModule: Math.min(...modules.map((e) => e.startTime))
		};
	});
	// Asked for only once the page was parsed whole (then after its next frame), not while it was.
	expect(loads.modules).toBeGreaterThan(3);
	expect(loads.firstModule).toBeGreaterThanOrEqual(loads.parsed);
	// And it is the whole app: a choice is played, scored and saved.
	const [first] = pathBy(riceGrit, (c) => c.best).picks;
	await page.getByRole('button', { name: first!.choice.text.en }).click();
	await expect(
		page.getByRole('region', { name: 'Feedback on your reply' }).getByText(first!.choice.feedback.en)
	).toBeVisible();
	await expect(page).toHaveURL(/attempt=/);
});

test('a key 1–4 pressed before the app has started chooses too; a resumed attempt waits for the app', async ({
	page
}) => {
	await namedOn(page, '/scenarios/rice-grit/play?mode=assessment');
	const [listen, deny] = riceGrit.nodes[riceGrit.start]!.choices;

	let release = await holdTheApp(page);
	await page.goto('/scenarios/rice-grit/play?mode=assessment', { waitUntil: 'commit' });
	const listenButton = page.getByRole('button', { name: listen!.text.en });
	await expect(listenButton).toBeEnabled();
	await page.keyboard.press((await listenButton.getAttribute('aria-keyshortcuts'))!);
	const chat = page.getByRole('log', { name: 'Conversation' });
	await expect(chat.getByText(listen!.text.en)).toBeVisible();
	await expect(page.getByRole('button', { name: deny!.text.en })).toBeHidden();
	release();
	await expect(page.getByText('Decision 2')).toBeVisible();
	await expect(chat.getByText(listen!.text.en)).toHaveCount(1);
	await expect(page.getByText('Mode: Assessment')).toBeVisible();
	await expect(page).toHaveURL(/attempt=/);
	const resumeUrl = page.url();

	// The prerendered opening is not where this attempt stands: its choices stay disabled until the app runs,
	// and a key pressed meanwhile chooses nothing.
	await page.unrouteAll();
	release = await holdTheApp(page);
	await page.goto(resumeUrl, { waitUntil: 'commit' });
	const opening = page.getByRole('button', { name: deny!.text.en });
	await expect(opening).toBeVisible();
	await expect(opening).toBeDisabled();
	await page.keyboard.press('2');
	release();
	await expect(page.getByText('Welcome back: you are where you left off.')).toBeVisible();
	await expect(chat.getByText(listen!.text.en)).toBeVisible();
	await expect(chat.getByText(deny!.text.en)).toHaveCount(0);
});

test('a first visit: a choice clicked before the app has started waits for the name, then is played under it', async ({
	page
}) => {
	const [first] = pathBy(riceGrit, (c) => c.best).picks;
	const release = await holdTheApp(page);
	await page.goto('/scenarios/rice-grit/play?mode=practice', { waitUntil: 'commit' });
	await page.getByRole('button', { name: first!.choice.text.en }).click();
	// No one is playing on this device yet: the answer waits for the name, as the choice does.
	const chat = page.getByRole('log', { name: 'Conversation' });
	await expect(chat.getByText(first!.choice.reaction![0]!.text.en)).toBeHidden();
	release();
	await giveName(page);
	await expect(page.getByText('Trainee: Mei Lin')).toBeVisible();
	await expect(chat.getByText(first!.choice.text.en)).toBeVisible();
	await expect(page).toHaveURL(/attempt=/);

	// One profile, the one named: the attempt was not saved under a placeholder.
	await page.getByRole('link', { name: 'History' }).click();
	await expect(page.getByRole('row', { name: new RegExp(riceGrit.title.en) })).toBeVisible();
	await page.getByRole('link', { name: 'Profile & data' }).click();
	await expect(page.getByLabel(/^New name for /)).toHaveCount(1);
	await expect(page.getByLabel('New name for Mei Lin')).toBeVisible();
});

test('the library knows of an attempt finished just before the trainee typed its address or reloaded', async ({
	page
}) => {
	await namedOn(page, '/scenarios/rice-grit/play?mode=assessment');
	// A slow phone, where the last save and what follows it take longest.
	const cdp = await page.context().newCDPSession(page);
	await cdp.send('Emulation.setCPUThrottlingRate', { rate: 4 });
	const { picks } = pathBy(riceGrit, (c) => c.best);
	const card = page
		.getByRole('article')
		.filter({ has: page.getByRole('heading', { name: riceGrit.title.en }) });
	for (const { choice } of picks) await page.getByRole('button', { name: choice.text.en }).click();
	await expect(page.getByRole('region', { name: 'Assessment result' }).getByText('✓ Passed.')).toBeVisible();
	// The library's address typed at once: a new page load, nothing of this page's memory goes with it.
	await page.goto('/');
	await expect(card.getByText('Best assessment: passed')).toBeVisible();
	await expect(card.getByText(/Communication style 100 · LAST .* 100/)).toBeVisible();

	// Practice, then a reload the moment the ending shows, then the library.
	await page.goto('/scenarios/rice-grit/play?mode=practice');
	for (const { choice } of picks) await page.getByRole('button', { name: choice.text.en }).click();
	await expect(page.getByRole('region', { name: 'Debrief' })).toBeVisible();
	await page.reload();
	await expect(page.getByRole('button', { name: picks[0]!.choice.text.en })).toBeEnabled();
	await page.goto('/history');
	await expect(page.getByRole('row', { name: new RegExp(riceGrit.title.en) })).toHaveCount(2);
	await expect(page.getByRole('row', { name: /In progress/ })).toHaveCount(0);
});
