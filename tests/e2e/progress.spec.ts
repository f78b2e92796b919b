// Journeys around saved progress: filters, history, profiles, export and import, blocked storage.
import { readFileSync, writeFileSync } from 'node:fs';
import { expect, test, type Page } from '@playwright/test';
import { LATEST_VERSION } from '../../src/lib/persistence/db';
import { content, pathBy, scenario } from './scenario-paths';
import { writeVersion1Database } from './version1-database';

const riceGrit = scenario('rice-grit');

async function finishRiceGrit(page: Page, name?: string, rule = (c: { best: boolean }) => c.best) {
	await page.goto('/scenarios/rice-grit/play?mode=practice');
	if (name) {
		await page.getByLabel('Your name').fill(name);
		await page.getByRole('button', { name: 'Save and start' }).click();
	}
	for (const { choice } of pathBy(riceGrit, rule).picks)
		await page.getByRole('button', { name: choice.text.en }).click();
	await expect(page.getByRole('region', { name: 'Debrief' })).toBeVisible();
}

test('the library filters by case and by rubric', async ({ page }) => {
	await page.goto('/');
	const cards = page.getByRole('article');
	await expect(cards).toHaveCount(content.scenarios.length);
	const oriental = content.cases.get('oriental-hotel')!.title.en;
	await page.getByRole('combobox', { name: 'Case', exact: true }).selectOption({ label: oriental });
	const expected = content.scenarios.filter((s) => s.case === 'oriental-hotel');
	await expect(cards).toHaveCount(expected.length);
	for (const s of expected) await expect(page.getByRole('heading', { name: s.title.en })).toBeVisible();
	await page.getByRole('combobox', { name: 'Case', exact: true }).selectOption({ label: 'All' });
	await page
		.getByRole('combobox', { name: 'Rubric', exact: true })
		.selectOption({ label: '3F (feel – felt – found)' });
	await expect(cards).toHaveCount(content.scenarios.filter((s) => s.rubrics.includes('3f')).length);
	await expect(page.getByText(/^Showing \d+ of \d+ scenarios$/)).toBeVisible();
});

test('history lists finished attempts and reopens the debrief', async ({ page }) => {
	await finishRiceGrit(page, 'Hana');
	await page.getByRole('link', { name: 'History' }).click();
	await expect(page.getByRole('heading', { name: 'Your attempts' })).toBeVisible();
	const row = page.getByRole('row', { name: new RegExp(riceGrit.title.en) });
	await expect(row).toContainText('100');
	await row.getByRole('link', { name: `Open debrief: ${riceGrit.title.en}` }).click();
	await expect(page.getByRole('region', { name: 'Debrief' })).toBeVisible();
	await expect(
		page.getByRole('article', { name: 'Communication style' }).getByText('100 / 100')
	).toBeVisible();
	await page.screenshot({ path: 'test-results/history-debrief.png', fullPage: true });
});

test('profiles: several on one device, switch and rename; names are shown as text', async ({ page }) => {
	await finishRiceGrit(page, 'Ana');
	await page.getByRole('link', { name: 'Profile & data' }).click();
	await page.getByLabel('Name of a new trainee').fill('<b>Bo</b>');
	await page.getByRole('button', { name: 'Add trainee' }).click();
	await expect(page.getByText('Trainee: <b>Bo</b>')).toBeVisible();
	await page.getByLabel('New name for <b>Bo</b>').fill('Bo <img src=x onerror=alert(1)>');
	await page.getByRole('button', { name: 'Rename' }).nth(1).click();
	await expect(page.getByText('Trainee: Bo <img src=x onerror=alert(1)>')).toBeVisible();
	await page.getByRole('link', { name: 'History' }).click();
	await expect(page.getByText('No attempts yet. Pick a scenario to start.')).toBeVisible();
	await page.getByRole('link', { name: 'Profile & data' }).click();
	await page.getByRole('button', { name: 'Switch to Ana' }).click();
	await expect(page.getByText('Trainee: Ana')).toBeVisible();
	await page.getByRole('link', { name: 'History' }).click();
	await expect(page.getByRole('row', { name: new RegExp(riceGrit.title.en) })).toBeVisible();
});

test('export, clear, then import round-trips; tampered scores are recomputed; a bad file changes nothing', async ({
	page
}, testInfo) => {
	await finishRiceGrit(page, 'Kai');
	await page.getByRole('link', { name: 'Profile & data' }).click();
	const download = page.waitForEvent('download');
	await page.getByRole('button', { name: "Export Kai's progress" }).click();
	const file = testInfo.outputPath('kai.json');
	await (await download).saveAs(file);
	const exported = JSON.parse(readFileSync(file, 'utf8'));
	expect(exported.format).toBe('service-roleplay-progress');
	expect(exported.attempts).toHaveLength(1);

	// Clear: delete the profile and its attempts.
	page.once('dialog', (dialog) => void dialog.accept());
	await page.getByRole('button', { name: 'Delete Kai and their attempts' }).click();
	await expect(page.getByText('Trainee: Kai')).toHaveCount(0);

	// A file that claims other scores is imported with the scores its choices earn.
	const tampered = structuredClone(exported);
	tampered.attempts[0].scores = { style: 7, last: 3 };
	const tamperedFile = testInfo.outputPath('tampered-scores.json');
	writeFileSync(tamperedFile, JSON.stringify(tampered));
	await page.getByLabel('Import a progress file (.json)').setInputFiles(tamperedFile);
	await expect(page.getByText('Imported 1 attempt; skipped 0 already here.')).toBeVisible();
	await page.getByRole('link', { name: 'History' }).click();
	const row = page.getByRole('row', { name: new RegExp(riceGrit.title.en) });
	await expect(row).toContainText(': 100 ·');
	await expect(row).not.toContainText(': 7');

	// Exported again, the progress is exactly what it was before the clear.
	await page.getByRole('link', { name: 'Profile & data' }).click();
	const again = page.waitForEvent('download');
	await page.getByRole('button', { name: "Export Kai's progress" }).click();
	const roundTrip = JSON.parse(readFileSync(await (await again).path(), 'utf8'));
	expect({ ...roundTrip, exportedAt: undefined }).toEqual({ ...exported, exportedAt: undefined });

	// The original file now adds nothing: the attempt is already here.
	await page.getByLabel('Import a progress file (.json)').setInputFiles(file);
	await expect(page.getByText('Imported 0 attempts; skipped 1 already here.')).toBeVisible();

	// Hostile files are rejected with a reason, and nothing changes.
	for (const [name, mutate] of [
		['unknown-key', (d: typeof exported) => (d.attempts[0].admin = true)],
		[
			'proto-key',
			(d: typeof exported) =>
				(d.attempts[0] = JSON.parse(JSON.stringify(d.attempts[0]).replace('{', '{"__proto__":{"x":1},')))
		],
		['bad-log', (d: typeof exported) => (d.attempts[0].log = [{ type: 'choice.select' }])]
	] as const) {
		const bad = structuredClone(exported);
		bad.attempts[0].id = `${name}-attempt`;
		mutate(bad);
		const badFile = testInfo.outputPath(`${name}.json`);
		writeFileSync(badFile, JSON.stringify(bad));
		await page.getByLabel('Import a progress file (.json)').setInputFiles(badFile);
		await expect(page.getByText(/^Nothing was imported\./)).toBeVisible();
	}
	await page.getByRole('link', { name: 'History' }).click();
	await expect(page.getByRole('row')).toHaveCount(2); // the header and the one attempt
});

test('in Chinese, a rejected file is explained in Chinese', async ({ page }, testInfo) => {
	await page.goto('/zh/profile');
	const hostile = testInfo.outputPath('hostile.json');
	writeFileSync(hostile, '{"format":"service-roleplay-progress","version":1,"__proto__":{"admin":true}}');
	await page.getByLabel('导入进度文件（.json）').setInputFiles(hostile);
	await expect(
		page.getByText('未导入任何内容。这不是进度导出文件：它在最外层处含有键“__proto__”', { exact: false })
	).toBeVisible();

	const newer = testInfo.outputPath('newer.json');
	writeFileSync(newer, JSON.stringify({ format: 'service-roleplay-progress', version: 9 }));
	await page.getByLabel('导入进度文件（.json）').setInputFiles(newer);
	await expect(
		page.getByText('这个进度文件来自更新版本的应用（格式版本 9）。请刷新页面更新应用，然后再导入。')
	).toBeVisible();
});

test('with IndexedDB blocked, a banner explains, play still works and export is offered', async ({
	page
}) => {
	await page.addInitScript(() => {
		Object.defineProperty(window, 'indexedDB', {
			get() {
				throw new DOMException('The user denied permission to access the database.', 'SecurityError');
			}
		});
	});
	await finishRiceGrit(page, 'Private Pat');
	await expect(page.getByRole('alert')).toContainText('This browser will not let the app save your progress');
	await expect(page.getByRole('alert').getByRole('button', { name: 'Export progress' })).toBeVisible();
	await expect(
		page.getByRole('article', { name: 'Communication style' }).getByText('100 / 100')
	).toBeVisible();
});

test('two tabs on one attempt: the stale tab is told to reload, and nothing is lost', async ({ context }) => {
	const first = await context.newPage();
	await first.goto('/scenarios/rice-grit/play?mode=practice');
	await first.getByLabel('Your name').fill('Two Tabs');
	await first.getByRole('button', { name: 'Save and start' }).click();
	const [one, two] = pathBy(riceGrit, (c) => c.best).picks;
	await first.getByRole('button', { name: one!.choice.text.en }).click();
	await expect(first).toHaveURL(/attempt=/);

	const second = await context.newPage();
	await second.goto(first.url());
	await expect(second.getByRole('button', { name: two!.choice.text.en })).toBeVisible();

	await first.getByRole('button', { name: two!.choice.text.en }).click();
	await expect(
		first.getByRole('region', { name: 'Feedback on your reply' }).getByText(two!.choice.feedback.en)
	).toBeVisible();
	// The second tab, still one turn behind, answers too: its write is refused.
	await second.getByRole('button', { name: two!.choice.text.en }).click();
	await expect(second.getByRole('alert')).toContainText('This attempt was continued in another tab');
	await second.getByRole('alert').getByRole('button', { name: 'Reload' }).click();
	const chat = second.getByRole('log', { name: 'Conversation' });
	await expect(chat.getByText(two!.choice.text.en)).toHaveCount(1);
	await expect(second.getByText('Welcome back: you are where you left off.')).toBeVisible();
});

test('a database written by the first version opens in this one with nothing lost', async ({ page }) => {
	const { picks, ending } = pathBy(riceGrit, (c) => c.best);
	const seed = {
		version: riceGrit.version,
		log: picks.map(({ choice }) => ({ type: 'choice.select', choice: choice.id })),
		ending: Object.keys(riceGrit.endings).find((id) => riceGrit.endings[id] === ending)!,
		// The path of best choices scores 100 on every rubric the scenario uses (a content rule).
		scores: Object.fromEntries(riceGrit.rubrics.map((r) => [r, 100]))
	};
	// Version 1's tables and indexes, written with IndexedDB itself.
	const { log, ending: endingId, scores } = seed;
	await writeVersion1Database(page, {
		id: 'a1',
		contentVersion: seed.version,
		status: 'finished',
		log,
		ending: endingId,
		scores
	});

	await page.goto('/history');
	await expect(page.getByRole('banner')).toContainText('Trainee: Old Oscar');
	const row = page.getByRole('row', { name: new RegExp(riceGrit.title.en) });
	await expect(row).toContainText('100');
	await row.getByRole('link', { name: `Open debrief: ${riceGrit.title.en}` }).click();
	await expect(
		page.getByRole('article', { name: 'Communication style' }).getByText('100 / 100')
	).toBeVisible();
	const versions = await page.evaluate(async () =>
		(await indexedDB.databases()).filter((d) => d.name === 'service-roleplay').map((d) => d.version)
	);
	expect(versions).toEqual([LATEST_VERSION * 10]);
});

test('another tab opening a newer database version asks this tab to reload', async ({ context }) => {
	const page = await context.newPage();
	// History reads the store, so this tab holds a connection to the database.
	await page.goto('/history');
	await expect(page.getByRole('heading', { level: 1, name: 'Your attempts' })).toBeVisible();
	await page.waitForFunction(async () =>
		(await indexedDB.databases()).some((d) => d.name === 'service-roleplay')
	);
	const newer = await context.newPage();
	await newer.goto('/404-not-a-page');
	await newer.evaluate(
		() =>
			new Promise<void>((resolve, reject) => {
				const request = indexedDB.open('service-roleplay', 9999);
				request.onsuccess = () => {
					request.result.close();
					resolve();
				};
				request.onerror = () => reject(request.error);
			})
	);
	await expect(page.getByRole('alert')).toContainText(
		'A newer version of this app was opened in another tab'
	);
	await expect(page.getByRole('alert').getByRole('button', { name: 'Reload' })).toBeVisible();
});
