// Saves that never vanish (issue 15): another tab finished the attempt or deleted the profile, a slow store
// and an early choice, blocked storage and the library, a changed scenario, a full disk.
import { expect, test, type Page } from '@playwright/test';
import { pathBy, scenario } from './scenario-paths';
import { writeVersion1Database } from './version1-database';

const riceGrit = scenario('rice-grit');
const { picks } = pathBy(riceGrit, (c) => c.best);
const reply = (page: Page, i: number) => page.getByRole('button', { name: picks[i]!.choice.text.en });

interface StoredAttempt {
	id: string;
	traineeId: string;
	status: string;
	log: { choice?: string }[];
}

/** Every attempt row, read with IndexedDB itself: what is stored, whatever the page shows. */
function storedAttempts(page: Page) {
	return page.evaluate(
		() =>
			new Promise<StoredAttempt[]>((resolve, reject) => {
				const open = indexedDB.open('service-roleplay');
				open.onerror = () => reject(open.error);
				open.onsuccess = () => {
					const db = open.result;
					if (!db.objectStoreNames.contains('attempts')) {
						db.close();
						return resolve([]);
					}
					const request = db.transaction('attempts').objectStore('attempts').getAll();
					request.onsuccess = () => {
						db.close();
						resolve(request.result);
					};
					request.onerror = () => reject(request.error);
				};
			})
	);
}

async function startAsNew(page: Page, name: string) {
	await page.goto('/scenarios/rice-grit/play?mode=practice');
	await page.getByLabel('Your name').fill(name);
	await page.getByRole('button', { name: 'Save and start' }).click();
	await reply(page, 0).click();
	await expect(page).toHaveURL(/attempt=/);
}

test('the other tab reached an ending: a pick here says so and opens the finished attempt', async ({
	context
}) => {
	const first = await context.newPage();
	await startAsNew(first, 'Ending Elsewhere');
	const second = await context.newPage();
	const errors: string[] = [];
	second.on('pageerror', (error) => errors.push(error.message));
	await second.goto(first.url());
	await expect(reply(second, 1)).toBeVisible();

	for (let i = 1; i < picks.length; i++) await reply(first, i).click();
	await expect(first.getByRole('region', { name: 'Debrief' })).toBeVisible();
	await expect.poll(async () => (await storedAttempts(first))[0]?.status).toBe('finished');

	await reply(second, 1).click();
	const alert = second.getByRole('alert');
	await expect(alert).toContainText('This attempt was finished in another tab');
	expect(errors).toEqual([]);
	await alert.getByRole('link', { name: 'Open the finished attempt' }).click();
	await expect(second).toHaveURL(/\/history\/?\?attempt=/);
	await expect(
		second.getByRole('article', { name: 'Communication style' }).getByText('100 / 100')
	).toBeVisible();
});

test('a profile deleted in another tab: the next pick is refused, the tab is told, nothing comes back', async ({
	context
}) => {
	const playing = await context.newPage();
	await startAsNew(playing, 'Deleted Dee');
	await reply(playing, 1).click();
	await expect.poll(async () => (await storedAttempts(playing))[0]?.log.length).toBe(2);

	const profile = await context.newPage();
	await profile.goto('/profile');
	profile.once('dialog', (dialog) => void dialog.accept());
	await profile.getByRole('button', { name: 'Delete Deleted Dee and their attempts' }).click();
	await expect(profile.getByText('Trainee: Deleted Dee')).toHaveCount(0);
	expect(await storedAttempts(profile)).toEqual([]);

	await reply(playing, 2).click();
	await expect(playing.getByRole('alert')).toContainText(
		'This profile and its attempts were deleted in another tab'
	);
	await expect(playing.getByRole('alert').getByRole('button', { name: 'Reload' })).toBeVisible();
	// Nor does the turn after it bring the attempt back, with no trainee and no turn 0.
	await reply(playing, 3).click();
	await playing.waitForTimeout(300);
	expect(await storedAttempts(profile)).toEqual([]);
});

test('a first choice is saved as promptly as a later one, even while the store is slow to load', async ({
	context
}) => {
	const setup = await context.newPage();
	await setup.goto('/scenarios/rice-grit/play?mode=practice');
	await setup.getByLabel('Your name').fill('Quick Quinn');
	await setup.getByRole('button', { name: 'Save and start' }).click();
	await expect(reply(setup, 0)).toBeEnabled();
	await setup.close();

	const page = await context.newPage();
	// A slow network for the store's code (Dexie) only: it takes 1.5 s to arrive.
	await page.route('**/_app/immutable/**/*.js', async (route) => {
		const response = await route.fetch();
		const body = await response.text();
		if (body.includes('Dexie')) await new Promise((resolve) => setTimeout(resolve, 1500));
		await route.fulfill({ response, body });
	});
	await page.goto('/scenarios/rice-grit/play?mode=practice');
	await expect(reply(page, 0)).toBeEnabled();
	// The trainee reads the opening (longer than the store's code takes), picks, and closes the tab soon after.
	await page.waitForTimeout(3000);
	await reply(page, 0).click();
	await page.waitForTimeout(250);
	await page.close();

	const again = await context.newPage();
	await again.goto('/history');
	await expect(again.getByRole('row', { name: new RegExp(riceGrit.title.en) })).toContainText('In progress');
	const [attempt] = await storedAttempts(again);
	expect(attempt?.log.map((e) => e.choice)).toEqual([picks[0]!.choice.id]);
});

test('with IndexedDB blocked, a new tab’s library shows no progress it cannot find', async ({ context }) => {
	await context.addInitScript(() => {
		Object.defineProperty(window, 'indexedDB', {
			get() {
				throw new DOMException('The user denied permission to access the database.', 'SecurityError');
			}
		});
	});
	const page = await context.newPage();
	await page.goto('/scenarios/rice-grit/play?mode=practice');
	await page.getByLabel('Your name').fill('Private Pat');
	await page.getByRole('button', { name: 'Save and start' }).click();
	for (let i = 0; i < picks.length; i++) await reply(page, i).click();
	await expect(page.getByRole('region', { name: 'Debrief' })).toBeVisible();

	const library = await context.newPage();
	await library.goto('/');
	const card = library.getByRole('article', { name: riceGrit.title.en });
	await expect(card).toContainText('Not started');
	await expect(library.getByRole('banner')).not.toContainText('Private Pat');
	await library.goto('/history');
	await expect(library.getByText('No attempts yet. Pick a scenario to start.')).toBeVisible();
});

test('an attempt from before a content change is replayed into one copy, however often it is resumed', async ({
	page
}) => {
	// A database as the first version wrote it, holding an attempt on older content whose second reply is gone.
	await writeVersion1Database(page, {
		id: 'old-attempt',
		contentVersion: riceGrit.version - 1,
		status: 'in-progress',
		log: [
			{ type: 'choice.select', choice: picks[0]!.choice.id },
			{ type: 'choice.select', choice: 'a-reply-since-rewritten' }
		]
	});

	for (let round = 1; round <= 3; round++) {
		await page.goto('/history');
		const resume = page.getByRole('link', { name: `Resume: ${riceGrit.title.en}` });
		// Never more than the one attempt to carry on with.
		await expect(resume).toHaveCount(1);
		await resume.click();
		await expect(page.getByText('Welcome back: you are where you left off.')).toBeVisible();
		// The model answer of the decision on screen.
		let picked = -1;
		for (let i = 1; i < picks.length && picked < 0; i++) if (await reply(page, i).isVisible()) picked = i;
		expect(picked).toBeGreaterThan(0);
		await reply(page, picked).click();
		await expect
			.poll(async () =>
				(await storedAttempts(page)).some((a) => a.log.at(-1)?.choice === picks[picked]!.choice.id)
			)
			.toBe(true);
	}
	const stored = await storedAttempts(page);
	expect(stored).toHaveLength(2);
	const old = stored.find((a) => a.id === 'old-attempt')!;
	// The old attempt is kept as played, closed; its copy carries on.
	expect(old.status).toBe('finished');
	expect(old.log).toHaveLength(2);
	expect(stored.filter((a) => a.status === 'in-progress')).toHaveLength(1);
});

test('a full disk: the banner stays in view, counts the steps not saved, and "Try again" saves them', async ({
	page
}) => {
	await page.setViewportSize({ width: 390, height: 600 });
	// A disk that fills up on demand: IndexedDB refuses every write while it is full.
	await page.addInitScript(() => {
		const w = window as unknown as { diskFull: boolean };
		w.diskFull = false;
		for (const method of ['add', 'put'] as const) {
			const real = IDBObjectStore.prototype[method];
			IDBObjectStore.prototype[method] = function (this: IDBObjectStore, ...args: [unknown, IDBValidKey?]) {
				if (w.diskFull) throw new DOMException('The quota has been exceeded.', 'QuotaExceededError');
				return real.apply(this, args);
			};
		}
	});
	await startAsNew(page, 'Full Fay');
	await expect.poll(async () => (await storedAttempts(page))[0]?.log.length).toBe(1);

	await page.evaluate(() => ((window as unknown as { diskFull: boolean }).diskFull = true));
	await reply(page, 1).click();
	await reply(page, 2).click();
	const alert = page.getByRole('alert');
	await expect(alert).toContainText('Your device is out of storage. Steps not saved yet: 2.');
	await expect(alert).not.toContainText('the last step');

	await page.mouse.wheel(0, 5000);
	await expect.poll(() => page.evaluate(() => window.scrollY)).toBeGreaterThan(0);
	await expect(alert).toBeInViewport();
	// The play screen's sticky header stays below it, not under it.
	const banner = await alert.boundingBox();
	const persona = await page.getByText(riceGrit.persona.name.en, { exact: true }).first().boundingBox();
	expect(persona!.y).toBeGreaterThanOrEqual(banner!.y + banner!.height - 1);
	await page.screenshot({ path: 'test-results/storage-banner-full.png' });

	await page.evaluate(() => ((window as unknown as { diskFull: boolean }).diskFull = false));
	await alert.getByRole('button', { name: 'Try again' }).click();
	await expect(alert).toHaveCount(0);
	const [attempt] = await storedAttempts(page);
	expect(attempt?.log.map((e) => e.choice)).toEqual(picks.slice(0, 3).map((p) => p.choice.id));
});
