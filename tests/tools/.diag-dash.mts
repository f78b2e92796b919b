import { generateFiles } from '../bench/dashboard';
import { launchBrowser, startPreview, root } from '../bench/shared';
import type { Page } from '@playwright/test';
const CODE = 'bench-passcode';
async function importAll(page: Page, files: ReturnType<typeof generateFiles>) {
	await page.goto('/instructor/');
	await page.getByLabel('New passcode').fill(CODE);
	await page.getByLabel('Repeat the passcode').fill(CODE);
	await page.getByRole('button', { name: 'Save passcode and open' }).click();
	await page.getByRole('link', { name: 'Classes and trainees' }).first().click();
	for (const name of ['Morning', 'Evening']) {
		await page.getByLabel('Name of a new class').fill(name);
		await page.getByRole('button', { name: 'Add class' }).click();
		await page.getByText(`Class ${name} added.`).waitFor();
	}
	await page.getByRole('link', { name: 'Import progress files' }).first().click();
	const half = Math.ceil(files.length / 2);
	let importMs = 0;
	let withTransferMs = 0;
	for (const [name, batch] of [
		['Morning', files.slice(0, half)],
		['Evening', files.slice(half)]
	] as const) {
		await page.getByLabel('Put the imported trainees in a class').selectOption({ label: name });
		const input = page.getByLabel('Choose progress files (.json)');
		// The app's own time runs from the files reaching the page (the change event) to the report's summary
		// in the DOM, both read in the page: handing the files over from node through the DevTools protocol, and
		// Playwright noticing the text, are the harness's cost, reported apart.
		const done = `${batch.length} of ${batch.length} ${batch.length === 1 ? 'file' : 'files'} imported.`;
		await input.evaluate((element, done) => {
			const marks = window as unknown as { importStart?: number; importEnd?: number };
			marks.importEnd = undefined;
			element.addEventListener('change', () => (marks.importStart = performance.now()), {
				capture: true,
				once: true
			});
			const observer = new MutationObserver(() => {
				if (!document.body.textContent?.includes(done)) return;
				marks.importEnd = performance.now();
				observer.disconnect();
			});
			observer.observe(document.body, { subtree: true, childList: true, characterData: true });
		}, done);
		const t0 = Date.now();
		await input.setInputFiles([...batch]);
		await page.getByText(done).waitFor({ timeout: 600_000 });
		withTransferMs += Date.now() - t0;
		importMs += await page.evaluate(() => {
			const marks = window as unknown as { importStart: number; importEnd: number };
			return marks.importEnd - marks.importStart;
		});
	}
	return { importMs: Math.round(importMs), importWithTransferMs: withTransferMs };
}

function firstRender(page: Page) {
	return page.evaluate(
		() =>
			new Promise<{ matrix: number; decisions: number }>((resolve) => {
				// No named functions in here: tsx would wrap them in a __name helper the page does not have.
				const start = performance.now();
				const times = { matrix: 0, decisions: 0 };
				const observer = new MutationObserver(() => {
					if (!times.matrix) {
						const shown = [...document.querySelectorAll('[role=status]')].some((e) =>
							/^Showing \d+ attempt/.test(e.textContent?.trim() ?? '')
						);
						if (shown && document.querySelector('table.matrix tbody tr')) {
							times.matrix = -1;
							requestAnimationFrame(() => setTimeout(() => (times.matrix = performance.now() - start)));
						}
					}
					if (!times.decisions && document.querySelector('table.items caption')) {
						times.decisions = -1;
						observer.disconnect();
						requestAnimationFrame(() =>
							setTimeout(() => {
								times.decisions = performance.now() - start;
								const wait = setInterval(() => {
									if (times.matrix <= 0) return;
									clearInterval(wait);
									resolve(times);
								}, 5);
							})
						);
					}
				});
				observer.observe(document.body, { subtree: true, childList: true, characterData: true });
				document.querySelector<HTMLAnchorElement>('nav a[href*="/instructor/dashboard"]')!.click();
			})
	);
}


const browser = await launchBrowser();
const app = await startPreview(root, 4181);
const N = Number(process.argv[2] ?? 5000);
try {
	const context = await browser.newContext({ baseURL: app.url, serviceWorkers: 'block' });
	const page = await context.newPage();
	page.setDefaultTimeout(600_000);
	console.log(JSON.stringify(await importAll(page, generateFiles(N / 25))));
	const cdp = await context.newCDPSession(page);
	await cdp.send('Profiler.enable');
	await cdp.send('Profiler.setSamplingInterval', { interval: 100 });
	for (let run = 0; run < 3; run++) {
		await page.getByRole('link', { name: 'Classes and trainees' }).first().click();
		await page.waitForFunction(() => document.querySelectorAll('tbody tr').length > 0 && ![...document.querySelectorAll('tbody td')].some((td) => td.textContent?.trim() === '…'));
		await page.waitForTimeout(500);
		await cdp.send('Profiler.start');
		const times = await firstRender(page);
		const { profile } = await cdp.send('Profiler.stop');
		console.log('RUN', run, JSON.stringify(times));
		if (run < 1) continue;
		const self = new Map<string, number>();
		const dt = profile.timeDeltas!;
		const counts = new Map<number, number>();
		profile.samples!.forEach((id, i) => counts.set(id, (counts.get(id) ?? 0) + (dt[i] ?? 0)));
		for (const n of profile.nodes) {
			const t = (counts.get(n.id) ?? 0) / 1000;
			const u = n.callFrame.url.split('/').pop()!.slice(0, 30);
			const k = `${n.callFrame.functionName || '(anon)'} ${u}:${n.callFrame.lineNumber}:${n.callFrame.columnNumber}`;
			self.set(k, (self.get(k) ?? 0) + t);
		}
		console.log([...self].sort((a, b) => b[1] - a[1]).slice(0, 25).map(([k, v]) => `${v.toFixed(1).padStart(7)} ${k}`).join('\n'));
	}
} finally { await browser.close(); app.stop(); }
