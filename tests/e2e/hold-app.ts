import type { Page } from '@playwright/test';

/** Holds back the app's start script, so a test can act on the prerendered page before the app runs. */
export async function holdTheApp(page: Page) {
	let release!: () => void;
	const held = new Promise<void>((resolve) => (release = resolve));
	await page.route('**/_app/immutable/entry/start.*.js', async (route) => {
		await held;
		await route.continue();
	});
	return release;
}
