// The IndexedDB-backed store. Multi-table writes run in one Dexie transaction that awaits only Dexie:
// awaiting anything else would let IndexedDB commit the transaction half-way.
import Dexie from 'dexie';
import type { LogEntry } from '$lib/engine/compile';
import {
	toAttempt,
	toAttemptRow,
	type Attempt,
	toClass,
	toTrainee,
	type AttemptRow,
	type ProgressDatabase,
	type TraineeRow,
	type TurnRow
} from './db';
import type { AttemptSummaryRow } from './attempt-summaries';
import { moveOldOutbox, outboxOf, queueInTransaction } from './outbox';
import { PACK_ID, packSummaries, STALE_PREFIX, unpackSummaries, withChanges } from './summary-pack';
import {
	AttemptConflictError,
	AttemptFinishedError,
	MissingRecordError,
	appendEntries,
	cleanName,
	closeAsChanged,
	finishRow,
	newAttemptRow,
	newId,
	newestFirst,
	toStorageError,
	MERGED_SETTING,
	isMergedMap,
	withMerge,
	type AttemptUpdate,
	type EntryUpdate,
	type FinishUpdate,
	type ImportBatch,
	type TraineeRename,
	type ProgressStore,
	type Settings,
	type StoreOptions
} from './store';

/** Runs a write and turns a quota failure into StorageFullError; the failed transaction has rolled back. */
async function guarded<T>(write: () => Promise<T>): Promise<T> {
	try {
		return await write();
	} catch (error) {
		throw toStorageError(error);
	}
}

/** The cached attempt row is older than the stored one: the write is aborted and judged again on a fresh read. */
class StaleRowError extends Error {
	override readonly name = 'StaleRowError';
}

const namesOf = (error: unknown) => [(error as Error)?.name, (error as { inner?: Error })?.inner?.name];

export function createDexieStore(db: ProgressDatabase, options: StoreOptions = {}): ProgressStore {
	const now = options.now ?? Date.now;
	// The attempt rows this tab wrote last. A turn then needs no read before its write; another tab's turn
	// at the same index is still caught, by the turns table's unique key.
	const written = new Map<string, AttemptRow>();

	async function mustGet(id: string): Promise<AttemptRow> {
		const row = await db.attempts.get(id);
		if (!row) throw new MissingRecordError('attempt', id);
		return row;
	}

	function updateAttempt(id: string, change: (row: AttemptRow) => AttemptRow) {
		return guarded(() =>
			db.transaction('rw', db.attempts, async () => {
				const next = change(await mustGet(id));
				await db.attempts.put(next);
				written.set(id, next);
				return toAttempt(next);
			})
		);
	}

	const sorted = (rows: AttemptRow[]) => rows.sort(newestFirst).map(toAttempt);
	// Prefixes of the compound keys: version 4 keeps no single-field index for these.
	const byTrainee = (traineeId: string) =>
		db.attempts.where('[traineeId+scenarioId]').between([traineeId, Dexie.minKey], [traineeId, Dexie.maxKey]);
	const turnsOf = (attemptId: string) =>
		db.turns.where('[attemptId+index]').between([attemptId, Dexie.minKey], [attemptId, Dexie.maxKey]);

	async function recordEntries(
		attemptId: string,
		entries: readonly LogEntry[],
		update: EntryUpdate,
		fresh = false
	): Promise<Attempt> {
		const known = fresh ? undefined : written.get(attemptId);
		try {
			return await guarded(() =>
				db.transaction('rw', [db.attempts, db.turns, ...outboxTables(update)], async () => {
					const row = known ?? (await mustGet(attemptId));
					const at = now();
					const next = appendEntries(row, entries, update, at);
					// Every request goes out at once. The read checks what a cached row cannot know: that the attempt
					// is still stored. Removing a profile in another tab removes its attempts, and a put from the
					// cache would bring one back as an orphan; a failed check aborts the transaction, writes and all.
					// add, not put: a turn already at an index means another tab wrote first, and the transaction
					// fails rather than overwrite it.
					const check = known ? db.attempts.get(attemptId) : row;
					const writes = Promise.all([
						...entries.map((entry, i) => db.turns.add({ attemptId, index: row.log.length + i, entry, at })),
						db.attempts.put(next),
						queueStatements(next, row.log.length, update, at)
					]);
					const [stored] = await Promise.all([check, writes]);
					if (!stored) throw new MissingRecordError('attempt', attemptId);
					if (stored.updatedAt !== row.updatedAt || stored.status !== row.status) throw new StaleRowError();
					written.set(attemptId, next);
					return toAttempt(next);
				})
			);
		} catch (error) {
			written.delete(attemptId);
			// Gone with its profile, or on its own: the banner says which.
			if (error instanceof MissingRecordError && known && !(await db.trainees.get(known.traineeId)))
				throw new MissingRecordError('trainee', known.traineeId);
			if (!known) throw error;
			// The cached row was behind the store: another tab wrote, finished the attempt or took this turn's
			// index. The write is judged again on a fresh read, which says which (finished, or a conflict).
			const collided = namesOf(error).includes('ConstraintError');
			const stale =
				error instanceof StaleRowError ||
				error instanceof AttemptConflictError ||
				error instanceof AttemptFinishedError;
			if (stale || (collided && update.expectedLength !== undefined))
				return recordEntries(attemptId, entries, update, true);
			if (collided) throw new AttemptConflictError(attemptId);
			throw error;
		}
	}

	/** Changed attempts a read of all summaries looks up beside the pack, at least; beyond a quarter of it, it reads the rows. */
	const LOOK_UP_AT_MOST = 100;
	/** The pack made anew from `rows`, its markers gone; within listSummaries' transaction. */
	async function repack(rows: readonly AttemptSummaryRow[]) {
		await db.summaryPack.clear();
		if (rows.length > 0) await db.summaryPack.put(packSummaries(rows));
	}

	const outboxTables = (update: EntryUpdate | undefined) =>
		update?.outbox ? [db.outbox, db.outboxQueued] : [];
	/** A class trainee's save queues the statements it reports, in its own transaction (issue 11). */
	function queueStatements(next: AttemptRow, from: number, update: EntryUpdate | undefined, at: number) {
		if (!update?.outbox) return undefined;
		const attempt = toAttempt(next);
		return queueInTransaction(db, next.id, next.log.length, update.outbox(attempt, from), at);
	}

	/** A backup's settings and merges, where this device has none. Inside importBatch's transaction. */
	async function addSettings({ settings = [], merged }: ImportBatch) {
		const known = await db.settings.bulkGet(settings.map((s) => s.key));
		await db.settings.bulkAdd(settings.filter((_, i) => !known[i]).map((s) => ({ ...s })));
		if (!merged || !Object.keys(merged).length) return;
		const stored = (await db.settings.get(MERGED_SETTING))?.value;
		await db.settings.put({
			key: MERGED_SETTING,
			value: { ...merged, ...(isMergedMap(stored) ? stored : {}) }
		});
	}

	/** Renames from newer files; a name set later than the file was exported stays. Inside importBatch's transaction. */
	async function applyRenames(renames: readonly TraineeRename[]) {
		const rows = await db.trainees.bulkGet(renames.map((r) => r.id));
		const next = renames.flatMap((r, i) => {
			const row = rows[i];
			if (!row || row.name === r.name || (row.nameAt ?? row.createdAt) >= r.nameAt) return [];
			return [{ ...row, name: r.name, nameAt: r.nameAt }];
		});
		await db.trainees.bulkPut(next);
		return next.map((row) => row.id);
	}

	/**
	 * Replaces attempts whose stored log is still the one the import checked; one that changed since is left
	 * alone and counted as skipped. Inside importBatch's transaction.
	 */
	async function applyUpdates(updates: readonly AttemptUpdate[], turnRowsOf: (a: Attempt) => TurnRow[]) {
		const rows = await db.attempts.bulkGet(updates.map((u) => u.attempt.id));
		const fresh = updates.filter((u, i) => rows[i]?.log.length === u.expectedLength);
		for (const { attempt } of fresh) {
			await turnsOf(attempt.id).delete();
			written.delete(attempt.id);
		}
		await db.attempts.bulkPut(fresh.map((u) => toAttemptRow(u.attempt)));
		await db.turns.bulkAdd(fresh.flatMap((u) => turnRowsOf(u.attempt)));
		const done = new Set(fresh.map((u) => u.attempt.id));
		return {
			updated: [...done],
			stale: updates.map((u) => u.attempt.id).filter((id) => !done.has(id))
		};
	}

	return {
		persistent: true,
		outbox: { ...outboxOf(db, now), moveOld: () => moveOldOutbox(db) },
		trainees: {
			async list() {
				return (await db.trainees.orderBy('createdAt').toArray()).map(toTrainee);
			},
			async get(id) {
				const row = await db.trainees.get(id);
				return row && toTrainee(row);
			},
			async create(name) {
				const row = { id: newId(), name: cleanName(name), createdAt: now() };
				return guarded(async () => {
					await db.trainees.add(row);
					return toTrainee(row);
				});
			},
			async rename(id, name) {
				const clean = cleanName(name);
				return guarded(() =>
					db.transaction('rw', db.trainees, async () => {
						const row = await db.trainees.get(id);
						if (!row) throw new MissingRecordError('trainee', id);
						const next = { ...row, name: clean, nameAt: now() };
						await db.trainees.put(next);
						return toTrainee(next);
					})
				);
			},
			remove(id) {
				return guarded(() =>
					db.transaction('rw', db.trainees, db.attempts, db.turns, async () => {
						const attemptIds = (await byTrainee(id).primaryKeys()) as string[];
						for (const attemptId of attemptIds) await turnsOf(attemptId).delete();
						await db.attempts.bulkDelete(attemptIds);
						await db.trainees.delete(id);
						for (const attemptId of attemptIds) written.delete(attemptId);
					})
				);
			},
			merge(fromId, intoId) {
				return guarded(() =>
					db.transaction('rw', db.trainees, db.attempts, db.settings, async () => {
						const [from, into] = await db.trainees.bulkGet([fromId, intoId]);
						if (!from) throw new MissingRecordError('trainee', fromId);
						if (!into || fromId === intoId) throw new MissingRecordError('trainee', intoId);
						await byTrainee(fromId).modify((row) => {
							row.traineeId = intoId;
						});
						const merged = (await db.settings.get(MERGED_SETTING))?.value;
						const value = withMerge(isMergedMap(merged) ? merged : {}, fromId, intoId);
						await db.settings.put({ key: MERGED_SETTING, value });
						await db.trainees.delete(fromId);
						// The cached rows name the old trainee.
						for (const [id, row] of written) if (row.traineeId === fromId) written.delete(id);
						return toTrainee(into);
					})
				);
			},
			setClassOf(ids, classId) {
				return guarded(() =>
					db.transaction('rw', db.trainees, db.classes, async () => {
						if (classId !== undefined && !(await db.classes.get(classId)))
							throw new MissingRecordError('class', classId);
						const rows = await db.trainees.bulkGet([...ids]);
						const next = rows.map((row, i) => {
							if (!row) throw new MissingRecordError('trainee', ids[i]!);
							const changed: TraineeRow = { ...row };
							if (classId === undefined) delete changed.classId;
							else changed.classId = classId;
							return changed;
						});
						await db.trainees.bulkPut(next);
					})
				);
			},
			setClass(id, classId) {
				return guarded(() =>
					db.transaction('rw', db.trainees, db.classes, async () => {
						const row = await db.trainees.get(id);
						if (!row) throw new MissingRecordError('trainee', id);
						if (classId !== undefined && !(await db.classes.get(classId)))
							throw new MissingRecordError('class', classId);
						const next: TraineeRow = { ...row };
						if (classId === undefined) delete next.classId;
						else next.classId = classId;
						await db.trainees.put(next);
						return toTrainee(next);
					})
				);
			}
		},
		classes: {
			async list() {
				return (await db.classes.orderBy('createdAt').toArray()).map(toClass);
			},
			async create(name) {
				const row = { id: newId(), name: cleanName(name, 'class'), createdAt: now() };
				return guarded(async () => {
					await db.classes.add(row);
					return toClass(row);
				});
			},
			async rename(id, name) {
				const clean = cleanName(name, 'class');
				return guarded(() =>
					db.transaction('rw', db.classes, async () => {
						const row = await db.classes.get(id);
						if (!row) throw new MissingRecordError('class', id);
						const next = { ...row, name: clean };
						await db.classes.put(next);
						return toClass(next);
					})
				);
			},
			remove(id) {
				return guarded(() =>
					db.transaction('rw', db.classes, db.trainees, async () => {
						// The trainees stay, in no class: modify() with delete drops the key, and the index entry with it.
						await db.trainees
							.where('classId')
							.equals(id)
							.modify((row) => {
								delete row.classId;
							});
						await db.classes.delete(id);
					})
				);
			}
		},
		settings: {
			async get<K extends string>(key: K) {
				return (await db.settings.get(key))?.value as Settings[K] | undefined;
			},
			set(key, value) {
				return guarded(async () => {
					if (value === undefined) await db.settings.delete(key);
					else await db.settings.put({ key, value });
				});
			}
		},
		attempts: {
			async start(input, first) {
				const at = now();
				const { row, turns } = newAttemptRow(input, at, first);
				return guarded(async () => {
					const tables = [db.attempts, db.turns, ...outboxTables(first?.update)];
					const closed = await db.transaction('rw', tables, async () => {
						// The requests go out at once, as in recordEntries; a fresh attempt mostly has one turn.
						const check = input.replaces ? db.attempts.get(input.replaces) : undefined;
						const writes = Promise.all([
							db.attempts.add(row),
							...turns.map((turn) => db.turns.add(turn)),
							queueStatements(row, 0, first?.update, at)
						]);
						const [replaced] = await Promise.all([check, writes]);
						if (!input.replaces) return undefined;
						if (!replaced) throw new MissingRecordError('attempt', input.replaces);
						const next = closeAsChanged(replaced, at);
						await db.attempts.put(next);
						return next;
					});
					written.set(row.id, row);
					if (closed) written.set(closed.id, closed);
					return toAttempt(row);
				});
			},
			recordEntry(attemptId: string, entry: LogEntry, update: EntryUpdate) {
				return recordEntries(attemptId, [entry], update);
			},
			recordEntries(attemptId, entries, update) {
				return recordEntries(attemptId, entries, update);
			},
			finish(attemptId: string, update: FinishUpdate) {
				return updateAttempt(attemptId, (row) => finishRow(row, update, now()));
			},
			setNotes(attemptId, notes) {
				return updateAttempt(attemptId, (row) => ({ ...row, notes, updatedAt: now() }));
			},
			async get(id) {
				const row = await db.attempts.get(id);
				return row && toAttempt(row);
			},
			async listByTrainee(traineeId) {
				return sorted(await byTrainee(traineeId).toArray());
			},
			async listByScenario(traineeId, scenarioId) {
				return sorted(
					await db.attempts.where('[traineeId+scenarioId]').equals([traineeId, scenarioId]).toArray()
				);
			},
			async latestInProgress(traineeId, scenarioId) {
				const rows = await db.attempts
					.where('[traineeId+scenarioId]')
					.equals([traineeId, scenarioId])
					.filter((row) => row.status === 'in-progress')
					.toArray();
				return sorted(rows)[0];
			},
			async existing(ids) {
				const keys = await db.attempts
					.where('id')
					.anyOf([...ids])
					.primaryKeys();
				return new Set(keys as string[]);
			},
			async listAll() {
				return (await db.attempts.toArray()).map(toAttempt);
			},
			async getMany(ids) {
				const rows = await db.attempts.bulkGet([...ids]);
				return rows.filter((row) => row !== undefined).map(toAttempt);
			},
			async listSummaries() {
				// The rows are already the summaries' domain shape (attempt-summaries.ts writes them so). Read from
				// the pack and the rows of the attempts written since (their markers), when there is one; else from the
				// rows, packed again. All in one transaction, so no attempt write can slip in between.
				try {
					return await db.transaction('rw', db.summaries, db.summaryPack, async () => {
						const packed = unpackSummaries(await db.summaryPack.get(PACK_ID));
						const markers = await db.summaryPack.where('id').startsWith(STALE_PREFIX).primaryKeys();
						// A few changed attempts are looked up and packed in; many mean reading the rows whole.
						if (packed && markers.length <= Math.max(LOOK_UP_AT_MOST, packed.length / 4)) {
							if (!markers.length) return packed;
							const ids = markers.map((key) => key.slice(STALE_PREFIX.length));
							const rows = await db.summaries.bulkGet(ids);
							const current = withChanges(packed, new Map(ids.map((id, i) => [id, rows[i]])));
							// Packed again at once: the next read, the dashboard's after the roster's, is the pack alone.
							await repack(current);
							return current;
						}
						const rows = await db.summaries.toArray();
						await repack(rows);
						return rows;
					});
				} catch {
					// The pack could not be written (a full disk): the rows themselves, as before there was one.
					return db.summaries.toArray();
				}
			},
			remove(attemptId) {
				return guarded(() =>
					db.transaction('rw', db.attempts, db.turns, async () => {
						await turnsOf(attemptId).delete();
						await db.attempts.delete(attemptId);
						written.delete(attemptId);
					})
				);
			}
		},
		importBatch(batch: ImportBatch) {
			const { signal, onProgress } = batch;
			// Each bulk write clones its rows on the page in one task: 250 keeps that well under the 500 ms a
			// trainer would feel as a freeze, on a slow machine too (500 took 214 ms with both cores busy).
			const IMPORT_CHUNK = 250;
			return guarded(() =>
				db.transaction('rw', [db.trainees, db.attempts, db.turns, db.classes, db.settings], async () => {
					signal?.throwIfAborted();
					await addSettings(batch);
					const trainees = [...new Map(batch.trainees.map((t) => [t.id, t])).values()];
					const attempts = [...new Map(batch.attempts.map((a) => [a.id, a])).values()];
					const classes = [...new Map((batch.classes ?? []).map((c) => [c.id, c])).values()];
					const knownClasses = await db.classes.bulkGet(classes.map((c) => c.id));
					await db.classes.bulkAdd(classes.filter((_, i) => !knownClasses[i]).map(toClass));
					const knownTrainees = await db.trainees.bulkGet(trainees.map((t) => t.id));
					// Read in chunks too: one bulkGet of tens of thousands of keys is one long task on the page.
					const knownAttempts: unknown[] = [];
					for (let start = 0; start < attempts.length; start += IMPORT_CHUNK) {
						const ids = attempts.slice(start, start + IMPORT_CHUNK).map((a) => a.id);
						knownAttempts.push(...(await db.attempts.bulkGet(ids)));
						signal?.throwIfAborted();
					}
					const newTrainees = trainees.filter((_, i) => !knownTrainees[i]);
					const newAttempts = attempts.filter((_, i) => !knownAttempts[i]);
					// The file keeps no time per turn; the attempt's last change is the best one known.
					const turnRowsOf = (a: Attempt): TurnRow[] =>
						a.log.map((entry, index) => ({ attemptId: a.id, index, entry, at: a.updatedAt }));
					// The spread keeps `source`: the mark of a trainee the instructor's import brought in.
					await db.trainees.bulkAdd(newTrainees.map((t) => ({ ...t })));
					const renamed = await applyRenames(batch.renames ?? []);
					// In chunks, so a long write can say how far it got; a cancel between them throws, and the
					// transaction rolls everything back.
					for (let start = 0; start < newAttempts.length; start += IMPORT_CHUNK) {
						const chunk = newAttempts.slice(start, start + IMPORT_CHUNK);
						await db.attempts.bulkAdd(chunk.map(toAttemptRow));
						await db.turns.bulkAdd(chunk.flatMap(turnRowsOf));
						onProgress?.(start + chunk.length);
						signal?.throwIfAborted();
					}
					const { updated, stale } = await applyUpdates(batch.updates ?? [], turnRowsOf);
					signal?.throwIfAborted();
					return {
						imported: newAttempts.map((a) => a.id),
						skipped: [...attempts.filter((_, i) => knownAttempts[i]).map((a) => a.id), ...stale],
						traineesAdded: newTrainees.map((t) => t.id),
						updated,
						renamed
					};
				})
			);
		},
		close() {
			db.close();
		}
	};
}
