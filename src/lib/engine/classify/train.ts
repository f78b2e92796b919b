// Fits the learned layer (learned.ts) on labelled replies: pure and deterministic, for npm run train and the specs.
// Not part of the browser bundle: index.ts does not export it.
import type { LabelRubric, Rubric } from '../schema';
import { replyFeatures } from './classify';
import { FEATURES_VERSION, type FeatureOptions, type Features } from './features';
import { fit, type Row } from './fit';
import type { LearnedModel, StoredLinear } from './learned';
import type { CueLang, CueSet } from './types';

export interface TrainingReply {
	text: string;
	lang: CueLang;
	/** The rubrics that apply where the reply was typed. */
	rubrics: readonly string[];
	style: string;
	steps: readonly string[];
	/** How much the reply counts in training (1 when absent). */
	weight?: number;
}

export interface TrainOptions {
	features: FeatureOptions;
	/** L2 penalties: larger is smoother. */
	l2: { style: number; steps: number };
	/** A text feature must occur in at least this many training replies to be learned. */
	minCount: number;
	/**
	 * Which replies train a step: `all` where its rubric applies, or only `counting` ones, in a style whose steps
	 * count and that does not void this step (the style decides the rest: a passive "sorry" is no apology, so it
	 * does not teach the apology model that "sorry" is none).
	 */
	stepRows: 'all' | 'counting';
	hardVetoes: boolean;
	/** How much the cue layer's verdict counts before the weights correct it (LearnedModel.ruleWeight). */
	ruleWeight: { style: number; steps: number };
	/** Label shares to shift the style biases to (the mix of replies the model will meet), in rubric order. */
	labelPrior?: readonly number[];
	/** Features whose every weight is smaller than this are dropped, and the models fitted again without them. */
	prune: number;
	/** Weights are stored in whole multiples of this. */
	quantum: number;
	/** Each model stores only the weights at least this large. */
	minWeight: number;
}

export interface TrainingMeta {
	hash: string;
	inputs: Record<string, string>;
}

/** The learned layer's features of each reply, with the rubrics it was typed under. */
export function featurize(
	replies: readonly TrainingReply[],
	rubrics: ReadonlyMap<string, Rubric>,
	cues: CueSet,
	options: FeatureOptions
): Features[] {
	return replies.map((reply) =>
		replyFeatures(
			{
				text: reply.text,
				lang: reply.lang,
				rubrics: reply.rubrics.map((id) => {
					const rubric = rubrics.get(id);
					if (!rubric)
						throw new Error(`a training reply names no rubric "${id}": "${reply.text.slice(0, 40)}"`);
					return rubric;
				}),
				cues
			},
			options
		)
	);
}

const isText = (name: string) => /^[wbchz]:/.test(name);

/**
 * Features named `t|…` exist only in training and are never stored: a training file's own copy of a feature, to
 * soak up what holds only there (the cues were tuned on tune.jsonl, so their scores are too good on it).
 */
export const TRAINING_ONLY = 't|';

function rowsOf(features: readonly Features[], index: ReadonlyMap<string, number>): Row[] {
	return features.map((f) => {
		const pairs = [...f.values].flatMap(([name, value]) => {
			const i = index.get(name);
			return i === undefined || !value ? [] : [[i, value] as const];
		});
		pairs.sort((x, y) => x[0] - y[0]);
		return { index: Int32Array.from(pairs, (p) => p[0]), value: Float64Array.from(pairs, (p) => p[1]) };
	});
}

interface Fitted {
	style: { bias: Float64Array; weights: Float64Array };
	steps: Map<string, { bias: Float64Array; weights: Float64Array }>;
}

export function trainModel(
	replies: readonly TrainingReply[],
	features: readonly Features[],
	rubrics: ReadonlyMap<string, Rubric>,
	cues: CueSet,
	options: TrainOptions,
	meta: TrainingMeta
): LearnedModel {
	const styleRubric = [...rubrics.values()].find((r): r is LabelRubric => r.kind === 'labels');
	if (!styleRubric) throw new Error('no labels rubric (style) to train');
	const labels = styleRubric.labels.map((l) => l.id);
	const counting = new Set(styleRubric.labels.filter((l) => l.stepsCount !== false).map((l) => l.id));
	const labelCues = cues.rubrics[styleRubric.id]?.labels ?? {};
	const counts = (style: string, ref: string) =>
		counting.has(style) && !labelCues[style]?.voids.includes(ref);
	const stepRefs = [...rubrics.values()].flatMap((r) =>
		r.kind === 'steps' ? r.steps.map((s) => `${r.id}.${s.id}`) : []
	);
	replies.forEach((r, i) => {
		if (!labels.includes(r.style)) throw new Error(`training reply ${i + 1}: no style label "${r.style}"`);
	});

	// Text features seen in too few replies say more about one reply than about a style.
	const seen = new Map<string, number>();
	for (const f of features) for (const name of f.values.keys()) seen.set(name, (seen.get(name) ?? 0) + 1);
	let vocab = [...seen]
		.filter(([name, n]) => !isText(name) || n >= options.minCount)
		.map(([name]) => name)
		.sort();

	const fitAll = (names: readonly string[]): Fitted => {
		const index = new Map(names.map((n, i) => [n, i]));
		const rows = rowsOf(features, index);
		const weights = replies.map((r) => r.weight ?? 1);
		const style = fit(
			rows,
			replies.map((r) => labels.indexOf(r.style)),
			names.length,
			labels.length,
			{
				l2: options.l2.style,
				rowWeights: weights,
				offsets: features.map((f) => f.rules.labels.map((x) => x * options.ruleWeight.style))
			}
		);
		if (options.labelPrior) {
			// Shift the biases from the training mix of labels to the mix the model will meet.
			const total = weights.reduce((a, b) => a + b, 0);
			labels.forEach((label, k) => {
				const share = replies.reduce((sum, r, i) => sum + (r.style === label ? weights[i]! : 0), 0) / total;
				style.bias[k]! += Math.log(options.labelPrior![k]! / Math.max(share, 1e-6));
			});
		}
		const steps = new Map<string, { bias: Float64Array; weights: Float64Array }>();
		for (const ref of stepRefs) {
			const rubric = ref.split('.')[0]!;
			const use = replies
				.map((r, i) => i)
				.filter((i) => replies[i]!.rubrics.includes(rubric))
				.filter((i) => options.stepRows === 'all' || counts(replies[i]!.style, ref));
			const positives = use.filter((i) => replies[i]!.steps.includes(ref)).length;
			if (!positives || positives === use.length) continue;
			const m = fit(
				use.map((i) => rows[i]!),
				use.map((i) => (replies[i]!.steps.includes(ref) ? 1 : 0)),
				names.length,
				1,
				{
					l2: options.l2.steps,
					rowWeights: use.map((i) => weights[i]!),
					offsets: use.map((i) => [options.ruleWeight.steps * (features[i]!.rules.steps.get(ref) ?? 0)])
				}
			);
			steps.set(ref, m);
		}
		return { style, steps };
	};

	let fitted = fitAll(vocab);
	if (options.prune > 0) {
		const K = labels.length;
		const keep = vocab.filter((_, i) => {
			for (let k = 0; k < K; k++)
				if (Math.abs(fitted.style.weights[i * K + k]!) >= options.prune) return true;
			for (const m of fitted.steps.values()) if (Math.abs(m.weights[i]!) >= options.prune) return true;
			return false;
		});
		vocab = keep;
		fitted = fitAll(vocab);
	}

	// Each model keeps only its weights of at least minWeight, in whole quanta; the vocabulary only what is used.
	const q = options.quantum;
	const K = labels.length;
	const kept = (weights: Float64Array, classes: number, i: number) => {
		const row = Array.from({ length: classes }, (_, k) => Math.round(weights[i * classes + k]! / q));
		return row.some((x) => Math.abs(x * q) >= options.minWeight) ? row : undefined;
	};
	const used = vocab.filter(
		(name, i) =>
			(!name.startsWith(TRAINING_ONLY) && kept(fitted.style.weights, K, i)) ||
			[...fitted.steps.values()].some((m) => kept(m.weights, 1, i))
	);
	const usedIndex = new Map(used.map((name, i) => [name, i]));
	const store = (bias: Float64Array, weights: Float64Array, classes: number): StoredLinear => {
		const f: number[] = [];
		const w: number[] = [];
		let previous = 0;
		vocab.forEach((name, i) => {
			const at = usedIndex.get(name);
			const row = kept(weights, classes, i);
			if (!row || at === undefined) return;
			f.push(at - previous);
			previous = at;
			w.push(...row);
		});
		return { bias: Array.from(bias, (b) => Math.round(b * 1000) / 1000), f, w };
	};
	return {
		format: 1,
		featuresVersion: FEATURES_VERSION,
		hash: meta.hash,
		trainedOn: { inputs: meta.inputs, replies: replies.length },
		options: options.features,
		hardVetoes: options.hardVetoes,
		ruleWeight: options.ruleWeight,
		quantum: q,
		vocab: used,
		style: {
			rubric: styleRubric.id,
			labels,
			...store(fitted.style.bias, fitted.style.weights, labels.length)
		},
		steps: Object.fromEntries(
			[...fitted.steps].map(([ref, m]) => [
				ref,
				{ ...store(m.bias, m.weights, 1), threshold: 0.5, orCues: false }
			])
		),
		confidence: { weights: [1, 0, 0], bias: 0 }
	};
}

/**
 * Fits confidence = σ(bias + Σ weights · inputs) to whether the style was right, on replies the model did not
 * train on (inputs as calibrationInputs gives them): a small logistic regression.
 */
export function fitCalibration(
	inputs: readonly (readonly number[])[],
	right: readonly boolean[]
): { weights: number[]; bias: number } {
	const n = inputs[0]?.length ?? 0;
	const rows = inputs.map((x) => ({ index: Int32Array.from(x.keys()), value: Float64Array.from(x) }));
	const model = fit(rows, right.map(Number), n, 1, { l2: 1e-3 });
	const round = (x: number) => Math.round(x * 1000) / 1000;
	return { weights: Array.from(model.weights, round), bias: round(model.bias[0]!) };
}
