// npm run bench — prints one JSON object of figures (not pass/fail):
// - content: the content pipeline's load + validate + compile time;
// - firstLoadGzip: the gzip bytes a cold load of each route fetches in Chromium until the network is idle;
// - typedReply: the gzip bytes the classifier and its cues add on the first typed reply, and how long it took;
// - timeToFirstChoice: ms from navigation until the frame that first shows the first choice enabled, cold HTTP cache,
//   median of 5, against the same for an empty SvelteKit page built in a temp dir (the yardstick); and, for a
//   click at that very frame (kept by app.html until the app runs), how long until the customer answers;
// - choiceLatency: ms from a click to the next conversation line in the DOM, over 200 choices;
// - tapToNextLine: on a phone (390×844, touch) at 4× CPU, ms from a tap on a reply to the frame painted after the
//   next line, over 50 choices;
// - savingATurn: ms from creating each readwrite IndexedDB transaction on `turns` to its `complete`;
// - resumeAfterReload: ms from a reload three choices into an attempt until they show and the next is enabled.
// - dashboard: the instructor dashboard with 1,000 / 5,000 / 10,000 imported attempts (first render, filter
//   change, import time, peak heap); see dashboard.ts.
// - stepRubricsVsStyle: Pearson r of 3F and LAST with style over every path (near 1: they only repeat style);
// - testWise: what a trainee who picks by a surface cue scores (the mean over every scenario and rubric, and the
//   scenarios where that reaches 100 on every rubric), and how often length gives the model answer away;
// - machine: CPUs and load, since timings compare only between runs on a similarly idle machine.
// The app is served by vite preview on port 4179, the yardstick on 4180; both stop, and the temp dir goes, at exit.
import { execSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { availableParallelism, loadavg } from 'node:os';
import { join } from 'node:path';
import { loadContent } from '../../src/lib/content/load';
import { readContentDir } from '../../src/lib/content/read-dir';
import { dashboardBench } from './dashboard';
import { choicesAndSaves, resumeAfterReload, tapToLine, timeToFirstChoice } from './play';
import { launchBrowser, note, root, round, startPreview } from './shared';
import { contentPipeline, typedReplyBytes, wireBytes } from './wire';
import { classifyInChromium } from './classify-chromium';
import { startYardstick } from './yardstick';
import { testWiseTable } from '../unit/test-wise';
import { styleCorrelation } from '../unit/rubric-correlation';
import { lengthFigures } from '../../src/lib/engine/fairness';

const PORT = 4179;
const YARDSTICK_PORT = 4180;

async function main() {
	if (!existsSync(join(root, 'build', 'index.html')))
		execSync('npm run build', { cwd: root, stdio: ['ignore', process.stderr, process.stderr] });
	note('content pipeline');
	const content = contentPipeline();
	const loaded = loadContent(readContentDir(root));
	const testWise = Object.fromEntries(
		testWiseTable(loaded.scenarios, loaded.rubrics).map((row) => [
			row.strategy,
			{ mean: round(row.mean, 1), perfectOn: row.perfect }
		])
	);
	const lengths = Object.fromEntries(
		loaded.scenarios.map((s) => [
			s.id,
			Object.fromEntries(
				(['en', 'zh'] as const).map((lang) => {
					const f = lengthFigures(s, lang);
					return [
						lang,
						`longest ${f.longest.length}/${f.decisions}, in band ${f.decisions - f.outOfBand.length}/${f.decisions}`
					];
				})
			)
		])
	);
	console.error(
		[
			'test-wise strategies (mean over every scenario and rubric):',
			...Object.entries(testWise).map(
				([k, v]) =>
					`  ${k.padEnd(26)} ${String(v.mean).padStart(5)}  100 on every rubric: ${v.perfectOn.join(', ') || 'none'}`
			)
		].join('\n')
	);
	note('building the empty SvelteKit yardstick');
	const yardstick = await startYardstick(YARDSTICK_PORT);
	const server = await startPreview(root, PORT);
	const browser = await launchBrowser();
	try {
		const first = loaded.scenarios[0]!.id;
		const routes = ['/', '/zh', `/scenarios/${first}`, `/scenarios/${first}/play?mode=practice`];
		note('bytes on the wire');
		const firstLoadGzip = await wireBytes(browser, server.url, routes);
		note('typed replies: the classifier in Chromium');
		const classifyChromium = await classifyInChromium(browser);
		note('a typed reply: bytes on first use');
		const typedReply = await typedReplyBytes(browser, server.url, `/scenarios/${first}/play/?mode=practice`);
		note('time to first choice');
		const timeToFirst = await timeToFirstChoice(browser, server.url, yardstick.url);
		note('choice latency and saving a turn');
		const { choiceLatency, savingATurn } = await choicesAndSaves(browser, server.url);
		note('tap to the next line on a phone at 4× CPU');
		const tapToNextLine = await tapToLine(browser, server.url);
		note('resume after reload');
		const resume = await resumeAfterReload(browser, server.url);
		note('instructor dashboard');
		const dashboard = await dashboardBench(server.url);
		const figures = {
			content,
			testWise,
			modelAnswerLength: lengths,
			stepRubricsVsStyle: styleCorrelation(loaded.scenarios, loaded.rubrics),
			firstLoadGzip,
			typedReply: { ...typedReply, classifyInChromium: classifyChromium },
			timeToFirstChoice: timeToFirst,
			choiceLatency,
			savingATurn,
			tapToNextLine,
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
