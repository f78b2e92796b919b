import { describe, expect, it } from 'vitest';
import type { AttemptSummary } from '$lib/persistence';
import { scoreSummary, traineeMatrix } from './dashboard';

const summary = (extra: Partial<AttemptSummary> = {}): AttemptSummary => ({
	id: 'a',
	traineeId: 'ana',
	scenarioId: 'rice-grit',
	contentVersion: 3,
	mode: 'practice',
	status: 'finished',
	startedAt: 1,
	finishedAt: 2,
	ending: 'loyal',
	scores: { style: 90 },
	...extra
});

function without(key: 'scores' | 'ending'): AttemptSummary {
	const copy: Partial<AttemptSummary> = { ...summary() };
	delete copy[key];
	return copy as AttemptSummary;
}

describe('scoreSummary', () => {
	it('takes the cached scores of an attempt played on the current version', () => {
		expect(scoreSummary(summary(), 3)).toEqual({
			attempt: summary(),
			scores: { style: 90 },
			ending: 'loyal'
		});
	});

	it('asks for a replay when the content changed or nothing is cached', () => {
		expect(scoreSummary(summary(), 4)).toBeUndefined();
		expect(scoreSummary(without('scores'), 3)).toBeUndefined();
		expect(scoreSummary(without('ending'), 3)).toBeUndefined();
	});

	it('scores no open attempt, and none of a scenario this app no longer has', () => {
		const open = summary({ status: 'in-progress' });
		expect(scoreSummary(open, 3)).toEqual({ attempt: open });
		expect(scoreSummary(summary(), undefined)).toEqual({ attempt: summary() });
	});

	it('feeds the matrix like a whole attempt: latest by finishedAt, best of all', () => {
		const scored = [
			scoreSummary(summary({ id: 'a1', finishedAt: 5, scores: { style: 40 } }), 3)!,
			scoreSummary(summary({ id: 'a2', finishedAt: 9, scores: { style: 70 } }), 3)!,
			scoreSummary(summary({ id: 'a3', finishedAt: 7, scores: { style: 95 } }), 3)!
		];
		const [row] = traineeMatrix([{ id: 'ana', name: 'Ana', createdAt: 1 }], scored, ['style']);
		expect(row!.cells.style).toEqual({ latest: 70, best: 95, count: 3 });
		expect(row!.attempts).toBe(3);
	});
});
