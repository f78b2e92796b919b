// The xAPI outbox: statements waiting for the class's LRS. Its own database, beside the progress one, so that
// a trainee in no class never opens it and its versions move on their own. Every version() stays forever.
import Dexie, { type Table } from 'dexie';

export const OUTBOX_DB = 'service-roleplay-outbox';

export interface OutboxRow {
	/** Queue order: statements go out in the order they were queued. */
	seq?: number;
	/** The statement id (derived from attempt and entry), unique: queuing it again adds nothing. */
	id: string;
	attemptId: string;
	/** 1 while waiting, 0 once the LRS has it: the id stays, so a rebuilt statement is not queued again. */
	pending: 0 | 1;
	/** Dropped once sent: only the id is needed after that. */
	statement?: unknown;
	queuedAt: number;
	sentAt?: number;
}

/** How far into each attempt's log statements are queued: a reload queues what a crash left out. */
export interface QueuedRow {
	attemptId: string;
	entries: number;
}

export interface OutboxOptions {
	name?: string;
	indexedDB?: IDBFactory;
	IDBKeyRange?: typeof IDBKeyRange;
	now?: () => number;
}

class OutboxDatabase extends Dexie {
	statements!: Table<OutboxRow, number>;
	queued!: Table<QueuedRow, string>;
	constructor(options: OutboxOptions) {
		super(
			options.name ?? OUTBOX_DB,
			options.indexedDB ? { indexedDB: options.indexedDB, IDBKeyRange: options.IDBKeyRange! } : {}
		);
		// Version 1: the queue, and how much of each attempt it holds.
		this.version(1).stores({ statements: '++seq, &id, [pending+seq], attemptId', queued: 'attemptId' });
	}
}

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
	close(): void;
}

export async function openOutbox(options: OutboxOptions = {}): Promise<Outbox> {
	const db = new OutboxDatabase(options);
	await db.open();
	const now = options.now ?? Date.now;
	return {
		async enqueue(attemptId, entries, statements) {
			return db.transaction('rw', db.statements, db.queued, async () => {
				const known = new Set(
					(
						await db.statements
							.where('id')
							.anyOf(statements.map((s) => s.id))
							.toArray()
					).map((r) => r.id)
				);
				const at = now();
				const rows: OutboxRow[] = statements
					.filter((s) => !known.has(s.id))
					.map((statement) => ({ id: statement.id, attemptId, pending: 1, statement, queuedAt: at }));
				await db.statements.bulkAdd(rows);
				const before = (await db.queued.get(attemptId))?.entries ?? 0;
				await db.queued.put({ attemptId, entries: Math.max(before, entries) });
				return rows.length;
			});
		},
		async queuedEntries(attemptIds) {
			const rows = await db.queued.bulkGet([...attemptIds]);
			return new Map(rows.filter((r) => r !== undefined).map((r) => [r.attemptId, r.entries]));
		},
		async known(ids) {
			if (!ids.length) return new Set();
			const rows = await db.statements
				.where('id')
				.anyOf([...ids])
				.toArray();
			return new Set(rows.map((r) => r.id));
		},
		async next(limit) {
			const rows = await db.statements
				.where('[pending+seq]')
				.between([1, Dexie.minKey], [1, Dexie.maxKey])
				.limit(limit)
				.toArray();
			return rows.map((r) => ({ id: r.id, statement: r.statement }));
		},
		async markSent(ids) {
			const at = now();
			await db.transaction('rw', db.statements, async () => {
				await db.statements
					.where('id')
					.anyOf([...ids])
					.modify((row) => {
						row.pending = 0;
						row.sentAt = at;
						delete row.statement;
					});
			});
		},
		pending: () => db.statements.where('[pending+seq]').between([1, Dexie.minKey], [1, Dexie.maxKey]).count(),
		count: () => db.statements.count(),
		async clear() {
			await db.transaction('rw', db.statements, db.queued, async () => {
				await db.statements.clear();
				await db.queued.clear();
			});
		},
		close: () => db.close()
	};
}
