// An assessment's result: passed or not yet, and what would change it. Practice gets no verdict.
import { sentence, type Sentence } from './debrief/sentences';
import type { Ending, Rubric, Scenario } from './schema';
import { own } from './own';
import type { ScoreReport } from './scoring';

/** Used where neither the scenario nor the rubric file sets a pass mark. */
export const DEFAULT_PASS_MARK = 75;

export interface Mark {
	rubric: string;
	score: number;
	mark: number;
	met: boolean;
}

export interface Verdict {
	passed: boolean;
	marks: Mark[];
	/** Passed, or Not yet followed by each thing that would change it. */
	explanation: Sentence[];
}

export function passMarks(scenario: Scenario, rubrics: readonly Rubric[]): Map<string, number> {
	return new Map(rubrics.map((r) => [r.id, own(scenario.passMark, r.id) ?? r.passMark ?? DEFAULT_PASS_MARK]));
}

/** Whether scores pass: every rubric at its mark, and a customer not lost. The one rule, for every view. */
export function passes(
	marks: ReadonlyMap<string, number>,
	scores: Readonly<Record<string, number>>,
	lost: boolean
): boolean {
	return !lost && [...marks].every(([rubric, mark]) => (own(scores, rubric) ?? 0) >= mark);
}

/** A lost customer fails the attempt whatever the scores: the rubrics measure how, the ending what. */
export function verdict(
	scenario: Scenario,
	rubrics: readonly Rubric[],
	report: ScoreReport,
	ending: Ending
): Verdict {
	const marks = passMarks(scenario, rubrics);
	const rows: Mark[] = report.scores.map((s) => {
		const mark = marks.get(s.rubric) ?? DEFAULT_PASS_MARK;
		return { rubric: s.rubric, score: s.score, mark, met: s.score >= mark };
	});
	const lost = ending.outcome === 'lost';
	const passed = passes(marks, Object.fromEntries(rows.map((r) => [r.rubric, r.score])), lost);
	const explanation: Sentence[] = [sentence(passed ? 'verdict.passed' : 'verdict.not-yet', {})];
	for (const row of rows) {
		if (row.met) continue;
		const rubric = rubrics.find((r) => r.id === row.rubric)!;
		explanation.push(sentence('verdict.raise', { rubric: rubric.name, score: row.score, mark: row.mark }));
	}
	if (lost) explanation.push(sentence('verdict.ending', { ending: ending.title }));
	return { passed, marks: rows, explanation };
}
