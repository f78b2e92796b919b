import { describe, expect, it } from 'vitest';
import type { Attempt, Trainee, TraineeClass } from '$lib/persistence';
import { content } from '$lib/engine/test-helpers';
import {
	NO_CLASS,
	attemptsCsv,
	band,
	csvCell,
	dateRange,
	decisionOrder,
	filterAttempts,
	itemAnalysis,
	pathCounts,
	scenarioResults,
	scoreAttempt,
	scoresCsv,
	toCsv,
	traineeMatrix,
	traineesInClass,
	type Replay,
	type ScoredAttempt
} from './dashboard';

const day = (d: number, h = 12) => new Date(2025, 0, d, h).getTime();

const attempt = (id: string, traineeId: string, extra: Partial<Attempt> = {}): Attempt => ({
	id,
	traineeId,
	scenarioId: 'rice-grit',
	contentVersion: 1,
	mode: 'practice',
	status: 'finished',
	startedAt: day(1),
	updatedAt: day(1),
	finishedAt: day(1),
	log: [],
	notes: '',
	...extra
});

const trainees: Trainee[] = [
	{ id: 'ana', name: 'Ana', createdAt: 1, classId: 'c1' },
	{ id: 'bo', name: 'Bo', createdAt: 2, classId: 'c2' },
	{ id: 'cy', name: 'Cy', createdAt: 3 }
];
const classes: TraineeClass[] = [
	{ id: 'c1', name: 'Morning', createdAt: 1 },
	{ id: 'c2', name: 'Evening, late', createdAt: 2 }
];
const scored = (a: Attempt, scores?: Record<string, number>, ending?: string): ScoredAttempt => ({
	attempt: a,
	...(scores ? { scores } : {}),
	...(ending ? { ending } : {})
});

describe('scoreAttempt', () => {
	const riceGrit = content.scenarios.find((s) => s.id === 'rice-grit')!;
	const data = { scenario: riceGrit, rubrics: [] };
	const replayed: Replay = () => ({ scores: { style: 42 }, ending: 'replayed', path: [], firstPicks: [] });
	it.each([
		[
			'uses the cache on the same content version',
			{ contentVersion: riceGrit.version, scores: { style: 90 }, ending: 'kept' },
			{ style: 90 },
			'kept'
		],
		[
			'replays when the version differs',
			{ contentVersion: riceGrit.version + 1, scores: { style: 90 }, ending: 'kept' },
			{ style: 42 },
			'replayed'
		],
		['replays when nothing is cached', { contentVersion: riceGrit.version }, { style: 42 }, 'replayed'],
		['scores no unfinished attempt', { status: 'in-progress' as const }, undefined, undefined]
	])('%s', (_name, extra, scores, ending) => {
		const result = scoreAttempt(attempt('a', 'ana', extra), data, replayed);
		expect(result.scores).toEqual(scores);
		expect(result.ending).toBe(ending);
	});
	it('scores nothing for a scenario this app no longer has', () => {
		expect(scoreAttempt(attempt('a', 'ana', { scores: { style: 1 } }), undefined, replayed)).toEqual({
			attempt: attempt('a', 'ana', { scores: { style: 1 } })
		});
	});
});

describe('filters', () => {
	it.each([
		['', ['ana', 'bo', 'cy']],
		['c1', ['ana']],
		['c2', ['bo']],
		[NO_CLASS, ['cy']],
		['gone', []]
	])('class %j keeps %j', (classId, ids) => {
		expect(traineesInClass(trainees, classId).map((t) => t.id)).toEqual(ids);
	});

	const all = [
		scored(attempt('a1', 'ana', { startedAt: day(1, 0) })),
		scored(attempt('a2', 'ana', { startedAt: day(3, 23) })),
		scored(attempt('a3', 'bo', { startedAt: day(5) })),
		scored(attempt('a4', 'cy', { startedAt: day(7) }))
	];
	it.each([
		[{ classId: '', from: '', to: '' }, ['a1', 'a2', 'a3', 'a4']],
		[{ classId: 'c1', from: '', to: '' }, ['a1', 'a2']],
		[{ classId: '', from: '2025-01-03', to: '' }, ['a2', 'a3', 'a4']],
		[{ classId: '', from: '', to: '2025-01-03' }, ['a1', 'a2']],
		[{ classId: '', from: '2025-01-02', to: '2025-01-05' }, ['a2', 'a3']],
		[{ classId: 'c2', from: '2025-01-06', to: '' }, []],
		[{ classId: '', from: 'nonsense', to: '' }, ['a1', 'a2', 'a3', 'a4']]
	])('%j keeps %j', (filter, ids) => {
		const kept = filterAttempts(all, traineesInClass(trainees, filter.classId), filter);
		expect(kept.map((s) => s.attempt.id)).toEqual(ids);
	});
	it('takes whole days in local time', () => {
		expect(dateRange({ from: '2025-01-03', to: '2025-01-03' })).toEqual({
			start: new Date(2025, 0, 3).getTime(),
			end: new Date(2025, 0, 4).getTime() - 1
		});
	});
});

describe('traineeMatrix', () => {
	it('a rubric named like an inherited property gets a cell only from a score', () => {
		const [row] = traineeMatrix(
			[trainees[0]!],
			[scored(attempt('a1', 'ana'), { style: 70 }, 'loyal')],
			['constructor', 'style']
		);
		expect(row!.cells.constructor).toBeUndefined();
		expect(row!.cells.style).toEqual({ latest: 70, best: 70, count: 1 });
	});

	it('gives latest and best per rubric, skipping what is unscored or not applicable', () => {
		const rows = traineeMatrix(
			trainees,
			[
				scored(attempt('a1', 'ana', { finishedAt: day(1) }), { style: 40, last: 50 }, 'e'),
				scored(attempt('a2', 'ana', { finishedAt: day(3) }), { style: 70 }, 'e'),
				scored(attempt('a3', 'ana', { finishedAt: day(2) }), { style: 90, last: 20 }, 'e'),
				scored(attempt('a4', 'ana', { status: 'in-progress' })),
				scored(attempt('b1', 'bo'), { style: 100, '3f': 0 }, 'e'),
				scored(attempt('x1', 'nobody'), { style: 5 }, 'e')
			],
			['style', 'last', '3f']
		);
		expect(rows.map((r) => [r.trainee.id, r.attempts, r.cells])).toEqual([
			['ana', 4, { style: { latest: 70, best: 90, count: 3 }, last: { latest: 20, best: 50, count: 2 } }],
			['bo', 1, { style: { latest: 100, best: 100, count: 1 }, '3f': { latest: 0, best: 0, count: 1 } }],
			['cy', 0, {}]
		]);
	});

	it.each([
		[100, 'good'],
		[80, 'good'],
		[79, 'fair'],
		[50, 'fair'],
		[49, 'poor'],
		[0, 'poor']
	] as const)('a score of %i is %s', (score, expected) => {
		expect(band(score)).toBe(expected);
	});
});

describe('scenarioResults', () => {
	it('counts attempts, endings reached and averages per scenario', () => {
		const results = scenarioResults([
			scored(attempt('a1', 'ana'), { style: 50, last: 100 }, 'loyal'),
			scored(attempt('a2', 'bo'), { style: 75 }, 'lost'),
			scored(attempt('a3', 'cy'), { style: 100, last: 0 }, 'loyal'),
			scored(attempt('a4', 'cy', { status: 'in-progress' })),
			scored(attempt('b1', 'ana', { scenarioId: 'aoc-monitor' }), { style: 33 }, 'neutral')
		]);
		expect(results).toEqual([
			{
				scenarioId: 'aoc-monitor',
				attempts: 1,
				finished: 1,
				endings: [{ ending: 'neutral', count: 1 }],
				averages: { style: 33 }
			},
			{
				scenarioId: 'rice-grit',
				attempts: 4,
				finished: 3,
				endings: [
					{ ending: 'loyal', count: 2 },
					{ ending: 'lost', count: 1 }
				],
				averages: { style: 75, last: 50 }
			}
		]);
	});
});

describe('item analysis and path counts', () => {
	const riceGrit = content.scenarios.find((s) => s.id === 'rice-grit')!;
	const start = riceGrit.nodes[riceGrit.start]!;
	const best = start.choices.find((c) => c.best)!;
	const others = start.choices.filter((c) => c.style !== 'assertive');

	it('counts each choice taken at each node', () => {
		expect(
			pathCounts([
				[
					{ node: 'n1', choice: 'x' },
					{ node: 'n2', choice: 'y' }
				],
				[{ node: 'n1', choice: 'x' }],
				[{ node: 'n1', choice: 'z' }]
			])
		).toEqual({ n1: { x: 2, z: 1 }, n2: { y: 1 } });
	});

	it('counts ids named like inherited properties as any other, and touches no prototype', () => {
		const counts = pathCounts([
			[
				{ node: '__proto__', choice: 'polluted' },
				{ node: 'n1', choice: 'constructor' },
				{ node: 'constructor', choice: '__proto__' }
			],
			[{ node: 'n1', choice: 'constructor' }]
		]);
		expect(({} as Record<string, unknown>).polluted).toBeUndefined();
		expect(Object.getOwnPropertyDescriptor(counts, '__proto__')?.value).toEqual({ polluted: 1 });
		expect(Object.getOwnPropertyDescriptor(counts.n1, 'constructor')?.value).toBe(2);
		expect(Object.getOwnPropertyDescriptor(counts, 'constructor')?.value).toBeDefined();
		// What the path map reads: nothing for a node or choice nobody took, whatever its name.
		expect(counts.toString).toBeUndefined();
		expect(counts.n1!.toString).toBeUndefined();
	});

	it('a choice id named like an inherited property counts 0 until someone picks it', () => {
		const renamed = {
			...riceGrit,
			nodes: {
				...riceGrit.nodes,
				[riceGrit.start]: {
					...start,
					choices: start.choices.map((c) => (c.id === others[0]!.id ? { ...c, id: 'constructor' } : c))
				}
			}
		};
		const first = itemAnalysis(renamed, { [riceGrit.start]: { [best.id]: 2 } })[0]!;
		expect(first.total).toBe(2);
		expect(first.choices.find((c) => c.choice === 'constructor')).toMatchObject({ count: 0, percent: 0 });
		expect(first.commonMistake).toBeUndefined();
	});

	it('lists every decision, the start first', () => {
		const order = decisionOrder(riceGrit);
		expect(order[0]).toBe(riceGrit.start);
		expect([...order].sort()).toEqual(Object.keys(riceGrit.nodes).sort());
	});

	it.each([
		['nobody picked anything', {}, 0, undefined],
		['only the best was picked', { [best.id]: 3 }, 3, undefined],
		[
			'a non-assertive pick is the most common mistake',
			{ [best.id]: 5, [others[0]!.id]: 2, ...(others[1] ? { [others[1].id]: 1 } : {}) },
			others[1] ? 8 : 7,
			others[0]!.id
		]
	])('%s', (_name, atStart, total, mistake) => {
		const stats = itemAnalysis(riceGrit, { [riceGrit.start]: atStart });
		const first = stats[0]!;
		expect(first.node).toBe(riceGrit.start);
		expect(first.total).toBe(total);
		expect(first.choices.map((c) => c.choice)).toEqual(start.choices.map((c) => c.id));
		expect(first.commonMistake?.choice).toBe(mistake);
		if (total)
			expect(first.choices.find((c) => c.choice === best.id)!.percent).toBe(
				Math.round((100 * (atStart[best.id] ?? 0)) / total)
			);
	});
});

describe('CSV', () => {
	it.each([
		['plain', 'plain'],
		['a, b', '"a, b"'],
		['say "hi"', '"say ""hi"""'],
		['two\nlines', '"two\nlines"'],
		['=1+1', "'=1+1"],
		['+1', "'+1"],
		['-1', "'-1"],
		['@SUM(A1)', "'@SUM(A1)"],
		['=HYPERLINK("x","y")', '"\'=HYPERLINK(""x"",""y"")"'],
		['\tTab', '"\'\tTab"'],
		// A semicolon, tab or CR splits a cell in some spreadsheets (a semicolon list separator, a tab import):
		// quoted, the cell stays whole, and the guard still holds at the start of every piece it could split into.
		['a;b', '"a;b"'],
		['Li;=1+1', '"Li;\'=1+1"'],
		['=1;=2', '"\'=1;\'=2"'],
		['a\tb', '"a\tb"'],
		['a\t@SUM(A1)', '"a\t\'@SUM(A1)"'],
		['a\rb', '"a\rb"'],
		['a\r-1', '"a\r\'-1"'],
		['\r=1', '"\'\r=1"'],
		['x;y', '"x;y"'],
		[' padded ', '" padded "'],
		['中文', '中文'],
		[42, '42'],
		[-5, '-5'],
		[undefined, '']
	])('%j becomes %j', (value, expected) => {
		expect(csvCell(value)).toBe(expected);
	});

	it('every cell stays one cell when the file is split on semicolons, with no cell starting a formula', () => {
		const hostile = ['Li;=HYPERLINK("http://x")', 'a;+1', '@x;-2', 'tab\t=1', 'cr\r@1'];
		const csv = toCsv([hostile]);
		// A spreadsheet whose list separator is ";" ignores the commas and the quotes that sit mid-field.
		for (const piece of csv.replace(/\r\n$/, '').split(/[;\t\r]/)) expect(piece).not.toMatch(/^[=+\-@]/);
		expect(csv.replace(/\r\n$/, '').split(',')).toHaveLength(hostile.length);
	});

	it('joins rows with CRLF', () => {
		expect(
			toCsv([
				['a', 1],
				['b, c', undefined]
			])
		).toBe('a,1\r\n"b, c",\r\n');
	});

	const context = {
		trainees: new Map(
			[...trainees, { id: 'eve', name: '=cmd|calc', createdAt: 4 } as Trainee].map((t) => [t.id, t])
		),
		classes: new Map(classes.map((c) => [c.id, c])),
		rubricIds: ['style', 'last']
	};
	const rows = [
		scored(
			attempt('a2', 'bo', { startedAt: Date.UTC(2025, 0, 2), finishedAt: Date.UTC(2025, 0, 2, 0, 5) }),
			{ style: 80, last: 75 },
			'loyal'
		),
		scored(attempt('a1', 'ana', { startedAt: Date.UTC(2025, 0, 1), status: 'in-progress' })),
		scored(
			attempt('a3', 'eve', {
				startedAt: Date.UTC(2025, 0, 3),
				finishedAt: Date.UTC(2025, 0, 3, 1),
				mode: 'assessment'
			}),
			{ style: 0 },
			'lost'
		)
	];

	it('one row per attempt, oldest first', () => {
		expect(attemptsCsv(rows, context).split('\r\n')).toEqual([
			'attempt,trainee,trainee id,class,scenario,mode,started,finished,ending,style,last',
			'a1,Ana,ana,Morning,rice-grit,practice,2025-01-01T00:00:00.000Z,,,,',
			'a2,Bo,bo,"Evening, late",rice-grit,practice,2025-01-02T00:00:00.000Z,2025-01-02T00:05:00.000Z,loyal,80,75',
			"a3,'=cmd|calc,eve,,rice-grit,assessment,2025-01-03T00:00:00.000Z,2025-01-03T01:00:00.000Z,lost,0,",
			''
		]);
	});

	it('a rubric named like an inherited property has no score unless the attempt has one', () => {
		const named = { ...context, rubricIds: ['constructor', 'toString'] };
		const one = [scored(attempt('a9', 'bo'), { style: 80 }, 'loyal')];
		expect(attemptsCsv(one, named).split('\r\n')[1]).toMatch(/,loyal,,$/);
		expect(scoresCsv(one, named)).toBe('attempt,trainee,trainee id,scenario,mode,rubric,score\r\n');
		expect(scoresCsv([scored(attempt('a9', 'bo'), { constructor: 60 }, 'loyal')], named)).toContain(
			'a9,Bo,bo,rice-grit,practice,constructor,60'
		);
	});

	it('names the mode a trainee played in, classroom included, and tells same-name trainees apart by id', () => {
		const twins = {
			...context,
			trainees: new Map([
				['ana', { id: 'ana', name: 'Ana', createdAt: 1 } as Trainee],
				['ana-2', { id: 'ana-2', name: 'Ana', createdAt: 2 } as Trainee]
			])
		};
		const played = [
			scored(attempt('c1', 'ana', { startedAt: 1, classroom: true }), { style: 80 }, 'loyal'),
			scored(attempt('c2', 'ana-2', { startedAt: 2 }), { style: 60 }, 'loyal')
		];
		expect(
			attemptsCsv(played, twins)
				.split('\r\n')
				.map((r) => r.split(',').slice(0, 6).join(','))
		).toEqual([
			'attempt,trainee,trainee id,class,scenario,mode',
			'c1,Ana,ana,,rice-grit,classroom',
			'c2,Ana,ana-2,,rice-grit,practice',
			''
		]);
		expect(scoresCsv(played, twins)).toContain('c1,Ana,ana,rice-grit,classroom,style,80');
	});

	it('one row per rubric score', () => {
		expect(scoresCsv(rows, context).split('\r\n')).toEqual([
			'attempt,trainee,trainee id,scenario,mode,rubric,score',
			'a2,Bo,bo,rice-grit,practice,style,80',
			'a2,Bo,bo,rice-grit,practice,last,75',
			"a3,'=cmd|calc,eve,rice-grit,assessment,style,0",
			''
		]);
	});
});
