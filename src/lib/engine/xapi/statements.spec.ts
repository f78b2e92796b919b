import validate from '@learninglocker/xapi-validation';
import { describe, expect, it } from 'vitest';
import type { LogEntry } from '../compile';
import { fixture, rubric } from '../test-helpers';
import { collectStatements, mergeLog } from './from-statements';
import {
	attemptStatements,
	leftStatement,
	statementId,
	statementsForEntry,
	type XapiAttempt
} from './statements';
import { uuidV5 } from './uuid';

const tiny = fixture('tiny');
const content = { scenario: tiny, rubrics: [rubric('style'), rubric('last')] };
const klass = {
	origin: 'https://train.example.org/shop',
	classId: 'class-1',
	className: 'Monday',
	language: 'zh' as const
};
const attempt = (log: LogEntry[], mode: XapiAttempt['mode'] = 'assessment'): XapiAttempt => ({
	id: '0f8fad5b-d9cb-469f-a165-70867728950e',
	traineeId: 'trainee-1',
	traineeName: 'Lin <b>Mei</b>',
	scenarioId: 'tiny',
	contentVersion: 1,
	mode,
	seed: 42,
	log
});
const best: LogEntry[] = [
	{ type: 'choice.select', choice: 'hear-her-out' },
	{ type: 'choice.select', choice: 'top-up' }
];
const verbs = (log: LogEntry[], mode?: XapiAttempt['mode']) =>
	attemptStatements(attempt(log, mode), content, klass).map((s) => s.verb.display.en);
const ext = (name: string) => `${klass.origin}/xapi/extensions/${name}`;

/** Every warning the validator gives, as text: an empty list is a valid statement. */
const problems = (statement: unknown) => validate(statement).map((w) => JSON.stringify(w));

describe('uuidV5', () => {
	it('gives the RFC 4122 result for a known name', () => {
		expect(uuidV5('www.example.com', '6ba7b810-9dad-11d1-80b4-00c04fd430c8')).toBe(
			'2ed6657d-e927-568b-95e1-2665a8aea6a2'
		);
	});
});

describe('the statements of an attempt', () => {
	it('gives initialized, answered per turn, completed, passed and terminated for a best-path assessment', () => {
		expect(verbs(best)).toEqual(['initialized', 'answered', 'answered', 'completed', 'passed', 'terminated']);
	});

	it('gives failed for an assessment that loses the customer, and no verdict in practice', () => {
		const lost: LogEntry[] = [{ type: 'choice.select', choice: 'scales-are-right' }];
		expect(verbs(lost)).toEqual(['initialized', 'answered', 'completed', 'failed', 'terminated']);
		expect(verbs(best, 'practice')).toEqual([
			'initialized',
			'answered',
			'answered',
			'completed',
			'terminated'
		]);
	});

	it('is valid xAPI, every kind of statement', () => {
		const logs: LogEntry[][] = [
			best,
			[{ type: 'choice.select', choice: 'scales-are-right' }],
			[
				{ type: 'choice.select', choice: 'so-sorry' },
				{ type: 'attempt.rewind', turn: 0 },
				{
					type: 'choice.type',
					choice: 'hear-her-out',
					style: 'assertive',
					steps: ['last.listen'],
					typed: { text: 'Tell me what happened.', lang: 'en', evidence: [], confidence: 0.9, picked: true }
				},
				{ type: 'choice.observe', choice: 'top-up', style: 'assertive', steps: ['last.solve'] }
			]
		];
		const all = logs.flatMap((log, i) =>
			attemptStatements(
				{
					...attempt(log, i === 2 ? 'practice' : 'assessment'),
					id: `0f8fad5b-d9cb-469f-a165-7086772895${i}e`
				},
				content,
				klass,
				{
					at: (entry) => Date.UTC(2026, 0, 5, 9, 0, entry)
				}
			)
		);
		expect(new Set(all.map((s) => s.verb.display.en))).toEqual(
			new Set(['initialized', 'answered', 'rewound', 'completed', 'passed', 'failed', 'terminated'])
		);
		for (const statement of all) expect(problems(statement), statement.verb.display.en).toEqual([]);
	});

	it('the validator is not a rubber stamp: it refuses a statement with a bad id and no verb', () => {
		const [first] = attemptStatements(attempt(best), content, klass);
		expect(problems({ ...first, id: 'not-a-uuid' }).length).toBeGreaterThan(0);
		expect(problems({ ...first, verb: undefined }).length).toBeGreaterThan(0);
	});

	it('carries the choice, style, steps and mood of each turn, and the context the issue names', () => {
		const [, answered] = attemptStatements(attempt(best), content, klass);
		expect(answered!.object.id).toBe('https://train.example.org/shop/scenarios/tiny/#complaint');
		expect(answered!.result!.response).toBe('hear-her-out');
		expect(answered!.result!.extensions).toMatchObject({
			[ext('style')]: 'assertive',
			[ext('steps')]: ['last.listen', 'last.apologise'],
			[ext('mood-before')]: -1,
			[ext('mood-after')]: 0
		});
		expect(answered!.actor).toEqual({
			objectType: 'Agent',
			name: 'Lin <b>Mei</b>',
			account: { homePage: klass.origin, name: 'trainee-1' }
		});
		expect(answered!.context.registration).toBe(attempt(best).id);
		expect(answered!.context.language).toBe('zh-CN');
		expect(answered!.context.contextActivities.parent[0]!.id).toBe(`${klass.origin}/scenarios/tiny/`);
		expect(answered!.context.contextActivities.grouping[0]!.id).toBe(`${klass.origin}/xapi/classes/class-1`);
	});

	it('a typed turn: the words typed are the response, a long fill-in; the choice the story took is beside them', () => {
		const log: LogEntry[] = [
			{
				type: 'choice.type',
				choice: 'hear-her-out',
				style: 'assertive',
				steps: ['last.listen'],
				typed: { text: '您慢慢说，发生了什么？', lang: 'zh', evidence: [], confidence: 0.4, picked: true }
			}
		];
		const [, answered] = attemptStatements(attempt(log, 'practice'), content, klass);
		expect(answered!.object.definition.interactionType).toBe('long-fill-in');
		expect(answered!.result!.response).toBe('您慢慢说，发生了什么？');
		expect(answered!.result!.extensions).toMatchObject({
			[ext('input')]: 'type',
			[ext('choice')]: 'hear-her-out',
			[ext('typed-lang')]: 'zh',
			[ext('typed-picked')]: true
		});
		expect(problems(answered)).toEqual([]);
		// A picked reply keeps its pick; the import classifies the words again, so no labels are trusted.
		const back = collectStatements([answered]).attempts.get(attempt(log).id)!.entries.get(0);
		expect(back).toMatchObject({
			type: 'choice.type',
			choice: 'hear-her-out',
			typed: { text: '您慢慢说，发生了什么？', lang: 'zh', picked: true }
		});
	});

	it('reports the scores the engine gives, per rubric and overall, with the ending, mode and rewinds', () => {
		const log: LogEntry[] = [
			{ type: 'choice.select', choice: 'so-sorry' },
			{ type: 'choice.select', choice: 'top-up' }
		];
		const completed = attemptStatements(attempt(log, 'practice'), content, klass).find(
			(s) => s.verb.display.en === 'completed'
		)!;
		const style = completed.result!.extensions![ext('score/style')] as number;
		const last = completed.result!.extensions![ext('score/last')] as number;
		expect(style).toBeLessThan(100);
		expect(completed.result!.score!.scaled).toBeCloseTo((style + last) / 200, 4);
		expect(completed.result!.extensions).toMatchObject({
			[ext('ending')]: expect.any(String),
			[ext('mode')]: 'practice',
			[ext('rewinds')]: 0,
			[ext('content-version')]: 1
		});
	});

	it('derives ids from the attempt and entry, so building them again gives the same ids', () => {
		const once = attemptStatements(attempt(best), content, klass).map((s) => s.id);
		const again = [0, 1].flatMap((i) =>
			statementsForEntry(attempt(best), i, content, klass).map((s) => s.id)
		);
		expect(again).toEqual(once);
		expect(new Set(once).size).toBe(once.length);
		expect(once[1]).toBe(statementId(attempt(best).id, 0, 'answered'));
		expect(statementId('other', 0, 'answered')).not.toBe(once[1]);
	});
});

describe('leaving an attempt before its ending', () => {
	const halfway = best.slice(0, 1);
	const at = Date.UTC(2026, 0, 5, 9, 30);

	it('gives one valid `terminated`, not completed, at the last entry', () => {
		const left = leftStatement(attempt(halfway), content, klass, at)!;
		expect(left.verb.id).toBe('http://adlnet.gov/expapi/verbs/terminated');
		expect(left.id).toBe(statementId(attempt(halfway).id, 0, 'terminated'));
		expect(left.result).toEqual({ completion: false });
		expect(left.context.registration).toBe(attempt(halfway).id);
		expect(left.timestamp).toBe(new Date(at).toISOString());
		expect(problems(left)).toEqual([]);
	});

	it('is the same statement when the trainee leaves again from the same place, another one further on', () => {
		const once = leftStatement(attempt(halfway), content, klass, at)!;
		expect(leftStatement(attempt(halfway), content, klass, at + 60_000)!.id).toBe(once.id);
		const further = [...halfway, { type: 'attempt.rewind', turn: 0 } as const];
		expect(leftStatement(attempt(further), content, klass, at)!.id).not.toBe(once.id);
	});

	it('gives nothing at the ending, which has its own `terminated`, nor before the first choice', () => {
		expect(leftStatement(attempt(best), content, klass, at)).toBeUndefined();
		expect(leftStatement(attempt([]), content, klass, at)).toBeUndefined();
	});

	it('is left out when the log is read back: leaving changes nothing in the attempt', () => {
		const statements = [
			...attemptStatements(attempt(halfway), content, klass),
			leftStatement(attempt(halfway), content, klass, at)!
		];
		const back = collectStatements(statements).attempts.get(attempt(halfway).id)!;
		expect(mergeLog([], back.entries)).toEqual(halfway);
		expect(back.completed).toBe(false);
	});
});

describe('statements read back into logs', () => {
	const stored = (statements: ReturnType<typeof attemptStatements>) =>
		statements.map((s, i) => ({ ...s, stored: new Date(Date.UTC(2026, 0, 5, 9, 0, i)).toISOString() }));
	const log: LogEntry[] = [
		{ type: 'choice.select', choice: 'so-sorry' },
		{ type: 'attempt.rewind', turn: 0 },
		{
			type: 'choice.type',
			choice: 'hear-her-out',
			style: 'assertive',
			steps: [],
			typed: { text: 'What did your scale say?', lang: 'en', evidence: [], confidence: 0 }
		},
		{ type: 'choice.select', choice: 'top-up' }
	];

	it('gives back the log the statements came from, in any order, with the trainee and the mode', () => {
		const statements = stored(attemptStatements(attempt(log, 'practice'), content, klass)).reverse();
		const pulled = collectStatements(statements);
		const back = pulled.attempts.get(attempt(log).id)!;
		expect(mergeLog([], back.entries)).toEqual(log);
		expect(back).toMatchObject({
			traineeId: 'trainee-1',
			scenarioId: 'tiny',
			mode: 'practice',
			seed: 42,
			completed: true
		});
		expect(pulled.trainees.get('trainee-1')!.name).toBe('Lin <b>Mei</b>');
		expect(pulled.latestStored).toBe(statements[0]!.stored);
	});

	it('goes on from a stored log, and waits when an entry in between is missing', () => {
		const statements = stored(attemptStatements(attempt(log, 'practice'), content, klass, { from: 2 }));
		const entries = collectStatements(statements).attempts.get(attempt(log).id)!.entries;
		expect(mergeLog(log.slice(0, 2), entries)).toEqual(log);
		expect(mergeLog(log.slice(0, 1), entries)).toBeUndefined();
	});

	it('leaves out statements that are not the app’s', () => {
		const pulled = collectStatements([
			{ id: 'x', verb: { id: 'http://adlnet.gov/expapi/verbs/answered' } },
			null
		]);
		expect(pulled.attempts.size).toBe(0);
		expect(pulled.ignored).toBe(2);
	});
});
