// npm run bench — prints one JSON object of figures (not pass/fail):
// - content: the content pipeline's load + validate + compile time;
// - firstLoadGzip: the gzip bytes a cold load of each route fetches in Chromium until the network is idle;
// - timeToFirstChoice: ms from navigation until the frame that first shows the first choice enabled, cold HTTP cache,
//   median of 5, against the same for an empty SvelteKit page built in a temp dir (the yardstick); and, for a
//   click at that very frame (kept by app.html until the app runs), how long until the customer answers;
// - choiceLatency: ms from a click to the next conversation line in the DOM, over 200 choices;
// - savingATurn: ms from creating each readwrite IndexedDB transaction on `turns` to its `complete`;
// - resumeAfterReload: ms from a reload three choices into an attempt until they show and the next is enabled.
// - dashboard: the instructor dashboard with 1,000 / 5,000 / 10,000 imported attempts (first render, filter
//   change, import time, peak heap); see dashboard.ts.
// - machine: CPUs and load, since timings compare only between runs on a similarly idle machine.
// The app is served by vite preview on port 4179, the yardstick on 4180; both stop, and the temp dir goes, at exit.
import { execSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { availableParallelism, loadavg } from 'node:os';
import { join } from 'node:path';
import { loadContent } from '../../src/lib/content/load';
import { readContentDir } from '../../src/lib/content/read-dir';
import { dashboardBench } from './dashboard';
import { choicesAndSaves, resumeAfterReload, timeToFirstChoice } from './play';
import { launchBrowser, note, root, round, startPreview } from './shared';
import { contentPipeline, wireBytes } from './wire';
import { startYardstick } from './yardstick';

const PORT = 4179;
const YARDSTICK_PORT = 4180;

async function main() {
	if (!existsSync(join(root, 'build', 'index.html')))
		execSync('npm run build', { cwd: root, stdio: ['ignore', process.stderr, process.stderr] });
	note('content pipeline');
	const content = contentPipeline();
	note('building the empty SvelteKit yardstick');
	const yardstick = await startYardstick(YARDSTICK_PORT);
	const server = await startPreview(root, PORT);
	const browser = await launchBrowser();
	try {
		const first = loadContent(readContentDir(root)).scenarios[0]!.id;
		const routes = ['/', '/zh', `/scenarios/${first}`, `/scenarios/${first}/play?mode=practice`];
		note('bytes on the wire');
		const firstLoadGzip = await wireBytes(browser, server.url, routes);
		note('time to first choice');
		const timeToFirst = await timeToFirstChoice(browser, server.url, yardstick.url);
		note('choice latency and saving a turn');
		const { choiceLatency, savingATurn } = await choicesAndSaves(browser, server.url);
		note('resume after reload');
		const resume = await resumeAfterReload(browser, server.url);
		note('instructor dashboard');
		const dashboard = await dashboardBench(server.url);
		const figures = {
			content,
			firstLoadGzip,
			timeToFirstChoice: timeToFirst,
			choiceLatency,
			savingATurn,
			resumeAfterReload: resume,
			dashboard,
			machine: { cpus: availableParallelism(), loadAverage1m: round(loadavg()[0]!, 2) }
		};
		console.log(JSON.stringify(figures, null, 2));
	} finally {
		await browser.close();
		server.stop();
		yardstick.stop();
	}
}

await main();
