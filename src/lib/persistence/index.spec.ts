import 'fake-indexeddb/auto';
import Dexie from 'dexie';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { LATEST_VERSION, ProgressDatabase, SCHEMA_V1, SCHEMA_V2, SCHEMA_V3, SCHEMA_V4 } from './db';
import { createDexieStore } from './dexie-store';
import {
	describeOpenFailure,
	openProgressStore,
	requestPersistence,
	MissingRecordError,
	StorageFullError,
	type ProgressStore
} from './index';
import { createMemoryStore } from './memory-store';
import { isQuotaError } from './store';
import { choose, reset, tickingClock } from './test-helpers';

const stores: ProgressStore[] = [];
afterEach(() => {
	for (const store of stores.splice(0)) store.close();
	vi.restoreAllMocks();
	vi.unstubAllGlobals();
});
const keep = (store: ProgressStore) => (stores.push(store), store);
const start = { scenarioId: 'refund', contentVersion: 1, mode: 'practice' } as const;

describe.each([
	['IndexedDB', () => openProgressStore({ name: reset(), now: tickingClock() })],
	['in-memory', async () => createMemoryStore(undefined, { now: tickingClock() })]
])('%s store', (_kind, open) => {
	it('creates, lists, renames and removes trainees', async () => {
		const store = keep(await open());
		const ana = await store.trainees.create('  Ana  ');
		const bo = await store.trainees.create('Bo');
		expect(ana.name).toBe('Ana');
		expect((await store.trainees.rename(bo.id, 'Bob')).name).toBe('Bob');
		expect((await store.trainees.list()).map((t) => t.name)).toEqual(['Ana', 'Bob']);

		const attempt = await store.attempts.start({ ...start, traineeId: ana.id });
		await store.attempts.recordEntry(attempt.id, choose('greet'), {});
		await store.trainees.remove(ana.id);
		expect(await store.trainees.get(ana.id)).toBeUndefined();
		expect(await store.attempts.get(attempt.id)).toBeUndefined();
		expect((await store.trainees.list()).map((t) => t.id)).toEqual([bo.id]);
	});

	it('keeps classes, puts trainees in them, and removing a class keeps its trainees', async () => {
		const store = keep(await open());
		const ana = await store.trainees.create('Ana');
		const morning = await store.classes.create('  Morning  ');
		const evening = await store.classes.create('Evening');
		expect(morning.name).toBe('Morning');
		expect((await store.classes.rename(evening.id, 'Late')).name).toBe('Late');
		expect((await store.classes.list()).map((c) => c.name)).toEqual(['Morning', 'Late']);

		expect((await store.trainees.setClass(ana.id, morning.id)).classId).toBe(morning.id);
		expect((await store.trainees.get(ana.id))?.classId).toBe(morning.id);
		await expect(store.trainees.setClass(ana.id, 'no-such-class')).rejects.toThrow(MissingRecordError);
		await expect(store.classes.create(' ')).rejects.toThrow(/class name/);

		const attempt = await store.attempts.start({ ...start, traineeId: ana.id });
		await store.classes.remove(morning.id);
		const after = await store.trainees.get(ana.id);
		expect(after).toBeDefined();
		expect(Object.keys(after!)).not.toContain('classId');
		expect(await store.attempts.get(attempt.id)).toBeDefined();
		expect((await store.attempts.listAll()).map((a) => a.id)).toEqual([attempt.id]);
		expect((await store.classes.list()).map((c) => c.name)).toEqual(['Late']);
		expect(Object.keys(await store.trainees.setClass(ana.id, undefined))).not.toContain('classId');
	});

	it('refuses empty or overlong names and unknown trainees', async () => {
		const store = keep(await open());
		await expect(store.trainees.create('   ')).rejects.toThrow(RangeError);
		await expect(store.trainees.create('x'.repeat(201))).rejects.toThrow(/1 to 200 characters/);
		await expect(store.trainees.rename('nobody', 'Ana')).rejects.toThrow(MissingRecordError);
	});

	it('keeps settings, and forgets one set to undefined', async () => {
		const store = keep(await open());
		expect(await store.settings.get('activeTrainee')).toBeUndefined();
		await store.settings.set('activeTrainee', 't1');
		await store.settings.set('layout', { compact: true });
		expect(await store.settings.get('activeTrainee')).toBe('t1');
		expect(await store.settings.get('layout')).toEqual({ compact: true });
		await store.settings.set('activeTrainee', undefined);
		expect(await store.settings.get('activeTrainee')).toBeUndefined();
	});

	it('starts, records and finishes an attempt', async () => {
		const store = keep(await open());
		const attempt = await store.attempts.start({ ...start, traineeId: 't1', classroom: true });
		expect(attempt).toMatchObject({ status: 'in-progress', log: [], notes: '', classroom: true });

		const first = await store.attempts.recordEntry(attempt.id, choose('greet'), {
			snapshot: { value: 'ask' }
		});
		expect(first.log).toEqual([choose('greet')]);
		expect(first.snapshot).toEqual({ value: 'ask' });
		expect(first.updatedAt).toBeGreaterThan(attempt.updatedAt);

		const last = await store.attempts.recordEntry(attempt.id, choose('apologise'), {
			status: 'finished',
			ending: 'loyal',
			scores: { style: 100 }
		});
		expect(last).toMatchObject({
			status: 'finished',
			ending: 'loyal',
			finishedAt: last.updatedAt,
			scores: { style: 100 }
		});
		expect(await store.attempts.get(attempt.id)).toEqual(last);
		await expect(store.attempts.recordEntry(attempt.id, choose('late'), {})).rejects.toThrow(/finished/);
		await expect(store.attempts.recordEntry('missing', choose('greet'), {})).rejects.toThrow(
			MissingRecordError
		);

		const other = await store.attempts.start({ ...start, traineeId: 't1' });
		const done = await store.attempts.finish(other.id, { ending: 'lost', scores: { style: 0 } });
		expect(done).toMatchObject({ status: 'finished', ending: 'lost', finishedAt: done.updatedAt });
		expect((await store.attempts.setNotes(other.id, 'try listening first')).notes).toBe(
			'try listening first'
		);
	});

	it('lists attempts newest first and finds the latest one in progress', async () => {
		const store = keep(await open());
		const older = await store.attempts.start({ ...start, traineeId: 't1' });
		const newer = await store.attempts.start({ ...start, traineeId: 't1' });
		const otherScenario = await store.attempts.start({ ...start, scenarioId: 'late', traineeId: 't1' });
		await store.attempts.start({ ...start, traineeId: 't2' });
		await store.attempts.finish(newer.id, { ending: 'loyal' });

		expect((await store.attempts.listByTrainee('t1')).map((a) => a.id)).toEqual([
			newer.id,
			otherScenario.id,
			older.id
		]);
		expect((await store.attempts.listByScenario('t1', 'refund')).map((a) => a.id)).toEqual([
			newer.id,
			older.id
		]);
		expect((await store.attempts.latestInProgress('t1', 'refund'))?.id).toBe(older.id);
		expect(await store.attempts.latestInProgress('t3', 'refund')).toBeUndefined();
	});

	it('stores neither the turn nor the attempt change when the write fails', async () => {
		const store = keep(await open());
		const attempt = await store.attempts.start({ ...start, traineeId: 't1' });
		// A function cannot be stored (DataCloneError): the attempt write fails after the turn write.
		await expect(
			store.attempts.recordEntry(attempt.id, choose('greet'), { snapshot: () => 1 })
		).rejects.toThrow();
		expect(await store.attempts.get(attempt.id)).toEqual(attempt);
		// Had turn 0 been kept, this would fail on the duplicate key.
		const retried = await store.attempts.recordEntry(attempt.id, choose('greet'), {});
		expect(retried.log).toEqual([choose('greet')]);
	});

	it('starts an attempt with its first entries, the last with its update, and goes on after them', async () => {
		const store = keep(await open());
		const entries = [choose('greet'), { type: 'attempt.rewind', turn: 0 } as const, choose('fix')];
		const attempt = await store.attempts.start(
			{ ...start, traineeId: 't1' },
			{ entries, update: { expectedLength: 2, snapshot: { at: 'fix' } } }
		);
		expect(attempt.log).toEqual(entries);
		expect(attempt.snapshot).toEqual({ at: 'fix' });
		expect(await store.attempts.get(attempt.id)).toEqual(attempt);
		// The next entry goes after the three, at turn 3: turns 0–2 are stored.
		const next = await store.attempts.recordEntry(attempt.id, choose('close'), { expectedLength: 3 });
		expect(next.log).toHaveLength(4);
		await expect(
			store.attempts.recordEntry(attempt.id, choose('close'), { expectedLength: 3 })
		).rejects.toThrow();
	});

	it('stores no attempt when its first entry cannot be stored', async () => {
		const store = keep(await open());
		await expect(
			store.attempts.start(
				{ ...start, traineeId: 't1' },
				{ entries: [choose('greet')], update: { snapshot: () => 1 } }
			)
		).rejects.toThrow();
		expect(await store.attempts.listAll()).toEqual([]);
	});
});

describe('IndexedDB transactions', () => {
	async function openDb() {
		const db = new ProgressDatabase(reset());
		const store = keep(createDexieStore(db, { now: tickingClock() }));
		return { db, store, attempt: await store.attempts.start({ ...start, traineeId: 't1' }) };
	}

	it('rolls back the turn when the attempt update fails inside the transaction', async () => {
		const { db, store, attempt } = await openDb();
		vi.spyOn(db.attempts, 'put').mockRejectedValueOnce(new Error('disk on fire'));
		await expect(store.attempts.recordEntry(attempt.id, choose('greet'), {})).rejects.toThrow('disk on fire');
		expect(await db.turns.count()).toBe(0);
		expect(await store.attempts.get(attempt.id)).toEqual(attempt);
	});

	it('writes the turn row and the attempt together', async () => {
		const { db, store, attempt } = await openDb();
		await store.attempts.recordEntry(attempt.id, choose('greet'), {});
		await store.attempts.recordEntry(attempt.id, { type: 'attempt.rewind', turn: 0 }, {});
		const turns = await db.turns
			.where('[attemptId+index]')
			.between([attempt.id, Dexie.minKey], [attempt.id, Dexie.maxKey])
			.toArray();
		expect(turns.map((t) => [t.index, t.entry.type])).toEqual([
			[0, 'choice.select'],
			[1, 'attempt.rewind']
		]);
	});

	it('writes a new attempt and its first turns in one transaction, or neither', async () => {
		const { db, store } = await openDb();
		const first = { entries: [choose('greet'), choose('fix')], update: {} };
		const attempt = await store.attempts.start({ ...start, traineeId: 't2' }, first);
		const turns = await db.turns
			.where('[attemptId+index]')
			.between([attempt.id, 0], [attempt.id, 9])
			.toArray();
		expect(turns.map((t) => [t.index, t.entry])).toEqual([
			[0, choose('greet')],
			[1, choose('fix')]
		]);

		vi.spyOn(db.turns, 'add').mockRejectedValueOnce(new Error('disk on fire'));
		await expect(store.attempts.start({ ...start, traineeId: 't3' }, first)).rejects.toThrow('disk on fire');
		expect(await store.attempts.listByTrainee('t3')).toEqual([]);
		expect(await db.turns.count()).toBe(2);
	});

	it("removing a trainee removes their attempts' turns and no one else's", async () => {
		const { db, store } = await openDb();
		const ana = await store.trainees.create('Ana');
		const bo = await store.trainees.create('Bo');
		const ofAna = await store.attempts.start({ ...start, traineeId: ana.id });
		const ofBo = await store.attempts.start({ ...start, traineeId: bo.id });
		for (const id of [ofAna.id, ofBo.id]) {
			await store.attempts.recordEntry(id, choose('greet'), {});
			await store.attempts.recordEntry(id, choose('fix'), {});
		}
		await store.trainees.remove(ana.id);
		expect((await db.turns.toArray()).map((t) => [t.attemptId, t.index])).toEqual([
			[ofBo.id, 0],
			[ofBo.id, 1]
		]);
		expect((await store.attempts.listByTrainee(bo.id)).map((a) => a.id)).toEqual([ofBo.id]);
	});

	it('turns a quota error from a table into StorageFullError, losing nothing', async () => {
		const { db, store, attempt } = await openDb();
		const first = await store.attempts.recordEntry(attempt.id, choose('greet'), {});
		vi.spyOn(db.turns, 'add').mockRejectedValueOnce(new DOMException('full', 'QuotaExceededError'));
		const error = await store.attempts.recordEntry(attempt.id, choose('ask'), {}).catch((e: unknown) => e);
		expect(error).toBeInstanceOf(StorageFullError);
		expect((error as Error).message).toMatch(/out of storage space.*Export your progress/s);
		expect(await store.attempts.get(attempt.id)).toEqual(first);
		expect(await db.turns.count()).toBe(1);
	});

	it('turns a quota error raised by IndexedDB itself (wrapped by Dexie) into StorageFullError', async () => {
		const { db, store, attempt } = await openDb();
		vi.spyOn(IDBObjectStore.prototype, 'put').mockImplementation(() => {
			throw new DOMException('full', 'QuotaExceededError');
		});
		await expect(store.attempts.recordEntry(attempt.id, choose('greet'), {})).rejects.toThrow(
			StorageFullError
		);
		vi.restoreAllMocks();
		expect(await db.turns.count()).toBe(0);
		expect(await store.attempts.get(attempt.id)).toEqual(attempt);
	});

	it('recognises the ways Dexie wraps a quota error', () => {
		const dom = new DOMException('full', 'QuotaExceededError');
		expect(isQuotaError(new Dexie.QuotaExceededError('full'))).toBe(true);
		expect(isQuotaError(new Dexie.AbortError('aborted', dom))).toBe(true);
		expect(isQuotaError(new Dexie.BulkError('bulk', { 0: dom }))).toBe(true);
		expect(isQuotaError(new Dexie.ConstraintError('dup'))).toBe(false);
		expect(isQuotaError(undefined)).toBe(false);
	});
});

describe('openProgressStore', () => {
	it('opens a persistent store', async () => {
		const store = keep(await openProgressStore({ name: reset() }));
		expect(store.persistent).toBe(true);
		expect(store.problem).toBeUndefined();
	});

	it('falls back to memory when indexedDB is missing', async () => {
		vi.stubGlobal('indexedDB', undefined);
		const store = keep(await openProgressStore({ name: reset() }));
		expect(store.persistent).toBe(false);
		expect(store.problem?.reason).toBe('unavailable');
		expect(store.problem?.message).toMatch(/only until you close this tab/);
		const trainee = await store.trainees.create('Ana');
		expect(await store.trainees.list()).toEqual([trainee]);
	});

	it('falls back to memory when opening throws (blocked site data)', async () => {
		const blocked = {
			open() {
				throw new DOMException('The operation is insecure.', 'SecurityError');
			}
		} as unknown as IDBFactory;
		const store = keep(await openProgressStore({ name: reset(), indexedDB: blocked }));
		expect(store.persistent).toBe(false);
		expect(store.problem).toMatchObject({ reason: 'unavailable' });
	});

	it('says why storage could not be opened', () => {
		const inner = new DOMException('newer', 'VersionError');
		expect(describeOpenFailure(new Dexie.OpenFailedError(inner)).reason).toBe('newer-version');
		expect(describeOpenFailure(new Dexie.UpgradeError('bad upgrade')).reason).toBe('failed');
		expect(describeOpenFailure(new DOMException('no', 'InvalidStateError')).reason).toBe('unavailable');
	});

	it('closes and tells the app when another tab opens a newer version', async () => {
		const name = reset();
		const onVersionChange = vi.fn();
		const store = keep(await openProgressStore({ name, onVersionChange }));
		const newer = new Dexie(name);
		newer.version(1).stores(SCHEMA_V1);
		newer.version(2).stores(SCHEMA_V2);
		newer.version(3).stores(SCHEMA_V3);
		newer.version(4).stores(SCHEMA_V4);
		newer.version(LATEST_VERSION + 1).stores({ extra: 'id' });
		await newer.open();
		expect(onVersionChange).toHaveBeenCalledOnce();
		expect(newer.verno).toBe(LATEST_VERSION + 1);
		await expect(store.trainees.list()).rejects.toThrow(/closed/i);
		newer.close();
	});
});

describe('requestPersistence', () => {
	it('reports what the browser answered', async () => {
		expect(await requestPersistence(undefined)).toBe('unsupported');
		expect(await requestPersistence({})).toBe('unsupported');
		expect(await requestPersistence({ persist: async () => true })).toBe('granted');
		expect(await requestPersistence({ persist: async () => false })).toBe('denied');
		const persist = vi.fn(async () => false);
		expect(await requestPersistence({ persisted: async () => true, persist })).toBe('granted');
		expect(persist).not.toHaveBeenCalled();
		expect(await requestPersistence({ persist: () => Promise.reject(new Error('no')) })).toBe('unsupported');
	});
});
