// Journey: the SCORM 1.2 package in a test LMS. scorm-again is window.API in the harness page; the SCO, unzipped
// from the package, runs in its frame. Half an attempt, the frame closed and opened again, then the ending.
import { readFileSync } from 'node:fs';
import type { Server } from 'node:http';
import { join } from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import { listen, repo, serveFile, unpacked } from '../lms/package-site';
import { pathBy, scenario } from './scenario-paths';
import { collectScripts, runtimeScripts } from '../lms/runtime-bytes';

test.describe.configure({ mode: 'serial' });

const PORT = 4332;
const base = `http://127.0.0.1:${PORT}`;
const riceGrit = scenario('rice-grit');
let server: Server;
let launchHref: string;

declare global {
	interface Window {
		launch(href: string, options?: { broken?: boolean }): void;
		closeSco(): { core: Record<string, unknown>; suspend_data: string };
		kept: { core: Record<string, unknown>; suspend_data?: string };
		finished: number;
		calls: string[];
		API: { cmi: { core: Record<string, string> & { score: Record<string, string> } } };
	}
}

test.beforeAll(async () => {
	const pkg = unpacked('scorm12');
	const manifest = readFileSync(join(pkg.dir, 'imsmanifest.xml'), 'utf8');
	const href = new RegExp(`identifier="sco-rice-grit"[^>]*href="([^"]+)"`).exec(manifest)![1]!;
	const parameters = /identifierref="sco-rice-grit"[^>]*parameters="([^"]*)"/.exec(manifest)?.[1] ?? '';
	launchHref = `/pkg/${href}${parameters}`;
	const harness = readFileSync(join(repo, 'tests/lms/scorm-harness.html'));
	server = await listen(PORT, (_request, response, url) => {
		if (url.pathname === '/harness.html') {
			response.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(harness);
			return;
		}
		if (serveFile(join(repo, 'node_modules/scorm-again/dist'), '/scorm-again/', url.pathname, response))
			return;
		if (serveFile(pkg.dir, '/pkg/', url.pathname, response)) return;
		response.writeHead(404).end();
	});
});
test.afterAll(() => new Promise<void>((done) => (server ? server.close(() => done()) : done())));

async function open(page: Page, options: { broken?: boolean; mode?: string } = {}) {
	await page.goto(`${base}/harness.html`);
	if (options.mode) await page.evaluate((mode) => (window.kept.core.lesson_mode = mode), options.mode);
	await page.evaluate(
		([href, broken]) => window.launch(href as string, { broken: !!broken }),
		[launchHref, options.broken]
	);
	return page.frameLocator('iframe[title="SCO"]');
}
const sco = (page: Page) => page.frameLocator('iframe[title="SCO"]');
const core = (page: Page) => page.evaluate(() => JSON.parse(JSON.stringify(window.API.cmi.core)));

test('half an attempt, closed and reopened, resumes from suspend_data; the ending reaches the LMS', async ({
	page
}) => {
	const { picks } = pathBy(riceGrit, (c) => !!c.best);
	const scripts = collectScripts(page);
	const frame = await open(page);
	// The name is the LMS's ("Okafor, Ada"): no name asked for.
	await expect(frame.getByText('Trainee: Ada Okafor')).toBeVisible();
	await expect(frame.getByText('Mode: Assessment')).toBeVisible();
	await expect(frame.getByLabel('Your name')).toHaveCount(0);
	// The SCORM runtime came with the launch, the cmi5 one did not (the app's scripts: the harness has scorm-again).
	const app = () => scripts.filter((f) => f.url.startsWith(`${base}/pkg/`));
	await expect.poll(() => runtimeScripts(app(), 'scorm').length).toBeGreaterThan(0);
	expect(runtimeScripts(app(), 'cmi5')).toEqual([]);
	for (const { choice } of picks.slice(0, 3))
		await frame.getByRole('button', { name: choice.text.en }).click();
	await expect(frame.getByRole('button', { name: picks[3]!.choice.text.en })).toBeVisible();

	const midway = await core(page);
	expect(midway.lesson_status).toBe('incomplete');
	const fourth = Object.entries(riceGrit.nodes).find(([, n]) => n.choices.includes(picks[3]!.choice))![0];
	expect(midway.lesson_location).toBe(fourth);
	expect(await page.evaluate(() => window.calls.length)).toBeGreaterThanOrEqual(3);

	const closed = await page.evaluate(() => window.closeSco());
	expect(await page.evaluate(() => window.finished)).toBe(1);
	expect(closed.core.exit).toBe('suspend');
	expect(closed.suspend_data).toMatch(/^v1;[0-9a-z]+;/);
	expect(closed.suspend_data.length).toBeLessThanOrEqual(4096);

	// Reopened: the three replies are back and the fourth decision waits.
	await page.evaluate((href) => window.launch(href), launchHref);
	const again = sco(page);
	// In the conversation: before the attempt is resumed the text is also a reply on the first decision's button.
	await expect(
		again.getByRole('log', { name: 'Conversation' }).getByText(picks[0]!.choice.text.en)
	).toBeVisible();
	await expect(again.getByRole('button', { name: picks[3]!.choice.text.en })).toBeVisible();
	for (const { choice } of picks.slice(3)) await again.getByRole('button', { name: choice.text.en }).click();
	await expect(again.getByRole('heading', { name: /^How it ended/ })).toBeVisible();
	await expect(again.getByText('Sent to your course: passed, score 100 out of 100.')).toBeVisible();
	// A new attempt is the LMS's to launch: no "Try again" inside it.
	await expect(again.getByRole('button', { name: 'Try again' })).toHaveCount(0);

	const ending = again.getByRole('region', { name: /^How it ended/ });
	await ending.getByRole('button', { name: 'Return to course' }).click();
	// SCORM gives no page to go back to: the ending says the window may close, where the button was.
	await expect(ending.getByRole('status')).toHaveText(
		'Your course has this attempt. You can close this window now.'
	);
	expect(await page.evaluate(() => window.finished)).toBe(2);
	const end = await core(page);
	expect(end.lesson_status).toBe('passed');
	expect(end.score).toEqual({ raw: '100', min: '0', max: '100' });
	expect(end.session_time).toMatch(/^\d{2,4}:\d{2}:\d{2}(\.\d{1,2})?$/);
	expect(end.exit).toBe('');
});

test('an assessment below the pass mark is failed; a browse launch is practice and completed', async ({
	page
}) => {
	const weak = pathBy(riceGrit, (c) => !c.best);
	let frame = await open(page);
	for (const { choice } of weak.picks) await frame.getByRole('button', { name: choice.text.en }).click();
	await expect(frame.getByText(/^Sent to your course: not passed, score \d+ out of 100\.$/)).toBeVisible();
	let end = await core(page);
	expect(end.lesson_status).toBe('failed');
	expect(Number(end.score.raw)).toBeLessThan(75);

	frame = await open(page, { mode: 'browse' });
	await expect(frame.getByText('Mode: Practice')).toBeVisible();
	for (const { choice } of pathBy(riceGrit, (c) => !!c.best).picks)
		await frame.getByRole('button', { name: choice.text.en }).click();
	await expect(frame.getByText('Sent to your course: completed, score 100 out of 100.')).toBeVisible();
	end = await core(page);
	expect(end.lesson_status).toBe('completed');
});

test('an LMS that answers with errors is shown once, and play goes on, saved on this device', async ({
	page
}) => {
	const { picks } = pathBy(riceGrit, (c) => !!c.best);
	const frame = await open(page, { broken: true });
	for (const { choice } of picks) await frame.getByRole('button', { name: choice.text.en }).click();
	await expect(frame.getByRole('heading', { name: /^How it ended/ })).toBeVisible();
	const alert = frame.getByRole('alert').filter({ hasText: "Your course's system reported a problem" });
	await expect(alert).toHaveCount(1);
	await expect(alert).toContainText('101');
	// Saved on the device all the same: the attempt is in the trainee's history, in the SCO's own origin.
	await page.goto(`${base}/pkg/history/`);
	await expect(page.getByText('Trainee: Ada Okafor')).toBeVisible();
	await expect(page.getByRole('main').getByText(riceGrit.title.en).first()).toBeVisible();
});
