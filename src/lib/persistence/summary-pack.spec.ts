import 'fake-indexeddb/auto';
import { afterEach, describe, expect, it } from 'vitest';
import type { AttemptSummaryRow } from './attempt-summaries';
import { ProgressDatabase, toAttempt, type AttemptRow } from './db';
import { createDexieStore } from './dexie-store';
import { PACK_ID, PACKED_FIELDS, packSummaries, unpackSummaries } from './summary-pack';
import { choose, reset, tickingClock } from './test-helpers';

const base: AttemptSummaryRow = {
	id: 'a',
	traineeId: 't1',
	scenarioId: 'refund',
	contentVersion: 3,
	mode: 'practice',
	status: 'in-progress',
	startedAt: 10
};

describe('packSummaries / unpackSummaries', () => {
	it('gives back every row field for field, absent fields absent, in order', () => {
		const rows: AttemptSummaryRow[] = [
			base,
			{
				...base,
				id: 'b',
				traineeId: 't2',
				status: 'finished',
				finishedAt: 40,
				ending: 'loyal',
				scores: { style: 90, last: 0 }
			},
			{ ...base, id: 'c', mode: 'assessment', scores: {}, typedReplies: 0 },
			{ ...base, id: 'd', scores: { '3f': 55.5 }, classroom: false, typedReplies: 2 },
			{
				...base,
				id: 'e',
				scenarioId: 'late',
				contentVersion: 1,
				classroom: true,
				finishedAt: 0,
				ending: 'lost'
			}
		];
		const back = unpackSummaries(packSummaries(rows))!;
		expect(back).toEqual(rows);
		// toEqual would let an `undefined` stand for a missing field: the keys must match too.
		expect(back.map((r) => Object.keys(r).sort())).toEqual(rows.map((r) => Object.keys(r).sort()));
		expect(back[2]!.scores).toEqual({});
		expect(Object.keys(PACKED_FIELDS).sort()).toEqual(
			[...new Set(rows.flatMap((r) => Object.keys(r)))].sort()
		);
	});

	it('keeps the few distinct values once, however many rows use them', () => {
		const rows = Array.from({ length: 1_000 }, (_, i) => ({
			...base,
			id: `x-${i}`,
			scores: { style: i % 101 }
		}));
		const pack = packSummaries(rows);
		expect(pack.values).toEqual([undefined, 't1', 'refund', 3, 'practice', 'in-progress']);
		expect(pack.rubrics).toEqual(['style']);
		expect(unpackSummaries(pack)).toEqual(rows);
	});

	it('reads nothing from a pack of another format, or none', () => {
		expect(unpackSummaries(undefined)).toBeUndefined();
		expect(unpackSummaries({ ...packSummaries([base]), format: 2 as 1 })).toBeUndefined();
	});
});

describe('the pack in the database', () => {
	const closers: (() => void)[] = [];
	afterEach(() => {
		for (const close of closers.splice(0)) close();
	});
	const row = (id: string, extra: Partial<AttemptRow> = {}): AttemptRow => ({
		...base,
		id,
		updatedAt: 20,
		log: [choose('greet')],
		notes: '',
		typedReplies: 0,
		...extra
	});
	function open() {
		const db = new ProgressDatabase(reset());
		closers.push(() => db.close());
		return { db, store: createDexieStore(db, { now: tickingClock() }) };
	}

	it('is made by a read of all summaries, read the next time, and dropped by any attempt write', async () => {
		const { db, store } = open();
		await store.importBatch({
			trainees: [{ id: 't1', name: 'Ana', createdAt: 1 }],
			attempts: [
				toAttempt(row('a')),
				toAttempt(row('b', { status: 'finished', ending: 'loyal', scores: { style: 80 } }))
			]
		});
		expect(await db.summaryPack.count()).toBe(0);
		const first = await store.attempts.listSummaries();
		expect(await db.summaryPack.get(PACK_ID)).toBeDefined();
		expect(await store.attempts.listSummaries()).toEqual(first);

		// Each kind of write, through the store or straight at the table, leaves no stale copy behind.
		const writes: [string, () => Promise<unknown>][] = [
			['a turn', () => store.attempts.recordEntry('a', choose('sorry'), {})],
			['notes', () => store.attempts.setNotes('a', 'seen')],
			['a put', () => db.attempts.put(row('c'))],
			['a modify', () => db.attempts.where('id').equals('c').modify({ status: 'finished', ending: 'lost' })],
			['a delete', () => db.attempts.delete('c')],
			['a clear', () => db.attempts.clear()]
		];
		for (const [what, write] of writes) {
			await store.attempts.listSummaries();
			expect(await db.summaryPack.count(), `before ${what}`).toBe(1);
			await write();
			expect(await db.summaryPack.count(), `after ${what}`).toBe(0);
			expect(await store.attempts.listSummaries(), `read after ${what}`).toEqual(
				await db.summaries.toArray()
			);
		}
	});

	it('a write that rolls back keeps the pack, which still matches the rows', async () => {
		const { db, store } = open();
		await db.attempts.put(row('a'));
		await store.attempts.listSummaries();
		await expect(
			db.transaction('rw', db.attempts, async () => {
				await db.attempts.put(row('b'));
				throw new Error('no');
			})
		).rejects.toThrow('no');
		expect(await db.summaryPack.count()).toBe(1);
		expect((await store.attempts.listSummaries()).map((s) => s.id)).toEqual(['a']);
	});
});
