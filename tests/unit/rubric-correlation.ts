// How far the step rubrics only repeat the style score: Pearson's r between style and each step rubric over
// every path of every scenario scored on it. Printed by `npm run bench`.
import { scoreAttempt } from '../../src/lib/engine/scoring';
import type { Rubric, Scenario } from '../../src/lib/engine/schema';
import { walkEveryPath } from './play-paths';

function pearson(xs: number[], ys: number[]): number {
	const n = xs.length;
	const mx = xs.reduce((a, b) => a + b, 0) / n;
	const my = ys.reduce((a, b) => a + b, 0) / n;
	let sxy = 0;
	let sxx = 0;
	let syy = 0;
	for (let i = 0; i < n; i++) {
		sxy += (xs[i]! - mx) * (ys[i]! - my);
		sxx += (xs[i]! - mx) ** 2;
		syy += (ys[i]! - my) ** 2;
	}
	return sxx && syy ? sxy / Math.sqrt(sxx * syy) : 0;
}

export function styleCorrelation(scenarios: readonly Scenario[], rubrics: ReadonlyMap<string, Rubric>) {
	const pairs = new Map<string, { style: number[]; step: number[] }>();
	for (const scenario of scenarios) {
		const applicable = scenario.rubrics.map((id) => rubrics.get(id)!);
		walkEveryPath(scenario, (end) => {
			const scores = scoreAttempt(applicable, end.context.transcript).scores;
			const style = scores.find((s) => s.rubric === 'style')!.score;
			for (const s of scores) {
				if (s.rubric === 'style') continue;
				const pair = pairs.get(s.rubric) ?? { style: [], step: [] };
				pair.style.push(style);
				pair.step.push(s.score);
				pairs.set(s.rubric, pair);
			}
		});
	}
	return Object.fromEntries(
		[...pairs].map(([rubric, p]) => [
			rubric,
			{ paths: p.style.length, r: Math.round(pearson(p.style, p.step) * 100) / 100 }
		])
	);
}
