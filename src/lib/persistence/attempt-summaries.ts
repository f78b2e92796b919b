// One small row per attempt, beside the attempt itself: what the instructor's dashboard reads, so that tens of
// thousands of attempts load without their logs and snapshots (version 7 of the schema).
// A DBCore middleware keeps the rows in step: every write of an attempt row, whoever makes it and however
// (put, add, bulk, modify, delete), writes or deletes its summary in the same IndexedDB transaction. Code that
// writes attempts cannot forget it, and an import that rolls back takes its summaries with it.
import type {
	DBCore,
	DBCoreKeyRange,
	DBCoreMutateRequest,
	DBCoreMutateResponse,
	DBCoreTransaction,
	Middleware
} from 'dexie';
import type { AttemptRow } from './db';
import { staleKey, SUMMARY_PACK } from './summary-pack';

/**
 * The attempt row without its log, snapshot, seed, notes and updatedAt: derived from AttemptRow, so a field changed there
 * changes here. `finishedAt` is set for every finished attempt; an old row without one gives its last change.
 * `scores` is the attempt row's cache, copied: the one scoring path made them, on saving or on import.
 */
export type AttemptSummaryRow = Pick<
	AttemptRow,
	| 'id'
	| 'traineeId'
	| 'scenarioId'
	| 'contentVersion'
	| 'mode'
	| 'status'
	| 'startedAt'
	| 'finishedAt'
	| 'ending'
	| 'scores'
	| 'classroom'
	| 'typedReplies'
>;

/** What the app sees: the same fields, read-only. */
export type AttemptSummary = Readonly<Omit<AttemptSummaryRow, 'scores'>> & {
	readonly scores?: Readonly<Record<string, number>>;
};

/** The summary of an attempt row; absent optional fields stay absent, never `undefined`. */
export function summaryOf(row: AttemptRow): AttemptSummaryRow {
	const finishedAt = row.finishedAt ?? (row.status === 'finished' ? row.updatedAt : undefined);
	return {
		id: row.id,
		traineeId: row.traineeId,
		scenarioId: row.scenarioId,
		contentVersion: row.contentVersion,
		mode: row.mode,
		status: row.status,
		startedAt: row.startedAt,
		...(finishedAt !== undefined ? { finishedAt } : {}),
		...(row.ending !== undefined ? { ending: row.ending } : {}),
		...(row.scores !== undefined ? { scores: row.scores } : {}),
		...(row.classroom !== undefined ? { classroom: row.classroom } : {}),
		...(row.typedReplies !== undefined ? { typedReplies: row.typedReplies } : {})
	};
}

export const SUMMARIES = 'summaries';
const ATTEMPTS = 'attempts';

/** Dexie's IndexedDB core hands the IDBTransaction itself down as the DBCore transaction. */
const hasStore = (trans: DBCoreTransaction, name: string) =>
	(trans as unknown as IDBTransaction).objectStoreNames?.contains(name) ?? false;

function followAttempts(
	req: DBCoreMutateRequest,
	result: DBCoreMutateResponse
): DBCoreMutateRequest | undefined {
	switch (req.type) {
		case 'add':
		case 'put': {
			// A bulk write with failures (a duplicate id) wrote only the others.
			const values = (req.values as AttemptRow[]).filter((_, i) => !result.failures[i]);
			return values.length ? { type: 'put', trans: req.trans, values: values.map(summaryOf) } : undefined;
		}
		case 'delete':
			return { type: 'delete', trans: req.trans, keys: req.keys };
		case 'deleteRange':
			// The same primary keys: a range of attempt ids is the same range of summary ids.
			return { type: 'deleteRange', trans: req.trans, range: req.range };
	}
}

/** The pack's markers for what `req` writes; a range (a clear) drops the pack and every marker. */
function markStale(req: DBCoreMutateRequest): DBCoreMutateRequest {
	switch (req.type) {
		case 'add':
		case 'put':
			// A bulk add whose row failed (a duplicate id) marks it anyway: its row is read, unchanged.
			return {
				type: 'put',
				trans: req.trans,
				values: (req.values as AttemptRow[]).map((v) => ({ id: staleKey(v.id) }))
			};
		case 'delete':
			return {
				type: 'put',
				trans: req.trans,
				values: (req.keys as string[]).map((id) => ({ id: staleKey(id) }))
			};
		case 'deleteRange':
			return { type: 'deleteRange', trans: req.trans, range: ALL };
	}
}
/** Dexie's own "any key" range (DBCoreRangeType.Any, a const enum), which its core runs as a clear. */
const ALL = { type: 3, lower: -Infinity, lowerOpen: false, upper: [[]], upperOpen: false } as DBCoreKeyRange;

export const attemptSummaries: Middleware<DBCore> = {
	stack: 'dbcore',
	name: 'attempt-summaries',
	create(down) {
		const exists = (name: string) => down.schema.tables.some((t) => t.name === name);
		return {
			...down,
			// A write transaction on attempts always spans summaries and their pack too, even when its code names
			// only attempts.
			transaction(stores, mode, options) {
				if (mode !== 'readwrite' || !stores.includes(ATTEMPTS))
					return down.transaction(stores, mode, options);
				const more = [SUMMARIES, SUMMARY_PACK].filter((name) => !stores.includes(name) && exists(name));
				return down.transaction([...stores, ...more], mode, options);
			},
			table(name) {
				const table = down.table(name);
				if (name !== ATTEMPTS) return table;
				return {
					...table,
					mutate(req) {
						const written = table.mutate(req);
						// The pack is a copy of the summaries: a write here leaves a marker for each attempt it touches, which
						// the next read of the pack looks up in the rows. Asked for beside the write, not after it, so a save
						// takes no extra round trip (a reload right after a click must not catch the transaction unfinished).
						const markPack = hasStore(req.trans, SUMMARY_PACK)
							? down.table(SUMMARY_PACK).mutate(markStale(req))
							: undefined;
						return Promise.all([written, markPack]).then(([result]) => {
							// An upgrade from before version 7 runs without the table; version 7's own step fills it.
							if (!hasStore(req.trans, SUMMARIES)) return result;
							const follow = followAttempts(req, result);
							return follow
								? down
										.table(SUMMARIES)
										.mutate(follow)
										.then(() => result)
								: result;
						});
					}
				};
			}
		};
	}
};
