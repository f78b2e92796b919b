// Journey: the instructor reads the dashboard in either language. Decisions are named by number and by the
// customer's words, never by the author's node ids; columns carry the rubrics' short names; dates are in the
// page's language; the controls are the trainee pages' own.
import { expect, test, type Page } from '@playwright/test';
import { best, progressFile, worst } from './progress-files';
import { scenario } from './scenario-paths';

const riceGrit = scenario('rice-grit');
const CODE = 'chalk-and-talk-42';
const nodeIds = Object.keys(riceGrit.nodes);

async function openDashboard(page: Page, prefix: '' | '/zh') {
	await page.goto(`${prefix}/instructor/`);
	await page.locator('#new-passcode').fill(CODE);
	await page.locator('#confirm-passcode').fill(CODE);
	await page.locator('#confirm-passcode').press('Enter');
	const nav = page.getByRole('navigation', { name: prefix ? '教师区' : 'Instructor area' });
	await nav.getByRole('link').nth(2).click();
	await page.locator('#import-files').setInputFiles([
		progressFile({ id: 'trainee-ana', name: 'Ana' }, [
			{ id: 'ana-1', scenario: riceGrit, rule: worst, day: 1 },
			{ id: 'ana-2', scenario: riceGrit, rule: best, day: 2 }
		])
	]);
	await expect(page.getByRole('region', { name: prefix ? '导入报告' : 'Import report' })).toContainText(
		'trainee-ana.json'
	);
	await nav.getByRole('link').first().click();
	await expect(page.locator('table.matrix')).toBeVisible();
}

for (const [prefix, locale, decision, rubricNames] of [
	['', 'en', 'Decision', ['Style', 'LAST']],
	['/zh', 'zh', '决策', ['交际风格', 'LAST']]
] as const) {
	test(`${locale}: decisions are named by number and the customer's line, columns by the rubrics' short names`, async ({
		page
	}) => {
		await openDashboard(page, prefix);
		const matrix = page.locator('table.matrix');
		for (const name of rubricNames)
			await expect(matrix.getByRole('columnheader', { name, exact: true })).toBeVisible();

		// Item analysis: every caption is "Decision n, …" with the customer's line, and names no node. The
		// analysis is drawn after the matrix, once the scenario's picks are read, so wait for it.
		await expect(page.locator('table.items caption')).toHaveCount(nodeIds.length);
		const captions = await page.locator('table.items caption').allInnerTexts();
		expect(captions).toHaveLength(nodeIds.length);
		captions.forEach((caption, i) => {
			expect(caption.startsWith(`${decision} ${i + 1}`)).toBe(true);
			for (const id of nodeIds) expect(caption).not.toContain(`(${id})`);
		});
		const firstLine = riceGrit.nodes[riceGrit.start]!.lines.findLast((l) => l.speaker === 'customer')!.text[
			locale
		];
		expect(captions[0]).toContain(firstLine);

		// The path map's boxes and its table: numbers, never ids.
		await expect(page.locator('figure svg text.id')).toHaveCount(nodeIds.length);
		const boxes = (await page.locator('figure svg text.id').allTextContents()).map((t) => t.trim());
		expect(boxes).toHaveLength(nodeIds.length);
		expect(boxes[0]).toBe(`▶ ${decision} 1`);
		for (const box of boxes) expect(nodeIds).not.toContain(box.replace(/^▶ /, ''));
		const mapText = await page.locator('.path-map').innerText();
		for (const id of nodeIds.filter((id) => id.includes('-'))) expect(mapText).not.toContain(id);
		await page.locator('.path-map summary').click();
		const groups = await page.locator('.path-map th[scope="rowgroup"]').allInnerTexts();
		expect(groups.map((g) => g.split('\n')[0]!.trim()).sort()).toEqual(
			nodeIds.map((_, i) => `${decision} ${i + 1}`).sort()
		);

		// The drill-down's dates are in the page's language.
		await page.locator('table.matrix button.link').first().click();
		const drill = page.locator('section.drill');
		await expect(drill).toContainText(locale === 'zh' ? /2025年3月2日/ : /Mar 2, 2025/);
		if (locale === 'zh') await expect(drill).not.toContainText(/Mar/);
	});
}

test('the instructor’s buttons and inputs are the trainee pages’ own', async ({ page }) => {
	await page.goto('/profile/');
	const traineeButton = await look(page, page.getByRole('button', { name: 'Add trainee' }));
	const traineeInput = await look(page, page.getByLabel('Name of a new trainee'));

	await page.goto('/instructor/');
	await page.getByLabel('New passcode').fill(CODE);
	await page.getByLabel('Repeat the passcode').fill(CODE);
	// The gate's main action is the app's primary button.
	const submit = page.getByRole('button', { name: 'Save passcode and open' });
	await expect(submit).toHaveClass(/button-primary/);
	await submit.click();
	const nav = page.getByRole('navigation', { name: 'Instructor area' });
	await nav.getByRole('link', { name: 'Classes and trainees' }).click();
	expect(await look(page, page.getByRole('button', { name: 'Add class' }))).toEqual(traineeButton);
	expect(await look(page, page.getByLabel('Name of a new class'))).toEqual(traineeInput);
	await nav.getByRole('link', { name: 'Dashboard' }).click();
	expect(await look(page, page.getByRole('button', { name: 'Download attempts (CSV)' }))).toEqual(
		traineeButton
	);
});

/** How a control is drawn: its shape and colours, not its size. */
async function look(page: Page, locator: ReturnType<Page['locator']>) {
	return locator.evaluate((el) => {
		const s = getComputedStyle(el);
		return {
			radius: s.borderTopLeftRadius,
			border: `${s.borderTopWidth} ${s.borderTopStyle} ${s.borderTopColor}`,
			background: s.backgroundColor,
			color: s.color,
			font: s.fontFamily
		};
	});
}
