// The IndexedDB schema. The only file that defines tables; every version() stays here forever.
import Dexie, { type Table, type Transaction } from 'dexie';
import type { LogEntry } from '$lib/engine/compile';
// A value import from store, never the other way: store (and the summary the library reads) must not pull in Dexie.
import { typedRepliesIn } from './store';
import { attemptSummaries, summaryOf, type AttemptSummaryRow } from './attempt-summaries';
import type { StaleMarker, SummaryPackRow } from './summary-pack';

export type AttemptMode = 'practice' | 'assessment';
export type AttemptStatus = 'in-progress' | 'finished';

/** Times are epoch milliseconds: they index, sort and survive JSON unchanged. */
export interface TraineeRow {
	id: string;
	name: string;
	createdAt: number;
	/** The class (group) the instructor put the trainee in; absent when none. Added in version 3. */
	classId?: string;
	/**
	 * 'import' when the instructor's import brought the trainee in: the instructor's record, which clearing the
	 * instructor data deletes. Absent for a profile made on this device or brought by the trainee. Not indexed,
	 * so no schema version.
	 */
	source?: 'import';
	/**
	 * When the name was last set (epoch ms): a rename here, or the export time of the file that brought it. An
	 * import renames only from a newer file, so importing an old file never brings back an old name. Not indexed.
	 */
	nameAt?: number;
}

/** A class (group) of trainees on this device, kept by the instructor. Added in version 3. */
export interface ClassRow {
	id: string;
	name: string;
	createdAt: number;
}

export interface AttemptRow {
	id: string;
	traineeId: string;
	scenarioId: string;
	/** The scenario's `version` the attempt was played on; a newer one means replay the log. */
	contentVersion: number;
	mode: AttemptMode;
	status: AttemptStatus;
	startedAt: number;
	updatedAt: number;
	finishedAt?: number;
	ending?: string;
	log: LogEntry[];
	/** A cache of rubric id → score; the log is the truth. */
	scores?: Record<string, number>;
	/** The persisted XState snapshot, valid only for `contentVersion`. */
	snapshot?: unknown;
	classroom?: boolean;
	/** Orders each decision's replies (engine/order.ts). Absent in rows written before seeds: the id stands in. */
	seed?: number;
	/** Absent in rows written by version 1; version 2 backfills ''. */
	notes?: string;
	/** How many of the log's replies the trainee typed in their own words; version 5 counts them in old rows. */
	typedReplies?: number;
}

/** One row per log entry: an append-only journal beside the attempt's own copy of the log. */
export interface TurnRow {
	attemptId: string;
	index: number;
	entry: LogEntry;
	at: number;
}

/** A statement waiting for the class's LRS, or the id of one sent (version 8). */
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

/** How far into each attempt's log statements are queued: a start queues what a crash left out (version 8). */
export interface OutboxQueuedRow {
	attemptId: string;
	entries: number;
}

export interface SettingRow {
	key: string;
	value: unknown;
}

type Schema = Record<string, string | null>;

export const SCHEMA_V1: Schema = {
	trainees: 'id, createdAt',
	attempts: 'id, traineeId, scenarioId, updatedAt',
	turns: '[attemptId+index], attemptId',
	settings: 'key'
};

export const SCHEMA_V2: Schema = {
	attempts: 'id, traineeId, scenarioId, [traineeId+scenarioId], updatedAt'
};

export const SCHEMA_V3: Schema = {
	classes: 'id, createdAt',
	trainees: 'id, createdAt, classId'
};

/**
 * Only the indexes a query uses: every index is another write per row, and a bulk import writes tens of
 * thousands of rows. [traineeId+scenarioId] serves "by trainee" as a prefix, and the turns' own key
 * [attemptId+index] serves "by attempt".
 */
export const SCHEMA_V4: Schema = {
	attempts: 'id, [traineeId+scenarioId]',
	turns: '[attemptId+index]'
};

/** Typed replies: no index changes, but every attempt row learns how many of its replies were typed. */
export const SCHEMA_V5: Schema = {};

/**
 * A summary row per attempt (attempt-summaries.ts), keyed by the attempt's id: the dashboard reads these
 * instead of every attempt with its log. No index: it is read whole.
 */
export const SCHEMA_V7: Schema = { summaries: 'id' };

/**
 * The xAPI outbox of a trainee in a class with an LRS: statements are queued in the same transaction as the
 * turn they report, so a turn is never stored without them (issue 11).
 */
export const SCHEMA_V8: Schema = {
	outbox: '++seq, &id, [pending+seq], attemptId',
	outboxQueued: 'attemptId'
};

/**
 * One record holding every summary column by column (summary-pack.ts): a copy the dashboard reads in one go,
 * beside a marker for each attempt written since it was made. Nothing to fill: it starts absent.
 */
export const SCHEMA_V9: Schema = { summaryPack: 'id' };

export const LATEST_VERSION = 9;

export interface DatabaseOptions {
	indexedDB?: IDBFactory;
	IDBKeyRange?: typeof IDBKeyRange;
	/** Register only the versions up to this one: lets tests build an old database to migrate. */
	schemaVersion?: number;
}

export class ProgressDatabase extends Dexie {
	declare trainees: Table<TraineeRow, string>;
	declare attempts: Table<AttemptRow, string>;
	declare turns: Table<TurnRow, [string, number]>;
	declare settings: Table<SettingRow, string>;
	declare classes: Table<ClassRow, string>;
	declare summaries: Table<AttemptSummaryRow, string>;
	/** The pack, and a marker for each attempt written since it was made. */
	declare summaryPack: Table<SummaryPackRow | StaleMarker, string>;
	declare outbox: Table<OutboxRow, number>;
	declare outboxQueued: Table<OutboxQueuedRow, string>;

	constructor(name = 'service-roleplay', options: DatabaseOptions = {}) {
		const { schemaVersion, indexedDB: factory, IDBKeyRange: keyRange } = options;
		// Dexie spreads these over its defaults, so a key holding undefined would erase the default.
		super(name, {
			// A turn must be saved before the next line shows; skipping the disk flush keeps a write near 1 ms.
			// The browser still commits in order, so a crash loses at most the last turn, never older ones.
			chromeTransactionDurability: 'relaxed',
			...(factory ? { indexedDB: factory } : {}),
			...(keyRange ? { IDBKeyRange: keyRange } : {})
		});
		this.#version(schemaVersion, 1, SCHEMA_V1);
		this.#version(schemaVersion, 2, SCHEMA_V2, addNotesAndTraineeScenarioIndex);
		this.#version(schemaVersion, 3, SCHEMA_V3, addClasses);
		this.#version(schemaVersion, 4, SCHEMA_V4, dropUnusedIndexes);
		this.#version(schemaVersion, 5, SCHEMA_V5, countTypedReplies);
		this.#version(schemaVersion, 7, SCHEMA_V7, backfillSummaries);
		this.#version(schemaVersion, 8, SCHEMA_V8, addOutbox);
		this.#version(schemaVersion, 9, SCHEMA_V9);
		// Every attempt write also writes its summary, in the same transaction, whoever makes it.
		this.use(attemptSummaries);
	}

	#version(
		target: number | undefined,
		version: number,
		schema: Schema,
		upgrade?: (tx: Transaction) => PromiseLike<unknown>
	) {
		if (target !== undefined && target < version) return;
		const registered = this.version(version).stores(schema);
		if (upgrade) registered.upgrade(upgrade);
	}
}

/**
 * v1 → v2. Notes became a field every attempt has, so the UI need not treat "missing" and "empty" apart;
 * the [traineeId+scenarioId] index (created by the schema change itself) serves "my attempts at this scenario".
 */
export function addNotesAndTraineeScenarioIndex(tx: Transaction) {
	return tx
		.table<AttemptRow, string>('attempts')
		.toCollection()
		.modify((row) => {
			if (typeof row.notes !== 'string') row.notes = '';
		});
}

/**
 * v2 → v3. The instructor's roster: a new `classes` table and an index on trainees' `classId`.
 * Deliberately writes nothing: an absent classId means "in no class", and IndexedDB leaves rows without the
 * key out of the index, so unassigned trainees cost the index nothing. Backfilling null or '' would put every
 * existing trainee into the index under a fake class. Kept as a named step so the next migration has a place
 * beside it, and so tests can see that every row survives it.
 */
export function addClasses(tx: Transaction) {
	return tx.table<TraineeRow, string>('trainees').count();
}

/**
 * v3 → v4. Dexie deletes the indexes the new schema leaves out; rows are not touched. A named step, like
 * addClasses, so tests can see that every row survives it.
 */
export function dropUnusedIndexes(tx: Transaction) {
	return tx.table<AttemptRow, string>('attempts').count();
}

/**
 * v4 → v5. Typed replies arrive as a new kind of log entry; each attempt row keeps their count, so History and
 * the dashboard can say so without reading logs. Rows written before cannot hold any, but are counted anyway.
 */
export function countTypedReplies(tx: Transaction) {
	return tx
		.table<AttemptRow, string>('attempts')
		.toCollection()
		.modify((row) => {
			row.typedReplies = typedRepliesIn(row.log ?? []);
		});
}

/**
 * v5 (or v6) → v7. The dashboard reads one small summary per attempt instead of every log; attempts stored
 * before have none, so each gets its own here. In chunks by id, so a device with tens of thousands of
 * attempts never holds every log in memory at once; the awaits are Dexie's own, inside the upgrade.
 */
export async function backfillSummaries(tx: Transaction) {
	const attempts = tx.table<AttemptRow, string>('attempts');
	const summaries = tx.table<AttemptSummaryRow, string>('summaries');
	let after: string | undefined;
	for (;;) {
		const from = after === undefined ? attempts.toCollection() : attempts.where(':id').above(after);
		const rows = await from.limit(500).toArray();
		if (!rows.length) return;
		await summaries.bulkPut(rows.map(summaryOf));
		after = rows.at(-1)!.id;
	}
}

/**
 * v7 → v8. The outbox moves into this database, beside the turns it reports, from the database of its own it
 * had before. The new tables start empty: an upgrade can reach no other database, so what that one still holds
 * is moved by `moveOldOutbox` (outbox.ts) when the sender starts. A named step so tests can see that every row
 * survives it.
 */
export function addOutbox(tx: Transaction) {
	return tx.table<AttemptRow, string>('attempts').count();
}

// Domain types: what the rest of the app sees. Rows become these here and nowhere else.

export interface Trainee {
	readonly id: string;
	readonly name: string;
	readonly createdAt: number;
	readonly classId?: string;
	readonly source?: 'import';
	readonly nameAt?: number;
}

export interface TraineeClass {
	readonly id: string;
	readonly name: string;
	readonly createdAt: number;
}

export interface Attempt {
	readonly id: string;
	readonly traineeId: string;
	readonly scenarioId: string;
	readonly contentVersion: number;
	readonly mode: AttemptMode;
	readonly status: AttemptStatus;
	readonly startedAt: number;
	readonly updatedAt: number;
	readonly finishedAt?: number;
	readonly ending?: string;
	readonly log: readonly LogEntry[];
	readonly scores?: Readonly<Record<string, number>>;
	readonly snapshot?: unknown;
	readonly classroom?: boolean;
	readonly seed?: number;
	readonly notes: string;
	/** Replies typed in the trainee's own words. */
	readonly typedReplies?: number;
}

export function toTrainee(row: TraineeRow): Trainee {
	return {
		id: row.id,
		name: row.name,
		createdAt: row.createdAt,
		...(row.classId !== undefined ? { classId: row.classId } : {}),
		...(row.source !== undefined ? { source: row.source } : {}),
		...(row.nameAt !== undefined ? { nameAt: row.nameAt } : {})
	};
}

export function toClass(row: ClassRow): TraineeClass {
	return { id: row.id, name: row.name, createdAt: row.createdAt };
}

/** Leaves absent optional fields out (never `undefined`), so attempts compare and serialize cleanly. */
export function toAttempt(row: AttemptRow): Attempt {
	return {
		id: row.id,
		traineeId: row.traineeId,
		scenarioId: row.scenarioId,
		contentVersion: row.contentVersion,
		mode: row.mode,
		status: row.status,
		startedAt: row.startedAt,
		updatedAt: row.updatedAt,
		...(row.finishedAt !== undefined ? { finishedAt: row.finishedAt } : {}),
		...(row.ending !== undefined ? { ending: row.ending } : {}),
		log: row.log,
		...(row.scores !== undefined ? { scores: row.scores } : {}),
		...(row.snapshot !== undefined ? { snapshot: row.snapshot } : {}),
		...(row.classroom !== undefined ? { classroom: row.classroom } : {}),
		...(row.seed !== undefined ? { seed: row.seed } : {}),
		notes: row.notes ?? '',
		typedReplies: row.typedReplies ?? typedRepliesIn(row.log)
	};
}

/** The reverse of toAttempt, for the writes that start from a domain value. */
export function toAttemptRow(attempt: Attempt): AttemptRow {
	return {
		...attempt,
		log: [...attempt.log],
		...(attempt.scores ? { scores: { ...attempt.scores } } : {}),
		typedReplies: typedRepliesIn(attempt.log)
	};
}
