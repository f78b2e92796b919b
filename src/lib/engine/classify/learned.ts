// The learned layer: weights fitted by npm run train (content/rubrics/learned.json) over the features of a reply.
// One softmax model for the style labels, one yes/no model per rubric step; the cue scores are among the inputs.
import type { FeatureOptions, Features } from './features';
import type { Span } from './match';
import type { Analysis } from './text';

/**
 * One linear model as stored, compactly: `f` lists the features it weighs as steps between indexes into `vocab`
 * (ascending, so the first is an index and each next one is added to the one before); `w` holds `classes` weights
 * for each, in whole multiples of the model's `quantum`.
 */
export interface StoredLinear {
	bias: number[];
	f: number[];
	w: number[];
}

export interface LearnedModel {
	format: 1;
	/** FEATURES_VERSION of the code that trained it. */
	featuresVersion: number;
	/** sha256 over the training replies, the cue files and the feature version: content:check compares it. */
	hash: string;
	/** The files it learned from (and the cue files), each with a short sha256, and how many replies. */
	trainedOn: { inputs: Record<string, string>; replies: number };
	options: FeatureOptions;
	/** Cue vetoes rule a step out whatever the weights say, as the cue files promise. */
	hardVetoes: boolean;
	/**
	 * How much the cue layer's own verdict (Features.rules) adds to the logits before the weights correct it: where
	 * the weights know nothing, the cues decide.
	 */
	ruleWeight: { style: number; steps: number };
	/** The unit of the stored weights. */
	quantum: number;
	vocab: string[];
	style: StoredLinear & { rubric: string; labels: string[] };
	/**
	 * By step ref (`last.solve`): a step is performed when its probability reaches `threshold`, or, with `orCues`,
	 * when its cues pass it (chosen on held-back folds, for steps whose cues the weights doubt too much).
	 */
	steps: Record<string, StoredLinear & { threshold: number; orCues: boolean }>;
	/**
	 * Confidence = σ(bias + Σ weights · calibrationInputs), fitted on held-back folds to whether the style was
	 * right: how far the likeliest label leads, whether the cues chose it too, whether they found anything.
	 */
	confidence: { weights: number[]; bias: number };
}

interface Dense {
	classes: number;
	bias: number[];
	weights: Float64Array;
}

export interface CompiledModel {
	model: LearnedModel;
	index: Map<string, number>;
	/** Per feature: whether it is one of the reply's words (or letters), not its shape or a cue score. */
	content: boolean[];
	style: Dense;
	steps: Map<string, Dense & { threshold: number; orCues: boolean }>;
}

const compiledModels = new WeakMap<LearnedModel, CompiledModel>();

function dense(stored: StoredLinear, size: number, quantum: number): Dense {
	const classes = stored.bias.length;
	const weights = new Float64Array(size * classes);
	let feature = 0;
	stored.f.forEach((step, j) => {
		feature += step;
		for (let k = 0; k < classes; k++) weights[feature * classes + k] = stored.w[j * classes + k]! * quantum;
	});
	return { classes, bias: stored.bias, weights };
}

export function compileModel(model: LearnedModel): CompiledModel {
	const hit = compiledModels.get(model);
	if (hit) return hit;
	const size = model.vocab.length;
	const compiled: CompiledModel = {
		model,
		index: new Map(model.vocab.map((name, i) => [name, i])),
		content: model.vocab.map((name) => CONTENT_FEATURE.test(name)),
		style: dense(model.style, size, model.quantum),
		steps: new Map(
			Object.entries(model.steps).map(([ref, m]) => [
				ref,
				{ ...dense(m, size, model.quantum), threshold: m.threshold, orCues: m.orCues }
			])
		)
	};
	compiledModels.set(model, compiled);
	return compiled;
}

/** Feature index → value, for the features the model knows. */
export function known(c: CompiledModel, features: Features): [number, number][] {
	const out: [number, number][] = [];
	for (const [name, value] of features.values) {
		const i = c.index.get(name);
		if (i !== undefined) out.push([i, value]);
	}
	return out;
}

export function logitsOf(d: Dense, row: readonly [number, number][]): number[] {
	const out = [...d.bias];
	for (const [i, v] of row) for (let k = 0; k < d.classes; k++) out[k]! += d.weights[i * d.classes + k]! * v;
	return out;
}

export function softmax(logits: readonly number[]): number[] {
	const max = Math.max(...logits);
	const e = logits.map((z) => Math.exp(z - max));
	const total = e.reduce((a, b) => a + b, 0);
	return e.map((x) => x / total);
}

export const sigmoid = (z: number) => 1 / (1 + Math.exp(-z));

const CONTENT_FEATURE = /^[wbchz]:/;

/**
 * Below this the reply's words hardly tell the labels apart (summed weight differences; 99% of the training
 * replies have more).
 */
const WORDS_SAY_SOMETHING = 1;

/**
 * What the confidence is computed from: the lead of the likeliest label (log p₁ − log p₂), whether the cues alone
 * chose the same label (1 or 0), and whether they found anything at all in the reply (1 or 0). And, apart, whether
 * the reply says anything at all: the cues found something, or its words tell the likeliest labels apart (if not,
 * the label comes from the reply's shape alone, such as its length).
 */
export function calibrationInputs(
	c: CompiledModel,
	row: readonly (readonly [number, number])[],
	probabilities: readonly number[],
	offsets: readonly number[],
	top: number,
	cues: { sameLabel: boolean; foundAny: boolean }
): { inputs: number[]; saysSomething: boolean } {
	const sorted = [...probabilities].sort((a, b) => b - a);
	const lead = Math.log(Math.max(sorted[0] ?? 1, 1e-12)) - Math.log(Math.max(sorted[1] ?? 1e-12, 1e-12));
	// How much the reply's words tell the two likeliest labels apart, whichever way: next to nothing for "hmm".
	const d = c.style;
	const second = probabilities.findIndex((p, k) => k !== top && p === sorted[1]);
	let words = 0;
	for (const [i, v] of row)
		if (c.content[i])
			words += Math.abs(d.weights[i * d.classes + top]! - d.weights[i * d.classes + second]!) * v;
	return {
		inputs: [lead, cues.sameLabel ? 1 : 0, cues.foundAny ? 1 : 0],
		saysSomething: cues.foundAny || words >= WORDS_SAY_SOMETHING
	};
}

/** The calibrated confidence in the likeliest label. */
export function calibrated(inputs: readonly number[], calibration: LearnedModel['confidence']): number {
	const z = inputs.reduce((sum, x, i) => sum + x * (calibration.weights[i] ?? 0), calibration.bias);
	return Math.round(sigmoid(z) * 1000) / 1000;
}

const TEXT_FEATURE = /^[wbchz]:/;
/** A feature shown as evidence must add at least this much to the label's logit: a word, not a whisper. */
const MIN_LEAD = 0.25;

/**
 * The words that earned a label (class `k` of a model; for a yes/no model k = 0 and "against" is 0): the text
 * features present whose weight for it most exceeds their average weight for the other classes, as spans widened
 * to whole words and merged. At most `most` features, and only those carrying a real share of the lead.
 */
export function learnedSpans(
	c: CompiledModel,
	d: Dense,
	k: number,
	features: Features,
	a: Analysis,
	most = 3
): Span[] {
	const scored: { name: string; lead: number }[] = [];
	for (const [name, value] of features.values) {
		if (!TEXT_FEATURE.test(name)) continue;
		const i = c.index.get(name);
		if (i === undefined) continue;
		const own = d.weights[i * d.classes + k]!;
		let others = 0;
		for (let j = 0; j < d.classes; j++) if (j !== k) others += d.weights[i * d.classes + j]!;
		const lead = value * (d.classes === 1 ? own : own - others / (d.classes - 1));
		if (lead > 0) scored.push({ name, lead });
	}
	scored.sort((x, y) => y.lead - x.lead || (x.name < y.name ? -1 : 1));
	const top = scored[0]?.lead ?? 0;
	const chosen = scored.filter((s, i) => i < most && s.lead >= Math.max(MIN_LEAD, top * 0.3));
	return chosen
		.flatMap((s) => (features.spans.get(s.name) ?? []).map((span) => wordSized(a, span)))
		.filter((span) => /[\p{L}\p{N}]/u.test(a.text.slice(span.start, span.end)));
}

/** Widens a span to the words (English tokens, Chinese segments) it touches: "sor" of "sorry" shows "sorry". */
function wordSized(a: Analysis, span: Span): Span {
	let { start, end } = span;
	for (const t of a.tokens)
		if (t.start < span.end && t.end > span.start) {
			start = Math.min(start, t.start);
			end = Math.max(end, t.end);
		}
	return { start, end };
}
