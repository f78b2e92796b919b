// Results to a class's LRS: a real one (Learning Locker's statement service) on 127.0.0.1. Trainees join by the
// class's link, play, and the statements are checked in the LRS; the instructor reads them back on the dashboard.
import { expect, test, type Browser, type Page } from '@playwright/test';
import type { LogEntry } from '../../src/lib/engine/compile';
import { attemptStatements } from '../../src/lib/engine/xapi/statements';
import { allStatements, basic, CLASS_LRS, startAuthServer, startLrs, type RunningLrs } from './lrs-server';
import { content, pathBy, scenario } from './scenario-paths';

// The classes share the LRS the e2e config starts; each journey reads only its own class's statements. The
// outage and the refused key need an LRS of their own, which they start and stop themselves.
test.describe.configure({ mode: 'serial' });

const riceGrit = scenario('rice-grit');
const rubrics = riceGrit.rubrics.map((id) => content.rubrics.get(id)!);
const best = pathBy(riceGrit, (c) => c.best);
const worst = pathBy(riceGrit, (c) => !c.best && c.style !== 'assertive');
const CODE = 'chalk-and-talk-42';
const BASE_PORT = 4312;

const logOf = (path: typeof best): LogEntry[] =>
	path.picks.map(({ choice }) => ({ type: 'choice.select', choice: choice.id }));
async function setUpClass(
	browser: Browser,
	lrs: { endpoint: string },
	options: { key?: string; version?: string } = {}
) {
	const context = await browser.newContext();
	const page = await context.newPage();
	await page.goto('/instructor');
	await page.getByLabel('New passcode').fill(CODE);
	await page.getByLabel('Repeat the passcode').fill(CODE);
	await page.getByRole('button', { name: 'Save passcode and open' }).click();
	await page.getByRole('link', { name: 'Classes and trainees' }).first().click();
	await page.getByLabel('Name of a new class').fill('Monday group');
	await page.getByRole('button', { name: 'Add class' }).click();
	await expect(page.getByRole('main').getByRole('status')).toHaveText('Class Monday group added.');
	await page.getByRole('link', { name: 'Class LRS' }).click();
	const form = page.getByRole('region', { name: 'Monday group' });
	await form.getByLabel('xAPI endpoint').fill(lrs.endpoint);
	await form.getByLabel('Key', { exact: true }).fill(options.key ?? 'class-key');
	await form.getByLabel('Secret', { exact: true }).fill('class-secret');
	if (options.version) await form.getByLabel('xAPI version').selectOption(options.version);
	await form.getByRole('button', { name: 'Save' }).click();
	await expect(form.getByText('Saved the LRS of “Monday group”.')).toBeVisible();
	await expect(form.getByRole('img', { name: 'QR code of the join link for Monday group' })).toBeVisible();
	const link = await form.getByRole('textbox', { name: 'Link' }).inputValue();
	const classId = new URLSearchParams(new URL(link).hash.slice(1)).get('class')!;
	/** What the LRS holds for this class (its grouping), oldest first as the LRS answers newest first. */
	const statements = async () =>
		(await allStatements(lrs.endpoint))
			.filter((s) =>
				(
					s.context as { contextActivities?: { grouping?: { id: string }[] } }
				).contextActivities?.grouping?.some((g) => g.id.endsWith(`/xapi/classes/${classId}`))
			)
			.reverse();
	return { context, page, form, link, statements };
}

async function join(browser: Browser, link: string, name: string) {
	const context = await browser.newContext();
	const page = await context.newPage();
	await page.goto(link);
	await expect(page.getByRole('heading', { name: 'Class: Monday group' })).toBeVisible();
	await expect(
		page.getByText("Your results will be sent to the class's learning record store at 127.0.0.1")
	).toBeVisible();
	// The key is read from the link and taken out of the address bar.
	await expect.poll(() => page.url()).not.toContain('auth=');
	await page.getByLabel('Your name').fill(name);
	await page.getByRole('button', { name: 'Save and start' }).click();
	await expect(page.getByText('You joined the class “Monday group”.')).toBeVisible();
	return { context, page };
}

/** Plays the path's picks from `from` up to `to` (the whole path by default). */
async function play(
	page: Page,
	path: typeof best,
	mode: 'practice' | 'assessment',
	to = path.picks.length,
	from = 0
) {
	if (!page.url().includes('/play')) await page.goto(`/scenarios/${riceGrit.id}/play/?mode=${mode}`);
	for (const { choice } of path.picks.slice(from, to)) {
		await page.getByRole('button', { name: choice.text.en, exact: true }).click();
		if (mode === 'practice')
			await expect(page.getByRole('region', { name: 'Feedback on your reply' })).toContainText(
				choice.feedback.en.slice(0, 20)
			);
	}
	if (to === path.picks.length)
		await expect(page.getByRole('heading', { name: `How it ended — ${path.ending.title.en}` })).toBeVisible();
	// The attempt's id reaches the address bar once its first turn is saved, which a short path can outrun.
	await page.waitForURL(/[?&]attempt=/);
	return new URL(page.url()).searchParams.get('attempt');
}

const lrsStatus = (page: Page) =>
	page.getByRole('status').filter({ hasText: /All results sent|results? waiting to send|The class's/ });
const ext = (s: Record<string, unknown>, part: 'result' | 'context', name: string) => {
	const extensions = ((s[part] as { extensions?: Record<string, unknown> })?.extensions ?? {}) as Record<
		string,
		unknown
	>;
	return Object.entries(extensions).find(([k]) => k.endsWith(`/xapi/extensions/${name}`))?.[1];
};
const verb = (s: Record<string, unknown>) => (s.verb as { display: { en: string } }).display.en;
const registration = (s: Record<string, unknown>) => (s.context as { registration: string }).registration;

test('two trainees join by the link and play; the LRS holds their statements; the dashboard reads them back', async ({
	browser
}) => {
	const instructor = await setUpClass(browser, { endpoint: CLASS_LRS });
	await instructor.form.getByRole('button', { name: 'Test connection' }).click();
	await expect(
		instructor.form.getByText('Connected: the LRS accepted the key and the xAPI version.')
	).toBeVisible();

	const ana = await join(browser, instructor.link, 'Ana');
	const bo = await join(browser, instructor.link, 'Bo');
	await expect(lrsStatus(ana.page)).toHaveText('All results sent');
	const anaAttempt = await play(ana.page, best, 'assessment');
	const boAttempt = await play(bo.page, worst, 'practice');
	const total = [best, worst].reduce(
		(n, path, i) => n + expectedIds('x', path, i === 0 ? 'assessment' : 'practice').length,
		0
	);
	await expect.poll(async () => (await instructor.statements()).length).toBe(total);
	await expect(lrsStatus(ana.page)).toHaveText('All results sent');
	await expect(lrsStatus(bo.page)).toHaveText('All results sent');

	const statements = await instructor.statements();
	const of = (id: string | null) => statements.filter((s) => registration(s) === id);
	const anaVerbs = of(anaAttempt).map(verb);
	const boVerbs = of(boAttempt).map(verb);
	const answered = (n: number) => Array.from({ length: n }, () => 'answered');
	expect(anaVerbs).toEqual([
		'initialized',
		...answered(best.picks.length),
		'completed',
		'passed',
		'terminated'
	]);
	expect(boVerbs).toEqual(['initialized', ...answered(worst.picks.length), 'completed', 'terminated']);
	expect(statements).toHaveLength(anaVerbs.length + boVerbs.length);
	// The choice ids, in order, and the scores the engine gives those choices.
	expect(
		of(anaAttempt)
			.filter((s) => verb(s) === 'answered')
			.map((s) => (s.result as { response: string }).response)
	).toEqual(best.picks.map((p) => p.choice.id));
	const completed = (id: string | null) => of(id).find((s) => verb(s) === 'completed')!;
	for (const rubric of riceGrit.rubrics)
		expect(ext(completed(anaAttempt), 'result', `score/${rubric}`)).toBe(100);
	const boScores = Object.fromEntries(
		riceGrit.rubrics.map((r) => [r, ext(completed(boAttempt), 'result', `score/${r}`)])
	);
	expect(boScores).toEqual(expectedScores(worst));
	expect((of(anaAttempt)[0]!.actor as { name: string }).name).toBe('Ana');

	// The instructor's dashboard, from the LRS: both trainees with the scores the engine gives their choices.
	await instructor.page.getByRole('link', { name: 'Dashboard' }).click();
	await instructor.page.getByRole('button', { name: 'Refresh from LRS' }).click();
	const refresh = instructor.page.getByRole('region', { name: 'Results from the learning record store' });
	await expect(refresh).toContainText(`Monday group: read ${statements.length} statements; 2 attempts added`);
	const matrix = instructor.page.getByRole('region', { name: 'Trainees and rubrics' });
	await expect(
		matrix.getByRole('row', { name: /Ana/ }).getByRole('cell', { name: '100', exact: true })
	).toHaveCount(riceGrit.rubrics.length * 2);
	const boRow = matrix.getByRole('row', { name: /Bo/ });
	await expect(boRow).toContainText('Monday group');
	for (const score of Object.values(boScores)) await expect(boRow).toContainText(String(score));

	// A second refresh reads only what is new: nothing, so nothing is added twice.
	await instructor.page.getByRole('button', { name: 'Refresh from LRS' }).click();
	await expect(refresh).toContainText('0 attempts added');
	await expect(
		instructor.page.getByRole('main').getByRole('status').filter({ hasText: 'Showing' })
	).toHaveText('Showing 2 attempts of 2 trainees.');
	for (const c of [instructor, ana, bo]) await c.context.close();
});

/** The ids the engine gives an attempt's statements: they depend on the attempt id and the entries only. */
const expectedIds = (id: string, path: typeof best, mode: 'practice' | 'assessment') =>
	attemptStatements(
		{
			id,
			traineeId: 't',
			traineeName: 't',
			scenarioId: riceGrit.id,
			contentVersion: riceGrit.version,
			mode,
			log: logOf(path)
		},
		{ scenario: riceGrit, rubrics },
		{ origin: 'http://x', classId: 'c', className: 'c', language: 'en' }
	).map((s) => s.id);

function expectedScores(path: typeof best) {
	const [done] = attemptStatements(
		{
			id: 'x',
			traineeId: 't',
			traineeName: 't',
			scenarioId: riceGrit.id,
			contentVersion: 1,
			mode: 'practice',
			log: logOf(path)
		},
		{ scenario: riceGrit, rubrics },
		{ origin: 'http://x', classId: 'c', className: 'c', language: 'en' }
	).filter((s) => s.verb.display.en === 'completed');
	return Object.fromEntries(
		riceGrit.rubrics.map((r) => [r, done!.result!.extensions![`http://x/xapi/extensions/score/${r}`]])
	);
}

test('an outage mid-attempt: play goes on, a reload keeps the queue, and every statement arrives exactly once', async ({
	browser
}) => {
	// Two contexts, two LRS starts and a whole scenario played: more than the default 30 s on a busy machine.
	test.setTimeout(90_000);
	const port = BASE_PORT + 1;
	let lrs: RunningLrs = await startLrs({ port });
	try {
		const instructor = await setUpClass(browser, lrs);
		const trainee = await join(browser, instructor.link, 'Chen');
		await play(trainee.page, best, 'practice', 1);
		await expect.poll(async () => (await allStatements(lrs.endpoint)).length).toBe(2);
		await expect(lrsStatus(trainee.page)).toHaveText('All results sent');
		await lrs.stop();
		// The instructor's refresh meanwhile says the LRS is out of reach, and what to do.
		await instructor.page.getByRole('link', { name: 'Dashboard' }).click();
		await instructor.page.getByRole('button', { name: 'Refresh from LRS' }).click();
		await expect(
			instructor.page.getByRole('region', { name: 'Results from the learning record store' })
		).toContainText('Monday group: the LRS could not be reached. Check the network and try again.');

		const attemptId = await play(trainee.page, best, 'practice', best.picks.length, 1);
		const expected = expectedIds(attemptId!, best, 'practice');
		// Two sent before the outage (initialized, the first answer); the rest wait.
		const waiting = expected.length - 2;
		await expect(lrsStatus(trainee.page)).toContainText(`${waiting} results waiting to send`);
		await trainee.page.reload();
		await expect(lrsStatus(trainee.page)).toContainText(`${waiting} results waiting to send`);

		// Back, with an empty store: everything is sent again from the outbox, and nothing twice.
		lrs = await startLrs({ port });
		// Retry skips the backoff's wait; the sender's own next try may get there first, and then the button is gone.
		await trainee.page
			.getByRole('button', { name: 'Retry sending' })
			.click({ timeout: 5_000 })
			.catch(async (error) => {
				if ((await lrsStatus(trainee.page).textContent())?.trim() !== 'All results sent') throw error;
			});
		await expect(lrsStatus(trainee.page)).toHaveText('All results sent');
		const ids = (await allStatements(lrs.endpoint)).map((s) => s.id as string);
		expect(new Set(ids).size).toBe(ids.length);
		expect(ids.sort()).toEqual(expected.slice(2).sort());
		await instructor.context.close();
		await trainee.context.close();
	} finally {
		await lrs.stop();
	}
});

test('refused credentials and a version the LRS does not speak each get a message that says so', async ({
	browser
}) => {
	const port = BASE_PORT + 2;
	const auth = await startAuthServer(basic('right-key', 'class-secret'));
	const lrs = await startLrs({ port, auth: 'fetch', clientInfoEndpoint: auth.url });
	try {
		const instructor = await setUpClass(browser, lrs, { key: 'wrong-key' });
		await instructor.form.getByRole('button', { name: 'Test connection' }).click();
		await expect(instructor.form.getByText('The LRS refused the key and secret (HTTP 401).')).toBeVisible();
		// The dashboard's refresh with that key says so too, and where to fix it.
		await instructor.page.getByRole('link', { name: 'Dashboard' }).click();
		await instructor.page.getByRole('button', { name: 'Refresh from LRS' }).click();
		await expect(
			instructor.page.getByRole('region', { name: 'Results from the learning record store' })
		).toContainText(
			"Monday group: the LRS refused the key (HTTP 401). Check the class's key in Class learning record stores."
		);
		await instructor.page.getByRole('link', { name: 'Class LRS' }).click();
		await expect(instructor.form.getByLabel('Key', { exact: true })).toHaveValue('wrong-key');

		const trainee = await join(browser, instructor.link, 'Dee');
		await play(trainee.page, best, 'practice', 1);
		await expect(lrsStatus(trainee.page)).toContainText(
			"The class's key was refused by its learning record store, so your results are not being sent."
		);
		await expect(lrsStatus(trainee.page)).toContainText('Please tell your instructor.');
		await trainee.context.close();

		// The right key, but xAPI 2.0.0, which this LRS refuses.
		await instructor.form.getByLabel('Key', { exact: true }).fill('right-key');
		await instructor.form.getByLabel('xAPI version').selectOption('2.0.0');
		await instructor.form.getByRole('button', { name: 'Save' }).click();
		await instructor.form.getByRole('button', { name: 'Test connection' }).click();
		await expect(
			instructor.form.getByText('The LRS does not accept xAPI 2.0.0 (it offers: 1.0.3).')
		).toBeVisible();
		const link = await instructor.form.getByRole('textbox', { name: 'Link' }).inputValue();
		const second = await join(browser, link, 'Eve');
		await play(second.page, best, 'practice', 1);
		await expect(lrsStatus(second.page)).toContainText(
			"The class's learning record store does not accept xAPI 2.0.0"
		);
		// With the right key and version, the test passes.
		await instructor.form.getByLabel('xAPI version').selectOption('1.0.3');
		await instructor.form.getByRole('button', { name: 'Test connection' }).click();
		await expect(
			instructor.form.getByText('Connected: the LRS accepted the key and the xAPI version.')
		).toBeVisible();
		await second.context.close();
		await instructor.context.close();
	} finally {
		await lrs.stop();
		await auth.close();
	}
});

test('a refresh after the trainee went further updates the attempt: its status, ending and scores', async ({
	browser
}) => {
	const instructor = await setUpClass(browser, { endpoint: CLASS_LRS });
	const trainee = await join(browser, instructor.link, 'Fay');
	const attemptId = await play(trainee.page, best, 'assessment', 2);
	// initialized and two answers.
	await expect.poll(async () => (await instructor.statements()).length).toBe(3);

	const page = instructor.page;
	await page.getByRole('link', { name: 'Dashboard' }).click();
	await page.getByRole('button', { name: 'Refresh from LRS' }).click();
	const refresh = page.getByRole('region', { name: 'Results from the learning record store' });
	await expect(refresh).toContainText('Monday group: read 3 statements; 1 attempts added, 0 updated');
	await page.getByRole('button', { name: 'Attempts of Fay' }).click();
	const drill = page.getByRole('region', { name: 'Attempts of Fay' });
	await expect(drill.getByRole('row')).toHaveCount(2);
	await expect(drill).toContainText('In progress');

	// The trainee plays on to the ending; the next refresh carries the stored attempt further.
	await play(trainee.page, best, 'assessment', best.picks.length, 2);
	const total = expectedIds(attemptId!, best, 'assessment').length;
	await expect.poll(async () => (await instructor.statements()).length).toBe(total);
	await page.getByRole('button', { name: 'Refresh from LRS' }).click();
	await expect(refresh).toContainText('0 attempts added, 1 updated');
	await page.getByRole('button', { name: 'Attempts of Fay' }).click();
	await expect(drill.getByRole('row')).toHaveCount(2);
	await expect(drill).not.toContainText('In progress');
	await expect(drill).toContainText(best.ending.title.en);
	const scores = await drill.getByRole('row').nth(1).textContent();
	expect(scores!.match(/: 100(?!\d)/g)).toHaveLength(riceGrit.rubrics.length);
	const matrix = page.getByRole('region', { name: 'Trainees and rubrics' });
	await expect(
		matrix.getByRole('row', { name: /Fay/ }).getByRole('cell', { name: '100', exact: true })
	).toHaveCount(riceGrit.rubrics.length * 2);
	await expect(page.getByRole('main').getByRole('status').filter({ hasText: 'Showing' })).toHaveText(
		'Showing 1 attempt of 1 trainee.'
	);
	await instructor.context.close();
	await trainee.context.close();
});

test('leaving an attempt before its ending sends `terminated`, once, whether by a link or by closing the tab', async ({
	browser
}) => {
	const lrs = { endpoint: CLASS_LRS };
	const instructor = await setUpClass(browser, lrs);
	const trainee = await join(browser, instructor.link, 'Gus');
	const attemptId = await play(trainee.page, best, 'practice', 2);
	const ofAttempt = async () => (await instructor.statements()).filter((s) => registration(s) === attemptId);
	const terminated = async () => (await ofAttempt()).filter((s) => verb(s) === 'terminated');
	await expect.poll(async () => (await ofAttempt()).length).toBe(3);
	expect(await terminated()).toHaveLength(0);

	// Another page of the app: the attempt is left at its second entry.
	await trainee.page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'History' }).click();
	await expect(trainee.page.getByRole('heading', { level: 1 })).toBeVisible();
	await expect.poll(async () => (await terminated()).map((s) => ext(s, 'context', 'entry'))).toEqual([1]);
	await expect(lrsStatus(trainee.page)).toHaveText('All results sent');

	// Back to it, one more reply, and the tab is closed.
	await trainee.page.goto(`/scenarios/${riceGrit.id}/play/?mode=practice&attempt=${attemptId}`);
	await play(trainee.page, best, 'practice', 3, 2);
	await expect.poll(async () => (await ofAttempt()).length).toBe(5);
	await trainee.page.close();
	// Whatever the closing tab had no time to send goes on the next visit, from the outbox.
	const again = await trainee.context.newPage();
	await again.goto('/');
	await expect(lrsStatus(again)).toHaveText('All results sent');
	await expect.poll(async () => (await terminated()).map((s) => ext(s, 'context', 'entry'))).toEqual([1, 2]);
	const statements = await ofAttempt();
	expect(statements.map(verb)).toEqual([
		'initialized',
		'answered',
		'answered',
		'terminated',
		'answered',
		'terminated'
	]);
	const all = (await instructor.statements()).map((s) => s.id as string);
	expect(new Set(all).size).toBe(all.length);

	// Profile & data shows the class connection, and leaving it stops the sending.
	await again.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Profile & data' }).click();
	const panel = again.getByRole('region', { name: 'Class connection' });
	await expect(panel).toContainText('You are in the class “Monday group”.');
	await expect(panel).toContainText(`Your results are sent to ${new URL(lrs.endpoint).host}.`);
	again.once('dialog', (dialog) => void dialog.accept());
	await panel.getByRole('button', { name: 'Leave the class' }).click();
	await expect(panel).toContainText('You left the class “Monday group”. Nothing more is sent.');
	await expect(panel).toContainText('You are not in a class.');
	await expect(lrsStatus(again)).toHaveCount(0);
	await again.goto(`/scenarios/${riceGrit.id}/play/?mode=practice`);
	await again.getByRole('button', { name: best.picks[0]!.choice.text.en, exact: true }).click();
	await expect(again.getByRole('region', { name: 'Feedback on your reply' })).toBeVisible();
	await again.waitForTimeout(1_000);
	expect(await instructor.statements()).toHaveLength(all.length);
	await instructor.context.close();
	await trainee.context.close();
});

test('a typed reply reaches the LRS as the words typed, and the dashboard reads it again', async ({
	browser
}) => {
	const instructor = await setUpClass(browser, { endpoint: CLASS_LRS });
	const trainee = await join(browser, instructor.link, 'Hana');
	const page = trainee.page;
	await page.goto(`/scenarios/${riceGrit.id}/play/?mode=practice`);
	const words = "I'm sorry the rice had grit in it. Tell me what happened when you cooked it?";
	await page.getByRole('button', { name: /Type my own reply/ }).click();
	const field = page.getByRole('textbox', { name: /in your own words/ });
	await field.fill(words);
	await field.press('Enter');
	const closest = page.getByRole('region', { name: /closest/ });
	const feedback = page.getByRole('region', { name: 'Feedback on your reply' });
	await expect(closest.or(feedback).first()).toBeVisible();
	if (await closest.isVisible()) await closest.getByRole('button').first().click();
	await expect(feedback).toBeVisible();
	// initialized and the answer.
	await expect.poll(async () => (await instructor.statements()).length).toBe(2);
	await expect(lrsStatus(page)).toHaveText('All results sent');
	const answered = (await instructor.statements()).filter((s) => verb(s) === 'answered');
	expect(answered).toHaveLength(1);
	const result = answered[0]!.result as { response: string };
	expect(result.response).toBe(words);
	expect(ext(answered[0]!, 'result', 'input')).toBe('type');
	const choiceIds = riceGrit.nodes[riceGrit.start]!.choices!.map((c) => c.id);
	expect(choiceIds).toContain(ext(answered[0]!, 'result', 'choice'));

	// The instructor's refresh takes the attempt in: its turn is read again from the words.
	await instructor.page.getByRole('link', { name: 'Dashboard' }).click();
	await instructor.page.getByRole('button', { name: 'Refresh from LRS' }).click();
	await expect(
		instructor.page.getByRole('region', { name: 'Results from the learning record store' })
	).toContainText('1 attempts added');
	await instructor.context.close();
	await trainee.context.close();
});
