import { describe, expect, it } from 'vitest';
import { cmi5Outcome, masteryScore, overallScore, scaledScore } from './score';
import { decodeSuspend, encodeSuspend, SUSPEND_LIMIT } from './suspend';
import type { LogEntry } from '../compile';
import type { Rubric, Scenario } from '../schema';

const report = (...scores: number[]) =>
	({ scores: scores.map((score, i) => ({ rubric: `r${i}`, score })) }) as never;

describe('the score an LMS records', () => {
	it('is the mean of the rubric scores, scaled 0–1 for xAPI', () => {
		expect(overallScore(report(100, 50))).toBe(75);
		expect(scaledScore(report(100, 67, 50))).toBe(0.7233);
	});
	it('masteryScore is the mean of the pass marks, the scenario’s own first', () => {
		const rubrics = [
			{ id: 'style', passMark: 80 },
			{ id: 'last', passMark: 75 }
		] as Rubric[];
		expect(masteryScore({ passMark: {} } as Scenario, rubrics)).toBe(0.775);
		expect(masteryScore({ passMark: { last: 90 } } as unknown as Scenario, rubrics)).toBe(0.85);
	});
	it('passed needs the mastery score and the app’s own rule; a score never contradicts the verb', () => {
		expect(cmi5Outcome(0.9, 0.8, true)).toEqual({ verb: 'passed', scaled: 0.9 });
		expect(cmi5Outcome(0.7, 0.8, true)).toEqual({ verb: 'failed', scaled: 0.7 });
		expect(cmi5Outcome(0.9, 0.8, false)).toEqual({ verb: 'failed' });
		expect(cmi5Outcome(0.5, undefined, false)).toEqual({ verb: 'failed', scaled: 0.5 });
	});
});

describe('suspend_data', () => {
	const log: LogEntry[] = [
		{ type: 'choice.select', choice: 'hear-her-out' },
		{ type: 'attempt.rewind', turn: 0 },
		{
			type: 'choice.type',
			choice: 'fix',
			style: 'assertive',
			steps: ['last.listen', 'last.solve'],
			typed: { text: 'Sorry~ I will fix it, 马上!', lang: 'zh', evidence: [], confidence: 1 }
		},
		{ type: 'attempt.restart' },
		{ type: 'choice.select', choice: 'x2' }
	];
	it('round-trips the seed and the log', () => {
		const data = encodeSuspend(4_294_967_295, log)!;
		expect(data.startsWith('v1;')).toBe(true);
		expect(decodeSuspend(data)).toEqual({ seed: 4_294_967_295, log });
		expect(decodeSuspend(encodeSuspend(7, [])!)).toEqual({ seed: 7, log: [] });
	});
	it('stays within 4,096 characters, dropping typed texts first', () => {
		const long = Array.from({ length: 40 }, (_, i) => ({
			...(log[2] as Extract<LogEntry, { type: 'choice.type' }>),
			choice: `c${i}`,
			typed: { text: 'x'.repeat(200), lang: 'en' as const, evidence: [], confidence: 1 }
		}));
		const data = encodeSuspend(1, long)!;
		expect(data.length).toBeLessThanOrEqual(SUSPEND_LIMIT);
		expect(decodeSuspend(data)!.log.map((e) => e.type === 'choice.type' && e.typed.text)).toEqual(
			long.map(() => '')
		);
		expect(
			encodeSuspend(
				1,
				Array.from({ length: 2000 }, () => log[0]!)
			)
		).toBeUndefined();
	});
	it('refuses data it did not write', () => {
		expect(decodeSuspend('')).toBeUndefined();
		expect(decodeSuspend('bookmark=page3')).toBeUndefined();
		expect(decodeSuspend('v1;zz;a,,b')).toBeUndefined();
		expect(decodeSuspend('v1;1;t:a~b')).toBeUndefined();
	});
});
