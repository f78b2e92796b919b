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
	type EntryUpdate,
	type FinishUpdate,
	type ImportBatch,
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
				db.transaction('rw', db.attempts, db.turns, async () => {
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
						db.attempts.put(next)
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

	return {
		persistent: true,
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
						const next = { ...row, name: clean };
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
					const closed = await db.transaction('rw', db.attempts, db.turns, async () => {
						// The requests go out at once, as in recordEntries; a fresh attempt mostly has one turn.
						const check = input.replaces ? db.attempts.get(input.replaces) : undefined;
						const writes = Promise.all([db.attempts.add(row), ...turns.map((turn) => db.turns.add(turn))]);
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
			const IMPORT_CHUNK = 1_000;
			return guarded(() =>
				db.transaction('rw', db.trainees, db.attempts, db.turns, async () => {
					signal?.throwIfAborted();
					const trainees = [...new Map(batch.trainees.map((t) => [t.id, t])).values()];
					const attempts = [...new Map(batch.attempts.map((a) => [a.id, a])).values()];
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
					const turnsOf = (a: (typeof newAttempts)[number]): TurnRow[] =>
						a.log.map((entry, index) => ({ attemptId: a.id, index, entry, at: a.updatedAt }));
					// The spread keeps `source`: the mark of a trainee the instructor's import brought in.
					await db.trainees.bulkAdd(newTrainees.map((t) => ({ ...t })));
					// In chunks, so a long write can say how far it got; a cancel between them throws, and the
					// transaction rolls everything back.
					for (let start = 0; start < newAttempts.length; start += IMPORT_CHUNK) {
						const chunk = newAttempts.slice(start, start + IMPORT_CHUNK);
						await db.attempts.bulkAdd(chunk.map(toAttemptRow));
						await db.turns.bulkAdd(chunk.flatMap(turnsOf));
						onProgress?.(start + chunk.length);
						signal?.throwIfAborted();
					}
					return {
						imported: newAttempts.map((a) => a.id),
						skipped: attempts.filter((_, i) => knownAttempts[i]).map((a) => a.id),
						traineesAdded: newTrainees.map((t) => t.id)
					};
				})
			);
		},
		close() {
			db.close();
		}
	};
}
