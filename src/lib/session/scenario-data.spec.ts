import { describe, expect, it } from 'vitest';
import { fixture, rubric } from '$lib/engine/test-helpers';
import type { LogEntry } from '$lib/engine';
import { rescore, type ScenarioData } from './scenario-data';

const scenario = fixture('tiny');
const data: ScenarioData = {
	scenario,
	rubrics: [rubric('style'), rubric('last')],
	summary: undefined as never
};
const bestLog: LogEntry[] = [
	{ type: 'choice.select', choice: 'hear-her-out' },
	{ type: 'choice.select', choice: 'top-up' }
];

describe('rescore', () => {
	it('scores a finished attempt from its log, whatever numbers were stored', () => {
		const result = rescore(data, bestLog);
		expect(result.ending).toBe('loyal');
		expect(result.stoppedAt).toBeUndefined();
		expect(result.report.scores.map((s) => s.score)).toEqual([100, 100]);
	});

	it('replays a rewind the way it was played', () => {
		const result = rescore(data, [
			{ type: 'choice.select', choice: 'so-sorry' },
			{ type: 'attempt.rewind', turn: 0 },
			...bestLog
		]);
		expect(result.snapshot.context.transcript.map((t) => t.choice)).toEqual(['hear-her-out', 'top-up']);
	});

	it('says where a log stops fitting content that changed since, and keeps the turns before it', () => {
		const changed = structuredClone(scenario);
		changed.version = 2;
		changed.nodes.fix!.choices = changed.nodes.fix!.choices.filter((c) => c.id !== 'top-up');
		changed.nodes.fix!.choices[0]!.best = true;
		const result = rescore({ ...data, scenario: changed }, bestLog);
		expect(result.stoppedAt).toBe(1);
		expect(result.ending).toBeUndefined();
		expect(result.snapshot.context.transcript.map((t) => t.choice)).toEqual(['hear-her-out']);
	});
});
