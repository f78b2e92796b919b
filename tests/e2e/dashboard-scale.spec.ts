// Journey: an instructor with a big class. The passcode page carries no scenario; once unlocked, the dashboard
// fetches the small content index and only the scenarios it shows in full; the matrix keeps a screenful of its
// hundreds of rows in the page and scrolls to any of them.
import { expect, test, type Page } from '@playwright/test';
import { expectNoViolations } from './axe';
import { best, progressFile, worst } from './progress-files';
import { scenario } from './scenario-paths';

const CODE = 'chalk-and-talk-42';
const TRAINEES = 600;
const PER_TRAINEE = 4;
const played = [scenario('rice-grit'), scenario('aoc-monitor')];
const name = (t: number) => `Trainee ${String(t).padStart(3, '0')}`;

const files = Array.from({ length: TRAINEES }, (_, i) =>
	progressFile(
		{ id: `t-${String(i + 1).padStart(3, '0')}`, name: name(i + 1) },
		Array.from({ length: PER_TRAINEE }, (_, a) => ({
			id: `t${i + 1}-a${a}`,
			scenario: played[a % played.length]!,
			rule: (i + a) % 3 ? best : worst,
			day: 1 + ((i + a) % 9)
		}))
	)
);

/** Every /content/ URL the page asks for, in order. */
function contentRequests(page: Page) {
	const urls: string[] = [];
	page.on('request', (r) => {
		const path = new URL(r.url()).pathname;
		if (path.startsWith('/content/')) urls.push(path);
	});
	return urls;
}

/** A passcode chosen and the whole class imported, through the import page. */
async function importClass(page: Page) {
	await page.goto('/instructor/');
	await page.getByLabel('New passcode').fill(CODE);
	await page.getByLabel('Repeat the passcode').fill(CODE);
	await page.getByRole('button', { name: 'Save passcode and open' }).click();
	await page.getByRole('link', { name: 'Import progress files' }).first().click();
	await page.getByLabel('Choose progress files (.json)').setInputFiles(files);
	await expect(page.getByText(`${TRAINEES} of ${TRAINEES} files imported.`)).toBeVisible({
		timeout: 60_000
	});
}

test('the passcode page carries no scenario, and the dashboard fetches only what it shows', async ({
	page
}) => {
	const riceGrit = played[0]!;
	const firstLine = riceGrit.nodes[riceGrit.start]!.lines.at(-1)!.text.en;
	const html = await (await page.request.get('/instructor/dashboard/')).text();
	expect(html).not.toContain(firstLine);
	expect(html).not.toContain(riceGrit.title.en);

	const requested = contentRequests(page);
	await page.goto('/instructor/dashboard/');
	await expect(page.getByLabel('New passcode')).toBeVisible();
	await page.waitForLoadState('networkidle');
	expect(requested).toEqual([]);

	// Unlocked with nothing imported: the index, and no scenario.
	await page.getByLabel('New passcode').fill(CODE);
	await page.getByLabel('Repeat the passcode').fill(CODE);
	await page.getByRole('button', { name: 'Save passcode and open' }).click();
	await expect(page.getByRole('status')).toHaveText('Showing 0 attempts of 0 trainees.');
	expect(requested).toEqual(['/content/index.json']);

	await page.getByRole('link', { name: 'Import progress files' }).first().click();
	await page.getByLabel('Choose progress files (.json)').setInputFiles(files.slice(0, 3));
	await expect(page.getByText('3 of 3 files imported.')).toBeVisible();
	await page.getByRole('link', { name: 'Dashboard' }).first().click();
	await expect(page.getByRole('status')).toHaveText('Showing 12 attempts of 3 trainees.');
	await expect(page.getByRole('table').filter({ hasText: 'Decision 1' }).first()).toBeVisible();
	// Import and dashboard together asked in full only for scenarios that have attempts.
	const allowed = ['/content/index.json', ...played.map((s) => `/content/${s.id}.json`)];
	for (const path of requested) expect(allowed).toContain(path);
});

test(`a class of ${TRAINEES} trainees: the matrix shows a screenful and scrolls to the last`, async ({
	page
}) => {
	test.setTimeout(120_000);
	await importClass(page);

	await page.getByRole('link', { name: 'Dashboard' }).first().click();
	await expect(page.getByRole('status')).toHaveText(
		`Showing ${TRAINEES * PER_TRAINEE} attempts of ${TRAINEES} trainees.`
	);
	const region = page.getByRole('region', { name: 'Trainees and rubrics' });
	const table = region.getByRole('table');
	// The table says how long it is, and holds only the rows near the view.
	await expect(table).toHaveAttribute('aria-rowcount', String(TRAINEES + 2));
	await expect(region.getByText(`${TRAINEES} trainees. The table scrolls inside its frame.`)).toBeVisible();
	await expect(region.getByRole('row', { name: new RegExp(name(1)) })).toBeVisible();
	await expect(region.getByRole('row', { name: new RegExp(name(TRAINEES)) })).toHaveCount(0);
	expect(await region.getByRole('row').count()).toBeLessThan(80);

	// Scrolled with the mouse wheel to the end: the last trainee is there, numbered as the last row.
	await region.getByRole('button', { name: `Attempts of ${name(1)}` }).hover();
	const last = region.getByRole('row', { name: new RegExp(name(TRAINEES)) });
	for (let i = 0; i < 60 && !(await last.isVisible()); i++) await page.mouse.wheel(0, 2_000);
	await expect(last).toBeVisible();
	await expect(last).toHaveAttribute('aria-rowindex', String(TRAINEES + 2));
	await expect(region.getByRole('row', { name: new RegExp(name(1)) })).toHaveCount(0);
	expect(await region.getByRole('row').count()).toBeLessThan(80);

	// Halfway back up: the rows there are drawn again, in order. The pointer goes back over the frame first: the
	// wheel past its end may have scrolled the page out from under it.
	await last.getByRole('button', { name: `Attempts of ${name(TRAINEES)}` }).hover();
	// In turns of the wheel, as a person scrolls: one huge delta can be cut short on a busy machine.
	for (let i = 0; i < (TRAINEES / 2) * 40; i += 2_000) await page.mouse.wheel(0, -2_000);
	await expect(last).toHaveCount(0);
	await expect(region.getByRole('row', { name: new RegExp(name(1)) })).toHaveCount(0);
	const middle = region.getByRole('row').filter({ has: page.getByRole('button', { name: /Attempts of/ }) });
	const names = await middle.getByRole('button').allTextContents();
	expect(names.length).toBeGreaterThan(5);
	expect(names.map((n) => n.trim())).toEqual([...names.map((n) => n.trim())].sort());

	// A row far down opens like any other: the last trainee's attempts, then one transcript.
	for (let i = 0; i < 60 && !(await last.isVisible()); i++) await page.mouse.wheel(0, 2_000);
	await last.getByRole('button', { name: `Attempts of ${name(TRAINEES)}` }).click();
	const drill = page.getByRole('region', { name: `Attempts of ${name(TRAINEES)}` });
	await expect(drill.getByRole('row')).toHaveCount(1 + PER_TRAINEE);
	await drill
		.getByRole('button', { name: /Open transcript/ })
		.first()
		.click();
	await expect(page.getByRole('region', { name: 'Debrief' })).toBeVisible();

	// A filter is answered from the summaries: a date range keeps only the attempts started in it.
	await page.getByLabel('From', { exact: true }).fill('2025-03-09');
	await page.getByLabel('To', { exact: true }).fill('2025-03-09');
	const onDay9 = files.length * PER_TRAINEE - countOutside(9);
	await expect(page.getByRole('status')).toHaveText(`Showing ${onDay9} attempts of ${TRAINEES} trainees.`);
});

test(`the roster of ${TRAINEES} trainees shows a page at a time, finds a name, and fills a merge list when it is opened`, async ({
	page
}) => {
	test.setTimeout(120_000);
	await importClass(page);

	await page.getByRole('link', { name: 'Classes and trainees' }).first().click();
	const roster = page.getByRole('region', { name: 'Trainees', exact: true });
	const rows = roster.getByRole('row');
	// A page of rows, in name order, and a way to the next.
	await expect(roster.getByText(`Showing 100 of ${TRAINEES} trainees.`)).toBeVisible();
	await expect(rows).toHaveCount(100 + 1);
	await expect(rows.nth(100)).toContainText(name(100));
	await roster.getByRole('button', { name: 'Show 100 more trainees' }).click();
	await expect(rows).toHaveCount(200 + 1);
	await expect(roster.getByText(`Showing 200 of ${TRAINEES} trainees.`)).toBeVisible();
	await expect(rows.nth(200)).toContainText(name(200));
	// None of the lists is filled yet: a page of rows, not one list of everyone per row.
	expect(await page.locator('option').count()).toBeLessThan(200 * 3);
	await expectNoViolations(page);

	// Any trainee is a search away, whatever the case typed.
	const find = roster.getByLabel('Find a trainee by name');
	await find.fill(`trainee ${TRAINEES}`);
	await expect(roster.getByText('Showing 1 of 1 trainee.')).toBeVisible();
	await expect(rows).toHaveCount(1 + 1);
	await expect(roster.getByRole('button', { name: /Show \d+ more/ })).toHaveCount(0);

	const merge = roster.getByLabel(`Merge ${name(TRAINEES)} into`);
	await merge.focus();
	// Everyone else, found or not, and the list's own prompt.
	await expect(merge.getByRole('option')).toHaveCount(TRAINEES);
	const first = merge.getByRole('option', { name: new RegExp(`^${name(1)} · No class · first seen`) });
	await merge.selectOption({ label: (await first.textContent())!.trim() });
	const row = roster.getByRole('row', { name: new RegExp(name(TRAINEES)) });
	await expect(row.getByRole('button', { name: 'Merge', exact: true })).toBeEnabled();

	// Another search, another list opened: the pick made in the first is still there when it is found again.
	await find.fill('Trainee 06');
	await expect(roster.getByText('Showing 10 of 10 trainees.')).toBeVisible();
	await roster.getByLabel(`Merge ${name(60)} into`).focus();
	await find.fill(name(TRAINEES));
	await expect(merge).toHaveValue('t-001');
	await expect(row.getByRole('button', { name: 'Merge', exact: true })).toBeEnabled();

	// A search that finds no one says so, with what was typed shown as text.
	await find.fill('<b>Nobody</b>');
	await expect(roster.getByText('No trainee’s name contains “<b>Nobody</b>”.')).toBeVisible();
	await expect(roster.getByRole('table')).toHaveCount(0);
	await find.fill('');
	await expect(roster.getByText(`Showing 100 of ${TRAINEES} trainees.`)).toBeVisible();
});

/** Attempts not started on March `day` (attempt a of trainee i starts on day 1 + (i + a) mod 9). */
function countOutside(day: number) {
	let outside = 0;
	for (let i = 0; i < TRAINEES; i++)
		for (let a = 0; a < PER_TRAINEE; a++) if (1 + ((i + a) % 9) !== day) outside++;
	return outside;
}
