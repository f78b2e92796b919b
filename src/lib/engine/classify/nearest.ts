// The written choice nearest to a classified typed reply, so the scenario can move on as if it had been picked.
import type { Choice, Rubric } from '../schema';
import type { Classification } from './types';

type Tagged = Pick<Choice, 'id' | 'style' | 'steps'>;

/**
 * Same style counts most (2); a different style that treats steps the same way (both contemptuous, or both not)
 * counts a little (0.5); then the share of steps in common, over the steps of the rubrics given. Steps a
 * contemptuous style voids count as none. On a tie the choice written first wins.
 */
export function nearestChoice<C extends Tagged>(
	result: Pick<Classification, 'style' | 'steps'>,
	choices: readonly C[],
	rubrics: readonly Rubric[]
): C {
	if (!choices.length) throw new Error('nearestChoice needs at least one choice');
	const labels = rubrics.flatMap((r) => (r.kind === 'labels' ? r.labels : []));
	const steps = new Set(
		rubrics.flatMap((r) => (r.kind === 'steps' ? r.steps.map((s) => `${r.id}.${s.id}`) : []))
	);
	const counts = (style: string) => labels.find((l) => l.id === style)?.stepsCount !== false;
	const stepsOf = (style: string, refs: readonly string[]) =>
		counts(style) ? refs.filter((s) => steps.has(s)) : [];
	const mine = stepsOf(result.style, result.steps);
	let best = choices[0]!;
	let bestScore = -Infinity;
	for (const choice of choices) {
		const theirs = stepsOf(choice.style, choice.steps);
		const union = new Set([...mine, ...theirs]);
		const shared = union.size === 0 ? 1 : theirs.filter((s) => mine.includes(s)).length / union.size;
		const style = choice.style === result.style ? 2 : counts(choice.style) === counts(result.style) ? 0.5 : 0;
		const score = style + shared;
		if (score > bestScore) [best, bestScore] = [choice, score];
	}
	return best;
}
