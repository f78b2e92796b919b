// Progress files that update, trainees kept apart, and the instructor's backup (issue 11). The instructor
// imports a trainee's file, then a newer one: an extended log updates the attempt, a diverging log is kept
// beside it, a new name replaces the old; two trainees called Ana are told apart and merged; deleting a record
// asks for the passcode; a backup made here restores everything in a browser that has never seen the class.
import { readFileSync } from 'node:fs';
import { expect, test, type Page } from '@playwright/test';
import { expectNoViolations } from './axe';
import { attempt, best, worst, type AttemptSpec } from './progress-files';
import { scenario } from './scenario-paths';

const riceGrit = scenario('rice-grit');
const CODE = 'chalk-and-talk-42';

/** An attempt as exported; with `entries`, stopped after that many replies. */
type Spec = AttemptSpec & { entries?: number };

function exported(traineeId: string, spec: Spec) {
	const a: Record<string, unknown> & { log: unknown[] } = attempt(traineeId, spec);
	if (spec.entries === undefined) return a;
	const open: Record<string, unknown> = { ...a, status: 'in-progress', log: a.log.slice(0, spec.entries) };
	delete open.finishedAt;
	delete open.ending;
	return open;
}

/** A progress file of one trainee, exported on March `exportedDay`. */
function file(
	name: string,
	trainee: { id: string; name: string; createdDay?: number },
	specs: Spec[],
	exportedDay = 10
) {
	return {
		name,
		mimeType: 'application/json',
		buffer: Buffer.from(
			JSON.stringify({
				format: 'service-roleplay-progress',
				version: 1,
				exportedAt: new Date(Date.UTC(2025, 2, exportedDay, 12)).toISOString(),
				trainees: [
					{ id: trainee.id, name: trainee.name, createdAt: Date.UTC(2025, 2, trainee.createdDay ?? 1) }
				],
				attempts: specs.map((spec) => exported(trainee.id, spec))
			})
		)
	};
}

const ana = { id: 'trainee-ana', name: 'Ana' };
const unfinished: AttemptSpec = { id: 'att-1', scenario: riceGrit, rule: best, day: 2, finished: false };
const finished: AttemptSpec = { ...unfinished, finished: true };
/** The model answers, but a different (still polite) reply at the second decision: the log goes another way there. */
const otherWay: Spec = {
	...finished,
	rule: (c) => c.id === 'sorry-sorry' || (c.best === true && c.id !== 'restate-and-ask'),
	entries: 2
};

async function chooseCode(page: Page, path = '/instructor') {
	await page.goto(path);
	await page.getByLabel('New passcode').fill(CODE);
	await page.getByLabel('Repeat the passcode').fill(CODE);
	await page.getByRole('button', { name: 'Save passcode and open' }).click();
	await expect(page.getByRole('navigation', { name: 'Instructor area' })).toBeVisible();
}

async function unlock(page: Page) {
	await page.goto('/instructor');
	await page.getByLabel('Passcode', { exact: true }).fill(CODE);
	await page.getByRole('button', { name: 'Open the instructor area' }).click();
	await expect(page.getByRole('navigation', { name: 'Instructor area' })).toBeVisible();
}

/** Imports on the import page and gives back that file's entry in the report. */
async function importFile(page: Page, upload: ReturnType<typeof file>) {
	await page
		.getByRole('navigation', { name: 'Instructor area' })
		.getByRole('link', { name: 'Import progress files' })
		.click();
	await page.getByLabel('Choose progress files (.json)').setInputFiles([upload]);
	const report = page.getByRole('region', { name: 'Import report' });
	await expect(report.getByText('1 of 1 file imported.')).toBeVisible();
	return report.getByRole('listitem').filter({ hasText: upload.name });
}

/** The report's cells for a trainee: added, updated, skipped, not imported. */
const cells = (item: ReturnType<Page['locator']>, trainee: string) =>
	item
		.getByRole('row')
		.filter({ has: item.page().getByRole('rowheader', { name: new RegExp(trainee) }) })
		.getByRole('cell');

test('a newer file updates the attempt it extends; a log that went another way is kept beside it', async ({
	page
}) => {
	await chooseCode(page);
	const first = await importFile(page, file('ana-monday.json', ana, [unfinished]));
	await expect(first.getByText('ana-monday.json: added 1, updated 0, skipped 0.')).toBeVisible();
	await expect(cells(first, 'Ana').first()).toHaveText('1');
	await expect(first.getByRole('rowheader', { name: /Ana/ })).toContainText('new on this device');

	// The trainee finished the attempt and exported again: the stored attempt is replaced, not skipped.
	const second = await importFile(page, file('ana-tuesday.json', ana, [finished], 11));
	await expect(second.getByText('ana-tuesday.json: added 0, updated 1, skipped 0.')).toBeVisible();
	await expect(cells(second, 'Ana').nth(1)).toHaveText('1');
	await expectNoViolations(page);

	// The older file again changes nothing, and says why.
	const older = await importFile(page, file('ana-monday.json', ana, [unfinished]));
	await expect(older.getByText('added 0, updated 0, skipped 1.')).toBeVisible();
	await expect(cells(older, 'Ana').nth(2)).toContainText('1 older than the one here');

	await page.getByRole('link', { name: 'Dashboard' }).first().click();
	await expect(page.getByText('Showing 1 attempt of 1 trainee.')).toBeVisible();
	await page.getByRole('button', { name: 'Attempts of Ana' }).click();
	const drill = page.getByRole('region', { name: 'Attempts of Ana' });
	await expect(drill.getByRole('row')).toHaveCount(2);
	await expect(drill).not.toContainText('In progress');

	// A copy of the attempt that went another way (a second device, say): both are kept and it is reported.
	const diverged = await importFile(page, file('ana-tablet.json', ana, [otherWay], 12));
	await expect(diverged.getByText('ana-tablet.json: added 1, updated 0, skipped 0.')).toBeVisible();
	await expect(cells(diverged, 'Ana').first()).toContainText(
		'1 kept as a separate attempt: its log went another way than the one here'
	);
	// That copy carried on updates the copy, not the first attempt.
	const otherWayFinished: Spec = { ...otherWay };
	delete otherWayFinished.entries;
	const carried = await importFile(page, file('ana-tablet-2.json', ana, [otherWayFinished], 13));
	await expect(carried.getByText('added 0, updated 1, skipped 0.')).toBeVisible();
	await page.getByRole('link', { name: 'Dashboard' }).first().click();
	await expect(page.getByText('Showing 2 attempts of 1 trainee.')).toBeVisible();
	await page.getByRole('button', { name: 'Attempts of Ana' }).click();
	await expect(page.getByRole('region', { name: 'Attempts of Ana' }).getByRole('row')).toHaveCount(3);
	await expect(page.getByRole('region', { name: 'Attempts of Ana' })).not.toContainText('In progress');
});

test('a newer file renames the trainee; an older one does not rename back', async ({ page }) => {
	await chooseCode(page);
	await importFile(page, file('ana.json', ana, [unfinished]));
	const renamed = await importFile(page, file('ana-lima.json', { ...ana, name: 'Ana Lima' }, [finished], 12));
	await expect(renamed.getByRole('rowheader')).toHaveText(/Ana Lima\s*renamed from Ana/);
	const old = await importFile(page, file('ana-old.json', ana, [unfinished], 11));
	await expect(old.getByRole('rowheader')).toHaveText('Ana Lima');
	await page.getByRole('link', { name: 'Classes and trainees' }).click();
	await expect(page.getByRole('rowheader', { name: 'Ana Lima' })).toBeVisible();
	await expect(page.getByRole('rowheader', { name: /^Ana$/ })).toHaveCount(0);
});

test('two trainees called Ana are both shown, told apart, and merged into one', async ({ page }) => {
	await chooseCode(page);
	await page.getByRole('link', { name: 'Import progress files' }).first().click();
	await page
		.getByLabel('Choose progress files (.json)')
		.setInputFiles([
			file('ana.json', ana, [finished]),
			file('ana-evening.json', { id: 'trainee-ana-2', name: 'Ana', createdDay: 4 }, [
				{ id: 'att-2', scenario: riceGrit, rule: worst, day: 5 }
			])
		]);
	await expect(page.getByText('2 of 2 files imported.')).toBeVisible();

	await page.getByRole('link', { name: 'Classes and trainees' }).click();
	await page.getByLabel('Name of a new class').fill('Evening group');
	await page.getByRole('button', { name: 'Add class' }).click();
	const rows = page.getByRole('row').filter({ has: page.getByRole('rowheader', { name: /^Ana/ }) });
	await expect(rows).toHaveCount(2);
	await expect(page.getByText('Some trainees share a name.')).toBeVisible();
	// Told apart: each row says when it was first seen and its id; one is put in a class.
	await expect(rows.nth(0)).toContainText('Mar 1, 2025');
	await expect(rows.nth(0)).toContainText('trainee-ana');
	await expect(rows.nth(1)).toContainText('Mar 4, 2025');
	await expect(rows.nth(1)).toContainText('trainee-ana-2');
	await rows.nth(1).getByLabel('Class of Ana').selectOption({ label: 'Evening group' });
	await expect(page.getByRole('main').getByRole('status')).toHaveText('Ana is now in: Evening group.');
	await expect(rows.nth(0)).toContainText('same name as another trainee');
	await expectNoViolations(page);

	// They are one person: merge the evening one into the first.
	const merge = rows.nth(1).getByLabel('Merge Ana into');
	await expect(merge.getByRole('option', { name: /Ana · No class · first seen Mar 1, 2025/ })).toHaveCount(1);
	await merge.selectOption({
		label: (await merge.getByRole('option', { name: /first seen Mar 1/ }).textContent())!.trim()
	});
	let question = '';
	page.once('dialog', (dialog) => {
		question = dialog.message();
		void dialog.accept();
	});
	await rows.nth(1).getByRole('button', { name: 'Merge' }).click();
	await expect(page.getByRole('main').getByRole('status')).toHaveText('Ana was merged into Ana.');
	expect(question).toContain('Every attempt of Ana becomes');
	await expect(rows).toHaveCount(1);
	await expect(rows.first().getByRole('cell').nth(3)).toHaveText('2');
	await expect(page.getByText('Some trainees share a name.')).toHaveCount(0);

	// A later file of the merged trainee lands on the one kept.
	await page.getByRole('link', { name: 'Import progress files' }).first().click();
	await page
		.getByLabel('Choose progress files (.json)')
		.setInputFiles([
			file('ana-evening-2.json', { id: 'trainee-ana-2', name: 'Ana', createdDay: 4 }, [
				{ id: 'att-3', scenario: riceGrit, rule: best, day: 6 }
			])
		]);
	await expect(page.getByText('1 of 1 file imported.')).toBeVisible();
	await page.getByRole('link', { name: 'Classes and trainees' }).click();
	await expect(rows).toHaveCount(1);
	await expect(rows.first().getByRole('cell').nth(3)).toHaveText('3');
});

test('imported trainees are the instructor’s records: no profile to switch to, and deleting one asks for the passcode', async ({
	page
}) => {
	await page.clock.install();
	await chooseCode(page);
	await importFile(page, file('ana.json', ana, [finished]));

	// The trainee area does not offer Ana: no switch, no History, no delete.
	await page.goto('/profile');
	await expect(page.getByRole('region', { name: 'Trainees on this device' })).not.toContainText('Ana');
	await expect(page.getByRole('button', { name: 'Switch to Ana' })).toHaveCount(0);
	await page.goto('/history/');
	await expect(page.getByRole('main')).not.toContainText(riceGrit.title.en);
	await page.goto(`/history/?attempt=${finished.id}`);
	await expect(page.getByRole('region', { name: 'Debrief' })).toHaveCount(0);

	await unlock(page);
	await page.getByRole('link', { name: 'Classes and trainees' }).first().click();
	await expect(page.getByRole('rowheader', { name: 'Ana' })).toBeVisible();
	await page.getByRole('button', { name: 'Delete Ana' }).click();
	const dialog = page.getByRole('dialog', { name: 'Delete Ana' });
	await expect(dialog).toContainText('This deletes Ana and their 1 attempt from this device.');
	const confirm = dialog.getByRole('button', { name: 'Delete with the passcode' });
	// An empty box is not a try: the wrong code below still waits only 1 second.
	await confirm.click();
	// Time stands still from the wrong code until the jump below, so a busy machine cannot run the wait out.
	await page.clock.pauseAt(Date.now() + 60_000);
	await dialog.getByLabel('Passcode').fill('not-the-code');
	await confirm.click();
	await expect(dialog.getByRole('alert')).toHaveText('That passcode is not right. Nothing was deleted.');
	// The wrong code counted, as at the gate: the next try waits, and the button says so.
	await expect(dialog.getByText('Try again in 1 second.')).toBeVisible();
	await expect(confirm).toBeDisabled();
	await expect(confirm).toHaveAccessibleDescription('Try again in 1 second.');
	await expect(page.getByRole('rowheader', { name: 'Ana' })).toBeVisible();
	// Cancel keeps her.
	await dialog.getByRole('button', { name: 'Cancel' }).click();
	await expect(dialog).toBeHidden();
	await expect(page.getByRole('rowheader', { name: 'Ana' })).toBeVisible();

	await page.getByRole('button', { name: 'Delete Ana' }).click();
	// Reopened, the dialog still counts the same wait down; Enter with the right code does nothing until it ends.
	await expect(dialog.getByText('Try again in 1 second.')).toBeVisible();
	await dialog.getByLabel('Passcode').fill(CODE);
	await dialog.getByLabel('Passcode').press('Enter');
	await page.clock.fastForward(1_000);
	await page.clock.resume();
	await expect(confirm).toBeEnabled();
	await expect(dialog.getByLabel('Passcode'), 'the code typed during the wait is kept').toHaveValue(CODE);
	await expect(dialog.getByText(/Try again in/)).toHaveCount(0);
	await confirm.click();
	await expect(dialog).toBeHidden();
	await expect(page.getByRole('main').getByRole('status')).toHaveText(
		'Ana was deleted, with their attempts.'
	);
	await expect(page.getByRole('rowheader', { name: 'Ana' })).toHaveCount(0);
	await page.getByRole('link', { name: 'Dashboard' }).first().click();
	await expect(page.getByText('Showing 0 attempts of 0 trainees.')).toBeVisible();
});

test('a backup made here restores the class in a browser that has never seen it; a wrong file changes nothing', async ({
	page,
	browser
}) => {
	await chooseCode(page);
	await page.getByRole('link', { name: 'Import progress files' }).first().click();
	await page
		.getByLabel('Choose progress files (.json)')
		.setInputFiles([
			file('ana.json', ana, [finished]),
			file('li.json', { id: 'trainee-li', name: 'Li, Wei' }, [
				{ id: 'li-1', scenario: riceGrit, rule: worst, day: 3 }
			])
		]);
	await expect(page.getByText('2 of 2 files imported.')).toBeVisible();
	await page.getByRole('link', { name: 'Classes and trainees' }).click();
	await page.getByLabel('Name of a new class').fill('Morning group');
	await page.getByRole('button', { name: 'Add class' }).click();
	await page.getByLabel('Class of Ana').selectOption({ label: 'Morning group' });
	await expect(page.getByRole('main').getByRole('status')).toHaveText('Ana is now in: Morning group.');

	await page.getByRole('link', { name: 'Backup' }).click();
	await expect(page.getByRole('heading', { level: 1, name: 'Back up and restore' })).toBeVisible();
	await expectNoViolations(page);
	const download = page.waitForEvent('download');
	await page.getByRole('button', { name: 'Download a backup' }).click();
	const saved = await download;
	expect(saved.suggestedFilename()).toMatch(/^service-roleplay-instructor-backup-\d{4}-\d{2}-\d{2}\.json$/);
	const text = readFileSync((await saved.path())!, 'utf8');
	expect(JSON.parse(text)).toMatchObject({
		format: 'service-roleplay-instructor-backup',
		classes: [{ name: 'Morning group' }]
	});
	expect(text).not.toContain('instructorPasscode');

	// Another device: a fresh browser with nothing in it.
	const fresh = await browser.newContext();
	const other = await fresh.newPage();
	await chooseCode(other);
	await other.getByRole('link', { name: 'Backup' }).click();
	const restore = other.getByLabel('Restore a backup (.json)');
	// Hostile or wrong files first: each is refused with what to do, and nothing is written.
	await restore.setInputFiles([file('ana.json', ana, [finished])]);
	await expect(other.getByRole('status')).toHaveText(
		'Nothing was restored. This is a progress file, not a backup: import it on the "Import progress files" page.'
	);
	const forged = JSON.parse(text);
	forged.attempts[0].scores = { style: 'all' };
	await restore.setInputFiles([
		{ name: 'forged.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(forged)) }
	]);
	await expect(other.getByRole('status')).toContainText(
		'Nothing was restored. This backup is damaged or was edited'
	);
	await other.getByRole('link', { name: 'Dashboard' }).first().click();
	await expect(other.getByText('Showing 0 attempts of 0 trainees.')).toBeVisible();

	await other.getByRole('link', { name: 'Backup' }).click();
	await other
		.getByLabel('Restore a backup (.json)')
		.setInputFiles([{ name: 'backup.json', mimeType: 'application/json', buffer: Buffer.from(text) }]);
	await expect(other.getByRole('status')).toHaveText(
		'Restored. Trainees added: 2. Attempts added: 2, updated: 0, already here: 0. Classes added: 1. Class settings added: 0.'
	);
	await other.getByRole('link', { name: 'Classes and trainees' }).click();
	await expect(other.getByLabel('Class of Ana')).toHaveValue(/.+/);
	await expect(other.getByLabel('Class of Ana').getByRole('option', { selected: true })).toHaveText(
		'Morning group'
	);
	await expect(other.getByRole('rowheader', { name: 'Li, Wei' })).toBeVisible();
	await other.getByRole('link', { name: 'Dashboard' }).first().click();
	await expect(other.getByText('Showing 2 attempts of 2 trainees.')).toBeVisible();
	// Restored as the instructor's records, not as profiles.
	await other.goto('/profile');
	await expect(other.getByRole('region', { name: 'Trainees on this device' })).not.toContainText('Ana');
	await fresh.close();
});
