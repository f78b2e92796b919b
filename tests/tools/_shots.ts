// Temporary: screenshots of the screens this change touches.
import { chromium } from '@playwright/test';
import { CHROMIUM_ARGS, chromiumExecutable } from '../chromium';
import { pathBy, scenario } from '../e2e/scenario-paths';

const base = process.argv[2] ?? 'http://localhost:4190';
const browser = await chromium.launch({ executablePath: chromiumExecutable, args: CHROMIUM_ARGS });
for (const [w, h] of [
	[1280, 800],
	[390, 844]
] as const)
	for (const lang of ['en', 'zh'] as const) {
		const page = await (await browser.newContext({ viewport: { width: w, height: h } })).newPage();
		const pre = lang === 'zh' ? '/zh' : '';
		const tag = `${w}-${lang}`;
		await page.goto(`${base}${pre}/scenarios/disney-closed-ride/play?mode=practice`);
		await page.getByLabel(lang === 'en' ? 'Your name' : '你的名字').fill(lang === 'en' ? 'Mei Lin' : '林美');
		await page.getByRole('button', { name: lang === 'en' ? 'Save and start' : '保存并开始' }).click();
		const s = scenario('disney-closed-ride');
		const picks = pathBy(s, (c) => c.best).picks;
		for (const { choice } of picks.slice(0, 3)) {
			await page.getByRole('button', { name: choice.text[lang] }).click();
			await page.waitForTimeout(150);
		}
		await page.screenshot({ path: `/tmp/shots/play-practice-${tag}.png`, fullPage: false });
		await page.screenshot({ path: `/tmp/shots/play-practice-full-${tag}.png`, fullPage: true });
		// An assessment that loses the customer: Not yet.
		await page.goto(`${base}${pre}/scenarios/rice-grit/play?mode=assessment`);
		const grit = scenario('rice-grit');
		for (const { choice } of pathBy(grit, (c) => c.style === 'aggressive').picks) {
			await page.getByRole('button', { name: choice.text[lang] }).click();
			await page.waitForTimeout(350);
		}
		await page.screenshot({ path: `/tmp/shots/assessment-notyet-${tag}.png`, fullPage: true });
		await page.goto(`${base}${pre}/scenarios/rice-grit/play?mode=assessment`);
		for (const { choice } of pathBy(grit, (c) => c.best).picks) {
			await page.getByRole('button', { name: choice.text[lang] }).click();
			await page.waitForTimeout(350);
		}
		await page.screenshot({ path: `/tmp/shots/assessment-passed-${tag}.png`, fullPage: true });
		await page.goto(`${base}${pre}/`);
		await page.waitForTimeout(500);
		await page.screenshot({ path: `/tmp/shots/library-${tag}.png`, fullPage: false });
		await page.goto(`${base}${pre}/history`);
		await page.waitForTimeout(800);
		await page.screenshot({ path: `/tmp/shots/history-${tag}.png`, fullPage: true });
		await page.context().close();
	}
await browser.close();
