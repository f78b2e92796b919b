import 'fake-indexeddb/auto';
import { afterEach, describe, expect, it } from 'vitest';
import { summaryOf, type AttemptSummary } from './attempt-summaries';
import { LATEST_VERSION, ProgressDatabase, toAttempt, type AttemptRow } from './db';
import { createDexieStore } from './dexie-store';
import { createMemoryStore } from './memory-store';
import { PACK_ID, staleKey, unpackSummaries } from './summary-pack';
import type { ProgressStore } from './store';
import { choose, reset, tickingClock } from './test-helpers';

const closers: (() => void)[] = [];
afterEach(() => {
	for (const close of closers.splice(0)) close();
});

function openDexie(name = reset(), schemaVersion?: number) {
	const db = new ProgressDatabase(name, schemaVersion ? { schemaVersion } : {});
	closers.push(() => db.close());
	return db;
}

const row = (id: string, extra: Partial<AttemptRow> = {}): AttemptRow => ({
	id,
	traineeId: 't1',
	scenarioId: 'refund',
	contentVersion: 1,
	mode: 'practice',
	status: 'in-progress',
	startedAt: 10,
	updatedAt: 20,
	log: [choose('greet')],
	notes: '',
	typedReplies: 0,
	...extra
});

/** Puts `attempt` in a transaction that then fails. */
async function putAndRollBack(db: ProgressDatabase, attempt: AttemptRow) {
	await expect(
		db.transaction('rw', db.attempts, async () => {
			await db.attempts.put(attempt);
			throw new Error('rolled back');
		})
	).rejects.toThrow('rolled back');
}

const byId = (list: readonly AttemptSummary[]) => new Map(list.map((s) => [s.id, s]));
const start = { traineeId: 't1', scenarioId: 'refund', contentVersion: 2, mode: 'assessment' } as const;

describe('summaryOf', () => {
	it('keeps what the dashboard reads and leaves out the log, snapshot and notes', () => {
		const summary = summaryOf(
			row('a', {
				status: 'finished',
				finishedAt: 30,
				ending: 'loyal',
				scores: { style: 90 },
				snapshot: { big: true },
				notes: 'private',
				classroom: true
			})
		);
		expect(summary).toEqual({
			id: 'a',
			traineeId: 't1',
			scenarioId: 'refund',
			contentVersion: 1,
			mode: 'practice',
			status: 'finished',
			startedAt: 10,
			finishedAt: 30,
			ending: 'loyal',
			scores: { style: 90 },
			classroom: true,
			typedReplies: 0
		});
	});

	it('gives a finished row without finishedAt its last change, and an open one none', () => {
		expect(summaryOf(row('a', { status: 'finished' })).finishedAt).toBe(20);
		expect('finishedAt' in summaryOf(row('b'))).toBe(false);
		expect('ending' in summaryOf(row('b'))).toBe(false);
	});
});

describe.each([
	['IndexedDB', () => createDexieStore(openDexie(), { now: tickingClock() })],
	['in-memory', () => createMemoryStore(undefined, { now: tickingClock() })]
])('%s store: a summary follows every attempt write', (_kind, open) => {
	async function played(store: ProgressStore) {
		const ana = await store.trainees.create('Ana');
		const attempt = await store.attempts.start(
			{ ...start, traineeId: ana.id },
			{
				entries: [choose('greet')],
				update: {}
			}
		);
		return { ana, attempt };
	}

	it('starts, plays, finishes and is removed with its attempt', async () => {
		const store: ProgressStore = open();
		const { ana, attempt } = await played(store);
		expect(await store.attempts.listSummaries()).toEqual([
			{
				id: attempt.id,
				traineeId: ana.id,
				scenarioId: 'refund',
				contentVersion: 2,
				mode: 'assessment',
				status: 'in-progress',
				startedAt: attempt.startedAt,
				typedReplies: 0
			}
		]);
		await store.attempts.recordEntry(attempt.id, choose('sorry'), {
			status: 'finished',
			ending: 'loyal',
			scores: { style: 100, last: 75 }
		});
		const [done] = await store.attempts.listSummaries();
		expect(done).toMatchObject({ status: 'finished', ending: 'loyal', scores: { style: 100, last: 75 } });
		expect(done!.finishedAt).toBe((await store.attempts.get(attempt.id))!.finishedAt);

		await store.attempts.remove(attempt.id);
		expect(await store.attempts.listSummaries()).toEqual([]);
	});

	it('follows finish(), notes, a trainee removed, and an import', async () => {
		const store: ProgressStore = open();
		const { ana, attempt } = await played(store);
		await store.attempts.finish(attempt.id, { ending: 'satisfied', scores: { style: 60 } });
		await store.attempts.setNotes(attempt.id, 'later');
		expect((await store.attempts.listSummaries())[0]).toMatchObject({
			ending: 'satisfied',
			scores: { style: 60 }
		});

		const imported = toAttempt(row('imported-1', { traineeId: 'bo', status: 'finished', ending: 'lost' }));
		await store.importBatch({ trainees: [{ id: 'bo', name: 'Bo', createdAt: 1 }], attempts: [imported] });
		expect([...byId(await store.attempts.listSummaries()).keys()].sort()).toEqual(
			[attempt.id, 'imported-1'].sort()
		);
		expect(byId(await store.attempts.listSummaries()).get('imported-1')).toMatchObject({
			traineeId: 'bo',
			ending: 'lost',
			finishedAt: 20
		});

		await store.trainees.remove(ana.id);
		expect((await store.attempts.listSummaries()).map((s) => s.id)).toEqual(['imported-1']);
	});

	it('an import that is cancelled leaves no summary behind', async () => {
		const store: ProgressStore = open();
		const controller = new AbortController();
		const attempts = Array.from({ length: 1_500 }, (_, i) => toAttempt(row(`x-${i}`)));
		const write = store.importBatch({
			trainees: [],
			attempts,
			signal: controller.signal,
			onProgress: () => controller.abort()
		});
		await expect(write).rejects.toThrow();
		expect(await store.attempts.listSummaries()).toEqual([]);
	});
});

describe('the middleware, below the store', () => {
	it('writes summaries for plain table writes, bulk writes with failures, modify, delete and clear', async () => {
		const db = openDexie();
		await db.open();
		// Outside any transaction of ours: Dexie's own implicit one still takes the summaries along.
		await db.attempts.put(row('a'));
		await db.attempts.bulkAdd([row('b'), row('c')]);
		// A duplicate fails alone; the row beside it is written, and only that one gets a summary.
		await expect(db.attempts.bulkAdd([row('a', { mode: 'assessment' }), row('d')])).rejects.toThrow();
		expect((await db.summaries.toArray()).map((s) => s.id)).toEqual(['a', 'b', 'c', 'd']);
		expect((await db.summaries.get('a'))!.mode).toBe('practice');

		await db.attempts
			.where('id')
			.anyOf(['b', 'c'])
			.modify((r) => {
				r.traineeId = 't2';
			});
		expect((await db.summaries.bulkGet(['b', 'c'])).map((s) => s!.traineeId)).toEqual(['t2', 't2']);
		await db.attempts.update('d', { status: 'finished', ending: 'lost' });
		expect(await db.summaries.get('d')).toMatchObject({ status: 'finished', ending: 'lost' });

		await db.attempts.where('id').between('b', 'c', true, true).delete();
		expect((await db.summaries.toArray()).map((s) => s.id)).toEqual(['a', 'd']);
		await db.attempts.clear();
		expect(await db.summaries.count()).toBe(0);
	});

	it('a transaction that fails rolls the summaries back with the attempts', async () => {
		const db = openDexie();
		await db.open();
		await putAndRollBack(db, row('a'));
		expect(await db.summaries.count()).toBe(0);
	});
});

describe('the summary pack', () => {
	it('is made by a read of all summaries, read the next time, and kept in step by any attempt write', async () => {
		const db = openDexie();
		const store = createDexieStore(db, { now: tickingClock() });
		await store.importBatch({
			trainees: [{ id: 't1', name: 'Ana', createdAt: 1 }],
			attempts: [
				toAttempt(row('a')),
				toAttempt(row('b', { status: 'finished', ending: 'loyal', scores: { style: 80 } }))
			]
		});
		expect(await db.summaryPack.get(PACK_ID)).toBeUndefined();
		const first = await store.attempts.listSummaries();
		// Made, and the import's markers gone with the making.
		expect(await db.summaryPack.count()).toBe(1);
		const pack = await db.summaryPack.get(PACK_ID);
		expect(pack).toBeDefined();
		expect(await store.attempts.listSummaries()).toEqual(first);

		// Each kind of write, through the store or straight at the table, leaves a marker for what it wrote, and
		// the next read gives the rows as they are now, packed again, its markers gone.
		const writes: [string, string, () => Promise<unknown>][] = [
			['a turn', 'a', () => store.attempts.recordEntry('a', choose('sorry'), {})],
			['notes', 'a', () => store.attempts.setNotes('a', 'seen')],
			['a put', 'c', () => db.attempts.put(row('c'))],
			[
				'a modify',
				'c',
				() => db.attempts.where('id').equals('c').modify({ status: 'finished', ending: 'lost' })
			],
			['a delete', 'b', () => db.attempts.delete('b')]
		];
		for (const [what, id, write] of writes) {
			await write();
			expect(await db.summaryPack.get(staleKey(id)), `marker after ${what}`).toBeDefined();
			const rows = await db.summaries.toArray();
			expect(await store.attempts.listSummaries(), `read after ${what}`).toEqual(rows);
			expect(unpackSummaries(await db.summaryPack.get(PACK_ID)), `the pack after ${what}`).toEqual(rows);
			expect(await db.summaryPack.count(), `markers after ${what}`).toBe(1);
		}
		// What is not marked comes from the pack: a summary row changed behind the middleware's back is not read.
		await db.summaries.update('a', { startedAt: 1 });
		expect(byId(await store.attempts.listSummaries()).get('a')?.startedAt).toBe(10);
		// A clear takes the pack and its markers with it.
		await db.attempts.clear();
		expect(await db.summaryPack.count()).toBe(0);
		expect(await store.attempts.listSummaries()).toEqual([]);
	});

	it('a quarter of the pack marked is looked up; more means reading the rows whole', async () => {
		const db = openDexie();
		const store = createDexieStore(db, { now: tickingClock() });
		const ids = (n: number, from = 0) =>
			Array.from({ length: n }, (_, i) => `a-${String(from + i).padStart(5, '0')}`);
		await db.attempts.bulkPut(ids(4_000).map((id) => row(id)));
		await store.attempts.listSummaries();
		// 600 finished and 100 new: looked up and packed in (under a quarter of 4,000).
		await db.attempts.bulkPut([
			...ids(600).map((id) => row(id, { status: 'finished', ending: 'loyal', scores: { style: 70 } })),
			...ids(100, 4_000).map((id) => row(id))
		]);
		expect(await store.attempts.listSummaries()).toEqual(await db.summaries.toArray());
		expect(await db.summaryPack.count()).toBe(1);
		const packed = unpackSummaries(await db.summaryPack.get(PACK_ID))!;
		expect(packed).toHaveLength(4_100);
		expect(packed.filter((s) => s.status === 'finished')).toHaveLength(600);
		// 2,000 at once: more than a quarter, so the rows are read whole.
		await db.attempts.bulkDelete(ids(2_000, 1_000));
		expect(await store.attempts.listSummaries()).toEqual(await db.summaries.toArray());
		expect(unpackSummaries(await db.summaryPack.get(PACK_ID))).toHaveLength(2_100);
		expect(await db.summaryPack.count()).toBe(1);
	});

	it('a write that rolls back keeps the pack, which still matches the rows', async () => {
		const db = openDexie();
		const store = createDexieStore(db, { now: tickingClock() });
		await db.attempts.put(row('a'));
		await store.attempts.listSummaries();
		await putAndRollBack(db, row('b'));
		expect(await db.summaryPack.count()).toBe(1);
		expect(await db.summaryPack.get(staleKey('b'))).toBeUndefined();
		expect((await store.attempts.listSummaries()).map((s) => s.id)).toEqual(['a']);
	});
});

describe('version 7', () => {
	it('backfills a summary for every attempt stored by version 5, and keeps the attempts as they were', async () => {
		const name = reset();
		const old = openDexie(name, 5);
		const rows = Array.from({ length: 1_203 }, (_, i) =>
			row(`a-${String(i).padStart(4, '0')}`, {
				...(i % 3 === 0
					? { status: 'finished', finishedAt: 40 + i, ending: 'loyal', scores: { style: i % 101 } }
					: {}),
				snapshot: { value: i }
			})
		);
		await old.attempts.bulkAdd(rows);
		expect(old.tables.map((t) => t.name)).not.toContain('summaries');
		old.close();

		const db = openDexie(name);
		await db.open();
		expect(db.verno).toBe(LATEST_VERSION);
		expect(await db.attempts.count()).toBe(rows.length);
		expect((await db.attempts.get('a-0003'))!.snapshot).toEqual({ value: 3 });
		const summaries = await db.summaries.toArray();
		expect(summaries).toHaveLength(rows.length);
		expect(summaries).toEqual(rows.map(summaryOf));

		// And from then on they follow the attempts.
		const store = createDexieStore(db);
		await store.attempts.finish('a-0001', { ending: 'lost', scores: { style: 10 } });
		expect(byId(await store.attempts.listSummaries()).get('a-0001')).toMatchObject({ ending: 'lost' });
	});
});
