// The fallback when IndexedDB cannot be used (private windows, blocked storage): the same contract, kept
// in this tab's memory. Values are cloned in and out, as IndexedDB does, so callers cannot tell the two apart.
import {
	toAttempt,
	toAttemptRow,
	toClass,
	toTrainee,
	type AttemptRow,
	type ClassRow,
	type TraineeRow,
	type TurnRow
} from './db';
import type { LogEntry } from '$lib/engine/compile';
import { summaryOf } from './attempt-summaries';
import {
	AttemptConflictError,
	MissingRecordError,
	appendEntries,
	cleanName,
	closeAsChanged,
	finishRow,
	newAttemptRow,
	newId,
	newestFirst,
	MERGED_SETTING,
	isMergedMap,
	withMerge,
	type EntryUpdate,
	type ProgressStore,
	type Settings,
	type StorageProblem,
	type StoreOptions
} from './store';

export function createMemoryStore(problem?: StorageProblem, options: StoreOptions = {}): ProgressStore {
	const now = options.now ?? Date.now;
	const trainees = new Map<string, TraineeRow>();
	const attempts = new Map<string, AttemptRow>();
	const turns = new Map<string, TurnRow>();
	const settings = new Map<string, unknown>();
	const classes = new Map<string, ClassRow>();
	const turnKey = (attemptId: string, index: number) => JSON.stringify([attemptId, index]);

	function mustGet(id: string): AttemptRow {
		const row = attempts.get(id);
		if (!row) throw new MissingRecordError('attempt', id);
		return row;
	}

	// Clone before storing: a value IndexedDB could not store (DataCloneError) fails here too, before any change.
	async function updateAttempt(id: string, change: (row: AttemptRow) => AttemptRow) {
		const next = structuredClone(change(mustGet(id)));
		attempts.set(id, next);
		return toAttempt(structuredClone(next));
	}

	async function recordEntries(attemptId: string, entries: readonly LogEntry[], update: EntryUpdate) {
		const row = mustGet(attemptId);
		const at = now();
		const keys = entries.map((_, i) => turnKey(attemptId, row.log.length + i));
		// Both values are built (and cloned) before either is stored: all or nothing, like the transaction.
		const next = structuredClone(appendEntries(row, entries, update, at));
		if (keys.some((key) => turns.has(key))) throw new AttemptConflictError(attemptId);
		const rows = structuredClone(
			entries.map((entry, i) => ({ attemptId, index: row.log.length + i, entry, at }))
		);
		rows.forEach((turn, i) => turns.set(keys[i]!, turn));
		attempts.set(attemptId, next);
		return toAttempt(structuredClone(next));
	}

	const sorted = (rows: AttemptRow[]) => structuredClone(rows).sort(newestFirst).map(toAttempt);
	const byTraineeAndScenario = (traineeId: string, scenarioId: string) =>
		[...attempts.values()].filter((row) => row.traineeId === traineeId && row.scenarioId === scenarioId);

	return {
		persistent: false,
		...(problem ? { problem } : {}),
		trainees: {
			async list() {
				return [...trainees.values()].sort((a, b) => a.createdAt - b.createdAt).map(toTrainee);
			},
			async get(id) {
				const row = trainees.get(id);
				return row && toTrainee(row);
			},
			async create(name) {
				const row = { id: newId(), name: cleanName(name), createdAt: now() };
				trainees.set(row.id, row);
				return toTrainee(row);
			},
			async rename(id, name) {
				const clean = cleanName(name);
				const row = trainees.get(id);
				if (!row) throw new MissingRecordError('trainee', id);
				const next = { ...row, name: clean, nameAt: now() };
				trainees.set(id, next);
				return toTrainee(next);
			},
			async remove(id) {
				for (const row of [...attempts.values()]) {
					if (row.traineeId !== id) continue;
					for (let i = 0; i < row.log.length; i++) turns.delete(turnKey(row.id, i));
					attempts.delete(row.id);
				}
				trainees.delete(id);
			},
			async merge(fromId, intoId) {
				const into = trainees.get(intoId);
				if (!trainees.has(fromId)) throw new MissingRecordError('trainee', fromId);
				if (!into || fromId === intoId) throw new MissingRecordError('trainee', intoId);
				for (const row of attempts.values()) if (row.traineeId === fromId) row.traineeId = intoId;
				const merged = settings.get(MERGED_SETTING);
				settings.set(MERGED_SETTING, withMerge(isMergedMap(merged) ? merged : {}, fromId, intoId));
				trainees.delete(fromId);
				return toTrainee(into);
			},
			async setClassOf(ids, classId) {
				if (classId !== undefined && !classes.has(classId)) throw new MissingRecordError('class', classId);
				const missing = ids.find((id) => !trainees.has(id));
				if (missing !== undefined) throw new MissingRecordError('trainee', missing);
				for (const id of ids) {
					const next: TraineeRow = { ...trainees.get(id)! };
					if (classId === undefined) delete next.classId;
					else next.classId = classId;
					trainees.set(id, next);
				}
			},
			async setClass(id, classId) {
				const row = trainees.get(id);
				if (!row) throw new MissingRecordError('trainee', id);
				if (classId !== undefined && !classes.has(classId)) throw new MissingRecordError('class', classId);
				const next: TraineeRow = { ...row };
				if (classId === undefined) delete next.classId;
				else next.classId = classId;
				trainees.set(id, next);
				return toTrainee(next);
			}
		},
		classes: {
			async list() {
				return [...classes.values()].sort((a, b) => a.createdAt - b.createdAt).map(toClass);
			},
			async create(name) {
				const row = { id: newId(), name: cleanName(name, 'class'), createdAt: now() };
				classes.set(row.id, row);
				return toClass(row);
			},
			async rename(id, name) {
				const clean = cleanName(name, 'class');
				const row = classes.get(id);
				if (!row) throw new MissingRecordError('class', id);
				const next = { ...row, name: clean };
				classes.set(id, next);
				return toClass(next);
			},
			async remove(id) {
				for (const row of [...trainees.values()]) {
					if (row.classId !== id) continue;
					const next: TraineeRow = { ...row };
					delete next.classId;
					trainees.set(row.id, next);
				}
				classes.delete(id);
			}
		},
		settings: {
			async get<K extends string>(key: K) {
				return structuredClone(settings.get(key)) as Settings[K] | undefined;
			},
			async set(key, value) {
				if (value === undefined) settings.delete(key);
				else settings.set(key, structuredClone(value));
			}
		},
		attempts: {
			async start(input, first) {
				const at = now();
				const closed = input.replaces ? closeAsChanged(mustGet(input.replaces), at) : undefined;
				const { row, turns: rows } = newAttemptRow(input, at, first);
				const stored = structuredClone({ row, rows });
				if (closed) attempts.set(closed.id, closed);
				attempts.set(row.id, stored.row);
				for (const turn of stored.rows) turns.set(turnKey(row.id, turn.index), turn);
				return toAttempt(structuredClone(row));
			},
			recordEntry(attemptId, entry, update) {
				return recordEntries(attemptId, [entry], update);
			},
			recordEntries,
			finish(attemptId, update) {
				return updateAttempt(attemptId, (row) => finishRow(row, update, now()));
			},
			setNotes(attemptId, notes) {
				return updateAttempt(attemptId, (row) => ({ ...row, notes, updatedAt: now() }));
			},
			async get(id) {
				const row = attempts.get(id);
				return row && toAttempt(structuredClone(row));
			},
			async listByTrainee(traineeId) {
				return sorted([...attempts.values()].filter((row) => row.traineeId === traineeId));
			},
			async listByScenario(traineeId, scenarioId) {
				return sorted(byTraineeAndScenario(traineeId, scenarioId));
			},
			async latestInProgress(traineeId, scenarioId) {
				return sorted(
					byTraineeAndScenario(traineeId, scenarioId).filter((row) => row.status === 'in-progress')
				)[0];
			},
			async existing(ids) {
				return new Set(ids.filter((id) => attempts.has(id)));
			},
			async listAll() {
				return structuredClone([...attempts.values()]).map(toAttempt);
			},
			async getMany(ids) {
				const rows = ids.map((id) => attempts.get(id)).filter((row) => row !== undefined);
				return structuredClone(rows).map(toAttempt);
			},
			async listSummaries() {
				// Worked out on each read: in memory there is no second table to keep in step.
				return structuredClone([...attempts.values()].map(summaryOf));
			},
			async remove(attemptId) {
				const row = attempts.get(attemptId);
				if (!row) return;
				for (let i = 0; i < row.log.length; i++) turns.delete(turnKey(row.id, i));
				attempts.delete(attemptId);
			}
		},
		async importBatch(batch) {
			const { signal, onProgress } = batch;
			const IMPORT_CHUNK = 1_000;
			signal?.throwIfAborted();
			const newTrainees = [...new Map(batch.trainees.map((t) => [t.id, t])).values()].filter(
				(t) => !trainees.has(t.id)
			);
			const newClasses = [...new Map((batch.classes ?? []).map((c) => [c.id, c])).values()].filter(
				(c) => !classes.has(c.id)
			);
			const unique = [...new Map(batch.attempts.map((a) => [a.id, a])).values()];
			const newAttempts = unique.filter((a) => !attempts.has(a.id));
			const rows = structuredClone(newAttempts.map(toAttemptRow));
			const updates = (batch.updates ?? []).filter(
				(u) => attempts.get(u.attempt.id)?.log.length === u.expectedLength
			);
			const updatedRows = structuredClone(updates.map((u) => toAttemptRow(u.attempt)));
			const renames = (batch.renames ?? []).filter((r) => {
				const row = trainees.get(r.id) ?? newTrainees.find((t) => t.id === r.id);
				return row && row.name !== r.name && (row.nameAt ?? row.createdAt) < r.nameAt;
			});
			// Progress and cancel as IndexedDB gives them, all before the first change: all or nothing.
			for (let start = 0; start < rows.length; start += IMPORT_CHUNK) {
				onProgress?.(Math.min(rows.length, start + IMPORT_CHUNK));
				signal?.throwIfAborted();
			}
			signal?.throwIfAborted();
			for (const { key, value } of batch.settings ?? [])
				if (!settings.has(key)) settings.set(key, structuredClone(value));
			if (batch.merged && Object.keys(batch.merged).length) {
				const stored = settings.get(MERGED_SETTING);
				settings.set(MERGED_SETTING, { ...batch.merged, ...(isMergedMap(stored) ? stored : {}) });
			}
			for (const c of newClasses) classes.set(c.id, toClass(c));
			for (const t of newTrainees) trainees.set(t.id, { ...t });
			for (const r of renames) trainees.set(r.id, { ...trainees.get(r.id)!, name: r.name, nameAt: r.nameAt });
			const store = (row: AttemptRow) => {
				const before = attempts.get(row.id);
				for (let i = 0; i < (before?.log.length ?? 0); i++) turns.delete(turnKey(row.id, i));
				attempts.set(row.id, row);
				row.log.forEach((entry, index) =>
					turns.set(turnKey(row.id, index), { attemptId: row.id, index, entry, at: row.updatedAt })
				);
			};
			rows.forEach(store);
			updatedRows.forEach(store);
			const updated = new Set(updatedRows.map((row) => row.id));
			return {
				imported: newAttempts.map((a) => a.id),
				skipped: [
					...unique.filter((a) => attempts.has(a.id) && !newAttempts.includes(a)).map((a) => a.id),
					...(batch.updates ?? []).map((u) => u.attempt.id).filter((id) => !updated.has(id))
				],
				traineesAdded: newTrainees.map((t) => t.id),
				updated: [...updated],
				renamed: renames.map((r) => r.id)
			};
		},
		close() {}
	};
}
