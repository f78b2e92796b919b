// Journey: the first visit keeps only the shell; "Make available offline" downloads a whole case, with its
// size shown first and a progress bar, and then a scenario never opened plays with no network. A file that
// fails to download fails alone: the rest stays usable and a second press fetches what is missing.
import { expect, test, type Page } from '@playwright/test';
import { pathBy, scenario } from './scenario-paths';

test.use({ serviceWorkers: 'allow' });
// Each journey downloads a case and plays a scenario to its end.
test.setTimeout(60_000);

const riceCredit = scenario('rice-credit');
const riceGrit = scenario('rice-grit');
const orientalBill = scenario('oriental-bill');
const RICE_SHOP = 'The rice shop in Chiayi';
const saveRiceShop = (page: Page) =>
	page.getByRole('button', { name: `Make available offline: ${RICE_SHOP}` });
const row = (page: Page, name: string) => page.getByRole('listitem').filter({ hasText: name });

async function installServiceWorker(page: Page, path = '/') {
	await page.goto(path);
	await page.evaluate(() => navigator.serviceWorker.ready.then(() => undefined));
	await page.reload();
	await expect.poll(() => page.evaluate(() => navigator.serviceWorker.controller !== null)).toBe(true);
}

const cachedPaths = (page: Page) =>
	page.evaluate(async () => {
		const names = (await caches.keys()).filter((k) => k.startsWith('service-roleplay-'));
		const keys = await Promise.all(names.map(async (n) => (await caches.open(n)).keys()));
		return keys.flat().map((r) => new URL(r.url).pathname);
	});

async function playToTheEnd(page: Page, id: string, { named = false } = {}) {
	const s = scenario(id);
	await page.getByRole('link', { name: s.title.en }).click();
	await page.getByRole('link', { name: 'Start Practice' }).click();
	if (!named) {
		await page.getByLabel('Your name').fill('Mei Lin');
		await page.getByRole('button', { name: 'Save and start' }).click();
	}
	const { picks, ending } = pathBy(s, (c) => c.best);
	for (const { choice } of picks) await page.getByRole('button', { name: choice.text.en }).click();
	await expect(page.getByRole('heading', { name: `How it ended — ${ending.title.en}` })).toBeVisible();
}

test('the first visit keeps the shell of its language only: no other language, scenario or print view', async ({
	page
}) => {
	await installServiceWorker(page);
	const paths = await cachedPaths(page);
	expect(paths).toContain('/');
	expect(paths.some((p) => p.startsWith('/_app/immutable/entry/start.'))).toBe(true);
	expect(
		paths.filter((p) => p.startsWith('/zh/') || p.includes('/scenarios/') || p.startsWith('/content/'))
	).toEqual([]);
	expect(paths.filter((p) => p.startsWith('/classroom/') || p.startsWith('/instructor/'))).toEqual([]);
});

test('a first visit straight to a play page keeps it offline without downloading the page again', async ({
	page,
	context
}) => {
	// How many body bytes each of the worker's fetches of the page itself took on the wire.
	const fetched: Promise<number>[] = [];
	context.on('requestfinished', (request) => {
		if (!request.serviceWorker() || new URL(request.url()).pathname !== `/scenarios/${riceGrit.id}/play/`)
			return;
		fetched.push(request.sizes().then((sizes) => sizes.responseBodySize));
	});
	await page.goto(`/scenarios/${riceGrit.id}/play/?mode=practice`);
	await expect(page.getByLabel('Your name')).toBeVisible();
	await page.evaluate(() => navigator.serviceWorker.ready.then(() => undefined));
	await expect.poll(() => cachedPaths(page)).toContain(`/scenarios/${riceGrit.id}/play/`);
	// The host was asked whether the page the tab has is current, and said so: no second copy of it came.
	const bodies = await Promise.all(fetched);
	expect(bodies.length).toBeGreaterThan(0);
	expect(bodies).toEqual(bodies.map(() => 0));

	await context.setOffline(true);
	await page.reload();
	await page.getByLabel('Your name').fill('Mei Lin');
	await page.getByRole('button', { name: 'Save and start' }).click();
	const [first] = pathBy(riceGrit, (c) => c.best).picks;
	await page.getByRole('button', { name: first!.choice.text.en }).click();
	await expect(
		page.getByRole('log', { name: 'Conversation' }).getByText(first!.choice.text.en)
	).toBeVisible();
});

test('"Make available offline" for a case shows its size, downloads it, and an unopened scenario plays offline', async ({
	page,
	context
}) => {
	await installServiceWorker(page);
	await page.getByText('Use offline').click();
	await expect(row(page, RICE_SHOP)).toContainText(/[\d.]+ (kB|MB) to download/);
	await expect(row(page, 'Whole library')).toContainText(/[\d.]+ (kB|MB) to download/);

	await saveRiceShop(page).click();
	// A case's files take seconds to download on a busy machine.
	await expect(page.getByText(`${RICE_SHOP} is available offline.`)).toBeVisible({ timeout: 30_000 });
	await expect(row(page, RICE_SHOP)).toContainText('Available offline');
	await expect(saveRiceShop(page)).toHaveCount(0);
	// The library shares the case's files: less is left to download for it now, but not nothing.
	await expect(row(page, 'Whole library')).toContainText(/to download/);

	await context.setOffline(true);
	await page.reload();
	await playToTheEnd(page, riceCredit.id);

	// A case not downloaded says so, rather than a browser error page.
	await page.goto('/');
	await page.getByRole('link', { name: orientalBill.title.en }).click();
	await expect(
		page.getByText('You are offline, and that page is not saved on this device yet.')
	).toBeVisible();
	await expect(page.getByRole('heading', { level: 1, name: 'Scenarios' })).toBeVisible();
});

test('a download that fails for one file keeps the rest usable, says what to do, and a retry completes it', async ({
	page,
	context
}) => {
	await installServiceWorker(page);
	// One file of the case cannot be fetched (the worker's request goes through this route too).
	const broken = `**/scenarios/${riceCredit.id}/play/__data.json`;
	await context.route(broken, (route) => route.abort('failed'));
	await page.getByText('Use offline').click();
	await saveRiceShop(page).click();
	// The case is 1.4 MB: on a busy machine its download takes longer than an assertion's usual wait.
	await expect(
		page.getByText(`${RICE_SHOP} is not fully available offline: 1 of its files could not be downloaded.`)
	).toBeVisible({ timeout: 30_000 });
	await expect(row(page, RICE_SHOP)).toContainText(/Partly offline: [\d.]+ (kB|MB) more to download/);

	// What did arrive works offline.
	await context.setOffline(true);
	await page.reload();
	await playToTheEnd(page, riceGrit.id);

	// Back online, a second press fetches only what is missing.
	await context.setOffline(false);
	await context.unroute(broken);
	await page.goto('/');
	await page.getByText('Use offline').click();
	await expect(row(page, RICE_SHOP)).toContainText(/Partly offline/);
	await saveRiceShop(page).click();
	await expect(page.getByText(`${RICE_SHOP} is available offline.`)).toBeVisible();
	await context.setOffline(true);
	await page.reload();
	await playToTheEnd(page, riceCredit.id, { named: true });
});

test('a download shows its progress and can be cancelled, keeping what arrived', async ({
	page,
	context
}) => {
	await installServiceWorker(page);
	// A slow line: each page of the case takes a while, so the bar can be seen and the download stopped.
	await context.route('**/scenarios/**', async (route) => {
		await new Promise((r) => setTimeout(r, 400));
		await route.continue();
	});
	await page.getByText('Use offline').click();
	await saveRiceShop(page).click();
	const bar = page.getByRole('progressbar', { name: 'Download progress' });
	await expect(bar).toBeVisible();
	await expect(page.getByText(new RegExp(`Downloading ${RICE_SHOP}: .+ of .+`))).toBeVisible();
	await page.getByRole('button', { name: 'Cancel download' }).click();
	await expect(page.getByText('Download stopped. What was already downloaded is kept')).toBeVisible();
	await expect(bar).toHaveCount(0);
	await expect(saveRiceShop(page)).toBeVisible();
});
