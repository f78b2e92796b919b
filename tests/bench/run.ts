// npm run bench — prints one JSON object of figures (not pass/fail). `npm run bench -- --only=play,scale` runs some.
// Timings read against an empty SvelteKit page (the yardstick) are ratios from the same run; each is taken at 1×
// and 4× CPU (CDP Emulation.setCPUThrottlingRate), min/median/max over 5 runs, from real CDP input to after paint.
// - content: the content pipeline's load + validate + compile time; scale.pipeline: per scenario at 15/60/200;
// - firstLoadGzip: the gzip bytes a cold load of each route fetches in Chromium until the network is idle;
// - typedReply: the gzip bytes the classifier and its cues add on the first typed reply, and how long it took;
// - play.firstAnswered: a click on the first reply the moment it can be clicked on a cold load, until the customer's
//   answer is painted, against the empty page's hydration (the headline ratio); the buttons-enabled ratio beside it;
// - play.choices: key "1" at each decision, in English and Chinese: input → next line painted (p95), INP-like
//   (p98 of Event Timing or input → paint, whichever is worse), input → the turn's transaction committed (p95);
// - play.flatness: a 300-decision scenario (a bench fixture, built in a temp copy), the last 50 choices against the
//   first 50;
// - tapToNextLine: on a phone (390×844, touch) at 4× CPU, a tap on a reply to the frame painted after the next line;
// - resumeAfterReload: ms from a reload three choices into an attempt until they show and the next is enabled;
// - scale.library: the library at 15 and 200 scenarios: blocking time at 1×, HTML bytes, one language or both;
// - dashboard: the instructor dashboard at scale; see dashboard.ts;
// - stepRubricsVsStyle: Pearson r of 3F and LAST with style over every path (near 1: they only repeat style);
// - testWise: what a trainee who picks by a surface cue scores (the mean over every scenario and rubric, and the
//   scenarios where that reaches 100 on every rubric), and how often length gives the model answer away;
// - lms: the cmi5 and SCORM 1.2 package sizes; gzip bytes each runtime adds to play when an LMS launches it (tests/bench/lms.ts);
// - serviceWorkerFirstVisit: bytes a first visit takes in its first 30 s, the worker's own requests included,
//   against the page alone, at 15 and 200 scenarios (tests/bench/sw.ts; ports 4391+);
// - machine: CPUs and the load average at the start and at the end.
// The app is served by vite preview on port 4179, the yardstick on 4180, scaled builds on 4181–4182; all stop, and
// the temp dirs go, at exit.
import { execSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { availableParallelism, loadavg } from 'node:os';
import { join } from 'node:path';
import { loadContent } from '../../src/lib/content/load';
import { readContentDir } from '../../src/lib/content/read-dir';
import { dashboardBench } from './dashboard';
import { lrsBench } from './lrs';
import { PLAY_ROUTE, resumeAfterReload, tapToLine } from './play';
import { choices, firstAnswered, flatness } from './interaction';
import { libraryAt, pipelineAtScale } from './scale';
import { buildWith, copiesUpTo, LONG_ID, longScenario } from './scaled';
import { launchBrowser, note, root, round, startPreview } from './shared';
import { contentPipeline, typedReplyBytes, wireBytes } from './wire';
import { lmsFigures } from './lms';
import { serviceWorkerBytes } from './sw';
import { classifyInChromium } from './classify-chromium';
import { startYardstick } from './yardstick';
import { testWiseTable } from '../unit/test-wise';
import { styleCorrelation } from '../unit/rubric-correlation';
import { lengthFigures } from '../../src/lib/engine/fairness';

const PORT = 4179;
const YARDSTICK_PORT = 4180;
const SCALED_PORT = 4181;
const LONG_PORT = 4182;
const RUNS = Number(process.env.BENCH_RUNS ?? 5);

const onlyArg = process.argv.find((a) => a.startsWith('--only='));
const only = onlyArg ? new Set(onlyArg.slice('--only='.length).split(',')) : undefined;
/** Whether a section runs: all of them unless `--only=` names some. */
const runs = (section: string) => !only || only.has(section);

async function main() {
	const loadAtStart = loadavg()[0]!;
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
	const figures: Record<string, unknown> = {
		content,
		testWise,
		modelAnswerLength: lengths,
		stepRubricsVsStyle: styleCorrelation(loaded.scenarios, loaded.rubrics)
	};
	try {
		const first = loaded.scenarios[0]!.id;
		if (runs('wire')) {
			// The addresses the app's own links use: pages are folders, so a link without the slash is redirected.
			const routes = ['/', '/zh/', `/scenarios/${first}/`, `/scenarios/${first}/play/?mode=practice`];
			note('bytes on the wire');
			figures.firstLoadGzip = await wireBytes(browser, server.url, routes);
			note('typed replies: the classifier in Chromium');
			const classifyChromium = await classifyInChromium(browser);
			note('a typed reply: bytes on first use');
			const typedReply = await typedReplyBytes(
				browser,
				server.url,
				`/scenarios/${first}/play/?mode=practice`
			);
			figures.typedReply = { ...typedReply, classifyInChromium: classifyChromium };
		}
		if (runs('lms')) {
			note('LMS packages, and the bytes their runtimes add to play');
			figures.lms = await lmsFigures(browser);
		}
		if (runs('play')) {
			const play: Record<string, unknown> = { firstAnswered: [], choices: [] };
			for (const rate of [1, 4]) {
				note(`play at ${rate}× CPU: the first answered choice`);
				(play.firstAnswered as unknown[]).push(
					await firstAnswered(browser, `${server.url}${PLAY_ROUTE}`, yardstick.url, rate, RUNS)
				);
				for (const locale of ['en', 'zh']) {
					note(`play at ${rate}× CPU: choices in ${locale}`);
					const route = `${locale === 'zh' ? '/zh' : ''}${PLAY_ROUTE}`;
					(play.choices as unknown[]).push({
						locale,
						...(await choices(browser, server.url, route, rate, RUNS))
					});
				}
			}
			note('tap to the next line on a phone at 4× CPU');
			play.tapToNextLine = await tapToLine(browser, server.url);
			note('resume after reload');
			play.resumeAfterReload = await resumeAfterReload(browser, server.url);
			figures.play = play;
		}
		if (runs('flatness')) {
			note('building a copy with a 300-decision scenario');
			const long = buildWith(longScenario(300), 'long');
			const longServer = await startPreview(long.dir, LONG_PORT);
			try {
				note('300 decisions at 4× CPU');
				figures.flatness = await flatness(
					browser,
					longServer.url,
					`/scenarios/${LONG_ID}/play/?mode=practice`,
					4,
					RUNS
				);
			} finally {
				longServer.stop();
				long.remove();
			}
		}
		if (runs('scale')) {
			note('the content pipeline at 15, 60 and 200 scenarios');
			const pipeline = pipelineAtScale();
			note('the library at 15 scenarios');
			const probe = loaded.scenarios[0]!.title;
			const library15 = await libraryAt(browser, server.url, probe, RUNS);
			note('building a copy with 200 scenarios');
			const scaled = buildWith(copiesUpTo(200), 'library-200');
			const scaledServer = await startPreview(scaled.dir, SCALED_PORT);
			try {
				note('the library at 200 scenarios');
				const library200 = await libraryAt(browser, scaledServer.url, probe, RUNS);
				figures.scale = { pipeline, library: { at15: library15, at200: library200 } };
			} finally {
				scaledServer.stop();
				scaled.remove();
			}
		}
		if (runs('sw')) {
			note('a first visit with the service worker, at 15 and 200 scenarios');
			figures.serviceWorkerFirstVisit = await serviceWorkerBytes(browser);
		}
		// A section that fails says why in its place; the figures of the others are still printed.
		const section = async (name: string, run: () => Promise<unknown>) => {
			try {
				figures[name] = await run();
			} catch (error) {
				console.error(error);
				figures[name] = { failed: String(error).split('\n')[0] };
			}
		};
		if (runs('lrs')) {
			note('class LRS');
			await section('lrs', () => lrsBench(server.url));
		}
		if (runs('dashboard')) {
			note('instructor dashboard');
			await section('dashboard', () => dashboardBench(server.url));
		}
		figures.machine = {
			cpus: availableParallelism(),
			loadAverage1m: { atStart: round(loadAtStart, 2), atEnd: round(loadavg()[0]!, 2) }
		};
		console.log(JSON.stringify(figures, null, 2));
	} finally {
		await browser.close();
		server.stop();
		yardstick.stop();
	}
}

await main();
