// Classroom role-play: the printable role cards for a scenario, on screen and on paper.
import { expect, test } from '@playwright/test';
import { expectNoViolations } from './axe';
import { bestPath } from '../../src/lib/engine/play';
import { pathBy, scenario } from './scenario-paths';

const riceGrit = scenario('rice-grit');
/** The customer's first line along the model answers. */
const firstCustomerLine = () => {
	for (const turn of bestPath(riceGrit)!.context.transcript) {
		const line = riceGrit.nodes[turn.node]!.lines.find((l) => l.speaker === 'customer');
		if (line) return line.text;
	}
	throw new Error('rice-grit has no customer line');
};

test('the scenario page links to role cards with a customer card, a staff card and an observer sheet', async ({
	page
}) => {
	await page.goto('/scenarios/rice-grit');
	await page.getByRole('link', { name: 'Print role cards' }).click();
	await expect(
		page.getByRole('heading', { level: 1, name: `Role cards: ${riceGrit.title.en}` })
	).toBeVisible();

	const customer = page.getByRole('region', { name: 'Customer role card' });
	await expect(customer.getByText(riceGrit.persona.name.en, { exact: true })).toBeVisible();
	await expect(customer.getByText(`“${firstCustomerLine().en}”`)).toBeVisible();

	const staff = page.getByRole('region', { name: 'Staff role card' });
	await expect(staff.getByRole('heading', { name: 'Your goals' })).toBeVisible();
	for (const step of ['Listen', 'Apologise', 'Solve', 'Thank'])
		await expect(staff.getByText(step, { exact: true })).toBeVisible();

	const observer = page.getByRole('region', { name: 'Observer scoring sheet' });
	const decisions = pathBy(riceGrit, (c) => c.best).picks.length;
	await expect(observer.getByRole('row')).toHaveCount(decisions + 1);
	await expect(observer.getByRole('checkbox', { name: 'Decision 1: Assertive' })).toBeVisible();
	await expect(observer.getByRole('columnheader', { name: 'LAST' })).toBeVisible();
	await expect(observer.getByRole('checkbox', { name: 'Listen' })).toHaveCount(decisions);
	await page.screenshot({ path: 'test-results/print-screen.png', fullPage: true });
	await expectNoViolations(page);
});

test('printing hides the site navigation and puts each card on its own page', async ({
	page,
	browserName
}) => {
	await page.goto('/classroom/print/rice-grit');
	await expect(page.getByRole('navigation', { name: 'Main' })).toBeVisible();
	await page.emulateMedia({ media: 'print' });
	await expect(page.getByRole('navigation', { name: 'Main' })).toBeHidden();
	await expect(page.getByRole('button', { name: 'Print' })).toBeHidden();
	await expect(page.getByRole('region', { name: 'Observer scoring sheet' })).toBeVisible();
	await page.screenshot({ path: 'test-results/print-media.png', fullPage: true });

	test.skip(browserName !== 'chromium', 'PDF output needs Chromium');
	const pdf = await page.pdf({ format: 'A4', preferCSSPageSize: true });
	const pages = pdf.toString('latin1').match(/\/Type\s*\/Page[^s]/g) ?? [];
	console.log(`PDF pages: ${pages.length}`);
	expect(pages.length).toBeGreaterThanOrEqual(3);
});

test('the role cards in Chinese', async ({ page }) => {
	await page.goto('/zh/classroom/print/rice-grit');
	await expect(
		page.getByRole('region', { name: '顾客角色卡' }).getByText(riceGrit.persona.name.zh, { exact: true })
	).toBeVisible();
	await expect(page.getByRole('region', { name: '观察员评分表' })).toBeVisible();
	await expectNoViolations(page);
});

test.describe('on a phone', () => {
	test.use({ viewport: { width: 390, height: 844 } });

	test('the Chinese observer sheet heads its columns in Chinese and keeps each step name on one line', async ({
		page
	}) => {
		await page.goto('/zh/classroom/print/rice-grit');
		const observer = page.getByRole('region', { name: '观察员评分表' });
		// Chinese short forms, each spelled out in the legend above the table.
		for (const [short, name] of [
			['自信', '果断自信型'],
			['攻击', '主动攻击型'],
			['被动', '消极被动型'],
			['被动攻击', '被动攻击型']
		]) {
			await expect(observer.getByRole('columnheader', { name: short, exact: true })).toBeVisible();
			await expect(observer.getByText(`${short} = ${name}`, { exact: true })).toBeVisible();
		}
		// 倾听, not 倾 / 听: every step name and every column head but the styles' is set on a single line.
		const broken = await observer.evaluate((sheet) =>
			[...sheet.querySelectorAll('label span, thead th:not(.narrow)')]
				.filter((el) => {
					const range = document.createRange();
					range.selectNodeContents(el);
					const tops = new Set([...range.getClientRects()].map((r) => Math.round(r.top)));
					return tops.size > 1;
				})
				.map((el) => el.textContent?.trim())
		);
		expect(broken).toEqual([]);
		await page.screenshot({ path: 'test-results/print-phone-zh.png', fullPage: true });
	});

	test('the English legend explains every short form on the observer sheet', async ({ page }) => {
		await page.goto('/classroom/print/rice-grit');
		const observer = page.getByRole('region', { name: 'Observer scoring sheet' });
		for (const [short, name] of [
			['A', 'Assertive'],
			['Ag', 'Aggressive'],
			['P', 'Passive'],
			['PA', 'Passive-aggressive']
		]) {
			await expect(observer.getByRole('columnheader', { name: short, exact: true })).toBeVisible();
			await expect(observer.getByText(`${short} = ${name}`, { exact: true })).toBeVisible();
		}
	});
});
