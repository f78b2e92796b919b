// Journey: what a trainee has opened works with no network, and the app can be installed. The first visit
// caches only the shell; pages are kept as they are opened (offline-copy.spec.ts downloads a whole case).
import { expect, test, type Page } from '@playwright/test';
import { pathBy, scenario } from './scenario-paths';

const riceGrit = scenario('rice-grit');

test.use({ serviceWorkers: 'allow' });

/** Waits for the service worker to finish precaching, then reloads so it controls the page. */
async function installServiceWorker(page: Page) {
	await page.goto('/');
	await page.evaluate(() => navigator.serviceWorker.ready.then(() => undefined));
	await page.reload();
	await expect.poll(() => page.evaluate(() => navigator.serviceWorker.controller !== null)).toBe(true);
}

/** The paths this build's cache holds: a page opened is kept once it has loaded, in the background. */
const cachedPaths = (page: Page) =>
	page.evaluate(async () => {
		const names = (await caches.keys()).filter((k) => k.startsWith('service-roleplay-'));
		const keys = await Promise.all(names.map(async (n) => (await caches.open(n)).keys()));
		return keys.flat().map((r) => new URL(r.url).pathname);
	});

test('offline after a visit: the library, the reading and a full practice run of a scenario opened before', async ({
	page,
	context
}) => {
	await installServiceWorker(page);
	// Online, the trainee opens the scenario, its play page, and the Chinese library and scenario page.
	await page.getByRole('link', { name: riceGrit.title.en }).click();
	await page.getByRole('link', { name: 'Start Practice' }).click();
	await expect(page.getByLabel('Your name')).toBeVisible();
	await page.goto('/zh/');
	await page.getByRole('link', { name: riceGrit.title.zh }).click();
	await expect(page.getByRole('heading', { level: 1, name: riceGrit.title.zh })).toBeVisible();
	await page.goto('/');
	await expect
		.poll(() => cachedPaths(page))
		.toEqual(
			expect.arrayContaining([
				`/scenarios/${riceGrit.id}/`,
				`/scenarios/${riceGrit.id}/play/`,
				`/zh/scenarios/${riceGrit.id}/__data.json`
			])
		);
	await context.setOffline(true);

	await page.reload();
	await expect(page.getByRole('heading', { level: 1, name: 'Scenarios' })).toBeVisible();
	await page.getByRole('link', { name: riceGrit.title.en }).click();
	await expect(page.getByRole('heading', { level: 1, name: riceGrit.title.en })).toBeVisible();
	await expect(page.getByRole('heading', { name: /The case/ })).toBeVisible();
	await page.getByRole('link', { name: 'Start Practice' }).click();
	await page.getByLabel('Your name').fill('Mei Lin');
	await page.getByRole('button', { name: 'Save and start' }).click();

	const { picks, ending } = pathBy(riceGrit, (c) => c.best);
	const [first, second] = picks;
	await page.getByRole('button', { name: first!.choice.text.en }).click();
	await page.getByRole('button', { name: second!.choice.text.en }).click();
	await expect(page).toHaveURL(/attempt=/);

	// The play page is a client-rendered shell: the cached copy answers whatever the query string.
	await page.reload();
	const chat = page.getByRole('log', { name: 'Conversation' });
	await expect(chat.getByText(first!.choice.text.en)).toBeVisible();
	await expect(chat.getByText(second!.choice.text.en)).toBeVisible();

	for (const { choice } of picks.slice(2)) await page.getByRole('button', { name: choice.text.en }).click();
	await expect(page.getByRole('heading', { name: `How it ended — ${ending.title.en}` })).toBeVisible();
	await expect(
		page.getByRole('region', { name: 'Debrief' }).getByRole('article', { name: 'Communication style' })
	).toContainText('100 / 100');

	// The Chinese pages opened before are there as well.
	await page.goto('/zh');
	await expect(page.getByRole('heading', { level: 1, name: '情景列表' })).toBeVisible();
	await page.getByRole('link', { name: riceGrit.title.zh }).click();
	await expect(page.getByRole('heading', { level: 1, name: riceGrit.title.zh })).toBeVisible();
});

test('the app is installable: the manifest is linked and names the app and its icons', async ({ page }) => {
	await page.goto('/');
	// The <link> in the head is metadata, not something a person can find on the page.
	const href = await page.evaluate(
		() => Array.from(document.head.getElementsByTagName('link')).find((l) => l.rel === 'manifest')?.href
	);
	expect(href).toBeTruthy();
	const response = await page.request.get(href!);
	expect(response.ok()).toBe(true);
	const manifest = (await response.json()) as {
		name: string;
		start_url: string;
		display: string;
		icons: { src: string; sizes: string; purpose?: string }[];
	};
	expect(manifest).toMatchObject({ name: 'Service Role-Play', display: 'standalone' });
	// Relative to the manifest, so an app served from a folder of its host starts in that folder.
	expect(new URL(manifest.start_url, response.url()).href).toBe(new URL('/', page.url()).href);
	expect(manifest.icons.map((icon) => icon.sizes)).toEqual(expect.arrayContaining(['192x192', '512x512']));
	expect(manifest.icons.some((icon) => icon.purpose?.includes('maskable'))).toBe(true);
	for (const icon of manifest.icons)
		expect((await page.request.get(new URL(icon.src, response.url()).href)).ok()).toBe(true);
});
