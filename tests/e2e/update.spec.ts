// Journey: a new version of the app comes out while a tab is open. The tab keeps running its own build, pages
// and data alike, until the trainee presses "Update now"; that waits for the turn being saved, then reloads
// into the new build. A second tab left on the old build keeps its own data until it moves on.
//
// The app is served here by a small static server over the built app, so the test can publish a "new
// version": the same build with another version string, app title and scenario title (what a rebuild with
// changed content would give), including a service worker whose bytes differ, as a real release's would.
import { createServer, type Server } from 'node:http';
import { readFile, stat } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import { extname, join, normalize } from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import { pathBy, scenario } from './scenario-paths';

test.use({ serviceWorkers: 'allow' });

const BUILD = new URL('../../build/', import.meta.url).pathname;
const riceGrit = scenario('rice-grit');
const [first, second] = pathBy(riceGrit, (c) => c.best).picks;
/** What the new version says instead: nothing in the old one contains these, nor they it. */
const OLD_APP = 'Service Role-Play';
const NEW_APP = 'Role-Play Trainer';
const OLD_TITLE = riceGrit.title.en;
const NEW_TITLE = 'Grit in the grain';

const TYPES: Record<string, string> = {
	'.html': 'text/html; charset=utf-8',
	'.js': 'text/javascript; charset=utf-8',
	'.css': 'text/css; charset=utf-8',
	'.json': 'application/json; charset=utf-8',
	'.webmanifest': 'application/manifest+json; charset=utf-8',
	'.svg': 'image/svg+xml',
	'.png': 'image/png',
	'.woff2': 'font/woff2'
};

/** Serves build/ as a static host would, as it is ("old") or as the next release ("new"). */
async function host() {
	const { version } = JSON.parse(await readFile(join(BUILD, '_app/version.json'), 'utf8')) as {
		version: string;
	};
	const release = { current: 'old' as 'old' | 'new', newVersion: `${version}1` };
	const file = async (path: string) => {
		try {
			const info = await stat(path);
			return info.isFile() ? path : info.isDirectory() ? 'dir' : undefined;
		} catch {
			return undefined;
		}
	};
	const server: Server = createServer((request, response) => {
		void (async () => {
			const url = new URL(request.url ?? '/', 'http://localhost');
			const path = normalize(join(BUILD, decodeURIComponent(url.pathname)));
			if (!path.startsWith(BUILD)) return response.writeHead(403).end();
			// Pages are folders with an index.html, or (with trailingSlash 'never') files beside them.
			let found = await file(path);
			const page = await file(`${path.replace(/\/$/, '')}.html`);
			if (found === 'dir' && !url.pathname.endsWith('/') && !page)
				return response.writeHead(308, { location: `${url.pathname}/${url.search}` }).end();
			if (found === 'dir') found = (await file(join(path, 'index.html'))) ?? page;
			found ??= page;
			const status = found ? 200 : 404;
			const served = found ?? join(BUILD, '404.html');
			const type = TYPES[extname(served)] ?? 'application/octet-stream';
			let body: Buffer | string = await readFile(served);
			if (release.current === 'new' && type.includes('charset'))
				body = body
					.toString('utf8')
					.replaceAll(version, release.newVersion)
					.replaceAll(OLD_APP, NEW_APP)
					.replaceAll(OLD_TITLE, NEW_TITLE);
			response.writeHead(status, { 'content-type': type, 'cache-control': 'no-store' }).end(body);
		})();
	});
	await new Promise<void>((resolve) => server.listen(0, resolve));
	const origin = `http://localhost:${(server.address() as AddressInfo).port}`;
	return {
		origin,
		version,
		release,
		close: () => new Promise<void>((resolve) => server.close(() => resolve()))
	};
}

/** Waits for the service worker to finish precaching, then reloads so it controls the page. */
async function installServiceWorker(page: Page, url: string) {
	await page.goto(url);
	await page.evaluate(() => navigator.serviceWorker.ready.then(() => undefined));
	await page.reload();
	await expect.poll(() => page.evaluate(() => navigator.serviceWorker.controller !== null)).toBe(true);
}

const brand = (page: Page) => page.getByRole('banner').getByRole('link').first();
const fetchText = (page: Page, path: string) => page.evaluate((p) => fetch(p).then((r) => r.text()), path);
/** The version the worker controlling the page serves (it answers SvelteKit's version check itself). */
const servedVersion = async (page: Page) =>
	(JSON.parse(await fetchText(page, '/_app/version.json')) as { version: string }).version;
/** Whether a cache holds a path: the worker keeps what a tab loads once the host confirms its build. */
const isCached = (page: Page, path: string) =>
	page.evaluate(async (p) => (await caches.match(p)) !== undefined, path);
const ownCaches = (page: Page) =>
	page.evaluate(async () => (await caches.keys()).filter((k) => k.startsWith('service-roleplay-')));

/** Keeps the attempt tables busy from a second connection, so the app's next write waits until `releaseHold`. */
function holdTheSaves(page: Page) {
	return page.evaluate(
		() =>
			new Promise<void>((resolve, reject) => {
				const open = indexedDB.open('service-roleplay');
				open.onerror = () => reject(open.error);
				open.onsuccess = () => {
					const db = open.result;
					const tx = db.transaction(['attempts', 'turns'], 'readwrite');
					const attempts = tx.objectStore('attempts');
					let held = true;
					(window as unknown as { releaseHold: () => void }).releaseHold = () => (held = false);
					// A transaction stays open while it has a request in flight.
					const spin = () => {
						if (held) attempts.get('none').onsuccess = spin;
					};
					spin();
					tx.oncomplete = () => db.close();
					resolve();
				};
			})
	);
}

test('the tab keeps its build until "Update now", which saves the turn first and reloads into the new one', async ({
	page
}) => {
	const app = await host();
	try {
		await installServiceWorker(page, `${app.origin}/`);
		await expect(brand(page)).toHaveText(OLD_APP);
		await page.getByRole('link', { name: OLD_TITLE }).click();
		await page.getByRole('link', { name: 'Start Practice' }).click();
		await page.getByLabel('Your name').fill('Mei Lin');
		await page.getByRole('button', { name: 'Save and start' }).click();
		await page.getByRole('button', { name: first!.choice.text.en }).click();
		await expect(page).toHaveURL(/attempt=/);

		await expect.poll(() => isCached(page, `/scenarios/${riceGrit.id}/play/`)).toBe(true);
		await expect.poll(() => isCached(page, `/scenarios/${riceGrit.id}/play/__data.json`)).toBe(true);

		// The next release is published. Opening the page again finds it, but the tab stays on its own build:
		// the page and its data come from the old build's cache, not half from the network.
		app.release.current = 'new';
		const reloaded = await page.reload();
		expect(await reloaded!.text()).toContain(OLD_TITLE);
		await expect(page.getByRole('heading', { level: 1, name: OLD_TITLE })).toBeVisible();
		await expect(page.getByText('A new version of the app is ready.')).toBeVisible({ timeout: 30_000 });
		// The data it loaded on the old build (the play page's) still comes from the old build's cache.
		expect(await fetchText(page, `/scenarios/${riceGrit.id}/play/__data.json`)).toContain(OLD_TITLE);
		expect(await servedVersion(page)).toBe(app.version);
		await expect(
			page.getByRole('log', { name: 'Conversation' }).getByText(first!.choice.text.en)
		).toBeVisible();

		// A turn is being saved (held up here) when the trainee presses "Update now": the update waits for it.
		await holdTheSaves(page);
		await page.getByRole('button', { name: second!.choice.text.en }).click();
		await page.evaluate(() => ((window as unknown as { sameDocument: boolean }).sameDocument = true));
		await page.getByRole('button', { name: 'Update now' }).click();
		await expect(page.getByText('Saving your last step, then updating…')).toBeVisible();
		await page.waitForTimeout(1_500);
		expect(await page.evaluate(() => (window as unknown as { sameDocument?: boolean }).sameDocument)).toBe(
			true
		);
		expect(
			await page.evaluate(async () => !!(await navigator.serviceWorker.getRegistration())?.waiting)
		).toBe(true);

		await page.evaluate(() => (window as unknown as { releaseHold: () => void }).releaseHold());
		await expect(brand(page)).toHaveText(NEW_APP, { timeout: 15_000 });
		expect(await page.evaluate(() => (window as unknown as { sameDocument?: boolean }).sameDocument)).toBe(
			undefined
		);
		await expect(page.getByRole('heading', { level: 1, name: NEW_TITLE })).toBeVisible();
		// The turn saved before the reload is there, resumed on the new build.
		const chat = page.getByRole('log', { name: 'Conversation' });
		await expect(chat.getByText(first!.choice.text.en)).toBeVisible();
		await expect(chat.getByText(second!.choice.text.en)).toBeVisible();
		await expect(page.getByRole('button', { name: 'Update now' })).toHaveCount(0);
		expect(await servedVersion(page)).toBe(app.release.newVersion);
		expect(await fetchText(page, `/content/${riceGrit.id}.json`)).toContain(NEW_TITLE);
	} finally {
		await app.close();
	}
});

test('a second tab left on the old build keeps its data until it moves on, then loads the new build whole', async ({
	page,
	context
}) => {
	const app = await host();
	try {
		await installServiceWorker(page, `${app.origin}/`);
		const other = await context.newPage();
		await other.goto(`${app.origin}/`);
		await expect(brand(other)).toHaveText(OLD_APP);
		// It reads a scenario's data (as history does), which the worker keeps in the old build's cache.
		expect(await fetchText(other, `/content/${riceGrit.id}.json`)).toContain(OLD_TITLE);
		await expect.poll(() => isCached(other, `/content/${riceGrit.id}.json`)).toBe(true);

		app.release.current = 'new';
		await page.reload();
		await expect(page.getByText('A new version of the app is ready.')).toBeVisible({ timeout: 30_000 });
		await expect(other.getByText('A new version of the app is ready.')).toBeVisible();
		await page.getByRole('button', { name: 'Update now' }).click();
		await expect(brand(page)).toHaveText(NEW_APP, { timeout: 15_000 });

		// The other tab still runs the old build: it says so, and what it fetches comes from the old build's cache.
		await expect(
			other.getByText('The app was updated in another tab; this tab still runs the version before.')
		).toBeVisible();
		await expect(brand(other)).toHaveText(OLD_APP);
		expect(await fetchText(other, `/content/${riceGrit.id}.json`)).toContain(OLD_TITLE);
		expect(await ownCaches(other)).toHaveLength(2);

		// Its next page is loaded whole from the new build: new scripts (the header) and new data (the title).
		await other.getByRole('link', { name: OLD_TITLE }).click();
		await expect(other.getByRole('heading', { level: 1, name: NEW_TITLE })).toBeVisible();
		await expect(brand(other)).toHaveText(NEW_APP);
		// No tab runs the old build any more: its cache is gone.
		await expect.poll(() => ownCaches(page)).toEqual([`service-roleplay-${app.release.newVersion}`]);
	} finally {
		await app.close();
	}
});
