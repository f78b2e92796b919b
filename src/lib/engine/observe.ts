// Classroom play: the written choice nearest to how observers classified a spoken reply.
import type { Choice } from './schema';

const overlap = (a: readonly string[], b: readonly string[]) => {
	const union = new Set([...a, ...b]);
	return union.size === 0 ? 1 : a.filter((x) => b.includes(x)).length / union.size;
};

/** Same style counts most, then shared steps; on a tie the earlier choice wins, as written. */
export function nearestChoice(choices: readonly Choice[], style: string, steps: readonly string[]): Choice {
	let best = choices[0]!;
	let bestScore = -1;
	for (const choice of choices) {
		const score = (choice.style === style ? 2 : 0) + overlap(choice.steps, steps);
		if (score > bestScore) [best, bestScore] = [choice, score];
	}
	return best;
}
