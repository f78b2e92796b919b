// The instructor's backup: every record of the instructor area (imported trainees and those put in a class,
// their attempts, the classes, each class's settings) in one file, so a lost laptop is not a lost class.
// A backup is untrusted input like a progress file: its trainees and attempts pass the same checks
// (validateProgress), and the import replays every log; the rest is checked here, strictly.
import * as v from 'valibot';
import type { Trainee, TraineeClass } from './db';
import {
	CLOCK_SKEW_MS,
	Id,
	PROGRESS_FORMAT,
	PROGRESS_VERSION,
	Time,
	describeIssue,
	exportProgress,
	readJsonFile,
	validateProgress,
	type ImportProblem,
	type ProgressFile
} from './progress-file';
import { MERGED_SETTING, NAME_MAX, isMergedMap, stripInvisible, type ProgressStore } from './store';

export const BACKUP_FORMAT = 'service-roleplay-instructor-backup';
export const BACKUP_VERSION = 1;
/** A class's records are larger than one trainee's: five progress files' worth. */
export const BACKUP_MAX_BYTES = 100 * 1024 * 1024;

const Text = (max: number) => v.pipe(v.string(), v.maxLength(max));

/**
 * Settings a backup carries per class: the extension point. Each is stored as `${kind}:${classId}` and
 * checked with its schema both ways (a row that fails is left out of the export, and refused on import).
 * To back up another per-class setting, add it here.
 */
export const BACKUP_CLASS_SETTINGS = {
	// The class's LRS (src/lib/instructor/class-lrs.ts): endpoint, key and secret, xAPI version.
	classLrs: v.strictObject({
		endpoint: v.pipe(v.string(), v.maxLength(2_000), v.url('the LRS endpoint is not a web address')),
		key: Text(1_000),
		secret: Text(1_000),
		version: v.picklist(['1.0.3', '2.0.0'], 'the xAPI version is 1.0.3 or 2.0.0'),
		readKey: v.optional(Text(1_000)),
		readSecret: v.optional(Text(1_000))
	})
} satisfies Record<string, v.GenericSchema>;

type Kind = keyof typeof BACKUP_CLASS_SETTINGS;
const KINDS = Object.keys(BACKUP_CLASS_SETTINGS) as Kind[];

/** The value is checked against its kind's schema after the shape (checkSettings). */
const ClassSetting = v.strictObject({
	kind: v.picklist(KINDS, `a class setting is one of: ${KINDS.join(', ')}`),
	classId: Id,
	value: v.unknown()
});

const Name = v.pipe(
	v.string('a name must be text'),
	v.transform(stripInvisible),
	v.trim(),
	v.minLength(1, 'a class name is empty'),
	v.maxLength(NAME_MAX, `a class name is longer than ${NAME_MAX} characters`)
);

const BackupSchema = v.strictObject({
	format: v.literal(BACKUP_FORMAT),
	version: v.literal(BACKUP_VERSION),
	exportedAt: v.pipe(v.string(), v.isoTimestamp('exportedAt is not a date and time')),
	classes: v.pipe(
		v.array(v.strictObject({ id: Id, name: Name, createdAt: Time }), 'classes must be a list'),
		v.maxLength(1_000, 'too many classes')
	),
	/** Which class each trainee is in. */
	members: v.pipe(
		v.array(v.strictObject({ traineeId: Id, classId: Id }), 'members must be a list'),
		v.maxLength(1_000, 'too many members')
	),
	/** Trainee id → the id it was merged into. */
	merged: v.pipe(
		v.array(v.strictObject({ from: Id, into: Id }), 'merged must be a list'),
		v.maxLength(10_000, 'too many merges')
	),
	settings: v.pipe(v.array(ClassSetting, 'settings must be a list'), v.maxLength(1_000, 'too many settings')),
	// Checked by validateProgress, as a progress file's are.
	trainees: v.array(v.unknown(), 'trainees must be a list'),
	attempts: v.array(v.unknown(), 'attempts must be a list')
});

export interface Backup {
	exportedAt: string;
	classes: TraineeClass[];
	/** Trainee id → class id. */
	classOf: Map<string, string>;
	merged: Record<string, string>;
	/** Setting key → value, as stored. */
	settings: { key: string; value: unknown }[];
	/** The records, in the progress file's form: what the one import path reads. */
	progress: ProgressFile;
}

/** Why a backup was refused, as data: the UI words it in the reader's language. */
export type BackupProblem =
	| { code: 'too-large'; mb: string; limit: number }
	| { code: 'not-json'; detail: string }
	| { code: 'forbidden-key'; key: string; at: string }
	| { code: 'too-deep'; limit: number }
	| { code: 'progress-file' }
	| { code: 'not-backup' }
	| { code: 'newer-version'; version: number }
	| { code: 'unknown-version'; version: string }
	| { code: 'damaged'; detail: string }
	| { code: 'future-time'; at: string; time: string };

export type BackupParse = { ok: true; backup: Backup } | { ok: false; error: string; problem: BackupProblem };

const DAMAGED = 'This backup is damaged or was edited';
const AGAIN = 'Make a new backup on the device that has the records, and import that file.';

export function backupReason(p: BackupProblem): string {
	switch (p.code) {
		case 'too-large':
			return `This file is too large for a backup: ${p.mb} MB, and a backup is at most ${p.limit} MB.`;
		case 'not-json':
			return `This file is not a backup: it is not JSON text${p.detail ? ` (${p.detail})` : ''}. Pick the .json file that "Download a backup" saved.`;
		case 'forbidden-key':
			return `${DAMAGED}: it contains the key "${p.key}" at ${p.at || 'the top'}, which a backup never has. ${AGAIN}`;
		case 'too-deep':
			return `This file is not a backup: it nests more than ${p.limit} levels deep. Pick the .json file that "Download a backup" saved.`;
		case 'progress-file':
			return 'This is a progress file, not a backup: import it on the "Import progress files" page.';
		case 'not-backup':
			return `This file is not a backup: it lacks "format": "${BACKUP_FORMAT}". Pick the .json file that "Download a backup" saved.`;
		case 'newer-version':
			return `This backup comes from a newer version of the app (backup version ${p.version}). Reload the page to update the app, then import it again.`;
		case 'unknown-version':
			return `This backup has an unknown version (${p.version}); this app reads version ${BACKUP_VERSION}. ${AGAIN}`;
		case 'damaged':
			return `${DAMAGED}: ${p.detail}. ${AGAIN}`;
		case 'future-time':
			return `This backup has a time in the future (${p.time} at ${p.at}). If the clock of the device that made it is wrong, set it right there and make the backup again.`;
	}
}

const refused = (problem: BackupProblem): BackupParse => ({
	ok: false,
	error: backupReason(problem),
	problem
});

function fromReadProblem(problem: ImportProblem): BackupProblem {
	switch (problem.code) {
		case 'too-large':
			return { code: 'too-large', mb: problem.mb, limit: BACKUP_MAX_BYTES / 1024 / 1024 };
		case 'not-json':
			return { code: 'not-json', detail: problem.detail };
		case 'forbidden-key':
			return { code: 'forbidden-key', key: problem.key, at: problem.at };
		case 'too-deep':
			return { code: 'too-deep', limit: problem.limit };
		case 'future-time':
			return { code: 'future-time', at: problem.at, time: problem.time };
		case 'damaged':
			return { code: 'damaged', detail: problem.detail };
		default:
			return { code: 'damaged', detail: problem.code };
	}
}

/** Rules across records: every class named exists once, every member is a trainee of the backup. */
function findInconsistency(data: v.InferOutput<typeof BackupSchema>, trainees: Set<string>) {
	const classes = new Set<string>();
	for (const c of data.classes) {
		if (classes.has(c.id)) return `class "${c.id}" appears twice`;
		classes.add(c.id);
	}
	const members = new Set<string>();
	for (const m of data.members) {
		if (!classes.has(m.classId))
			return `trainee "${m.traineeId}" is in class "${m.classId}", which is not in the backup`;
		if (!trainees.has(m.traineeId)) return `class member "${m.traineeId}" is not a trainee of the backup`;
		if (members.has(m.traineeId)) return `trainee "${m.traineeId}" is in two classes`;
		members.add(m.traineeId);
	}
	const settings = new Set<string>();
	for (const s of data.settings) {
		if (!classes.has(s.classId))
			return `a ${s.kind} setting names class "${s.classId}", which is not in the backup`;
		const key = `${s.kind}:${s.classId}`;
		if (settings.has(key)) return `the ${s.kind} setting of class "${s.classId}" appears twice`;
		settings.add(key);
	}
	for (const m of data.merged) if (m.from === m.into) return `trainee "${m.from}" is merged into itself`;
	for (const [i, s] of data.settings.entries()) {
		const checked = v.safeParse(BACKUP_CLASS_SETTINGS[s.kind], s.value);
		if (!checked.success) return `${describeIssue(checked.issues[0])} in settings[${i}].value`;
	}
	return undefined;
}

/** `now` is the reader's clock. A refused backup writes nothing. */
export function parseBackup(text: string, byteLength: number, now: number = Date.now()): BackupParse {
	const read = readJsonFile(text, byteLength, BACKUP_MAX_BYTES);
	if (!read.ok) return refused(fromReadProblem(read.problem));
	const head = (
		read.raw && typeof read.raw === 'object' && !Array.isArray(read.raw) ? read.raw : {}
	) as Record<string, unknown>;
	if (head.format === PROGRESS_FORMAT) return refused({ code: 'progress-file' });
	if (head.format !== BACKUP_FORMAT) return refused({ code: 'not-backup' });
	if (head.version !== BACKUP_VERSION)
		return refused(
			typeof head.version === 'number' && head.version > BACKUP_VERSION
				? { code: 'newer-version', version: head.version }
				: { code: 'unknown-version', version: String(JSON.stringify(head.version)) }
		);
	const result = v.safeParse(BackupSchema, read.raw);
	if (!result.success)
		return refused({ code: 'damaged', detail: result.issues.slice(0, 3).map(describeIssue).join('; ') });
	const data = result.output;
	const exported = Date.parse(data.exportedAt);
	if (exported > now + CLOCK_SKEW_MS)
		return refused({ code: 'future-time', at: 'exportedAt', time: new Date(exported).toISOString() });
	const progress = validateProgress(
		{
			format: PROGRESS_FORMAT,
			version: PROGRESS_VERSION,
			exportedAt: data.exportedAt,
			trainees: data.trainees,
			attempts: data.attempts
		},
		now
	);
	if (!progress.ok) return refused(fromReadProblem(progress.problem));
	const inconsistency = findInconsistency(data, new Set(progress.data.trainees.map((t) => t.id)));
	if (inconsistency) return refused({ code: 'damaged', detail: inconsistency });
	const merged: Record<string, string> = {};
	for (const m of data.merged) merged[m.from] = m.into;
	return {
		ok: true,
		backup: {
			exportedAt: data.exportedAt,
			classes: data.classes,
			classOf: new Map(data.members.map((m) => [m.traineeId, m.classId])),
			merged,
			settings: data.settings.map((s) => ({ key: `${s.kind}:${s.classId}`, value: s.value })),
			progress: progress.data
		}
	};
}

/** The instructor's records: imported trainees and those put in a class (what clearing the area deletes). */
export const isRecordOfInstructor = (t: Trainee) => t.source === 'import' || t.classId !== undefined;

export async function exportBackup(store: ProgressStore, exportedAt: Date = new Date()) {
	const trainees = (await store.trainees.list()).filter(isRecordOfInstructor);
	const classes = await store.classes.list();
	const settings: v.InferOutput<typeof ClassSetting>[] = [];
	for (const c of classes)
		for (const kind of KINDS) {
			const checked = v.safeParse(BACKUP_CLASS_SETTINGS[kind], await store.settings.get(`${kind}:${c.id}`));
			if (checked.success) settings.push({ kind, classId: c.id, value: checked.output });
		}
	const mergedSetting = await store.settings.get(MERGED_SETTING);
	const progress = await exportProgress(
		store,
		trainees.map((t) => t.id),
		exportedAt
	);
	return {
		format: BACKUP_FORMAT,
		version: BACKUP_VERSION,
		exportedAt: progress.exportedAt,
		classes: classes.map((c) => ({ id: c.id, name: c.name, createdAt: c.createdAt })),
		members: trainees.flatMap((t) => (t.classId ? [{ traineeId: t.id, classId: t.classId }] : [])),
		merged: Object.entries(isMergedMap(mergedSetting) ? mergedSetting : {}).map(([from, into]) => ({
			from,
			into
		})),
		settings,
		trainees: progress.trainees,
		attempts: progress.attempts
	};
}

export type BackupFile = Awaited<ReturnType<typeof exportBackup>>;
