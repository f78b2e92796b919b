// How long the typed-reply classifier takes per reply in Chromium: the engine module bundled on its own, the cues
// as the app serves them, and every reply of the labelled set classified in the page (p50/p95 after a warm-up).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { build } from 'esbuild';
import type { Browser } from '@playwright/test';
import { readCues } from '../../src/lib/content/read-cues';
import { percentile, root, round } from './shared';

export async function classifyInChromium(browser: Browser) {
	const { rubrics, cues } = readCues(root);
	const bundle = await build({
		entryPoints: [join(root, 'src/lib/engine/classify/index.ts')],
		bundle: true,
		format: 'iife',
		globalName: 'classifier',
		minify: true,
		write: false
	});
	const replies = ['tune.jsonl', 'held-out.jsonl'].flatMap((file) =>
		readFileSync(join(root, 'tests/fixtures/replies', file), 'utf8')
			.split('\n')
			.filter(Boolean)
			.map((line) => JSON.parse(line) as { text: string; lang: 'en' | 'zh'; rubrics: string[] })
	);
	const page = await (await browser.newContext()).newPage();
	await page.setContent('<!doctype html><title>classify</title>');
	// tsx keeps function names with an `__name` helper, which the page does not have.
	await page.addScriptTag({ content: 'window.__name = (f) => f;' });
	await page.addScriptTag({ content: bundle.outputFiles[0]!.text });
	const times = await page.evaluate(
		({ replies, rubrics, cues }) => {
			const { classify } = (
				window as unknown as { classifier: typeof import('../../src/lib/engine/classify') }
			).classifier;
			const run = () =>
				replies.map((r) => {
					const start = performance.now();
					classify({ text: r.text, lang: r.lang, rubrics: r.rubrics.map((id) => rubrics[id]!), cues });
					return performance.now() - start;
				});
			run(); // the first pass compiles the cues and warms the JIT
			return run();
		},
		{ replies, rubrics: Object.fromEntries(rubrics), cues }
	);
	await page.context().close();
	return {
		replies: times.length,
		p50Ms: round(percentile(times, 50), 2),
		p95Ms: round(percentile(times, 95), 2)
	};
}
