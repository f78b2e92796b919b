// Export and import of one's own progress as a JSON file. A file is untrusted input: it is checked
// strictly, its scores are ignored (the app replays each log and scores it again), and a bad file changes nothing.
import * as v from 'valibot';
import type { Attempt } from './db';
import { NAME_MAX, stripInvisible, type ProgressStore } from './store';

export const PROGRESS_FORMAT = 'service-roleplay-progress';
export const PROGRESS_VERSION = 1;
export const PROGRESS_MAX_BYTES = 20 * 1024 * 1024;
const LOG_MAX = 10_000;
/**
 * An export nests 6 levels at most (file → attempts → attempt → log → entry → steps). Deeper is not an export,
 * and walking a tree tens of thousands of levels deep would freeze the tab, so it is refused before parsing.
 */
export const NESTING_MAX = 16;
const NESTING_OF_EXPORT = 6;
/** Devices' clocks differ a little: a time up to this far ahead of ours is not yet "in the future". */
export const CLOCK_SKEW_MS = 10 * 60_000;

export { stripInvisible };

export const Id = v.pipe(
	v.string('an id must be text'),
	v.regex(/^[A-Za-z0-9][A-Za-z0-9._:-]{0,127}$/, 'an id is 1 to 128 letters, digits, dashes or dots')
);
export const Time = v.pipe(
	v.number('a time must be a number'),
	v.integer('a time must be whole milliseconds'),
	v.minValue(0, 'a time cannot be negative'),
	v.maxValue(8.64e15, 'a time is out of range')
);
const Count = (what: string) =>
	v.pipe(v.number(`${what} must be a number`), v.integer(`${what} must be whole`));

/** As the typing box allows: a few sentences, never an essay. */
export const TYPED_MAX = 600;

const FileLogEntry = v.variant(
	'type',
	[
		v.strictObject({ type: v.literal('choice.select'), choice: Id }),
		// A classroom reply the observers classified: its label and steps, and the written choice nearest to it.
		// Its style and steps are checked against the scenario's rubrics when it is replayed, and the choice it
		// moves to is worked out again there: the file's own `choice` is not trusted.
		v.strictObject({
			type: v.literal('choice.observe'),
			choice: Id,
			style: Id,
			steps: v.pipe(
				v.array(Id, 'steps must be a list of rubric step ids'),
				v.maxLength(20, 'an observed reply names at most 20 steps'),
				v.check((steps) => new Set(steps).size === steps.length, 'an observed reply names a step twice')
			)
		}),
		// A reply the trainee typed. Import reads its text again with the classifier: the file's style, steps,
		// evidence, confidence and (unless the trainee picked it) choice are not trusted.
		v.strictObject({
			type: v.literal('choice.type'),
			choice: Id,
			style: Id,
			steps: v.pipe(v.array(Id, 'steps must be a list of rubric step ids'), v.maxLength(20)),
			typed: v.strictObject({
				text: v.pipe(
					v.string('a typed reply must be text'),
					v.transform(stripInvisible),
					v.trim(),
					v.minLength(1, 'a typed reply is empty'),
					v.maxLength(TYPED_MAX, `a typed reply is longer than ${TYPED_MAX} characters`)
				),
				lang: v.picklist(['en', 'zh'], 'a typed reply is in en or zh'),
				evidence: v.pipe(
					v.array(
						v.strictObject({
							label: v.pipe(v.string(), v.maxLength(80)),
							text: v.pipe(v.string(), v.maxLength(TYPED_MAX)),
							start: Count('an evidence start'),
							end: Count('an evidence end')
						})
					),
					v.maxLength(100)
				),
				confidence: v.pipe(v.number(), v.minValue(0), v.maxValue(1)),
				picked: v.optional(v.boolean())
			})
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
	'a log entry is a choice.select, choice.observe, choice.type, attempt.rewind or attempt.restart'
);

const FileTrainee = v.strictObject({
	id: Id,
	name: v.pipe(
		v.string('a name must be text'),
		v.transform(stripInvisible),
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
		v.array(FileLogEntry, 'log must be a list'),
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
	| { code: 'too-deep'; limit: number; exportDepth: number }
	| { code: 'not-export'; format: string }
	| { code: 'newer-version'; version: number }
	| { code: 'unknown-version'; version: string; supported: number }
	| { code: 'damaged'; detail: string }
	/** `time` is an ISO date and time; `at` a path such as attempts[0].startedAt. */
	| { code: 'future-time'; at: string; time: string }
	| { code: 'unknown-scenario'; scenario: string }
	/** `turn` counts the log's entries from 1: a rewind or a restart is an entry too. */
	| { code: 'missing-choice'; turn: number; scenario: string }
	| { code: 'past-ending'; turn: number; scenario: string }
	/** `to` is the turn (from 1) the rewind asks to go back to. */
	| { code: 'bad-rewind'; turn: number; to: number; scenario: string }
	/** `label` is the style or step the observers' record names that no rubric of the scenario has. */
	| { code: 'bad-observation'; turn: number; label: string; scenario: string }
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

/**
 * Whether JSON text nests brackets deeper than `limit`, by one pass over its characters: no parsing, no
 * recursion, and it stops at the first level too deep. Brackets inside strings are text and do not count.
 */
export function nestsDeeperThan(text: string, limit: number): boolean {
	let depth = 0;
	for (let i = 0; i < text.length; i++) {
		const c = text.charCodeAt(i);
		if (c === 0x22 /* " */) {
			// Skip the string: to the next quote that no backslash escapes.
			for (i++; i < text.length; i++) {
				const d = text.charCodeAt(i);
				if (d === 0x5c /* \ */) i++;
				else if (d === 0x22) break;
			}
		} else if (c === 0x5b /* [ */ || c === 0x7b /* { */) {
			if (++depth > limit) return true;
		} else if (c === 0x5d /* ] */ || c === 0x7d /* } */) depth--;
	}
	return false;
}

/**
 * JSON.parse keeps "__proto__" as an own key; such keys are refused before anything copies the tree.
 * Each object remembers its parent, so the path is put together only for the key that is found.
 */
function findForbiddenKey(root: unknown): { key: string; at: string } | undefined {
	type Frame = { value: object; key?: string | number; parent?: Frame };
	const pathOf = (frame: Frame) => {
		const path: (string | number)[] = [];
		for (let f: Frame | undefined = frame; f?.key !== undefined; f = f.parent) path.unshift(f.key);
		return path;
	};
	if (!root || typeof root !== 'object') return undefined;
	const stack: Frame[] = [{ value: root }];
	while (stack.length) {
		const frame = stack.pop()!;
		const value = frame.value;
		if (Array.isArray(value)) {
			for (let i = 0; i < value.length; i++) {
				const item: unknown = value[i];
				if (item && typeof item === 'object') stack.push({ value: item, key: i, parent: frame });
			}
			continue;
		}
		for (const key of Object.keys(value)) {
			if (FORBIDDEN_KEYS.has(key)) return { key, at: pathText(pathOf(frame)) };
			const item: unknown = (value as Record<string, unknown>)[key];
			if (item && typeof item === 'object') stack.push({ value: item, key, parent: frame });
		}
	}
	return undefined;
}

export function describeIssue(issue: v.BaseIssue<unknown>): string {
	const keys = (issue.path ?? []).map((item) => item.key as string | number);
	// For a key issue the path ends with the key itself; name it, and say where it sits.
	if (issue.type === 'strict_object' && issue.expected === 'never')
		return `unknown field "${String(issue.input)}" at ${pathText(keys.slice(0, -1)) || TOP}`;
	if (issue.type === 'strict_object' && issue.input === undefined && keys.length)
		return `the field "${String(keys.at(-1))}" is missing at ${pathText(keys.slice(0, -1)) || TOP}`;
	return `${issue.message} at ${pathText(keys) || TOP}`;
}

/** The first time in the file later than `latest`, with where it is. */
function findFutureTime(data: ProgressFile, latest: number): { at: string; time: string } | undefined {
	const late = (time: number | undefined) => time !== undefined && time > latest;
	const found = (at: string, time: number) => ({ at, time: new Date(time).toISOString() });
	const exported = Date.parse(data.exportedAt);
	if (late(exported)) return found('exportedAt', exported);
	for (const [i, t] of data.trainees.entries())
		if (late(t.createdAt)) return found(`trainees[${i}].createdAt`, t.createdAt);
	for (const [i, a] of data.attempts.entries())
		for (const field of ['startedAt', 'updatedAt', 'finishedAt'] as const)
			if (late(a[field])) return found(`attempts[${i}].${field}`, a[field]!);
	return undefined;
}

/**
 * Cross-record rules the schema cannot state: unique ids, every attempt's trainee in the file, times in
 * order, and observed replies only where observers record them (classroom role-plays, which are practice).
 */
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
		if (a.updatedAt < a.startedAt) return `attempt "${a.id}" was updated before it started`;
		if (a.finishedAt !== undefined && (a.finishedAt < a.startedAt || a.finishedAt > a.updatedAt))
			return `attempt "${a.id}" finished outside the time between its start and its last change`;
		const observed = a.log.findIndex((entry) => entry.type === 'choice.observe');
		if (observed >= 0 && (!a.classroom || a.mode !== 'practice'))
			return `attempt "${a.id}" has an observed reply (log[${observed}]), which only a classroom role-play records`;
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
		case 'too-deep':
			return `${NOT_EXPORT}: it nests more than ${problem.limit} levels deep, and an export nests at most ${problem.exportDepth}. ${PICK_AGAIN}`;
		case 'not-export':
			return `${NOT_EXPORT}: it lacks "format": "${problem.format}". ${PICK_AGAIN}`;
		case 'newer-version':
			return `This progress file comes from a newer version of the app (format version ${problem.version}). Reload the page to update the app, then import it again.`;
		case 'unknown-version':
			return `This progress file has an unknown format version (${problem.version}); this app reads version ${problem.supported}. ${EXPORT_AGAIN}`;
		case 'damaged':
			return `${DAMAGED}: ${problem.detail}. ${EXPORT_AGAIN}`;
		case 'future-time':
			return `This progress file has a time in the future (${problem.time} at ${problem.at}). If the clock of the device that exported it is wrong, set it right there and export again.`;
		case 'unknown-scenario':
			return `no scenario "${problem.scenario}" in this version of the app`;
		case 'missing-choice':
			return `its choice ${problem.turn} does not exist in scenario "${problem.scenario}"`;
		case 'past-ending':
			return `its entry ${problem.turn} comes after the conversation ended in scenario "${problem.scenario}"`;
		case 'bad-rewind':
			return `its entry ${problem.turn} goes back to turn ${problem.to}, which it had not reached, in scenario "${problem.scenario}"`;
		case 'bad-observation':
			return `its entry ${problem.turn} records "${problem.label}", which is no style or step of scenario "${problem.scenario}"`;
		case 'storage-full':
			return 'storage is full';
	}
}

export const rejected = (problem: ImportProblem): ParseResult => ({
	ok: false,
	error: englishReason(problem),
	problem
});

/**
 * The checks before any schema: size, nesting, JSON and forbidden keys. `maxBytes` is the file kind's own
 * limit (a backup's is larger). A backup reads its text with this too.
 */
export function readJsonFile(
	text: string,
	byteLength: number,
	maxBytes = PROGRESS_MAX_BYTES
): { ok: true; raw: unknown } | { ok: false; problem: ImportProblem } {
	// Checked before parsing, so a huge file costs nothing; text.length never exceeds the UTF-8 size.
	if (byteLength > maxBytes || text.length > maxBytes)
		return {
			ok: false,
			problem: { code: 'too-large', mb: (Math.max(byteLength, text.length) / 1024 / 1024).toFixed(1) }
		};
	// JSON.parse copes with deep nesting; the walks after it are what a deep file would make slow.
	if (nestsDeeperThan(text, NESTING_MAX))
		return { ok: false, problem: { code: 'too-deep', limit: NESTING_MAX, exportDepth: NESTING_OF_EXPORT } };
	let raw: unknown;
	try {
		raw = JSON.parse(text);
	} catch (error) {
		return { ok: false, problem: { code: 'not-json', detail: error instanceof Error ? error.message : '' } };
	}
	const forbidden = findForbiddenKey(raw);
	if (forbidden) return { ok: false, problem: { code: 'forbidden-key', ...forbidden } };
	return { ok: true, raw };
}

/** `now` is the reader's clock; a time more than CLOCK_SKEW_MS past it is refused. */
export function parseProgressFile(text: string, byteLength: number, now: number = Date.now()): ParseResult {
	const read = readJsonFile(text, byteLength);
	return read.ok ? validateProgress(read.raw, now) : rejected(read.problem);
}

/** The checks after JSON.parse and readJsonFile: format, version, schema, cross-record rules, times. */
export function validateProgress(raw: unknown, now: number = Date.now()): ParseResult {
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
	const future = findFutureTime(result.output, now + CLOCK_SKEW_MS);
	if (future) return rejected({ code: 'future-time', ...future });
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
export function rescoreInput(
	a: Omit<FileAttempt, 'scores' | 'ending' | 'status' | 'finishedAt'>
): Omit<FileAttempt, 'scores' | 'ending' | 'status' | 'finishedAt'> {
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
