// The instructor's journeys: the passcode gate, importing many progress files, the roster, the dashboard,
// its CSV exports and drill-down. Progress files are built here from the real content, in the export format.
import { readFileSync } from 'node:fs';
import { expect, test, type Page } from '@playwright/test';
import { expectNoViolations } from './axe';
import { pathBy, scenario } from './scenario-paths';

const riceGrit = scenario('rice-grit');
const CODE = 'chalk-and-talk-42';

const best = pathBy(riceGrit, (c) => c.best);
// A wrong reply at every decision, and never an assertive trap: item analysis names the most common non-assertive pick.
const worst = pathBy(riceGrit, (c) => !c.best && c.style !== 'assertive');
const endingId = (ending: (typeof best)['ending']) =>
	Object.entries(riceGrit.endings).find(([, e]) => e === ending)![0];

function attempt(id: string, traineeId: string, path: typeof best, day: number) {
	const startedAt = Date.UTC(2025, 2, day, 9);
	return {
		id,
		traineeId,
		scenarioId: riceGrit.id,
		contentVersion: riceGrit.version,
		mode: 'practice',
		status: 'finished',
		startedAt,
		updatedAt: startedAt + 60_000,
		finishedAt: startedAt + 60_000,
		ending: endingId(path.ending),
		log: path.picks.map(({ choice }) => ({ type: 'choice.select', choice: choice.id })),
		// Claimed scores are ignored: import scores every attempt again from its choices.
		scores: { style: 1, last: 1 },
		notes: ''
	};
}

function progressFile(trainee: { id: string; name: string }, attempts: ReturnType<typeof attempt>[]) {
	return {
		format: 'service-roleplay-progress',
		version: 1,
		exportedAt: '2025-03-10T12:00:00.000Z',
		trainees: [{ ...trainee, createdAt: Date.UTC(2025, 2, 1) }],
		attempts
	};
}

const json = (name: string, data: unknown) => ({
	name,
	mimeType: 'application/json',
	buffer: Buffer.from(typeof data === 'string' ? data : JSON.stringify(data))
});
const anaFile = json(
	'ana.json',
	progressFile({ id: 'trainee-ana', name: 'Ana' }, [
		attempt('ana-1', 'trainee-ana', worst, 1),
		attempt('ana-2', 'trainee-ana', best, 2)
	])
);
const liFile = json(
	'li.json',
	progressFile({ id: 'trainee-li', name: 'Li, Wei' }, [attempt('li-1', 'trainee-li', worst, 5)])
);
const badFile = json('broken.json', '{"format": "service-roleplay-progress", "version": 1, "trainees": [');

async function chooseCode(page: Page) {
	await page.goto('/instructor');
	await page.getByLabel('New passcode').fill(CODE);
	await page.getByLabel('Repeat the passcode').fill(CODE);
	await page.getByRole('button', { name: 'Save passcode and open' }).click();
	await expect(page.getByRole('navigation', { name: 'Instructor area' })).toBeVisible();
}

async function importFiles(page: Page) {
	await page.getByRole('link', { name: 'Import progress files' }).first().click();
	await page.getByLabel('Choose progress files (.json)').setInputFiles([anaFile, badFile, liFile]);
	await expect(page.getByText('2 of 3 files imported.')).toBeVisible();
}

test('the passcode gate holds: chosen once, asked again after a reload, a wrong code gets nowhere', async ({
	page
}) => {
	await page.goto('/instructor');
	await expect(page.getByRole('heading', { name: 'Choose a passcode' })).toBeVisible();
	await expectNoViolations(page);
	await page.getByLabel('New passcode').fill(CODE);
	await page.getByLabel('Repeat the passcode').fill(`${CODE}x`);
	await page.getByRole('button', { name: 'Save passcode and open' }).click();
	await expect(page.getByRole('alert')).toContainText('The two passcodes differ');
	await page.getByLabel('Repeat the passcode').fill(CODE);
	await page.getByRole('button', { name: 'Save passcode and open' }).click();
	await expect(page.getByRole('navigation', { name: 'Instructor area' })).toBeVisible();

	// Only a salted PBKDF2 hash is stored, never the code.
	const stored = await page.evaluate(
		() =>
			new Promise<unknown>((resolve, reject) => {
				const open = indexedDB.open('service-roleplay');
				open.onerror = () => reject(open.error);
				open.onsuccess = () => {
					const get = open.result.transaction('settings').objectStore('settings').get('instructorPasscode');
					get.onsuccess = () => {
						resolve(get.result);
						open.result.close();
					};
				};
			})
	);
	expect(JSON.stringify(stored)).not.toContain(CODE);
	expect(stored).toMatchObject({
		key: 'instructorPasscode',
		value: { salt: expect.any(String), hash: expect.any(String) }
	});
	expect((stored as { value: { iterations: number } }).value.iterations).toBeGreaterThanOrEqual(210_000);

	await page.reload();
	await expect(page.getByRole('heading', { name: 'Enter your passcode' })).toBeVisible();
	await expect(page.getByRole('link', { name: 'Dashboard' })).toHaveCount(0);
	await expectNoViolations(page);
	await page.getByLabel('Passcode', { exact: true }).fill('not-the-code');
	await page.getByRole('button', { name: 'Open the instructor area' }).click();
	await expect(page.getByRole('alert')).toContainText('That passcode is not right');
	await expect(page.getByRole('link', { name: 'Dashboard' })).toHaveCount(0);

	await expect(page.getByRole('navigation', { name: 'Instructor area' })).toHaveCount(0);

	// Going straight to a page behind the gate asks for the code too.
	await page.goto('/instructor/dashboard');
	await expect(page.getByRole('heading', { name: 'Enter your passcode' })).toBeVisible();
	await expect(page.getByRole('heading', { name: 'Instructor dashboard' })).toHaveCount(0);
	await page.getByLabel('Passcode', { exact: true }).fill(CODE);
	await page.getByRole('button', { name: 'Open the instructor area' }).click();
	await expect(page.getByRole('heading', { name: 'Instructor dashboard' })).toBeVisible();

	// The only reset: clear the instructor data, after a warning.
	await page.reload();
	let warning = '';
	page.once('dialog', (dialog) => {
		warning = dialog.message();
		void dialog.accept();
	});
	await page.getByRole('button', { name: 'Clear instructor data' }).click();
	await expect(page.getByRole('heading', { name: 'Choose a passcode' })).toBeVisible();
	// It says what goes (nothing was imported here) and asks for a backup first.
	expect(warning).toContain('0 classes, and 0 trainees the instructor imported or put in a class');
	expect(warning).toContain('download one first');
});

test('imports three files at once: two are imported, the malformed one is rejected with a reason', async ({
	page
}) => {
	await chooseCode(page);
	await importFiles(page);
	const report = page.getByRole('region', { name: 'Import report' });
	await expect(report.getByRole('listitem').filter({ hasText: 'ana.json' })).toHaveText(
		/^ana\.json: added 2, updated 0, skipped 0\./
	);
	await expect(report.getByRole('listitem').filter({ hasText: 'li.json' })).toHaveText(
		/^li\.json: added 1, updated 0, skipped 0\./
	);
	await expect(report.getByRole('listitem').filter({ hasText: 'broken.json' })).toContainText(
		'broken.json: rejected: This file is not a progress export: it is not JSON text'
	);
	await expectNoViolations(page);

	// Again: every attempt is already here.
	await page.getByLabel('Choose progress files (.json)').setInputFiles([anaFile]);
	await expect(report.getByRole('listitem')).toHaveText(/^ana\.json: added 0, updated 0, skipped 2\./);
	await expect(report.getByRole('row', { name: /^Ana/ })).toContainText('2 already here');
});

test('files dropped on the drop zone are imported like picked ones', async ({ page }) => {
	await chooseCode(page);
	await page.getByRole('link', { name: 'Import progress files' }).first().click();
	const files = [anaFile, badFile].map((f) => ({ ...f, text: f.buffer.toString('utf8') }));
	// What a drag from the desktop delivers: a DataTransfer holding the files.
	const dataTransfer = await page.evaluateHandle((files) => {
		const transfer = new DataTransfer();
		for (const f of files) transfer.items.add(new File([f.text], f.name, { type: f.mimeType }));
		return transfer;
	}, files);
	const zone = page.getByRole('region', { name: 'Drop progress files here' });
	await zone.dispatchEvent('dragover', { dataTransfer });
	await zone.dispatchEvent('drop', { dataTransfer });
	await expect(page.getByText('1 of 2 files imported.')).toBeVisible();
	const report = page.getByRole('region', { name: 'Import report' });
	await expect(report.getByRole('listitem').filter({ hasText: 'ana.json' })).toHaveText(
		/^ana\.json: added 2, updated 0, skipped 0\./
	);
	await expect(report.getByRole('listitem').filter({ hasText: 'broken.json' })).toContainText('rejected');
	// The import does not make Ana the one who plays next on the instructor's device.
	await expect(page.getByRole('banner')).not.toContainText('Trainee:');
	await page.getByRole('link', { name: 'Dashboard' }).first().click();
	await expect(page.getByText('Showing 2 attempts of 1 trainee.')).toBeVisible();
});

test('roster, dashboard matrix and filters, CSV exports and drill-down', async ({ page }) => {
	await chooseCode(page);
	await importFiles(page);

	// Roster: a class, and Ana in it.
	await page.getByRole('link', { name: 'Classes and trainees' }).click();
	await page.getByLabel('Name of a new class').fill('Morning group');
	await page.getByRole('button', { name: 'Add class' }).click();
	await expect(page.getByRole('status')).toHaveText('Class Morning group added.');
	await page.getByLabel('Class of Ana').selectOption({ label: 'Morning group' });
	await expect(page.getByRole('status')).toHaveText('Ana is now in: Morning group.');
	await expect(page.getByLabel('Class of Ana')).toHaveValue(/.+/);
	await expectNoViolations(page);

	// The matrix: numbers in every scored cell; Ana's best on rice-grit is 100 everywhere.
	await page.getByRole('link', { name: 'Dashboard' }).click();
	await expect(page.getByRole('status')).toHaveText('Showing 3 attempts of 2 trainees.');
	const matrix = page.getByRole('region', { name: 'Trainees and rubrics' });
	const ana = matrix.getByRole('row', { name: /Ana/ });
	// Latest and best for style and LAST: the latest attempt (day 2) followed the best path.
	await expect(ana.getByRole('cell', { name: '100', exact: true })).toHaveCount(4);
	await expect(ana).toContainText('Morning group');
	await expect(matrix.getByRole('row', { name: /Li, Wei/ })).toBeVisible();
	await page.screenshot({ path: 'test-results/instructor-dashboard.png', fullPage: true });
	await expectNoViolations(page);

	// Filter by class, then by date.
	await page.getByLabel('Class', { exact: true }).selectOption({ label: 'Morning group' });
	await expect(page.getByRole('status')).toHaveText('Showing 2 attempts of 1 trainee.');
	await expect(matrix.getByRole('row', { name: /Li, Wei/ })).toHaveCount(0);
	await page.getByLabel('Class', { exact: true }).selectOption({ label: 'All classes' });
	await page.getByLabel('From').fill('2025-03-02');
	await expect(page.getByRole('status')).toHaveText('Showing 2 attempts of 2 trainees.');
	await page.getByLabel('From').fill('');
	await expect(page.getByRole('status')).toHaveText('Showing 3 attempts of 2 trainees.');

	// CSV: one row per attempt, and one per rubric score.
	const attemptsDownload = page.waitForEvent('download');
	await page.getByRole('button', { name: 'Download attempts (CSV)' }).click();
	const attemptRows = parseCsv(readFileSync((await (await attemptsDownload).path())!, 'utf8'));
	expect(attemptRows[0]).toEqual([
		'attempt',
		'trainee',
		'trainee id',
		'class',
		'scenario',
		'mode',
		'started',
		'finished',
		'ending',
		'style',
		'3f',
		'last'
	]);
	expect(attemptRows.slice(1).map((r) => r.slice(0, 7))).toEqual([
		['ana-1', 'Ana', 'trainee-ana', 'Morning group', 'rice-grit', 'practice', '2025-03-01T09:00:00.000Z'],
		['ana-2', 'Ana', 'trainee-ana', 'Morning group', 'rice-grit', 'practice', '2025-03-02T09:00:00.000Z'],
		['li-1', 'Li, Wei', 'trainee-li', '', 'rice-grit', 'practice', '2025-03-05T09:00:00.000Z']
	]);
	expect(attemptRows[2]!.slice(7)).toEqual([
		'2025-03-02T09:01:00.000Z',
		endingId(best.ending),
		'100',
		'',
		'100'
	]);
	expect(attemptRows[1]![8]).toBe(endingId(worst.ending));
	expect(Number(attemptRows[1]![9])).toBeLessThan(100);

	const scoresDownload = page.waitForEvent('download');
	await page.getByRole('button', { name: 'Download rubric scores (CSV)' }).click();
	const scoreRows = parseCsv(readFileSync((await (await scoresDownload).path())!, 'utf8'));
	expect(scoreRows[0]).toEqual(['attempt', 'trainee', 'trainee id', 'scenario', 'mode', 'rubric', 'score']);
	expect(scoreRows).toHaveLength(1 + 3 * 2);
	expect(scoreRows).toContainEqual(['ana-2', 'Ana', 'trainee-ana', 'rice-grit', 'practice', 'style', '100']);
	expect(scoreRows).toContainEqual([
		'li-1',
		'Li, Wei',
		'trainee-li',
		'rice-grit',
		'practice',
		'last',
		attemptRows[3]![11]
	]);

	// Item analysis: the worst path's first pick is the most common non-assertive one.
	const items = page.getByRole('region', { name: 'Decisions: what trainees pick' });
	await expect(
		items.getByText(`Most common non-assertive pick: “${worst.picks[0]!.choice.text.en}”`)
	).toBeVisible();

	// Drill-down to an attempt's annotated transcript.
	await matrix.getByRole('button', { name: 'Attempts of Ana' }).click();
	const drill = page.getByRole('region', { name: 'Attempts of Ana' });
	await expect(drill.getByRole('row')).toHaveCount(3);
	await drill
		.getByRole('button', { name: /Open transcript/ })
		.first()
		.click();
	await expect(page.getByRole('region', { name: 'Debrief' })).toBeVisible();
	await expect(
		page.getByRole('article', { name: 'Communication style' }).getByText('100 / 100')
	).toBeVisible();
	await expectNoViolations(page);
});

/** RFC 4180: quoted cells may hold commas, doubled quotes and line breaks. */
function parseCsv(text: string): string[][] {
	const rows: string[][] = [];
	let row: string[] = [];
	let cell = '';
	let quoted = false;
	const body = text.replace(/^\ufeff/, '');
	for (let i = 0; i < body.length; i++) {
		const ch = body[i]!;
		if (quoted && ch === '"' && body[i + 1] === '"') {
			cell += '"';
			i++;
		} else if (quoted && ch === '"') quoted = false;
		else if (quoted) cell += ch;
		else if (ch === '"') quoted = true;
		else if (ch === ',') {
			row.push(cell);
			cell = '';
		} else if (ch === '\r' && body[i + 1] === '\n') {
			row.push(cell);
			rows.push(row);
			row = [];
			cell = '';
			i++;
		} else cell += ch;
	}
	if (cell || row.length) rows.push([...row, cell]);
	return rows;
}
