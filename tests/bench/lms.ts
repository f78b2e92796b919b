// The LMS packages: their sizes, and the gzip bytes the cmi5 and SCORM runtimes add to the play page's first
// load when an LMS launches it (0 on a normal visit). From build/ as it stands: `npx tsx tests/bench/lms.ts`.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from '@playwright/test';
import { TestCmi5Lms } from '../lms/cmi5-lms';
import { listen, repo, serveFile, unpacked } from '../lms/package-site';
import { collectScripts, gzipped, runtimeScripts, type Fetched } from '../lms/runtime-bytes';
import { launchBrowser } from './shared';

const CMI5_PORT = 4335;
const LRS_PORT = 4336;
const SCORM_PORT = 4337;

async function settle(page: Page, scripts: Fetched[], text: string, framed: boolean) {
	await (framed ? page.frameLocator('iframe') : page).getByText(text).first().waitFor();
	await page.waitForLoadState('networkidle');
	// Bodies are read after their responses: give the last ones a moment.
	let count = -1;
	while (count !== scripts.length) {
		count = scripts.length;
		await page.waitForTimeout(200);
	}
}

export async function lmsFigures(browser: Browser) {
	const cmi5 = unpacked('cmi5');
	const scorm = unpacked('scorm12');
	const xml = readFileSync(join(cmi5.dir, 'cmi5.xml'), 'utf8');
	const [, auId, mastery, url] =
		/<au id="([^"]+)"[^>]*masteryScore="([\d.]+)"[\s\S]*?<url>([^<]+)<\/url>/.exec(xml)!;
	const lms = new TestCmi5Lms(CMI5_PORT, LRS_PORT, cmi5.dir);
	await lms.start();
	const harness = readFileSync(join(repo, 'tests/lms/scorm-harness.html'));
	const scormServer = await listen(SCORM_PORT, (_request, response, u) => {
		if (u.pathname === '/harness.html')
			return void response.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(harness);
		if (serveFile(join(repo, 'node_modules/scorm-again/dist'), '/scorm-again/', u.pathname, response)) return;
		if (!serveFile(scorm.dir, '/pkg/', u.pathname, response)) response.writeHead(404).end();
	});
	const visit = async (go: (page: Page) => Promise<void>, text: string, framed = false) => {
		const context = await browser.newContext({ serviceWorkers: 'block' });
		const page = await context.newPage();
		const scripts = collectScripts(page);
		await go(page);
		await settle(page, scripts, text, framed);
		await context.close();
		return scripts.filter((f) => f.url.includes('/pkg/'));
	};
	try {
		const normal = await visit((p) => p.goto(`${lms.base}/pkg/${url}`).then(() => undefined), 'Your name');
		const launch = await lms.launch({ auId: auId!, url: url!, masteryScore: Number(mastery) });
		const viaCmi5 = await visit((p) => p.goto(launch.url).then(() => undefined), 'Trainee: ');
		const viaScorm = await visit(
			async (p) => {
				await p.goto(`http://127.0.0.1:${SCORM_PORT}/harness.html`);
				await p.evaluate(
					(href) => (window as unknown as { launch(h: string): void }).launch(href),
					`/pkg/${url}`
				);
			},
			'Trainee: ',
			true
		);
		const scormFrame = viaScorm;
		return {
			packageBytes: { cmi5: cmi5.bytes.cmi5, scorm12: scorm.bytes.scorm12 },
			playFirstLoadGzip: {
				normal: gzipped(normal),
				cmi5Launch: gzipped(viaCmi5),
				scormLaunch: gzipped(scormFrame)
			},
			runtimeGzip: {
				normalVisit: gzipped(runtimeScripts(normal, 'cmi5')) + gzipped(runtimeScripts(normal, 'scorm')),
				cmi5: gzipped(runtimeScripts(viaCmi5, 'cmi5')),
				scorm: gzipped(runtimeScripts(scormFrame, 'scorm'))
			}
		};
	} finally {
		await lms.stop();
		await new Promise((done) => scormServer.close(done));
	}
}

if (import.meta.url === `file://${process.argv[1]}`) {
	const browser = await launchBrowser();
	try {
		console.log(JSON.stringify(await lmsFigures(browser), null, 2));
	} finally {
		await browser.close();
	}
}
