// The store's contract and the rules both implementations (IndexedDB, in-memory) share.
import type { LogEntry } from '$lib/engine/compile';
import type { Attempt, AttemptMode, AttemptRow, AttemptStatus, Trainee, TraineeClass, TurnRow } from './db';
import type { AttemptSummary } from './attempt-summaries';
import type { Outbox, OutboxStatements } from './outbox';
import { AttemptConflictError, AttemptFinishedError } from './errors';

// The errors live apart so a page can import them without the store's code; here for the store's own users.
export {
	AttemptConflictError,
	AttemptFinishedError,
	MissingRecordError,
	StorageFullError,
	isQuotaError,
	toStorageError
} from './errors';
// In the summary's module, which the library loads without the store.
export { closedAsChanged } from './summary';

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
	/**
	 * An attempt made on older content that could not be replayed in full: it is closed (finished, with no
	 * ending) in the same transaction, so it is replayed into one copy and never into more.
	 */
	replaces?: string;
}

/** What changes with each choice; fields left out keep their stored value. */
export interface EntryUpdate {
	/** The log length the writer last saw; another tab that wrote in between makes this write fail. */
	expectedLength?: number;
	/** The content version the log was just played on: a changed attempt that replayed in full moves to it. */
	contentVersion?: number;
	snapshot?: unknown;
	status?: AttemptStatus;
	ending?: string;
	scores?: Record<string, number>;
	/** A class trainee's save: the statements it reports, queued in the outbox in the same transaction. */
	outbox?: OutboxStatements;
}

export interface FinishUpdate {
	ending: string;
	scores?: Record<string, number>;
	snapshot?: unknown;
}

/** A stored attempt an import replaces with a longer log of the same attempt (the file is newer). */
export interface AttemptUpdate {
	attempt: Attempt;
	/** The stored log's length when it was checked: a row changed since (another tab, a later file) is left alone. */
	expectedLength: number;
}

/** A trainee's name as a newer file gives it. */
export interface TraineeRename {
	id: string;
	name: string;
	/** When the file was exported: an older file never renames back. */
	nameAt: number;
}

export interface ImportBatch {
	trainees: readonly Trainee[];
	attempts: readonly Attempt[];
	/** Stored attempts to replace, in the same transaction. */
	updates?: readonly AttemptUpdate[];
	renames?: readonly TraineeRename[];
	/** Classes to add when missing (a backup brings them); a class already stored keeps its name. */
	classes?: readonly TraineeClass[];
	/** Settings to add when missing (a backup's class settings); a setting already stored stays. */
	settings?: readonly { key: string; value: unknown }[];
	/** Merges to remember beside the stored ones (a backup's); a trainee already merged here stays so. */
	merged?: Readonly<Record<string, string>>;
	/** Called as the attempts are written, with how many are written so far. */
	onProgress?: (written: number) => void;
	/** Aborted, it stops the write and rolls it all back: nothing of the batch is stored. */
	signal?: AbortSignal;
}

export interface ImportOutcome {
	/** Attempt ids written. */
	imported: string[];
	/** Attempt ids already stored, left as they were. */
	skipped: string[];
	/** Trainee ids that were missing and were added. */
	traineesAdded: string[];
	/** Attempt ids replaced by a longer log. */
	updated?: string[];
	/** Trainee ids renamed. */
	renamed?: string[];
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
	/**
	 * The xAPI outbox, where progress is kept on the device; a store in memory has none (statements that could
	 * not outlive the tab are not queued). `moveOld` brings in the queue kept before version 8.
	 */
	readonly outbox?: Outbox & { moveOld(): Promise<number> };
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
		/**
		 * Moves every attempt of `fromId` to `intoId` and removes `fromId`, in one transaction. The merged id is
		 * remembered (setting MERGED_SETTING), so a later file of that trainee lands on `intoId`.
		 */
		merge(fromId: string, intoId: string): Promise<Trainee>;
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
		/**
		 * Appends several entries in one transaction, `update` going with the last one (`expectedLength` is the
		 * length before the first): how a tab catches up on steps an earlier failed save left out.
		 */
		recordEntries(attemptId: string, entries: readonly LogEntry[], update: EntryUpdate): Promise<Attempt>;
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
		/** The stored attempts among these ids, in one read: what an import compares a file's logs with. */
		getMany(ids: readonly string[]): Promise<Attempt[]>;
		/**
		 * One small summary per attempt (no log, no snapshot), in no particular order: what the dashboard reads, so
		 * tens of thousands of attempts load at once.
		 */
		listSummaries(): Promise<AttemptSummary[]>;
		/** Removes an attempt with its turns, in one transaction; one already gone is no error. */
		remove(attemptId: string): Promise<void>;
	};
	/** Adds, in one transaction, the trainees and attempts whose ids are not stored yet. */
	importBatch(batch: ImportBatch): Promise<ImportOutcome>;
	close(): void;
}

export interface StoreOptions {
	/** The clock; tests pass one to make times predictable. */
	now?: () => number;
}

export const NAME_MAX = 200;

/** Trainee id → the id it was merged into: a setting, so that files of a merged trainee follow the merge. */
export const MERGED_SETTING = 'mergedTrainees';

export function isMergedMap(value: unknown): value is Record<string, string> {
	return (
		!!value &&
		typeof value === 'object' &&
		!Array.isArray(value) &&
		Object.values(value).every((v) => typeof v === 'string')
	);
}

/** Where a trainee id lands after merges (followed to the end, never in a loop). */
export function resolveMerged(merged: Readonly<Record<string, string>>, id: string): string {
	const seen = new Set<string>();
	let at = id;
	while (Object.hasOwn(merged, at) && !seen.has(at)) {
		seen.add(at);
		at = merged[at]!;
	}
	return at;
}

/** The merge table after `from` goes into `into`: earlier merges into `from` now point at `into`. */
export function withMerge(
	merged: Readonly<Record<string, string>>,
	from: string,
	into: string
): Record<string, string> {
	const next: Record<string, string> = Object.create(null);
	for (const [key, value] of Object.entries(merged)) next[key] = value === from ? into : value;
	next[from] = into;
	delete next[into];
	return { ...next };
}

/**
 * Characters that change how a name reads without being seen: controls (NUL among them), format characters
 * (right-to-left overrides, zero-width spaces and joiners, byte-order marks) and line separators. Two names
 * that look alike must be the same text, so import strips them; a name left empty is refused.
 */
const INVISIBLE = /[\p{Cc}\p{Cf}\p{Zl}\p{Zp}]/gu;
export const stripInvisible = (text: string) => text.replace(INVISIBLE, '');

/** Names typed in the app follow the import's rule: invisible characters go, so look-alike names are one name. */
/** The replies of a log the trainee typed: always counted from the log, never taken from a file. */
export const typedRepliesIn = (log: readonly LogEntry[]) =>
	log.filter((e) => e.type === 'choice.type').length;

export function cleanName(name: string, what = 'trainee'): string {
	const trimmed = stripInvisible(name).trim();
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
		typedReplies: 0,
		...(input.classroom !== undefined ? { classroom: input.classroom } : {}),
		...(input.seed !== undefined ? { seed: input.seed } : {}),
		notes: ''
	};
}

// The machine takes no event once it reaches an ending: an entry after it comes from a tab that has not
// seen the ending (another tab reached it), and is refused with a typed error the banner can explain.
function assertOpen(row: AttemptRow) {
	if (row.status === 'finished') throw new AttemptFinishedError(row.id);
}

export function appendEntry(row: AttemptRow, entry: LogEntry, update: EntryUpdate, at: number): AttemptRow {
	assertOpen(row);
	if (update.expectedLength !== undefined && update.expectedLength !== row.log.length)
		throw new AttemptConflictError(row.id);
	const status = update.status ?? row.status;
	const typedReplies = (row.typedReplies ?? typedRepliesIn(row.log)) + (entry.type === 'choice.type' ? 1 : 0);
	const next: AttemptRow = { ...row, log: [...row.log, entry], status, updatedAt: at, typedReplies };
	if (update.contentVersion !== undefined) next.contentVersion = update.contentVersion;
	if (update.snapshot !== undefined) next.snapshot = update.snapshot;
	if (update.ending !== undefined) next.ending = update.ending;
	if (update.scores !== undefined) next.scores = update.scores;
	if (status === 'finished') next.finishedAt = at;
	return next;
}

/** Appends entries one by one; `update` goes with the last and `expectedLength` is checked before the first. */
export function appendEntries(
	row: AttemptRow,
	entries: readonly LogEntry[],
	update: EntryUpdate,
	at: number
): AttemptRow {
	if (!entries.length) throw new RangeError('There is no entry to record.');
	let next = row;
	entries.forEach((entry, i) => {
		const last = i === entries.length - 1;
		const { expectedLength, ...rest } = update;
		const step: EntryUpdate = last ? rest : {};
		if (i === 0 && expectedLength !== undefined) step.expectedLength = expectedLength;
		next = appendEntry(next, entry, step, at);
	});
	return next;
}

/** Closes an attempt that was replayed into a copy on newer content: finished, with no ending and no scores. */
export function closeAsChanged(row: AttemptRow, at: number): AttemptRow {
	assertOpen(row);
	return { ...row, status: 'finished', updatedAt: at, finishedAt: at };
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
