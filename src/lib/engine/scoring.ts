// Rubric scoring: a pure function of the rubric definitions and the transcript (rubrics.md §4).
import { sentence, type Sentence } from './debrief/sentences';
import type { LabelRubric, Rubric, StepRubric, Text } from './schema';
import type { Transcript, Turn } from './transcript';

export interface StepShown {
	step: string;
	/** 1-based turn number where the step first appeared. */
	turn: number;
	inOrder: boolean;
}

export interface RubricScore {
	rubric: string;
	name: Text;
	score: number;
	/** labels rubrics: how many turns carried each label. */
	counts?: Record<string, number>;
	/** steps rubrics: what was shown, where, and whether in order. */
	shown?: StepShown[];
	missing?: string[];
	/** Sentences a trainee reads, worded per language by `say`. */
	explanation: Sentence[];
	formula: Text;
}

export interface ScoreReport {
	scores: RubricScore[];
}

function nameOf(rubric: Rubric, id: string): Text {
	const list = rubric.kind === 'labels' ? rubric.labels : rubric.steps;
	return list.find((item) => item.id === id)?.name ?? { en: id, zh: id };
}

export function scoreLabels(rubric: LabelRubric, transcript: Transcript): RubricScore {
	// A Map, then own keys: a style read from a file may be "constructor" or "__proto__".
	const tally = new Map(rubric.labels.map((label) => [label.id, 0]));
	for (const turn of transcript) tally.set(turn.style, (tally.get(turn.style) ?? 0) + 1);
	const counts = Object.fromEntries(tally);
	const hits = tally.get(rubric.target) ?? 0;
	const total = transcript.length;
	const score = total === 0 ? 0 : Math.round((100 * hits) / total);
	const target = nameOf(rubric, rubric.target);
	const explanation: Sentence[] = [sentence('style.share', { hits, total, target })];
	transcript.forEach((turn, index) => {
		if (turn.style === rubric.target) return;
		const label = nameOf(rubric, turn.style);
		explanation.push(
			turn.best && turn.best.style === rubric.target
				? sentence('style.turn-with-best', { turn: index + 1, label, target, best: turn.best.text })
				: sentence('style.turn', { turn: index + 1, label })
		);
	});
	return { rubric: rubric.id, name: rubric.name, score, counts, explanation, formula: rubric.formula };
}

/**
 * Whether a turn's steps count. A labels rubric can say that a style voids steps (`stepsCount: false`):
 * a thank-you said with contempt is no thank step, whatever a file claims.
 */
export type StepsCount = (turn: Turn) => boolean;

export function stepsCountFor(rubrics: readonly Rubric[]): StepsCount {
	const void_ = new Set(
		rubrics.flatMap((r) =>
			r.kind === 'labels' ? r.labels.filter((l) => !l.stepsCount).map((l) => l.id) : []
		)
	);
	return (turn) => !void_.has(turn.style);
}

export function scoreSteps(
	rubric: StepRubric,
	transcript: Transcript,
	counts: StepsCount = () => true
): RubricScore {
	const ids = rubric.steps.map((step) => step.id);
	// Where each step first appears, as (turn, position in the rubric): a turn carrying two steps takes them in rubric order.
	const first = new Map<string, { turn: number; position: number }>();
	transcript.forEach((turn, index) => {
		if (!counts(turn)) return;
		for (const ref of turn.steps) {
			const [rubricId, step] = ref.split('.');
			if (rubricId === rubric.id && step && ids.includes(step) && !first.has(step))
				first.set(step, { turn: index, position: ids.indexOf(step) });
		}
	});
	const before = (a: { turn: number; position: number }, b: { turn: number; position: number }) =>
		a.turn < b.turn || (a.turn === b.turn && a.position < b.position);
	// In order: every step before it in the rubric was shown earlier, and no step after it was.
	const taken = [...first.entries()]
		.map(([step, at]) => ({ step, ...at }))
		.sort((a, b) => a.turn - b.turn || a.position - b.position);
	const shown: StepShown[] = taken.map((s) => ({
		step: s.step,
		turn: s.turn + 1,
		inOrder: ids.every((other, p) => {
			if (p === s.position) return true;
			const at = first.get(other);
			return p < s.position ? at !== undefined && before(at, s) : at === undefined || !before(at, s);
		})
	}));
	const inOrder = shown.filter((s) => s.inOrder).length;
	const missing = ids.filter((id) => !first.has(id));
	const score = Math.round((100 * (shown.length + inOrder)) / (2 * ids.length));

	const explanation: Sentence[] = [];
	if (shown.length === 0) explanation.push(sentence('steps.none', {}));
	for (const s of shown) {
		const step = nameOf(rubric, s.step);
		if (s.inOrder) {
			explanation.push(sentence('steps.shown', { step, turn: s.turn }));
			continue;
		}
		const index = ids.indexOf(s.step);
		const previous = rubric.steps[index - 1]?.name;
		const next = rubric.steps[index + 1]?.name;
		explanation.push(
			sentence('steps.out-of-order', {
				step,
				turn: s.turn,
				...(previous ? { previous } : {}),
				...(next ? { next } : {})
			})
		);
	}
	for (const id of missing) {
		const step = nameOf(rubric, id);
		const where = transcript.findIndex((turn) => turn.best?.steps.includes(`${rubric.id}.${id}`));
		explanation.push(
			where >= 0
				? sentence('steps.missing-with-best', { step, turn: where + 1, best: transcript[where]!.best!.text })
				: sentence('steps.missing', { step })
		);
	}
	return {
		rubric: rubric.id,
		name: rubric.name,
		score,
		shown,
		missing,
		explanation,
		formula: rubric.formula
	};
}

export function scoreRubric(rubric: Rubric, transcript: Transcript, counts?: StepsCount): RubricScore {
	return rubric.kind === 'labels' ? scoreLabels(rubric, transcript) : scoreSteps(rubric, transcript, counts);
}

/** Scores every applicable rubric, in the order given. */
export function scoreAttempt(rubrics: readonly Rubric[], transcript: Transcript): ScoreReport {
	const counts = stepsCountFor(rubrics);
	return { scores: rubrics.map((rubric) => scoreRubric(rubric, transcript, counts)) };
}
