// Rubric scoring: a pure function of the rubric definitions and the transcript (rubrics.md §4).
import type { LabelRubric, Rubric, StepRubric, Text } from './schema';
import type { Transcript } from './transcript';

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
	/** Sentences a trainee reads, in both languages. */
	explanation: Text[];
	formula: Text;
}

export interface ScoreReport {
	scores: RubricScore[];
}

const t = (en: string, zh: string): Text => ({ en, zh });

function nameOf(rubric: Rubric, id: string): Text {
	const list = rubric.kind === 'labels' ? rubric.labels : rubric.steps;
	return list.find((item) => item.id === id)?.name ?? { en: id, zh: id };
}

function quote(text: Text): Text {
	return t(`“${text.en}”`, `“${text.zh}”`);
}

export function scoreLabels(rubric: LabelRubric, transcript: Transcript): RubricScore {
	const counts = Object.fromEntries(rubric.labels.map((label) => [label.id, 0]));
	for (const turn of transcript) counts[turn.style] = (counts[turn.style] ?? 0) + 1;
	const hits = counts[rubric.target] ?? 0;
	const total = transcript.length;
	const score = total === 0 ? 0 : Math.round((100 * hits) / total);
	const target = nameOf(rubric, rubric.target);
	const explanation: Text[] = [
		t(
			`${hits} of ${total} replies were ${target.en.toLowerCase()}.`,
			`${total} 次回应中有 ${hits} 次属于“${target.zh}”。`
		)
	];
	transcript.forEach((turn, index) => {
		if (turn.style === rubric.target) return;
		const label = nameOf(rubric, turn.style);
		const best = turn.best && turn.best.style === rubric.target ? quote(turn.best.text) : undefined;
		explanation.push(
			t(
				`Turn ${index + 1} was ${label.en.toLowerCase()}.` +
					(best ? ` A ${target.en.toLowerCase()} reply: ${best.en}` : ''),
				`第 ${index + 1} 轮属于“${label.zh}”。` + (best ? `更好的说法：${best.zh}` : '')
			)
		);
	});
	return { rubric: rubric.id, name: rubric.name, score, counts, explanation, formula: rubric.formula };
}

/** Longest strictly increasing run (not necessarily contiguous) of rubric positions: the steps taken in order. */
function inOrderSet(positions: number[]): Set<number> {
	const n = positions.length;
	const length = new Array<number>(n).fill(1);
	const previous = new Array<number>(n).fill(-1);
	for (let i = 0; i < n; i++) {
		for (let j = 0; j < i; j++) {
			const longer = length[j]! + 1 > length[i]!;
			const sameButEarlier = length[j]! + 1 === length[i]! && positions[j]! < positions[previous[i]!]!;
			if (positions[j]! < positions[i]! && (longer || sameButEarlier)) {
				length[i] = length[j]! + 1;
				previous[i] = j;
			}
		}
	}
	let end = -1;
	// On a tie, keep the steps that come earlier in the rubric: a later step taken too soon is the miss.
	for (let i = 0; i < n; i++)
		if (
			end === -1 ||
			length[i]! > length[end]! ||
			(length[i] === length[end] && positions[i]! < positions[end]!)
		)
			end = i;
	const kept = new Set<number>();
	for (let i = end; i !== -1; i = previous[i]!) kept.add(positions[i]!);
	return kept;
}

export function scoreSteps(rubric: StepRubric, transcript: Transcript): RubricScore {
	const ids = rubric.steps.map((step) => step.id);
	const firstTurn = new Map<string, number>();
	transcript.forEach((turn, index) => {
		for (const ref of turn.steps) {
			const [rubricId, step] = ref.split('.');
			if (rubricId === rubric.id && step && ids.includes(step) && !firstTurn.has(step))
				firstTurn.set(step, index);
		}
	});
	// Shown steps in the order the trainee took them; a turn carrying two steps takes them in rubric order.
	const taken = [...firstTurn.entries()]
		.map(([step, turn]) => ({ step, turn, position: ids.indexOf(step) }))
		.sort((a, b) => a.turn - b.turn || a.position - b.position);
	const ordered = inOrderSet(taken.map((s) => s.position));
	const shown: StepShown[] = taken.map((s) => ({
		step: s.step,
		turn: s.turn + 1,
		inOrder: ordered.has(s.position)
	}));
	const missing = ids.filter((id) => !firstTurn.has(id));
	const score = Math.round((100 * (shown.length + ordered.size)) / (2 * ids.length));

	const explanation: Text[] = [];
	for (const s of shown) {
		const name = nameOf(rubric, s.step);
		explanation.push(
			s.inOrder
				? t(`${name.en}: shown in turn ${s.turn}.`, `${name.zh}：第 ${s.turn} 轮做到了。`)
				: t(
						`${name.en}: shown in turn ${s.turn}, but out of order — it belongs ${describePlace(rubric, s.step).en}.`,
						`${name.zh}：第 ${s.turn} 轮做到了，但顺序不对——它应该${describePlace(rubric, s.step).zh}。`
					)
		);
	}
	for (const step of missing) {
		const name = nameOf(rubric, step);
		const where = transcript.findIndex((turn) => turn.best?.steps.includes(`${rubric.id}.${step}`));
		const best = where >= 0 ? quote(transcript[where]!.best!.text) : undefined;
		explanation.push(
			t(
				`${name.en}: missing.` + (best ? ` In turn ${where + 1} you could have said: ${best.en}` : ''),
				`${name.zh}：没有做到。` + (best ? `第 ${where + 1} 轮可以这样说：${best.zh}` : '')
			)
		);
	}
	if (shown.length === 0)
		explanation.unshift(t('No step of this rubric was shown.', '这一项的步骤一个也没有做到。'));
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

function describePlace(rubric: StepRubric, step: string): Text {
	const index = rubric.steps.findIndex((s) => s.id === step);
	const before = rubric.steps[index - 1];
	const after = rubric.steps[index + 1];
	if (before && after)
		return t(
			`after ${before.name.en} and before ${after.name.en}`,
			`放在“${before.name.zh}”之后、“${after.name.zh}”之前`
		);
	if (before) return t(`after ${before.name.en}`, `放在“${before.name.zh}”之后`);
	return t(`before ${after!.name.en}`, `放在“${after!.name.zh}”之前`);
}

export function scoreRubric(rubric: Rubric, transcript: Transcript): RubricScore {
	return rubric.kind === 'labels' ? scoreLabels(rubric, transcript) : scoreSteps(rubric, transcript);
}

/** Scores every applicable rubric, in the order given. */
export function scoreAttempt(rubrics: readonly Rubric[], transcript: Transcript): ScoreReport {
	return { scores: rubrics.map((rubric) => scoreRubric(rubric, transcript)) };
}
