// Issue 15, items 5, 11 and 16 as a person meets them: a forged progress file on the instructor's import, the
// reset behind "Forgot the passcode?", and a long import with its progress bar and Cancel button.
import { readFileSync } from 'node:fs';
import { expect, test, type Page } from '@playwright/test';
import { expectNoViolations } from './axe';

const CODE = 'chalk-and-talk-42';
const fixtures = new URL('../fixtures/progress/', import.meta.url);
const fixture = (name: string) => ({
	name,
	mimeType: 'application/json',
	buffer: readFileSync(new URL(name, fixtures))
});
const valid = JSON.parse(readFileSync(new URL('valid.json', fixtures), 'utf8'));

/** The valid attempt's file again, for another trainee with `count` copies of the attempt. */
function traineeFile(id: string, name: string, count = 1) {
	const attempts = Array.from({ length: count }, (_, i) => ({
		...valid.attempts[0],
		id: `${id}-attempt-${i}`,
		traineeId: id
	}));
	const data = { ...valid, trainees: [{ ...valid.trainees[0], id, name }], attempts };
	return { name: `${id}.json`, mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(data)) };
}

/** What the page records while importing: [from, to] of each timer tick, and each count shown. */
type Ticks = { gaps: [number, number][]; counts: string[] };

async function chooseCode(page: Page) {
	await page.goto('/instructor');
	await page.getByLabel('New passcode').fill(CODE);
	await page.getByLabel('Repeat the passcode').fill(CODE);
	await page.getByRole('button', { name: 'Save passcode and open' }).click();
	await expect(page.getByRole('navigation', { name: 'Instructor area' })).toBeVisible();
}

async function addTrainee(page: Page, name: string) {
	await page.getByLabel('Name of a new trainee').fill(name);
	await page.getByRole('button', { name: 'Add trainee' }).click();
	await expect(page.getByRole('listitem').filter({ hasText: name })).toBeVisible();
}

test('a forged observed reply is refused on import, and no 100 · 100 "lost" reaches the dashboard', async ({
	page
}) => {
	await chooseCode(page);
	await page.getByRole('link', { name: 'Import progress files' }).first().click();
	await page
		.getByLabel('Choose progress files (.json)')
		.setInputFiles([fixture('forged-observe-assessment.json'), fixture('observe-invented-style.json')]);
	const report = page.getByRole('region', { name: 'Import report' });
	await expect(
		report.getByRole('listitem').filter({ hasText: 'forged-observe-assessment.json' })
	).toContainText(
		'rejected: This progress file is damaged or was edited: attempt "forged-1" has an observed reply'
	);
	await expect(report.getByRole('listitem').filter({ hasText: 'observe-invented-style.json' })).toContainText(
		'records "charming", which is no style or step of scenario "rice-grit"'
	);
	await page.getByRole('link', { name: 'Dashboard' }).first().click();
	await expect(page.getByRole('main').getByRole('status')).toHaveText('Showing 0 attempts of 0 trainees.');
});

test("clearing the instructor data deletes the instructor's trainees, attempts and classes, after saying how many", async ({
	page
}) => {
	// Two profiles made on this device: Olga's stays untouched, Pat is put in a class by the instructor.
	await page.goto('/profile');
	await addTrainee(page, 'Olga');
	await addTrainee(page, 'Pat');

	await chooseCode(page);
	await page.getByRole('link', { name: 'Import progress files' }).first().click();
	await page
		.getByLabel('Choose progress files (.json)')
		.setInputFiles([traineeFile('trainee-ana', 'Ana', 2), traineeFile('trainee-li', 'Li')]);
	await expect(page.getByText('2 of 2 files imported.')).toBeVisible();
	await page.getByRole('link', { name: 'Classes and trainees' }).click();
	await page.getByLabel('Name of a new class').fill('Morning group');
	await page.getByRole('button', { name: 'Add class' }).click();
	await expect(page.getByRole('main').getByRole('status')).toHaveText('Class Morning group added.');
	await page.getByLabel('Class of Pat').selectOption({ label: 'Morning group' });
	await expect(page.getByRole('main').getByRole('status')).toHaveText('Pat is now in: Morning group.');

	// The passcode is forgotten: a reload locks the area.
	await page.reload();
	const clear = page.getByRole('region', { name: 'Forgot the passcode?' });
	await expect(clear).toContainText('download a backup first');
	await expect(clear).toContainText(
		'Clearing now deletes the passcode, 1 class, and 3 trainees with all their attempts.'
	);
	await expectNoViolations(page);

	// The backup holds everyone, and can be imported again later.
	const download = page.waitForEvent('download');
	await clear.getByRole('button', { name: 'Download a backup of everything on this device' }).click();
	const backup = JSON.parse(readFileSync((await (await download).path())!, 'utf8'));
	expect(backup.trainees.map((t: { name: string }) => t.name).sort()).toEqual(['Ana', 'Li', 'Olga', 'Pat']);
	expect(backup.attempts).toHaveLength(3);

	let warning = '';
	page.once('dialog', (dialog) => {
		warning = dialog.message();
		void dialog.accept();
	});
	await clear.getByRole('button', { name: 'Clear instructor data' }).click();
	await expect(page.getByRole('heading', { name: 'Choose a passcode' })).toBeVisible();
	expect(warning).toContain('1 class, and 3 trainees the instructor imported or put in a class');
	expect(warning).toContain('with their 3 attempts');
	expect(warning).toContain('download one first');

	// A new passcode opens an empty instructor area: nothing of the instructor's is left to see.
	await page.getByLabel('New passcode').fill('a-new-code-77');
	await page.getByLabel('Repeat the passcode').fill('a-new-code-77');
	await page.getByRole('button', { name: 'Save passcode and open' }).click();
	await page.getByRole('link', { name: 'Dashboard' }).first().click();
	// Olga, with no attempt, is the one trainee left.
	await expect(page.getByRole('main').getByRole('status')).toHaveText('Showing 0 attempts of 1 trainee.');
	await page.getByRole('link', { name: 'Classes and trainees' }).click();
	await expect(page.getByText('Morning group')).toHaveCount(0);
	await expect(page.getByLabel('Class of Ana')).toHaveCount(0);
	await expect(page.getByLabel('Class of Pat')).toHaveCount(0);
	// Olga's own profile was never the instructor's: it stays, as in the trainee area.
	await expect(page.getByLabel('Class of Olga')).toBeVisible();
	await page.goto('/profile');
	const onDevice = page.getByRole('region', { name: 'Trainees on this device' }).getByRole('listitem');
	await expect(onDevice).toHaveCount(1);
	await expect(onDevice).toContainText('Olga');
});

test('a long import shows a progress bar with a count, stays responsive, and Cancel writes nothing', async ({
	page
}) => {
	test.setTimeout(180_000);
	const files = Array.from({ length: 50 }, (_, i) => traineeFile(`trainee-${i}`, `Trainee ${i}`, 1000));
	await chooseCode(page);
	await page.getByRole('link', { name: 'Import progress files' }).first().click();
	// Every gap between ticks of a timer from the moment the files reach the page (handing them over is
	// Playwright's own cost), and every count the page shows.
	await page.getByLabel('Choose progress files (.json)').evaluate((input) => {
		const w = window as unknown as Ticks;
		w.gaps = [];
		w.counts = [];
		const start = () => {
			let last = performance.now();
			setInterval(() => {
				const now = performance.now();
				w.gaps.push([last, now]);
				last = now;
			}, 20);
		};
		input.addEventListener('change', start, { capture: true, once: true });
		new MutationObserver(() => {
			const text = document.getElementById('import-count')?.textContent?.trim();
			if (text && text !== w.counts.at(-1)) w.counts.push(text);
		}).observe(document.body, { subtree: true, childList: true, characterData: true });
	});
	await page.getByLabel('Choose progress files (.json)').setInputFiles(files);

	const bar = page.getByRole('progressbar', { name: 'Import progress' });
	await expect(bar).toBeVisible();
	// axe's own run holds the page: gaps while it runs are not the import's.
	const axeStart = await page.evaluate(() => performance.now());
	await expectNoViolations(page);
	const axeEnd = await page.evaluate(() => performance.now());
	// Cancelled while saving: the write under way is undone as a whole.
	await expect(page.getByText(/^Saving: [1-9][\d,]* of 50,000 attempts$/)).toBeVisible({ timeout: 120_000 });
	expect(Number(await bar.getAttribute('value'))).toBeGreaterThan(0);
	expect(await bar.getAttribute('max')).toBe('50000');
	await page.getByRole('button', { name: 'Cancel import' }).click();
	await expect(page.getByText('Import cancelled. Nothing was saved')).toBeVisible();
	await expect(bar).toHaveCount(0);
	const { gaps, counts } = await page.evaluate(() => {
		const w = window as unknown as Ticks;
		return { gaps: w.gaps, counts: w.counts };
	});
	const longest = Math.max(
		...gaps.filter(([from, to]) => to < axeStart || from > axeEnd).map(([from, to]) => to - from)
	);
	expect(longest).toBeLessThan(500);
	// Files are read and checked first, counted as they go, and only then saved.
	const phases = counts.map((c) => c.split(':')[0]);
	expect(phases.indexOf('Reading files')).toBe(0);
	expect(phases.lastIndexOf('Reading files')).toBeLessThan(phases.indexOf('Saving'));
	expect(counts.some((c) => /^Reading files: \d+ of 50$/.test(c))).toBe(true);
	expect(counts.filter((c) => /^Saving: [\d,]+ of 50,000 attempts$/.test(c)).length).toBeGreaterThan(1);

	await page.getByRole('link', { name: 'Dashboard' }).first().click();
	await expect(page.getByRole('main').getByRole('status')).toHaveText('Showing 0 attempts of 0 trainees.');
	await page.getByRole('link', { name: 'Classes and trainees' }).click();
	await expect(page.getByLabel('Class of Trainee 0')).toHaveCount(0);
});
