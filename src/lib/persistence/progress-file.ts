// Export and import of one's own progress as a JSON file. A file is untrusted input: it is checked
// strictly, its scores are ignored (the app replays each log and scores it again), and a bad file changes nothing.
import * as v from 'valibot';
import type { Attempt, AttemptStatus } from './db';
import { NAME_MAX, type ImportOutcome, type ProgressStore } from './store';

export const PROGRESS_FORMAT = 'service-roleplay-progress';
export const PROGRESS_VERSION = 1;
export const PROGRESS_MAX_BYTES = 20 * 1024 * 1024;
const LOG_MAX = 10_000;

const Id = v.pipe(
	v.string('an id must be text'),
	v.regex(/^[A-Za-z0-9][A-Za-z0-9._:-]{0,127}$/, 'an id is 1 to 128 letters, digits, dashes or dots')
);
const Time = v.pipe(
	v.number('a time must be a number'),
	v.integer('a time must be whole milliseconds'),
	v.minValue(0, 'a time cannot be negative'),
	v.maxValue(8.64e15, 'a time is out of range')
);
const Count = (what: string) =>
	v.pipe(v.number(`${what} must be a number`), v.integer(`${what} must be whole`));

const LogEntry = v.variant(
	'type',
	[
		v.strictObject({ type: v.literal('choice.select'), choice: Id }),
		// A classroom reply the observers classified: its label and steps, and the written choice nearest to it.
		v.strictObject({
			type: v.literal('choice.observe'),
			choice: Id,
			style: Id,
			steps: v.pipe(v.array(v.pipe(v.string(), v.maxLength(100))), v.maxLength(20))
		}),
		v.strictObject({
			type: v.literal('attempt.rewind'),
			turn: v.pipe(
				Count('a rewind turn'),
				v.minValue(0, 'a rewind turn cannot be negative'),
				v.maxValue(LOG_MAX)
			)
		}),
		v.strictObject({ type: v.literal('attempt.restart') })
	],
	'a log entry is a choice.select, choice.observe, attempt.rewind or attempt.restart'
);

const FileTrainee = v.strictObject({
	id: Id,
	name: v.pipe(
		v.string('a name must be text'),
		v.trim(),
		v.minLength(1, 'a trainee name is empty'),
		v.maxLength(NAME_MAX, `a trainee name is longer than ${NAME_MAX} characters`)
	),
	createdAt: Time
});

const FileAttempt = v.strictObject({
	id: Id,
	traineeId: Id,
	scenarioId: Id,
	contentVersion: v.pipe(Count('a content version'), v.minValue(1, 'a content version starts at 1')),
	mode: v.picklist(['practice', 'assessment'], 'mode is practice or assessment'),
	status: v.picklist(['in-progress', 'finished'], 'status is in-progress or finished'),
	startedAt: Time,
	updatedAt: Time,
	finishedAt: v.optional(Time),
	ending: v.optional(Id),
	log: v.pipe(
		v.array(LogEntry, 'log must be a list'),
		v.maxLength(LOG_MAX, `a log holds at most ${LOG_MAX} entries`)
	),
	// Checked for shape only: import throws these away and scores the log again.
	scores: v.optional(
		v.pipe(
			v.record(Id, v.pipe(v.number(), v.finite())),
			v.check((scores) => Object.keys(scores).length <= 100, 'too many scores')
		)
	),
	classroom: v.optional(v.boolean('classroom is true or false')),
	seed: v.optional(
		v.pipe(
			v.number('seed is a whole number'),
			v.integer('seed is a whole number'),
			v.minValue(0, 'seed is a whole number from 0 to 4294967295'),
			v.maxValue(0xffffffff, 'seed is a whole number from 0 to 4294967295')
		)
	),
	notes: v.optional(v.pipe(v.string('notes must be text'), v.maxLength(10_000, 'notes are too long')), '')
});

const ProgressFileSchema = v.strictObject({
	format: v.literal(PROGRESS_FORMAT),
	version: v.literal(PROGRESS_VERSION),
	exportedAt: v.pipe(v.string(), v.isoTimestamp('exportedAt is not a date and time')),
	trainees: v.pipe(v.array(FileTrainee, 'trainees must be a list'), v.maxLength(1_000, 'too many trainees')),
	attempts: v.pipe(v.array(FileAttempt, 'attempts must be a list'), v.maxLength(100_000, 'too many attempts'))
});

export type ProgressFile = v.InferOutput<typeof ProgressFileSchema>;
export type FileAttempt = ProgressFile['attempts'][number];

/**
 * Why a file, or an attempt in it, was turned away, as data: the UI words it in the reader's language.
 * `detail` and the paths inside it are technical (field names, positions) and stay as they are.
 */
export type ImportProblem =
	| { code: 'too-large'; mb: string }
	| { code: 'not-json'; detail: string }
	/** `at` is a path such as attempts[0].log[1]; empty for the top level. */
	| { code: 'forbidden-key'; key: string; at: string }
	| { code: 'not-export'; format: string }
	| { code: 'newer-version'; version: number }
	| { code: 'unknown-version'; version: string; supported: number }
	| { code: 'damaged'; detail: string }
	| { code: 'unknown-scenario'; scenario: string }
	| { code: 'missing-choice'; turn: number; scenario: string }
	| { code: 'storage-full' };

/** `error` is the problem in English, for logs and for callers that show no UI. */
export type ParseResult =
	{ ok: true; data: ProgressFile } | { ok: false; error: string; problem: ImportProblem };

const NOT_EXPORT = 'This file is not a progress export';
const PICK_AGAIN = 'Pick the .json file that "Export progress" saved.';
const DAMAGED = 'This progress file is damaged or was edited';
const EXPORT_AGAIN = 'Export your progress again from the app and import that file.';
const FORBIDDEN_KEYS = new Set(['__proto__', 'constructor', 'prototype']);

const TOP = 'the top';

/** A position in the file, such as attempts[0].log[1]; empty for the top level. */
function pathText(path: readonly (string | number)[]): string {
	return path.map((key, i) => (typeof key === 'number' ? `[${key}]` : i === 0 ? key : `.${key}`)).join('');
}

/** JSON.parse keeps "__proto__" as an own key; such keys are refused before anything copies the tree. */
function findForbiddenKey(root: unknown): { key: string; at: string } | undefined {
	const stack: { value: unknown; path: (string | number)[] }[] = [{ value: root, path: [] }];
	while (stack.length) {
		const { value, path } = stack.pop()!;
		if (!value || typeof value !== 'object') continue;
		if (Array.isArray(value)) {
			value.forEach((item, i) => stack.push({ value: item, path: [...path, i] }));
			continue;
		}
		for (const key of Object.keys(value)) {
			if (FORBIDDEN_KEYS.has(key)) return { key, at: pathText(path) };
			stack.push({ value: (value as Record<string, unknown>)[key], path: [...path, key] });
		}
	}
	return undefined;
}

function describeIssue(issue: v.BaseIssue<unknown>): string {
	const keys = (issue.path ?? []).map((item) => item.key as string | number);
	// For a key issue the path ends with the key itself; name it, and say where it sits.
	if (issue.type === 'strict_object' && issue.expected === 'never')
		return `unknown field "${String(issue.input)}" at ${pathText(keys.slice(0, -1)) || TOP}`;
	if (issue.type === 'strict_object' && issue.input === undefined && keys.length)
		return `the field "${String(keys.at(-1))}" is missing at ${pathText(keys.slice(0, -1)) || TOP}`;
	return `${issue.message} at ${pathText(keys) || TOP}`;
}

/** Cross-record rules the schema cannot state: unique ids, and every attempt's trainee in the file. */
function findInconsistency(data: ProgressFile): string | undefined {
	const trainees = new Set<string>();
	for (const t of data.trainees) {
		if (trainees.has(t.id)) return `trainee "${t.id}" appears twice`;
		trainees.add(t.id);
	}
	const attempts = new Set<string>();
	for (const a of data.attempts) {
		if (attempts.has(a.id)) return `attempt "${a.id}" appears twice`;
		attempts.add(a.id);
		if (!trainees.has(a.traineeId))
			return `attempt "${a.id}" belongs to trainee "${a.traineeId}", who is not in the file`;
	}
	return undefined;
}

/** The problem in English: the wording the UI's English messages repeat (a test keeps them equal). */
export function englishReason(problem: ImportProblem): string {
	switch (problem.code) {
		case 'too-large':
			return `${NOT_EXPORT}: it is ${problem.mb} MB, and an export is at most 20 MB. ${PICK_AGAIN}`;
		case 'not-json':
			return `${NOT_EXPORT}: it is not JSON text${problem.detail ? ` (${problem.detail})` : ''}. ${PICK_AGAIN}`;
		case 'forbidden-key':
			return `${NOT_EXPORT}: it contains the key "${problem.key}" at ${problem.at || TOP}, which an export never has. ${EXPORT_AGAIN}`;
		case 'not-export':
			return `${NOT_EXPORT}: it lacks "format": "${problem.format}". ${PICK_AGAIN}`;
		case 'newer-version':
			return `This progress file comes from a newer version of the app (format version ${problem.version}). Reload the page to update the app, then import it again.`;
		case 'unknown-version':
			return `This progress file has an unknown format version (${problem.version}); this app reads version ${problem.supported}. ${EXPORT_AGAIN}`;
		case 'damaged':
			return `${DAMAGED}: ${problem.detail}. ${EXPORT_AGAIN}`;
		case 'unknown-scenario':
			return `no scenario "${problem.scenario}" in this version of the app`;
		case 'missing-choice':
			return `its choice ${problem.turn} does not exist in scenario "${problem.scenario}"`;
		case 'storage-full':
			return 'storage is full';
	}
}

const rejected = (problem: ImportProblem): ParseResult => ({
	ok: false,
	error: englishReason(problem),
	problem
});

export function parseProgressFile(text: string, byteLength: number): ParseResult {
	// Checked before parsing, so a huge file costs nothing; text.length never exceeds the UTF-8 size.
	if (byteLength > PROGRESS_MAX_BYTES || text.length > PROGRESS_MAX_BYTES)
		return rejected({ code: 'too-large', mb: (Math.max(byteLength, text.length) / 1024 / 1024).toFixed(1) });
	let raw: unknown;
	try {
		raw = JSON.parse(text);
	} catch (error) {
		return rejected({ code: 'not-json', detail: error instanceof Error ? error.message : '' });
	}
	const forbidden = findForbiddenKey(raw);
	if (forbidden) return rejected({ code: 'forbidden-key', ...forbidden });
	const head = (raw && typeof raw === 'object' && !Array.isArray(raw) ? raw : {}) as Record<string, unknown>;
	if (head.format !== PROGRESS_FORMAT) return rejected({ code: 'not-export', format: PROGRESS_FORMAT });
	if (head.version !== PROGRESS_VERSION)
		return rejected(
			typeof head.version === 'number' && head.version > PROGRESS_VERSION
				? { code: 'newer-version', version: head.version }
				: {
						code: 'unknown-version',
						version: String(JSON.stringify(head.version)),
						supported: PROGRESS_VERSION
					}
		);
	const result = v.safeParse(ProgressFileSchema, raw);
	if (!result.success)
		return rejected({ code: 'damaged', detail: result.issues.slice(0, 3).map(describeIssue).join('; ') });
	const inconsistency = findInconsistency(result.output);
	if (inconsistency) return rejected({ code: 'damaged', detail: inconsistency });
	return { ok: true, data: result.output };
}

/** The snapshot stays out: it is tied to one content version and the log rebuilds it. */
function toFileAttempt(a: Attempt): FileAttempt {
	return {
		...rescoreInput({ ...a, log: [...a.log] }),
		status: a.status,
		...(a.finishedAt !== undefined ? { finishedAt: a.finishedAt } : {}),
		...(a.ending !== undefined ? { ending: a.ending } : {}),
		...(a.scores !== undefined ? { scores: { ...a.scores } } : {})
	};
}

const byTimeThenId =
	<T extends { id: string }>(time: (item: T) => number) =>
	(a: T, b: T) =>
		time(a) - time(b) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);

/** Everything stored for these trainees (all when left out), oldest first so exports are stable. */
export async function exportProgress(
	store: ProgressStore,
	traineeIds?: readonly string[],
	exportedAt: Date = new Date()
): Promise<ProgressFile> {
	const all = await store.trainees.list();
	const trainees = (traineeIds ? all.filter((t) => traineeIds.includes(t.id)) : all).sort(
		byTimeThenId((t) => t.createdAt)
	);
	const attempts = (await Promise.all(trainees.map((t) => store.attempts.listByTrainee(t.id))))
		.flat()
		.sort(byTimeThenId((a) => a.startedAt));
	return {
		format: PROGRESS_FORMAT,
		version: PROGRESS_VERSION,
		exportedAt: exportedAt.toISOString(),
		trainees: trainees.map((t) => ({ id: t.id, name: t.name, createdAt: t.createdAt })),
		attempts: attempts.map(toFileAttempt)
	};
}

export function serializeProgress(data: ProgressFile): string {
	return JSON.stringify(data, null, 2);
}

/** What the app replays: the file's status, ending and scores are left out because they are not trusted. */
export type RescoreInput = Omit<FileAttempt, 'scores' | 'ending' | 'status' | 'finishedAt'>;

function rescoreInput(a: RescoreInput): RescoreInput {
	return {
		id: a.id,
		traineeId: a.traineeId,
		scenarioId: a.scenarioId,
		contentVersion: a.contentVersion,
		mode: a.mode,
		startedAt: a.startedAt,
		updatedAt: a.updatedAt,
		log: a.log,
		...(a.classroom !== undefined ? { classroom: a.classroom } : {}),
		...(a.seed !== undefined ? { seed: a.seed } : {}),
		notes: a.notes
	};
}

/** What replaying an attempt's log on the current content gives, or why it cannot be replayed. */
export type RescoreResult =
	| { scores?: Record<string, number>; ending?: string; status: AttemptStatus }
	| { problem: ImportProblem }
	| { error: string };
export type Rescore = (attempt: RescoreInput) => RescoreResult | Promise<RescoreResult>;

/**
 * Rescore once per distinct path: attempts at one scenario and content version with the same log get the
 * same result, and a class's attempts share a handful of paths. For one import; the cache is not bounded.
 */
export function rescoreOncePerPath(rescore: Rescore): Rescore {
	const results = new Map<string, RescoreResult | Promise<RescoreResult>>();
	return (attempt) => {
		const key = JSON.stringify([attempt.scenarioId, attempt.contentVersion, attempt.log]);
		let result = results.get(key);
		if (!result) results.set(key, (result = rescore(attempt)));
		return result;
	};
}

export interface ImportResult extends ImportOutcome {
	rejected: { id: string; reason: string; problem?: ImportProblem }[];
}

/** Re-scores a file's attempts that are not stored yet; nothing is written here. */
async function prepare(data: ProgressFile, stored: ReadonlySet<string>, rescore: Rescore) {
	const attempts: Attempt[] = [];
	const rejected: ImportResult['rejected'] = [];
	const known: string[] = [];
	for (const fileAttempt of data.attempts) {
		if (stored.has(fileAttempt.id)) {
			known.push(fileAttempt.id);
			continue;
		}
		const fields = rescoreInput(fileAttempt);
		let result: RescoreResult;
		try {
			result = await rescore(fields);
		} catch (error) {
			result = { error: error instanceof Error ? error.message : String(error) };
		}
		if ('problem' in result) {
			rejected.push({ id: fileAttempt.id, reason: englishReason(result.problem), problem: result.problem });
			continue;
		}
		if ('error' in result) {
			rejected.push({ id: fileAttempt.id, reason: result.error });
			continue;
		}
		attempts.push({
			...fields,
			status: result.status,
			...(result.ending !== undefined ? { ending: result.ending } : {}),
			...(result.scores !== undefined ? { scores: { ...result.scores } } : {}),
			...(result.status === 'finished' ? { finishedAt: fileAttempt.finishedAt ?? fields.updatedAt } : {})
		});
	}
	return { attempts, rejected, known };
}

export async function importProgress(
	store: ProgressStore,
	data: ProgressFile,
	rescore: Rescore
): Promise<ImportResult> {
	const [result] = await importProgressFiles(store, [data], rescore);
	return result!;
}

/** Files whose attempts are re-scored and ready to be written by `writeCheckedFiles`. */
export interface CheckedFiles {
	files: readonly ProgressFile[];
	prepared: Awaited<ReturnType<typeof prepare>>[];
}

/**
 * Re-scores the attempts of parsed files that `stored` does not hold; nothing is written, so this can run
 * while an earlier group is being written.
 */
export async function checkProgressFiles(
	files: readonly ProgressFile[],
	stored: ReadonlySet<string>,
	rescore: Rescore
): Promise<CheckedFiles> {
	const prepared: CheckedFiles['prepared'] = [];
	for (const data of files) prepared.push(await prepare(data, stored, rescore));
	return { files, prepared };
}

/**
 * Writes checked files in one transaction, all or nothing, with a result per file. Attempts stored since
 * they were checked are skipped, not overwritten.
 */
export async function writeCheckedFiles(
	store: ProgressStore,
	{ files, prepared }: CheckedFiles
): Promise<ImportResult[]> {
	const outcome = await store.importBatch({
		trainees: files.flatMap((f) => f.trainees),
		attempts: prepared.flatMap((p) => p.attempts)
	});
	// Each new attempt or trainee goes to the first file that brought it; a later copy counts as skipped.
	const unclaimedAttempts = new Set(outcome.imported);
	const unclaimedTrainees = new Set(outcome.traineesAdded);
	return files.map((data, i) => {
		const { attempts, rejected, known } = prepared[i]!;
		const imported = attempts.filter((a) => unclaimedAttempts.delete(a.id)).map((a) => a.id);
		return {
			imported,
			skipped: [...known, ...attempts.map((a) => a.id).filter((id) => !imported.includes(id))],
			traineesAdded: data.trainees.map((t) => t.id).filter((id) => unclaimedTrainees.delete(id)),
			rejected
		};
	});
}

/** Several parsed files in one transaction: one read finds what is stored, then check and write. */
export async function importProgressFiles(
	store: ProgressStore,
	files: readonly ProgressFile[],
	rescore: Rescore
): Promise<ImportResult[]> {
	const stored = await store.attempts.existing(files.flatMap((f) => f.attempts.map((a) => a.id)));
	return writeCheckedFiles(store, await checkProgressFiles(files, stored, rescore));
}
