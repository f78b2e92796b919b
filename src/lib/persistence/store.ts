// The store's contract and the rules both implementations (IndexedDB, in-memory) share.
import type { LogEntry } from '$lib/engine/compile';
import type { Attempt, AttemptMode, AttemptRow, AttemptStatus, Trainee, TraineeClass, TurnRow } from './db';

/** Known settings keep their types; any other key holds `unknown`. */
export interface Settings {
	activeTrainee: string;
	[key: string]: unknown;
}

export interface StartAttempt {
	traineeId: string;
	scenarioId: string;
	contentVersion: number;
	mode: AttemptMode;
	classroom?: boolean;
	/** The seed the trainee's reply order came from. */
	seed?: number;
}

/** What changes with each choice; fields left out keep their stored value. */
export interface EntryUpdate {
	/** The log length the writer last saw; another tab that wrote in between makes this write fail. */
	expectedLength?: number;
	snapshot?: unknown;
	status?: AttemptStatus;
	ending?: string;
	scores?: Record<string, number>;
}

export interface FinishUpdate {
	ending: string;
	scores?: Record<string, number>;
	snapshot?: unknown;
}

export interface ImportBatch {
	trainees: readonly Trainee[];
	attempts: readonly Attempt[];
}

export interface ImportOutcome {
	/** Attempt ids written. */
	imported: string[];
	/** Attempt ids already stored, left as they were. */
	skipped: string[];
	/** Trainee ids that were missing and were added. */
	traineesAdded: string[];
}

/** Why progress is not being saved to disk, for the banner. */
export interface StorageProblem {
	reason: 'unavailable' | 'newer-version' | 'failed';
	message: string;
	cause?: unknown;
}

export interface ProgressStore {
	/** False when progress lives only in this tab's memory. */
	readonly persistent: boolean;
	readonly problem?: StorageProblem;
	readonly trainees: {
		list(): Promise<Trainee[]>;
		get(id: string): Promise<Trainee | undefined>;
		create(name: string): Promise<Trainee>;
		rename(id: string, name: string): Promise<Trainee>;
		/** Removes the trainee with every attempt and turn of theirs. */
		remove(id: string): Promise<void>;
		/** Puts the trainee in a class, or in none with `undefined`. */
		setClass(id: string, classId: string | undefined): Promise<Trainee>;
		/** The same for many trainees in one transaction: all of them or none. */
		setClassOf(ids: readonly string[], classId: string | undefined): Promise<void>;
	};
	/** The instructor's classes (groups) of trainees on this device. */
	readonly classes: {
		/** Oldest first. */
		list(): Promise<TraineeClass[]>;
		create(name: string): Promise<TraineeClass>;
		rename(id: string, name: string): Promise<TraineeClass>;
		/** Removes the class; its trainees and their attempts stay, in no class. */
		remove(id: string): Promise<void>;
	};
	readonly settings: {
		get<K extends string>(key: K): Promise<Settings[K] | undefined>;
		/** `undefined` removes the setting. */
		set<K extends string>(key: K, value: Settings[K] | undefined): Promise<void>;
	};
	readonly attempts: {
		/**
		 * Creates an attempt. With `first`, its first log entries (the last one with `update`) are written with it,
		 * in the same transaction: an attempt is never stored without the choice that started it.
		 */
		start(input: StartAttempt, first?: FirstEntries): Promise<Attempt>;
		/** Appends one log entry: the turn row and the attempt are written together or not at all. */
		recordEntry(attemptId: string, entry: LogEntry, update: EntryUpdate): Promise<Attempt>;
		finish(attemptId: string, update: FinishUpdate): Promise<Attempt>;
		setNotes(attemptId: string, notes: string): Promise<Attempt>;
		get(id: string): Promise<Attempt | undefined>;
		/** Newest first (by updatedAt), here and in every list below. */
		listByTrainee(traineeId: string): Promise<Attempt[]>;
		listByScenario(traineeId: string, scenarioId: string): Promise<Attempt[]>;
		latestInProgress(traineeId: string, scenarioId: string): Promise<Attempt | undefined>;
		/** Every attempt of every trainee, in no particular order: the instructor's dashboard sorts its own. */
		listAll(): Promise<Attempt[]>;
		/** Which of these attempt ids are stored, in one read. */
		existing(ids: readonly string[]): Promise<Set<string>>;
	};
	/** Adds, in one transaction, the trainees and attempts whose ids are not stored yet. */
	importBatch(batch: ImportBatch): Promise<ImportOutcome>;
	close(): void;
}

export interface StoreOptions {
	/** The clock; tests pass one to make times predictable. */
	now?: () => number;
}

/** The device has no room left. Thrown after the failed write rolled back, so nothing earlier is lost. */
export class StorageFullError extends Error {
	override readonly name = 'StorageFullError';
	constructor(cause?: unknown) {
		super(
			'Your browser has run out of storage space, so this step was not saved (everything saved before is ' +
				'still there). Export your progress to a file now, then free some disk space or clear data of ' +
				'other sites, and try again.',
			{ cause }
		);
	}
}

/** The attempt moved on in another tab: this tab's view is stale, and its write was refused. */
export class AttemptConflictError extends Error {
	override readonly name = 'AttemptConflictError';
	constructor(id: string) {
		super(`Attempt "${id}" was continued in another tab. Reload this page to carry on from there.`);
	}
}

/**
 * An id that names no stored record: a bug in the caller, or a record removed in another tab.
 * Not called NotFoundError: Dexie would take that for IndexedDB's own error and wrap it.
 */
export class MissingRecordError extends Error {
	override readonly name = 'MissingRecordError';
	constructor(what: string, id: string) {
		super(`No ${what} with id "${id}" is stored; it may have been removed in another tab. Reload the page.`);
	}
}

const QUOTA_NAMES = new Set(['QuotaExceededError', 'NS_ERROR_DOM_QUOTA_REACHED']);

/** Finds a quota error however Dexie wrapped it: as its own QuotaExceededError, an AbortError's inner, or a bulk failure. */
export function isQuotaError(error: unknown, depth = 0): boolean {
	if (!error || typeof error !== 'object' || depth > 5) return false;
	const e = error as { name?: unknown; code?: unknown; inner?: unknown; cause?: unknown; failures?: unknown };
	if (typeof e.name === 'string' && QUOTA_NAMES.has(e.name)) return true;
	if (e.name === 'DOMException' && e.code === 22) return true;
	const failures = Array.isArray(e.failures) ? e.failures : [];
	return [e.inner, e.cause, ...failures].some((inner) => isQuotaError(inner, depth + 1));
}

export function toStorageError(error: unknown): unknown {
	return isQuotaError(error) ? new StorageFullError(error) : error;
}

export const NAME_MAX = 200;

export function cleanName(name: string, what = 'trainee'): string {
	const trimmed = name.trim();
	if (!trimmed || trimmed.length > NAME_MAX)
		throw new RangeError(`A ${what} name needs 1 to ${NAME_MAX} characters.`);
	return trimmed;
}

/** crypto.randomUUID needs a secure context; plain http on a LAN (a classroom) has only getRandomValues. */
export function newId(): string {
	if (typeof crypto.randomUUID === 'function') return crypto.randomUUID();
	const bytes = crypto.getRandomValues(new Uint8Array(16));
	bytes[6] = (bytes[6]! & 0x0f) | 0x40;
	bytes[8] = (bytes[8]! & 0x3f) | 0x80;
	const hex = [...bytes].map((b) => b.toString(16).padStart(2, '0')).join('');
	return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

// Row changes, shared so both stores follow the same rules.

export interface FirstEntries {
	entries: readonly LogEntry[];
	update: EntryUpdate;
}

/** A new attempt row with its first entries, and the turn rows that go with them. */
export function newAttemptRow(input: StartAttempt, at: number, first?: FirstEntries) {
	let row = emptyAttemptRow(input, at);
	const entries = first?.entries ?? [];
	entries.forEach((entry, i) => {
		row = appendEntry(row, entry, i === entries.length - 1 ? first!.update : {}, at);
	});
	const turns: TurnRow[] = entries.map((entry, index) => ({ attemptId: row.id, index, entry, at }));
	return { row, turns };
}

function emptyAttemptRow(input: StartAttempt, at: number): AttemptRow {
	return {
		id: newId(),
		traineeId: input.traineeId,
		scenarioId: input.scenarioId,
		contentVersion: input.contentVersion,
		mode: input.mode,
		status: 'in-progress',
		startedAt: at,
		updatedAt: at,
		log: [],
		...(input.classroom !== undefined ? { classroom: input.classroom } : {}),
		...(input.seed !== undefined ? { seed: input.seed } : {}),
		notes: ''
	};
}

function assertOpen(row: AttemptRow) {
	// The machine takes no event once it reaches an ending, so an entry after it is a bug upstream.
	if (row.status === 'finished')
		throw new Error(`Attempt "${row.id}" is finished; start a new attempt instead.`);
}

export function appendEntry(row: AttemptRow, entry: LogEntry, update: EntryUpdate, at: number): AttemptRow {
	assertOpen(row);
	if (update.expectedLength !== undefined && update.expectedLength !== row.log.length)
		throw new AttemptConflictError(row.id);
	const status = update.status ?? row.status;
	const next: AttemptRow = { ...row, log: [...row.log, entry], status, updatedAt: at };
	if (update.snapshot !== undefined) next.snapshot = update.snapshot;
	if (update.ending !== undefined) next.ending = update.ending;
	if (update.scores !== undefined) next.scores = update.scores;
	if (status === 'finished') next.finishedAt = at;
	return next;
}

export function finishRow(row: AttemptRow, update: FinishUpdate, at: number): AttemptRow {
	assertOpen(row);
	const next: AttemptRow = {
		...row,
		status: 'finished',
		ending: update.ending,
		updatedAt: at,
		finishedAt: at
	};
	if (update.scores !== undefined) next.scores = update.scores;
	if (update.snapshot !== undefined) next.snapshot = update.snapshot;
	return next;
}

export function newestFirst(a: AttemptRow, b: AttemptRow): number {
	return b.updatedAt - a.updatedAt || b.startedAt - a.startedAt || (a.id < b.id ? 1 : a.id > b.id ? -1 : 0);
}
