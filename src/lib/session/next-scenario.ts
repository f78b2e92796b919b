// What to practise after an ending: the rubric scored lowest, and a scenario that trains it.
import type { ScoreReport } from '$lib/engine/scoring';

export interface LibraryEntry {
	id: string;
	rubrics: readonly string[];
}

/** The lowest-scored rubric; on a tie, the first in the report's order. */
export function weakestRubric(report: ScoreReport) {
	let weakest = report.scores[0];
	for (const score of report.scores) if (weakest && score.score < weakest.score) weakest = score;
	return weakest;
}

/**
 * The first scenario in library order, other than this one and not finished yet, that uses the weakest
 * rubric; failing that, the first unfinished one; undefined when every other scenario is finished.
 */
export function nextScenario<T extends LibraryEntry>(
	library: readonly T[],
	current: string,
	rubric: string | undefined,
	finished: ReadonlySet<string>
): T | undefined {
	const open = library.filter((s) => s.id !== current && !finished.has(s.id));
	return open.find((s) => rubric !== undefined && s.rubrics.includes(rubric)) ?? open[0];
}
