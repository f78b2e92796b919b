import 'fake-indexeddb/auto';
import Dexie from 'dexie';
import { afterEach, describe, expect, it } from 'vitest';
import { LATEST_VERSION, ProgressDatabase } from './db';
import { createDexieStore } from './dexie-store';
import { OLD_OUTBOX_DB } from './outbox';
import type { ProgressStore } from './store';
import { choose, reset, tickingClock } from './test-helpers';

const closers: (() => void)[] = [];
afterEach(() => {
	for (const close of closers.splice(0)) close();
});

function open(name = reset()) {
	const db = new ProgressDatabase(name);
	closers.push(() => db.close());
	const store = createDexieStore(db, { now: tickingClock() });
	return { db, store, outbox: store.outbox! };
}

const statement = (attemptId: string, index: number) => ({ id: `${attemptId}-${index}`, entry: index });
/** What play gives a class trainee's saves: one statement per entry the save writes. */
const perEntry = (attempt: { id: string; log: readonly unknown[] }, from: number) =>
	attempt.log.slice(from).map((_, i) => statement(attempt.id, from + i));
const start = { traineeId: 't1', scenarioId: 'refund', contentVersion: 1, mode: 'practice' } as const;

async function trainee(store: ProgressStore) {
	return store.trainees.create('Ana');
}

describe('the outbox in the progress database (version 8)', () => {
	it('queues a save’s statements with its turn, in the same transaction', async () => {
		const { store, outbox } = open();
		const { id: traineeId } = await trainee(store);
		const attempt = await store.attempts.start(
			{ ...start, traineeId },
			{ entries: [choose('greet')], update: { outbox: perEntry } }
		);
		await store.attempts.recordEntries(attempt.id, [choose('listen'), choose('fix')], {
			expectedLength: 1,
			outbox: perEntry
		});
		expect((await outbox.next(10)).map((s) => s.id)).toEqual([0, 1, 2].map((i) => `${attempt.id}-${i}`));
		expect(await outbox.queuedEntries([attempt.id])).toEqual(new Map([[attempt.id, 3]]));
		// A save without a builder (a trainee in no class) queues nothing.
		await store.attempts.recordEntries(attempt.id, [choose('thank')], { expectedLength: 3 });
		expect(await outbox.count()).toBe(3);
	});

	it('a save that fails queues nothing, and a builder that throws saves nothing', async () => {
		const { store, outbox } = open();
		const { id: traineeId } = await trainee(store);
		const attempt = await store.attempts.start(
			{ ...start, traineeId },
			{ entries: [choose('greet')], update: {} }
		);
		// Another tab wrote first: the expected length is wrong, so neither the turn nor its statement is stored.
		await expect(
			store.attempts.recordEntries(attempt.id, [choose('listen')], { expectedLength: 0, outbox: perEntry })
		).rejects.toThrow();
		expect(await outbox.count()).toBe(0);
		expect((await store.attempts.get(attempt.id))!.log).toHaveLength(1);
		await expect(
			store.attempts.recordEntries(attempt.id, [choose('listen')], {
				expectedLength: 1,
				outbox: () => {
					throw new Error('no statements');
				}
			})
		).rejects.toThrow('no statements');
		expect((await store.attempts.get(attempt.id))!.log).toHaveLength(1);
		expect(await outbox.count()).toBe(0);
	});

	it('never queues a statement id twice, and a sent one stays sent', async () => {
		const { store, outbox } = open();
		const { id: traineeId } = await trainee(store);
		const attempt = await store.attempts.start(
			{ ...start, traineeId },
			{ entries: [choose('greet')], update: { outbox: perEntry } }
		);
		await outbox.markSent([`${attempt.id}-0`]);
		// A catch-up that builds the whole log again adds only what is new.
		await store.attempts.recordEntries(attempt.id, [choose('listen')], {
			expectedLength: 1,
			outbox: (a) => perEntry(a, 0)
		});
		expect(await outbox.count()).toBe(2);
		expect(await outbox.pending()).toBe(1);
		expect(await outbox.known([`${attempt.id}-0`])).toEqual(new Set([`${attempt.id}-0`]));
	});

	it('version 7 → 8 (addOutbox) keeps every trainee, attempt, turn and summary', async () => {
		const name = reset();
		const v7 = new ProgressDatabase(name, { schemaVersion: 7 });
		const before = createDexieStore(v7, { now: tickingClock() });
		const { id: traineeId } = await before.trainees.create('Bo');
		const attempt = await before.attempts.start(
			{ ...start, traineeId },
			{ entries: [choose('greet')], update: {} }
		);
		await before.attempts.recordEntries(attempt.id, [choose('listen')], { expectedLength: 1 });
		expect(v7.tables.map((t) => t.name)).not.toContain('outbox');
		v7.close();

		const { db, store, outbox } = open(name);
		await db.open();
		expect(db.verno).toBe(LATEST_VERSION);
		expect((await store.trainees.list()).map((t) => t.name)).toEqual(['Bo']);
		expect((await store.attempts.get(attempt.id))!.log).toEqual([choose('greet'), choose('listen')]);
		expect(await db.turns.count()).toBe(2);
		expect((await store.attempts.listSummaries()).map((s) => s.id)).toEqual([attempt.id]);
		expect(await outbox.count()).toBe(0);
	});

	it('moves the queue a device kept in its own database before version 8, in order, once', async () => {
		const name = reset();
		const old = new Dexie(OLD_OUTBOX_DB);
		old.version(1).stores({ statements: '++seq, &id, [pending+seq], attemptId', queued: 'attemptId' });
		await old.table('statements').bulkAdd([
			{ id: 's-1', attemptId: 'a1', pending: 0, queuedAt: 1, sentAt: 2 },
			{ id: 's-2', attemptId: 'a1', pending: 1, statement: { id: 's-2' }, queuedAt: 1 },
			{ id: 's-3', attemptId: 'a1', pending: 1, statement: { id: 's-3' }, queuedAt: 1 }
		]);
		await old.table('queued').put({ attemptId: 'a1', entries: 3 });
		old.close();

		const { db, store, outbox } = open(name);
		await db.open();
		expect(db.verno).toBe(LATEST_VERSION);
		await outbox.enqueue('a1', 1, [{ id: 's-2' }]);
		expect(await store.outbox!.moveOld()).toBe(2);
		expect((await outbox.next(10)).map((s) => s.id)).toEqual(['s-2', 's-3']);
		expect(await outbox.known(['s-1'])).toEqual(new Set(['s-1']));
		expect(await outbox.queuedEntries(['a1'])).toEqual(new Map([['a1', 3]]));
		expect((await indexedDB.databases()).map((d) => d.name)).not.toContain(OLD_OUTBOX_DB);
		// Nothing left to move the next time.
		expect(await store.outbox!.moveOld()).toBe(0);
		expect(await outbox.count()).toBe(3);
	});
});
