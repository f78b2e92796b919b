// The xAPI outbox: statements waiting for the class's LRS, in the progress database (version 8) beside the
// turns they report. A save queues its statements in the turn's own transaction (`queueInTransaction`); the
// sender reads and marks them through `Outbox`.
import Dexie from 'dexie';
import type { Attempt } from './db';
import { ProgressDatabase, type OutboxRow } from './db';

/** Where the outbox lived before version 8: a database of its own, moved in by `moveOldOutbox`. */
export const OLD_OUTBOX_DB = 'service-roleplay-outbox';

/**
 * Builds the statements a save reports, inside the save's transaction: the attempt as it will be stored, and
 * the index of the first entry the save writes. Synchronous, so the transaction does not wait on anything
 * but IndexedDB.
 */
export type OutboxStatements = (attempt: Attempt, from: number) => readonly { id: string }[];

export interface Outbox {
	/**
	 * Queues the statements of an attempt's entries up to `entries` (the log length they were built from), in one
	 * transaction. Statements already queued or sent (by id) are left as they are.
	 */
	enqueue(attemptId: string, entries: number, statements: readonly { id: string }[]): Promise<number>;
	/** How many log entries of each attempt have their statements queued. */
	queuedEntries(attemptIds: readonly string[]): Promise<Map<string, number>>;
	/** Which of these statement ids the outbox holds, waiting or sent. */
	known(ids: readonly string[]): Promise<Set<string>>;
	/** The oldest waiting statements, in queue order. */
	next(limit: number): Promise<{ id: string; statement: unknown }[]>;
	markSent(ids: readonly string[]): Promise<void>;
	pending(): Promise<number>;
	/** Sent and waiting, by id: for tests and figures. */
	count(): Promise<number>;
	/** Leaving the class: what was not sent is dropped with the connection. */
	clear(): Promise<void>;
}

/**
 * Queues statements inside a transaction that has the outbox tables in its scope (a save's, or enqueue's own).
 * Only the ids not yet known are added; the attempt's queued length only grows.
 */
export async function queueInTransaction(
	db: ProgressDatabase,
	attemptId: string,
	entries: number,
	statements: readonly { id: string }[],
	at: number
): Promise<number> {
	const [known, before] = await Promise.all([
		statements.length
			? db.outbox
					.where('id')
					.anyOf(statements.map((s) => s.id))
					.keys()
			: [],
		db.outboxQueued.get(attemptId)
	]);
	const have = new Set(known as string[]);
	const rows: OutboxRow[] = statements
		.filter((s) => !have.has(s.id))
		.map((statement) => ({ id: statement.id, attemptId, pending: 1, statement, queuedAt: at }));
	await Promise.all([
		db.outbox.bulkAdd(rows),
		db.outboxQueued.put({ attemptId, entries: Math.max(before?.entries ?? 0, entries) })
	]);
	return rows.length;
}

export function outboxOf(db: ProgressDatabase, now: () => number = Date.now): Outbox {
	const waiting = () => db.outbox.where('[pending+seq]').between([1, Dexie.minKey], [1, Dexie.maxKey]);
	return {
		enqueue: (attemptId, entries, statements) =>
			db.transaction('rw', db.outbox, db.outboxQueued, () =>
				queueInTransaction(db, attemptId, entries, statements, now())
			),
		async queuedEntries(attemptIds) {
			const rows = await db.outboxQueued.bulkGet([...attemptIds]);
			return new Map(rows.filter((r) => r !== undefined).map((r) => [r.attemptId, r.entries]));
		},
		async known(ids) {
			if (!ids.length) return new Set();
			return new Set(
				(await db.outbox
					.where('id')
					.anyOf([...ids])
					.keys()) as string[]
			);
		},
		async next(limit) {
			const rows = await waiting().limit(limit).toArray();
			return rows.map((r) => ({ id: r.id, statement: r.statement }));
		},
		async markSent(ids) {
			const at = now();
			await db.outbox
				.where('id')
				.anyOf([...ids])
				.modify((row) => {
					row.pending = 0;
					row.sentAt = at;
					delete row.statement;
				});
		},
		pending: () => waiting().count(),
		count: () => db.outbox.count(),
		async clear() {
			await db.transaction('rw', db.outbox, db.outboxQueued, async () => {
				await db.outbox.clear();
				await db.outboxQueued.clear();
			});
		}
	};
}

/**
 * The outbox of a device that joined a class before version 8: its waiting statements and sent ids come into
 * the progress database, in their order, and the old database is deleted. Only once that copy has committed,
 * so a failure part-way leaves the old one to be moved next time; ids already here are not added twice.
 */
export async function moveOldOutbox(db: ProgressDatabase, factory: IDBFactory = indexedDB): Promise<number> {
	const names = await factory.databases?.().catch(() => undefined);
	if (!names?.some((d) => d.name === OLD_OUTBOX_DB)) return 0;
	const old = new Dexie(OLD_OUTBOX_DB, { indexedDB: factory });
	// Version 1 of the old database, as it was: the queue, and how much of each attempt it holds.
	old.version(1).stores({ statements: '++seq, &id, [pending+seq], attemptId', queued: 'attemptId' });
	try {
		const [statements, queued] = await Promise.all([
			old.table<OutboxRow, number>('statements').orderBy('seq').toArray(),
			old.table<{ attemptId: string; entries: number }, string>('queued').toArray()
		]);
		const moved = await db.transaction('rw', db.outbox, db.outboxQueued, async () => {
			const known = new Set(
				(await db.outbox
					.where('id')
					.anyOf(statements.map((s) => s.id))
					.keys()) as string[]
			);
			const rows = statements.filter((s) => !known.has(s.id)).map(({ seq: _seq, ...row }) => row);
			await db.outbox.bulkAdd(rows);
			for (const q of queued) {
				const here = await db.outboxQueued.get(q.attemptId);
				await db.outboxQueued.put({
					attemptId: q.attemptId,
					entries: Math.max(here?.entries ?? 0, q.entries)
				});
			}
			return rows.length;
		});
		await old.delete();
		return moved;
	} finally {
		old.close();
	}
}

export interface OutboxOptions {
	name?: string;
	indexedDB?: IDBFactory;
	IDBKeyRange?: typeof IDBKeyRange;
	now?: () => number;
}

/** An outbox on a progress database of its own: for the sender's specs. */
export async function openOutbox(options: OutboxOptions = {}): Promise<Outbox & { close(): void }> {
	const db = new ProgressDatabase(options.name, {
		...(options.indexedDB ? { indexedDB: options.indexedDB, IDBKeyRange: options.IDBKeyRange! } : {})
	});
	await db.open();
	return { ...outboxOf(db, options.now), close: () => db.close() };
}
