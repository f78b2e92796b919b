// npm run train [-- --cv] [--folds 5]
// Fits the typed-reply classifier's learned layer on tests/fixtures/replies/tune.jsonl and
// content/rubrics/examples/*.jsonl, and writes content/rubrics/learned.json. It never reads the held-out half.
// Cross-validation on the training replies sets the confidence calibration and each step's threshold, and
// prints the figures; --cv also compares the settings in GRID (how SETTINGS below was chosen).
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { learnedInputs, readCues } from '../../src/lib/content/read-cues';
import { LEARNED_FILE } from '../../src/lib/content/cues';
import { classifyWithScores, CONFIDENCE_THRESHOLD, UNSURE } from '../../src/lib/engine/classify/classify';
import { calibrated } from '../../src/lib/engine/classify/learned';
import { DEFAULT_FEATURE_OPTIONS, type Features } from '../../src/lib/engine/classify/features';
import type { LearnedModel } from '../../src/lib/engine/classify/learned';
import {
	featurize,
	fitCalibration,
	trainModel,
	TRAINING_ONLY,
	type TrainOptions,
	type TrainingReply
} from '../../src/lib/engine/classify/train';
import type { CueSet } from '../../src/lib/engine/classify/types';
import type { Rubric } from '../../src/lib/engine/schema';
import { readTraining, stepFigures, styleFigures, type LabelledReply, type Outcome } from './replies';

type Item = LabelledReply & { file: string };

/** The settings, chosen by cross-validation on the training replies (npm run train -- --cv). */
export interface Settings {
	name: string;
	train: TrainOptions;
	/** How much a reply from each training file counts; the tuning half's cue scores are in-sample (the cues were tuned on it). */
	tuneWeight: number;
	/** Shift the style biases to the tuning half's mix of labels (the mix of the scenarios' replies). */
	tunePrior: boolean;
	/**
	 * The tuning half's replies get their own copy of each cue feature: the cues were tuned on them, so their
	 * scores are better there than on new replies, and the copy (never stored) takes up the difference.
	 */
	tuneCueCopies: boolean;
}

const SETTINGS: Settings = {
	name: 'chosen',
	train: {
		features: DEFAULT_FEATURE_OPTIONS,
		l2: { style: 3, steps: 3 },
		minCount: 2,
		stepRows: 'counting',
		hardVetoes: false,
		ruleWeight: { style: 1, steps: 1 },
		prune: 0.05,
		quantum: 0.01,
		minWeight: 0.03
	},
	tuneWeight: 1,
	tunePrior: true,
	tuneCueCopies: true
};

const with_ = (name: string, change: (s: Settings) => void): Settings => {
	const s: Settings = structuredClone(SETTINGS);
	s.name = name;
	change(s);
	return s;
};

/** What --cv compares: the chosen settings, and each changed one way. */
const GRID: Settings[] = [
	SETTINGS,
	with_('l2 style 1', (s) => (s.train.l2.style = 1)),
	with_('l2 style 10', (s) => (s.train.l2.style = 10)),
	with_('l2 steps 1', (s) => (s.train.l2.steps = 1)),
	with_('l2 steps 10', (s) => (s.train.l2.steps = 10)),
	with_('sqrt norm', (s) => (s.train.features.sqrtNorm = true)),
	with_('cue scale 1', (s) => (s.train.features.cueScale = 1)),
	with_('no cue features', (s) => (s.train.features.cueScale = 0)),
	with_('no rule offsets', (s) => (s.train.ruleWeight = { style: 0, steps: 0 })),
	with_('no per-language copies', (s) => (s.train.features.perLang = false)),
	with_('no lengths', (s) => (s.train.features.lengths = false)),
	with_('no rubric flags', (s) => (s.train.features.rubricFlags = false)),
	with_('no English char n-grams', (s) => (s.train.features.enChars = [])),
	with_('Chinese chars 1-3', (s) => (s.train.features.zhChars = [1, 2, 3])),
	with_('steps on all styles', (s) => (s.train.stepRows = 'all')),
	with_('no prior shift', (s) => (s.tunePrior = false)),
	with_('no tune cue copies', (s) => (s.tuneCueCopies = false)),
	with_('prune 0.1', (s) => (s.train.prune = 0.1))
];

const args = process.argv.slice(2);
const folds = args.includes('--folds') ? Number(args[args.indexOf('--folds') + 1]) : 5;
const root = process.cwd();
const loaded = readCues(root, { withLearned: false });
const rubrics = loaded.rubrics;
// The cue layer alone gives the features: the learned weights already on disk play no part.
const cues: CueSet = loaded.cues;
const items = readTraining(root);
const styleRubric = [...rubrics.values()].find((r) => r.kind === 'labels')!;
const labels = styleRubric.kind === 'labels' ? styleRubric.labels.map((l) => l.id) : [];
const stepRefs = [...rubrics.values()].flatMap((r) =>
	r.kind === 'steps' ? r.steps.map((s) => `${r.id}.${s.id}`) : []
);
const { hash, inputs } = learnedInputs(root);
const TUNE = 'tests/fixtures/replies/tune.jsonl';

const byFile = new Map<string, number>();
for (const item of items) byFile.set(item.file, (byFile.get(item.file) ?? 0) + 1);
console.log(`training replies: ${[...byFile].map(([f, n]) => `${f} ${n}`).join(', ')}`);

function replies(settings: Settings): TrainingReply[] {
	return items.map((item) => ({
		text: item.text,
		lang: item.lang,
		rubrics: item.rubrics,
		style: item.style,
		steps: item.steps,
		weight: item.file === TUNE ? settings.tuneWeight : 1
	}));
}

function trainOptions(settings: Settings): TrainOptions {
	if (!settings.tunePrior) return settings.train;
	const tune = items.filter((i) => i.file === TUNE);
	const prior = labels.map((l) => tune.filter((i) => i.style === l).length / tune.length);
	return { ...settings.train, labelPrior: prior };
}

const featureCache = new Map<string, Features[]>();
function featuresFor(settings: Settings): Features[] {
	const options = settings.train.features;
	const key = JSON.stringify(options);
	let hit = featureCache.get(key);
	if (!hit) featureCache.set(key, (hit = featurize(items, rubrics, cues, options)));
	if (!settings.tuneCueCopies) return hit;
	const cue = /^(?:(?:en|zh)\|)?k[pvs]?\d*:/;
	return hit.map((f, i) => {
		if (items[i]!.file !== TUNE) return f;
		const values = new Map(f.values);
		for (const [name, value] of f.values) if (cue.test(name)) values.set(`${TRAINING_ONLY}${name}`, value);
		return { ...f, values };
	});
}

/** Deterministic folds: each file's replies of each style dealt out in turn. */
function foldOf(): number[] {
	const seen = new Map<string, number>();
	return items.map((item) => {
		const key = `${item.file}|${item.style}`;
		const n = seen.get(key) ?? 0;
		seen.set(key, n + 1);
		return n % folds;
	});
}

interface Held {
	outcome: Outcome;
	probabilities: number[];
	/** What the confidence is computed from (calibrationInputs), and whether the reply says anything for its label. */
	calibration: number[];
	saysSomething: boolean;
	stepP: Map<string, number>;
	/** The steps the cues alone passed (before any style voids them). */
	cuesPassed: Set<string>;
}

function classifyWith(model: LearnedModel, item: LabelledReply): Held {
	const applying = item.rubrics.map((id) => rubrics.get(id) as Rubric);
	const t0 = performance.now();
	const result = classifyWithScores({
		text: item.text,
		lang: item.lang,
		rubrics: applying,
		cues: { ...cues, learned: model }
	});
	const ms = performance.now() - t0;
	return {
		outcome: { item, style: result.style, steps: result.steps, confidence: result.confidence, ms },
		probabilities: result.scores.learned?.labels.map((l) => l.p) ?? [],
		calibration: result.scores.learned?.calibration ?? [],
		saysSomething: result.scores.learned?.saysSomething ?? true,
		stepP: new Map(result.scores.learned?.steps.map((s) => [s.ref, s.p]) ?? []),
		cuesPassed: new Set(
			result.scores.steps.filter((s) => !s.vetoed && s.score >= s.threshold).map((s) => s.ref)
		)
	};
}

function crossValidate(settings: Settings): Held[] {
	const reps = replies(settings);
	const features = featuresFor(settings);
	const fold = foldOf();
	const options = trainOptions(settings);
	const held: Held[] = new Array(items.length);
	for (let f = 0; f < folds; f++) {
		const train = items.map((_, i) => i).filter((i) => fold[i] !== f);
		const model = trainModel(
			train.map((i) => reps[i]!),
			train.map((i) => features[i]!),
			rubrics,
			cues,
			options,
			{ hash, inputs }
		);
		items.forEach((item, i) => {
			if (fold[i] === f) held[i] = classifyWith(model, item);
		});
	}
	return held;
}

/**
 * Each step's decision, from the held-back folds, after the style's rules: the threshold (of a few near 0.5) with
 * the best F1, and whether the cues' own pass should count too (where the weights doubt a cue that is usually right).
 */
function stepDecisions(held: readonly Held[]): Record<string, { threshold: number; orCues: boolean }> {
	const counts = new Set(
		styleRubric.kind === 'labels'
			? styleRubric.labels.filter((l) => l.stepsCount !== false).map((l) => l.id)
			: []
	);
	const voids = cues.rubrics[styleRubric.id]?.labels ?? {};
	const out: Record<string, { threshold: number; orCues: boolean }> = {};
	for (const ref of stepRefs) {
		const rubric = ref.split('.')[0]!;
		const applying = held.filter((h) => h.outcome.item.rubrics.includes(rubric) && h.stepP.has(ref));
		let best = { threshold: 0.5, orCues: false, f1: -1 };
		for (const orCues of [false, true])
			for (const t of [0.5, 0.45, 0.55, 0.4, 0.6, 0.35, 0.65, 0.3, 0.7]) {
				let tp = 0;
				let fp = 0;
				let fn = 0;
				for (const h of applying) {
					const style = h.outcome.style;
					const said =
						(h.stepP.get(ref)! >= t || (orCues && h.cuesPassed.has(ref))) &&
						counts.has(style) &&
						!(voids[style]?.voids ?? []).includes(ref);
					const truth = h.outcome.item.steps.includes(ref);
					if (said && truth) tp++;
					else if (said) fp++;
					else if (truth) fn++;
				}
				const f1 = (2 * tp) / Math.max(1, 2 * tp + fp + fn);
				if (f1 > best.f1 + 1e-9) best = { threshold: t, orCues, f1 };
			}
		out[ref] = { threshold: best.threshold, orCues: best.orCues };
	}
	return out;
}

const pick = (held: readonly Held[], tune: boolean, lang: string) =>
	held
		.filter((h) => ((h.outcome.item as Item).file === TUNE) === tune && h.outcome.item.lang === lang)
		.map((h) => h.outcome);

const pct = (x: number) => (Number.isNaN(x) ? '  –  ' : (x * 100).toFixed(1).padStart(5));

function summary(held: readonly Held[], title: string, detailed: boolean) {
	const parts: [string, Outcome[]][] = [
		['all', held.map((h) => h.outcome)],
		['tune en', pick(held, true, 'en')],
		['tune zh', pick(held, true, 'zh')],
		['examples en', pick(held, false, 'en')],
		['examples zh', pick(held, false, 'zh')]
	];
	const cells = parts
		.filter(([, o]) => o.length)
		.map(([name, o]) => {
			const s = styleFigures(o, labels);
			return `${name} ${pct(s.accuracy)}% κ${s.kappa.toFixed(2)}`;
		});
	const f1 = stepFigures(
		held.map((h) => h.outcome),
		stepRefs
	);
	const minF1 = Math.min(
		...Object.values(f1)
			.filter((f) => !Number.isNaN(f.f1))
			.map((f) => f.f1)
	);
	console.log(`${title.padEnd(32)} ${cells.join(' | ')} | min step F1 ${pct(minF1)}%`);
	if (!detailed) return;
	for (const [name, o] of parts) {
		if (!o.length || name === 'all') continue;
		const steps = stepFigures(o, stepRefs);
		console.log(
			`   ${name.padEnd(12)} steps F1: ${Object.entries(steps)
				.map(([ref, f]) => `${ref} ${pct(f.f1)}`)
				.join('  ')}`
		);
	}
}

function rulesOnly(): Held[] {
	return items.map((item) => {
		const applying = item.rubrics.map((id) => rubrics.get(id) as Rubric);
		const r = classifyWithScores({ text: item.text, lang: item.lang, rubrics: applying, cues });
		return {
			outcome: { item, style: r.style, steps: r.steps, confidence: r.confidence, ms: 0 },
			probabilities: [],
			calibration: [],
			saysSomething: true,
			stepP: new Map(),
			cuesPassed: new Set()
		};
	});
}

console.log(
	`${folds}-fold cross-validation on the training replies (style accuracy, Cohen's kappa; step F1 after the style's rules)`
);
summary(rulesOnly(), 'cues alone (no folds: in-sample)', true);
if (args.includes('--cv')) {
	for (const settings of GRID) summary(crossValidate(settings), settings.name, false);
	process.exit(0);
}

// Calibration and thresholds from the held-back folds, then the final model on every training reply.
const held = crossValidate(SETTINGS);
summary(held, 'learned (held-back folds)', true);
const calibration = fitCalibration(
	held.map((h) => h.calibration),
	held.map((h) => h.outcome.style === h.outcome.item.style)
);
const decisions = stepDecisions(held);
const confidences = held.map((h) => ({
	right: h.outcome.style === h.outcome.item.style,
	confidence: h.saysSomething
		? calibrated(h.calibration, calibration)
		: Math.min(UNSURE, calibrated(h.calibration, calibration))
}));
const silent = held.filter((h) => !h.saysSomething);
const below = confidences.filter((c) => c.confidence < CONFIDENCE_THRESHOLD);
const above = confidences.filter((c) => c.confidence >= CONFIDENCE_THRESHOLD);
const rate = (xs: typeof confidences) => (xs.length ? xs.filter((x) => x.right).length / xs.length : NaN);
console.log(
	`confidence = σ(${calibration.bias} + ${calibration.weights.join(', ')} · lead, same as the cues, cues found anything); ` +
		`below ${CONFIDENCE_THRESHOLD}: ${below.length} replies, ${pct(rate(below))}% right; at or above: ${above.length}, ${pct(rate(above))}% right; ` +
		`${silent.length} said nothing for their label (kept under ${UNSURE}), ${pct(silent.filter((h) => h.outcome.style === h.outcome.item.style).length / silent.length)}% right`
);
console.log(
	`step decisions: ${Object.entries(decisions)
		.map(([r, d]) => `${r} p ≥ ${d.threshold}${d.orCues ? ' or the cues pass it' : ''}`)
		.join(', ')}`
);

// The same folds with those decisions applied (chosen on these folds, so a little kind to themselves).
const decided: Held[] = held.map((h) => {
	const style = h.outcome.style;
	const counts =
		styleRubric.kind === 'labels' && styleRubric.labels.find((l) => l.id === style)?.stepsCount !== false;
	const voids = cues.rubrics[styleRubric.id]?.labels?.[style]?.voids ?? [];
	const steps = [...h.stepP].flatMap(([ref, p]) => {
		const d = decisions[ref]!;
		const said = p >= d.threshold || (d.orCues && h.cuesPassed.has(ref));
		return said && counts && !voids.includes(ref) ? [ref] : [];
	});
	return { ...h, outcome: { ...h.outcome, steps } };
});
summary(decided, 'learned, with the step decisions', true);

const model = trainModel(replies(SETTINGS), featuresFor(SETTINGS), rubrics, cues, trainOptions(SETTINGS), {
	hash,
	inputs
});
model.confidence = calibration;
for (const [ref, d] of Object.entries(decisions)) if (model.steps[ref]) Object.assign(model.steps[ref], d);
const json = JSON.stringify(model);
writeFileSync(join(root, LEARNED_FILE), json + '\n');
console.log(
	`wrote ${LEARNED_FILE}: ${model.vocab.length} features, ${(json.length / 1024).toFixed(1)} KB (${(gzipSync(json).length / 1024).toFixed(1)} KB gzip)`
);
