// What an LMS gradebook gets from a finished attempt: one score, and the pass mark it is held against.
import type { Rubric, Scenario } from '../schema';
import type { ScoreReport } from '../scoring';
import { passMarks } from '../verdict';

const round4 = (n: number) => Math.round(n * 10_000) / 10_000;

/** The overall score, 0–100: the mean of the rubric scores (an LMS records one number per attempt). */
export function overallScore(report: ScoreReport): number {
	if (!report.scores.length) return 0;
	return report.scores.reduce((sum, s) => sum + s.score, 0) / report.scores.length;
}

/** The overall score as xAPI's result.score.scaled, 0–1. */
export const scaledScore = (report: ScoreReport) => round4(overallScore(report) / 100);

/** cmi5's masteryScore (0–1) for a scenario: the mean of its rubrics' pass marks, on the same scale as the score. */
export function masteryScore(scenario: Scenario, rubrics: readonly Rubric[]): number {
	const marks = [...passMarks(scenario, rubrics).values()];
	return marks.length ? round4(marks.reduce((a, b) => a + b, 0) / marks.length / 100) : 0;
}

export interface Cmi5Outcome {
	verb: 'passed' | 'failed';
	/** Left out when it would contradict the verb: cmi5 wants a passed score ≥ masteryScore, a failed one below. */
	scaled?: number;
}

/**
 * passed or failed for cmi5. cmi5 says the verdict follows the LMS's masteryScore; the app's own rule (every
 * rubric at its mark, the customer not lost) must hold too, so a failed attempt whose mean reaches the mastery
 * score is sent as failed without a score rather than with one that says it passed.
 */
export function cmi5Outcome(scaled: number, mastery: number | undefined, appPassed: boolean): Cmi5Outcome {
	if (mastery === undefined) return { verb: appPassed ? 'passed' : 'failed', scaled };
	if (scaled >= mastery) return appPassed ? { verb: 'passed', scaled } : { verb: 'failed' };
	return { verb: 'failed', scaled };
}
