// npm run eval [-- --split tune] [--errors] [--cues-only]
// Scores the typed-reply classifier against the labelled replies in tests/fixtures/replies/: style accuracy,
// per-label precision and recall, the confusion matrix and Cohen's kappa; per-step precision, recall and F1;
// per language and overall; time per reply; and the gzip size of the classifier and its cues.
// The held-out half is for the figures only: --errors (the replies it got wrong) works on the tuning half alone.
// --cues-only leaves out the learned weights (content/rubrics/learned.json), to see what the cues do alone.
// The learned layer trains on the tuning half, so figures on it are in-sample; npm run train prints cross-validated ones.
import { gzipSync } from 'node:zlib';
import { build } from 'esbuild';
import { readCues } from '../../src/lib/content/read-cues';
import { CONFIDENCE_THRESHOLD } from '../../src/lib/engine/classify';
import { CUE_LANGS } from '../../src/lib/engine/classify/types';
import { percentile, readSplit, run, stepFigures, styleFigures, type Outcome, type Split } from './replies';

const args = process.argv.slice(2);
const split: Split = args.includes('--split') ? (args[args.indexOf('--split') + 1] as Split) : 'held-out';
if (split !== 'held-out' && split !== 'tune') {
	console.error('--split is "held-out" (the default) or "tune"');
	process.exit(2);
}
const showErrors = args.includes('--errors');
if (showErrors && split !== 'tune') {
	console.error(
		'--errors lists replies one by one, so it works only with --split tune: the held-out half stays unseen.'
	);
	process.exit(2);
}

const root = process.cwd();
const { rubrics, cues } = readCues(root, { withLearned: !args.includes('--cues-only') });
const items = readSplit(root, split);
const styleRubric = [...rubrics.values()].find((r) => r.kind === 'labels');
const labels = styleRubric?.kind === 'labels' ? styleRubric.labels.map((l) => l.id) : [];
const steps = [...rubrics.values()].flatMap((r) =>
	r.kind === 'steps' ? r.steps.map((s) => `${r.id}.${s.id}`) : []
);

// The first reply in each language compiles its cues: timed apart. Then one untimed pass lets the JIT settle, so the
// timings are per reply as in a session that has classified a few replies already.
const cold = CUE_LANGS.map((lang) => {
	const first = items.find((item) => item.lang === lang);
	const t0 = performance.now();
	if (first) run([first], rubrics, cues);
	return `${lang} ${(performance.now() - t0).toFixed(1)} ms`;
});
run(items, rubrics, cues);
const outcomes = run(items, rubrics, cues);

const pct = (x: number) => (Number.isNaN(x) ? '  –  ' : (x * 100).toFixed(1).padStart(5));
const num = (x: number) => (Number.isNaN(x) ? '  –  ' : x.toFixed(3));
const pad = (s: string, n: number) => s.padEnd(n);

const TARGET = { accuracy: 0.8, kappa: 0.7, f1: 0.8, p95: 5 };
const mark = (ok: boolean) => (ok ? 'ok' : 'BELOW TARGET');

function report(name: string, part: readonly Outcome[]) {
	if (!part.length) return;
	const s = styleFigures(part, labels);
	console.log(`\n== ${name}: ${part.length} replies ==`);
	console.log(
		`style accuracy ${pct(s.accuracy)}%   Cohen's kappa ${num(s.kappa)}   (${mark(s.accuracy >= TARGET.accuracy && s.kappa >= TARGET.kappa)})`
	);
	console.log(`\n${pad('label', 20)} precision  recall  support`);
	for (const label of labels) {
		const f = s.perLabel[label]!;
		console.log(
			`${pad(label, 20)} ${pct(f.precision)}%    ${pct(f.recall)}%  ${String(f.support).padStart(5)}`
		);
	}
	const short = (l: string) => l.slice(0, 9).padStart(9);
	console.log(
		`\nconfusion (rows: labelled, columns: classified)\n${pad('', 20)}${labels.map(short).join(' ')}`
	);
	for (const truth of labels)
		console.log(
			`${pad(truth, 20)}${labels.map((p) => String(s.confusion[truth]?.[p] ?? 0).padStart(9)).join(' ')}`
		);
	console.log(`\n${pad('step', 20)} precision  recall     F1  support  (replies where it applies)`);
	for (const [step, f] of Object.entries(stepFigures(part, steps))) {
		if (!f.n) continue;
		const flag = Number.isNaN(f.f1) ? '' : f.f1 >= TARGET.f1 ? '' : '  BELOW TARGET';
		console.log(
			`${pad(step, 20)} ${pct(f.precision)}%    ${pct(f.recall)}%  ${pct(f.f1)}%  ${String(f.support).padStart(6)}  (${f.n})${flag}`
		);
	}
	// Reliability: how often the style is right at each confidence; below the threshold should mean "unsure".
	const bins = [0, 0.3, 0.4, CONFIDENCE_THRESHOLD, 0.6, 0.7, 0.8, 0.9, 1.0001];
	console.log(`\nconfidence      replies  style right`);
	for (let i = 0; i < bins.length - 1; i++) {
		const inBin = part.filter((o) => o.confidence >= bins[i]! && o.confidence < bins[i + 1]!);
		if (!inBin.length) continue;
		const right = inBin.filter((o) => o.style === o.item.style).length;
		console.log(
			`${bins[i]!.toFixed(2)}–${Math.min(1, bins[i + 1]!).toFixed(2)}    ${String(inBin.length).padStart(7)}  ${pct(right / inBin.length)}%`
		);
	}
	const unsure = part.filter((o) => o.confidence < CONFIDENCE_THRESHOLD);
	const sure = part.filter((o) => o.confidence >= CONFIDENCE_THRESHOLD);
	const acc = (xs: readonly Outcome[]) =>
		xs.length ? xs.filter((o) => o.style === o.item.style).length / xs.length : NaN;
	console.log(
		`below ${CONFIDENCE_THRESHOLD} (asks the trainee): ${unsure.length} replies, ${pct(acc(unsure))}% right; ` +
			`at or above: ${sure.length}, ${pct(acc(sure))}% right`
	);
}

console.log(
	`Typed-reply classifier on the ${split} split (tests/fixtures/replies/${split}.jsonl), ` +
		(cues.learned
			? `cues and learned weights${split === 'tune' ? ' (trained on this split: in-sample)' : ''}`
			: 'cues alone')
);
for (const lang of CUE_LANGS)
	report(
		lang === 'en' ? 'English' : 'Chinese',
		outcomes.filter((o) => o.item.lang === lang)
	);
report('Overall', outcomes);

const times = outcomes.map((o) => o.ms);
const p95 = percentile(times, 95);
console.log(
	`\ntime per reply (Node, warm): p50 ${percentile(times, 50).toFixed(3)} ms, p95 ${p95.toFixed(3)} ms (${mark(p95 <= TARGET.p95)}); ` +
		`first reply, compiling the cues: ${cold.join(', ')}`
);

const bundle = await build({
	entryPoints: ['src/lib/engine/classify/index.ts'],
	bundle: true,
	minify: true,
	format: 'esm',
	write: false,
	logLevel: 'silent'
});
const code = bundle.outputFiles[0]!.contents;
const json = Buffer.from(JSON.stringify(cues));
const learnedJson = Buffer.from(JSON.stringify(cues.learned ?? null));
const kb = (n: number) => `${(n / 1024).toFixed(1)} KB`;
console.log(
	`size (minified, gzip): classifier ${kb(gzipSync(code).length)} (${kb(code.length)} raw), ` +
		`cues JSON ${kb(gzipSync(json).length)} (${kb(json.length)} raw; the learned weights alone ${kb(gzipSync(learnedJson).length)}), ` +
		`together ${kb(gzipSync(code).length + gzipSync(json).length)}`
);
console.log(
	cues.learned
		? `learned layer: ${cues.learned.vocab.length} features, trained on ${cues.learned.trainedOn.replies} replies`
		: args.includes('--cues-only')
			? 'learned layer: left out (--cues-only)'
			: 'learned layer: none (content/rubrics/learned.json is missing: npm run train); the cues decide alone'
);

if (showErrors) {
	console.log('\n== replies classified differently from their label (tuning split) ==');
	for (const o of outcomes) {
		const wrongStyle = o.style !== o.item.style;
		const expected = [...o.item.steps].sort().join(',');
		const got = [...o.steps].sort().join(',');
		if (!wrongStyle && expected === got) continue;
		console.log(
			`${o.item.id} [${o.item.lang}${o.item.hard ? ', hard' : ''}] ${o.item.text}\n` +
				`   style ${o.item.style}${wrongStyle ? ` → ${o.style}` : ' ✓'} (${o.confidence})   steps [${expected}]${expected === got ? ' ✓' : ` → [${got}]`}`
		);
	}
}
