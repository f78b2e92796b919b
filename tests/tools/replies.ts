// The labelled typed replies (tests/fixtures/replies/*.jsonl) and the figures the eval reports on them.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Rubric } from '../../src/lib/engine/schema';
import { trainingFiles } from '../../src/lib/content/read-cues';
import { classifyWithScores } from '../../src/lib/engine/classify';
import type { CueLang, CueSet } from '../../src/lib/engine/classify/types';

export const SPLITS = { 'held-out': 'held-out.jsonl', tune: 'tune.jsonl' } as const;
export type Split = keyof typeof SPLITS;

export interface LabelledReply {
	id: string;
	lang: CueLang;
	scenario?: string;
	rubrics: string[];
	customer?: string;
	text: string;
	style: string;
	steps: string[];
	hard?: boolean;
}

export function readSplit(root: string, split: Split): LabelledReply[] {
	return readReplies(join(root, 'tests/fixtures/replies', SPLITS[split]));
}

/**
 * The replies the learned layer trains on: the tuning half and the trainers' examples, each with the file it came
 * from. Never the held-out half.
 */
export function readTraining(root: string): (LabelledReply & { file: string })[] {
	return trainingFiles(root).flatMap((file) =>
		readReplies(join(root, file)).map((reply) => ({ ...reply, file }))
	);
}

export function readReplies(file: string): LabelledReply[] {
	return readFileSync(file, 'utf8')
		.split('\n')
		.filter((line) => line.trim())
		.map((line, i) => {
			try {
				return JSON.parse(line) as LabelledReply;
			} catch {
				throw new Error(`${file}: line ${i + 1} is not valid JSON`);
			}
		});
}

export interface Outcome {
	item: LabelledReply;
	style: string;
	steps: string[];
	confidence: number;
	ms: number;
}

export function run(
	items: readonly LabelledReply[],
	rubrics: ReadonlyMap<string, Rubric>,
	cues: CueSet
): Outcome[] {
	return items.map((item) => {
		const applying = item.rubrics.map((id) => {
			const rubric = rubrics.get(id);
			if (!rubric) throw new Error(`reply ${item.id}: no rubric "${id}"`);
			return rubric;
		});
		const t0 = performance.now();
		const result = classifyWithScores({ text: item.text, lang: item.lang, rubrics: applying, cues });
		const ms = performance.now() - t0;
		return { item, style: result.style, steps: result.steps, confidence: result.confidence, ms };
	});
}

export interface StyleFigures {
	n: number;
	accuracy: number;
	kappa: number;
	labels: string[];
	/** confusion[truth][predicted] */
	confusion: Record<string, Record<string, number>>;
	perLabel: Record<string, { precision: number; recall: number; support: number }>;
}

const ratio = (a: number, b: number) => (b === 0 ? NaN : a / b);

export function styleFigures(outcomes: readonly Outcome[], labels: readonly string[]): StyleFigures {
	const confusion: StyleFigures['confusion'] = Object.fromEntries(
		labels.map((t) => [t, Object.fromEntries(labels.map((p) => [p, 0]))])
	);
	for (const o of outcomes) {
		confusion[o.item.style] ??= Object.fromEntries(labels.map((p) => [p, 0]));
		confusion[o.item.style]![o.style] = (confusion[o.item.style]![o.style] ?? 0) + 1;
	}
	const n = outcomes.length;
	const agree = outcomes.filter((o) => o.style === o.item.style).length;
	// Cohen's kappa: agreement beyond what the two marginals would give by chance.
	let chance = 0;
	for (const label of labels) {
		const truth = outcomes.filter((o) => o.item.style === label).length;
		const predicted = outcomes.filter((o) => o.style === label).length;
		chance += (truth / n) * (predicted / n);
	}
	const accuracy = ratio(agree, n);
	const kappa = n === 0 ? NaN : chance === 1 ? 1 : (accuracy - chance) / (1 - chance);
	const perLabel = Object.fromEntries(
		labels.map((label) => {
			const tp = outcomes.filter((o) => o.style === label && o.item.style === label).length;
			const predicted = outcomes.filter((o) => o.style === label).length;
			const support = outcomes.filter((o) => o.item.style === label).length;
			return [label, { precision: ratio(tp, predicted), recall: ratio(tp, support), support }];
		})
	);
	return { n, accuracy, kappa, labels: [...labels], confusion, perLabel };
}

export interface StepFigures {
	precision: number;
	recall: number;
	f1: number;
	support: number;
	/** Replies where the step's rubric applied. */
	n: number;
}

/** Per step, over the replies whose rubrics include the step's rubric. */
export function stepFigures(
	outcomes: readonly Outcome[],
	steps: readonly string[]
): Record<string, StepFigures> {
	return Object.fromEntries(
		steps.map((step) => {
			const rubric = step.split('.')[0]!;
			const applying = outcomes.filter((o) => o.item.rubrics.includes(rubric));
			const tp = applying.filter((o) => o.steps.includes(step) && o.item.steps.includes(step)).length;
			const fp = applying.filter((o) => o.steps.includes(step) && !o.item.steps.includes(step)).length;
			const fn = applying.filter((o) => !o.steps.includes(step) && o.item.steps.includes(step)).length;
			const precision = ratio(tp, tp + fp);
			const recall = ratio(tp, tp + fn);
			const f1 = tp + fp + fn === 0 ? NaN : (2 * tp) / (2 * tp + fp + fn);
			return [step, { precision, recall, f1, support: tp + fn, n: applying.length }];
		})
	);
}

export function percentile(values: readonly number[], p: number): number {
	if (!values.length) return NaN;
	const sorted = [...values].sort((a, b) => a - b);
	return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}
