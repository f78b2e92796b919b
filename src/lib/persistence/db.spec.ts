import 'fake-indexeddb/auto';
import Dexie from 'dexie';
import { afterEach, describe, expect, it } from 'vitest';
import { LATEST_VERSION, ProgressDatabase, SCHEMA_V1, SCHEMA_V2, toAttempt, type AttemptRow } from './db';
import { choose, reset } from './test-helpers';

const opened: Dexie[] = [];
afterEach(() => {
	for (const db of opened.splice(0)) db.close();
});

const v1Attempt = (id: string, scenarioId: string, extra: Partial<AttemptRow> = {}) => ({
	id,
	traineeId: 't1',
	scenarioId,
	contentVersion: 1,
	mode: 'practice',
	status: 'in-progress',
	startedAt: 1,
	updatedAt: 2,
	log: [choose('greet')],
	...extra
});

async function seedVersion1(name: string) {
	const db = new Dexie(name);
	db.version(1).stores(SCHEMA_V1);
	await db.table('trainees').bulkAdd([
		{ id: 't1', name: 'Ana', createdAt: 1 },
		{ id: 't2', name: 'Bo', createdAt: 2 }
	]);
	await db.table('attempts').bulkAdd([
		v1Attempt('a1', 'refund'),
		v1Attempt('a2', 'refund', {
			status: 'finished',
			ending: 'loyal',
			finishedAt: 3,
			scores: { style: 80 }
		}),
		v1Attempt('a3', 'late-delivery', { notes: 'kept as written' })
	]);
	await db.table('turns').add({ attemptId: 'a1', index: 0, entry: choose('greet'), at: 2 });
	await db.table('settings').put({ key: 'activeTrainee', value: 't1' });
	db.close();
}

describe('ProgressDatabase', () => {
	it('creates the latest schema on a fresh database', async () => {
		const db = new ProgressDatabase(reset());
		opened.push(db);
		await db.open();
		expect(db.verno).toBe(LATEST_VERSION);
		expect(db.tables.map((t) => t.name).sort()).toEqual([
			'attempts',
			'classes',
			'outbox',
			'outboxQueued',
			'settings',
			'summaries',
			'summaryPack',
			'trainees',
			'turns'
		]);
		expect(db.trainees.schema.indexes.map((i) => i.name)).toContain('classId');
		expect(db.attempts.schema.indexes.map((i) => i.name)).toEqual(['[traineeId+scenarioId]']);
		expect(db.turns.schema.indexes).toEqual([]);
	});

	it('registers only the versions asked for, so tests can build old databases', async () => {
		const db = new ProgressDatabase(reset(), { schemaVersion: 1 });
		opened.push(db);
		await db.open();
		expect(db.verno).toBe(1);
		expect(db.attempts.schema.indexes.map((i) => i.name)).not.toContain('[traineeId+scenarioId]');
	});

	it('upgrades version 1 to 2, keeping every row and backfilling notes', async () => {
		const name = reset();
		await seedVersion1(name);

		const db = new ProgressDatabase(name);
		opened.push(db);
		await db.open();

		expect(db.verno).toBe(LATEST_VERSION);
		expect(await db.trainees.count()).toBe(2);
		expect(await db.turns.get(['a1', 0])).toEqual({
			attemptId: 'a1',
			index: 0,
			entry: choose('greet'),
			at: 2
		});
		expect(await db.settings.get('activeTrainee')).toEqual({ key: 'activeTrainee', value: 't1' });

		const rows = await db.attempts.orderBy('id').toArray();
		expect(rows.map((r) => [r.id, r.notes])).toEqual([
			['a1', ''],
			['a2', ''],
			['a3', 'kept as written']
		]);
		expect(rows[1]).toMatchObject({
			status: 'finished',
			ending: 'loyal',
			finishedAt: 3,
			scores: { style: 80 }
		});

		// The index version 2 added works on the migrated rows.
		const refund = await db.attempts.where('[traineeId+scenarioId]').equals(['t1', 'refund']).primaryKeys();
		expect(refund.sort()).toEqual(['a1', 'a2']);
	});

	it('upgrades version 2 to 3, keeping every row, with an empty roster', async () => {
		const name = reset();
		const old = new Dexie(name);
		old.version(1).stores(SCHEMA_V1);
		old.version(2).stores(SCHEMA_V2);
		const trainees = [
			{ id: 't1', name: 'Ana', createdAt: 1 },
			{ id: 't2', name: 'Bo', createdAt: 2 }
		];
		const attempts = [
			{ ...v1Attempt('a1', 'refund'), notes: '' },
			{
				...v1Attempt('a2', 'refund'),
				status: 'finished',
				ending: 'loyal',
				scores: { style: 80 },
				notes: 'n'
			},
			{ ...v1Attempt('a3', 'late-delivery'), traineeId: 't2', notes: '' }
		];
		const turns = [
			{ attemptId: 'a1', index: 0, entry: choose('greet'), at: 2 },
			{ attemptId: 'a3', index: 0, entry: choose('greet'), at: 2 }
		];
		await old.table('trainees').bulkAdd(trainees);
		await old.table('attempts').bulkAdd(attempts);
		await old.table('turns').bulkAdd(turns);
		await old.table('settings').bulkPut([
			{ key: 'activeTrainee', value: 't2' },
			{ key: 'persistAsked', value: true }
		]);
		old.close();

		const db = new ProgressDatabase(name, { schemaVersion: 3 });
		opened.push(db);
		await db.open();
		expect(db.verno).toBe(3);
		expect(await db.trainees.orderBy('id').toArray()).toEqual(trainees);
		expect(await db.attempts.orderBy('id').toArray()).toEqual(attempts);
		expect(await db.turns.toArray()).toEqual(turns);
		expect(await db.settings.orderBy('key').toArray()).toEqual([
			{ key: 'activeTrainee', value: 't2' },
			{ key: 'persistAsked', value: true }
		]);
		expect(await db.classes.count()).toBe(0);
		// The new index works on migrated rows: nobody is in a class yet, and one can be put in.
		expect(await db.trainees.where('classId').equals('c1').count()).toBe(0);
		await db.classes.add({ id: 'c1', name: 'Morning', createdAt: 3 });
		await db.trainees.update('t1', { classId: 'c1' });
		expect(await db.trainees.where('classId').equals('c1').primaryKeys()).toEqual(['t1']);
	});

	it('upgrades version 3 to 4, keeping every row, and the prefix queries find them', async () => {
		const name = reset();
		const old = new ProgressDatabase(name, { schemaVersion: 3 });
		const trainees = [
			{ id: 't1', name: 'Ana', createdAt: 1, classId: 'c1' },
			{ id: 't2', name: 'Bo', createdAt: 2 }
		];
		const attempts = [
			{ ...v1Attempt('a1', 'refund'), notes: '' },
			{ ...v1Attempt('a2', 'late-delivery'), notes: 'n' },
			{ ...v1Attempt('a3', 'refund'), traineeId: 't2', notes: '' }
		] as AttemptRow[];
		const turns = [
			{ attemptId: 'a1', index: 0, entry: choose('greet'), at: 2 },
			{ attemptId: 'a1', index: 1, entry: choose('fix'), at: 3 },
			{ attemptId: 'a3', index: 0, entry: choose('greet'), at: 2 }
		];
		await old.classes.add({ id: 'c1', name: 'Morning', createdAt: 1 });
		await old.trainees.bulkAdd(trainees);
		await old.attempts.bulkAdd(attempts);
		await old.turns.bulkAdd(turns);
		old.close();

		const db = new ProgressDatabase(name);
		opened.push(db);
		await db.open();
		expect(db.verno).toBe(LATEST_VERSION);
		expect(await db.trainees.orderBy('id').toArray()).toEqual(trainees);
		// Every row as it was; version 5 only adds the count of typed replies, none in these.
		expect(await db.attempts.orderBy('id').toArray()).toEqual(
			attempts.map((a) => ({ ...a, typedReplies: 0 }))
		);
		expect(await db.turns.toArray()).toEqual(turns);
		expect(await db.classes.count()).toBe(1);
		const ofAna = await db.attempts
			.where('[traineeId+scenarioId]')
			.between(['t1', Dexie.minKey], ['t1', Dexie.maxKey])
			.primaryKeys();
		expect(ofAna.sort()).toEqual(['a1', 'a2']);
		const ofA1 = await db.turns
			.where('[attemptId+index]')
			.between(['a1', Dexie.minKey], ['a1', Dexie.maxKey])
			.toArray();
		expect(ofA1.map((t) => t.index)).toEqual([0, 1]);
	});

	it('upgrades version 1 when created by the subclass itself', async () => {
		const name = reset();
		const old = new ProgressDatabase(name, { schemaVersion: 1 });
		await old.attempts.add(v1Attempt('a1', 'refund') as AttemptRow);
		old.close();

		const db = new ProgressDatabase(name);
		opened.push(db);
		expect((await db.attempts.get('a1'))?.notes).toBe('');
	});
});

describe('toAttempt', () => {
	it('fills notes and leaves absent fields out rather than undefined', () => {
		const attempt = toAttempt(v1Attempt('a1', 'refund') as AttemptRow);
		expect(attempt.notes).toBe('');
		expect(Object.keys(attempt)).not.toContain('ending');
		expect(Object.keys(attempt)).not.toContain('snapshot');
	});
});

describe('version 5: typed replies', () => {
	it('upgrades version 4 to 5, counting the typed replies of every attempt and keeping the rest', async () => {
		const name = reset();
		const old = new ProgressDatabase(name, { schemaVersion: 4 });
		await old.open();
		const typed = {
			type: 'choice.type',
			choice: 'greet',
			style: 'assertive',
			steps: [],
			typed: { text: 'Hello, how can I help?', lang: 'en', evidence: [], confidence: 0.9 }
		};
		const row = (id: string, log: unknown[]) => ({
			...v1Attempt(id, 'late-delivery', { notes: '' }),
			log
		});
		await old
			.table('attempts')
			.bulkAdd([row('picked', [choose('greet')]), row('typed', [typed, choose('x')])]);
		old.close();

		const db = new ProgressDatabase(name);
		opened.push(db);
		await db.open();
		expect(db.verno).toBe(LATEST_VERSION);
		const [picked, typedRow] = await Promise.all([db.attempts.get('picked'), db.attempts.get('typed')]);
		expect(picked).toMatchObject({ typedReplies: 0, log: [choose('greet')] });
		expect(typedRow).toMatchObject({ typedReplies: 1, log: [typed, choose('x')] });
	});
});
