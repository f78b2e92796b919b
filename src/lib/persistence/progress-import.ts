// Importing progress files into the store: the one import path, for the trainee's own file, the instructor's
// bulk import, a backup and statements pulled from an LRS. A newer file updates what it holds: a log that
// extends the stored one replaces it, a log that went another way is kept beside it, a newer name replaces the
// old. Nothing here trusts the file's scores: every log that is written was replayed by `rescore`.
import type { LogEntry } from '$lib/engine/compile';
import type { Attempt, Trainee, TraineeClass } from './db';
import { englishReason, rescoreInput, type ImportProblem, type ProgressFile } from './progress-file';
import type { ProgressStore, TraineeRename } from './store';
import { MERGED_SETTING, isMergedMap, resolveMerged, type AttemptUpdate } from './store';

/** What the app replays: the file's status, ending and scores are left out because they are not trusted. */
export type RescoreInput = ReturnType<typeof rescoreInput>;

/** What replaying an attempt's log on the current content gives, or why it cannot be replayed. */
export type RescoreResult =
	| {
			scores?: Record<string, number>;
			ending?: string;
			status: Attempt['status'];
			/** The log as replayed, when it differs from the file's: what is stored. */
			log?: readonly LogEntry[];
	  }
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

/**
 * Why an attempt in a file was not written:
 * - `same`: the stored log is this one;
 * - `older`: the stored log goes further (this file was exported before);
 * - `other-trainee`: an attempt with this id is stored for another trainee;
 * - `changed`: the stored attempt changed while the file was checked (another tab); import the file again.
 */
export type SkipReason = 'same' | 'older' | 'other-trainee' | 'changed';

export interface Rejected {
	id: string;
	reason: string;
	problem?: ImportProblem;
}

/** What one file did for one of its trainees. */
export interface TraineeReport {
	id: string;
	/** The name on this device after the import. */
	name: string;
	/** The name it had before, when the file renamed the trainee. */
	previousName?: string;
	/** The trainee was not on this device before. */
	isNew: boolean;
	/** Attempt ids added, diverging copies among them (see `forked`). */
	added: string[];
	/** Attempt ids whose stored log the file's longer log replaced. */
	updated: string[];
	/** Diverging logs, kept beside the stored attempt `from` under a new id. */
	forked: { id: string; from: string }[];
	skipped: { id: string; reason: SkipReason }[];
	rejected: Rejected[];
}

export interface ImportResult {
	/** Attempt ids written new (diverging copies too). */
	imported: string[];
	updated: string[];
	/** Attempt ids not written, for any SkipReason. */
	skipped: string[];
	/** Trainee ids that were missing and were added. */
	traineesAdded: string[];
	rejected: Rejected[];
	/** The file's trainees with an attempt on this device now, added or already here. */
	traineeIds: string[];
	/** Per trainee of the file, in the file's order. */
	trainees: TraineeReport[];
}

/** Called after each attempt is checked, with how many are done: a long check yields and stops here. */
export type CheckPace = (checked: number) => void | Promise<void>;

/** What the check reads from the store: the stored attempts and trainees the files name, and past merges. */
export interface StoredView {
	attempts(ids: readonly string[]): Promise<ReadonlyMap<string, Attempt>>;
	trainees(ids: readonly string[]): Promise<ReadonlyMap<string, Trainee>>;
	merged: Readonly<Record<string, string>>;
}

/** Reads in slices, so tens of thousands of ids do not hold the page in one task; `pace` runs between them. */
export async function storedView(
	store: ProgressStore,
	{ slice = 2_000, pace }: { slice?: number; pace?: () => void | Promise<void> } = {}
): Promise<StoredView> {
	const merged = await store.settings.get(MERGED_SETTING);
	return {
		merged: isMergedMap(merged) ? merged : {},
		async attempts(ids) {
			const found = new Map<string, Attempt>();
			for (let start = 0; start < ids.length; start += slice) {
				for (const a of await store.attempts.getMany(ids.slice(start, start + slice))) found.set(a.id, a);
				await pace?.();
			}
			return found;
		},
		async trainees(ids) {
			const found = new Map<string, Trainee>();
			for (const id of new Set(ids)) {
				const t = await store.trainees.get(id);
				if (t) found.set(id, t);
			}
			return found;
		}
	};
}

/** An entry as far as the trainee's doing goes: what the app works out again on import (labels, the nearest choice) is left out. */
function entryKey(entry: LogEntry): string {
	switch (entry.type) {
		case 'choice.select':
			return JSON.stringify(['s', entry.choice]);
		case 'choice.observe':
			return JSON.stringify(['o', entry.style, entry.steps]);
		case 'choice.type':
			return JSON.stringify([
				't',
				entry.typed.text,
				entry.typed.lang,
				entry.typed.picked ? entry.choice : ''
			]);
		case 'attempt.rewind':
			return JSON.stringify(['r', entry.turn]);
		case 'attempt.restart':
			return '["x"]';
	}
}

/** How a file's log stands to the stored one: logs only grow, so a newer log starts with the older one. */
export function compareLogs(
	stored: readonly LogEntry[],
	file: readonly LogEntry[]
): { kind: 'same' | 'extends' | 'older'; at?: undefined } | { kind: 'diverges'; at: number } {
	const shared = Math.min(stored.length, file.length);
	for (let i = 0; i < shared; i++)
		if (entryKey(stored[i]!) !== entryKey(file[i]!)) return { kind: 'diverges', at: i };
	if (stored.length === file.length) return { kind: 'same' };
	return { kind: file.length > stored.length ? 'extends' : 'older' };
}

/** FNV-1a, twice with different seeds: 16 hex digits that name a branch of a log. Not for security. */
function hash(text: string): string {
	let a = 0x811c9dc5;
	let b = 0x01000193 ^ 0x5bd1e995;
	for (let i = 0; i < text.length; i++) {
		const c = text.charCodeAt(i);
		a = Math.imul(a ^ c, 0x01000193);
		b = Math.imul(b ^ c, 0x5bd1e995) ^ (b >>> 15);
	}
	return (a >>> 0).toString(16).padStart(8, '0') + (b >>> 0).toString(16).padStart(8, '0');
}

/**
 * The id a diverging log is kept under: from the attempt's id and the log up to where it went its own way, so
 * importing the same file again, or a later file that carries the branch on, finds the same copy.
 */
export function forkId(id: string, log: readonly LogEntry[], at: number): string {
	return `${id.slice(0, 100)}.fork-${hash(JSON.stringify(log.slice(0, at + 1).map(entryKey)))}`;
}

/** A log can diverge again from its own copy; past this many levels the file is refused for that attempt. */
const FORK_DEPTH = 4;

type Decision =
	| { kind: 'add'; attempt: Attempt; from?: string }
	| { kind: 'update'; attempt: Attempt; expectedLength: number }
	/** `id` is the stored attempt compared with: the file's id, or a diverging copy's. */
	| { kind: 'skip'; id: string; reason: SkipReason }
	| { kind: 'reject'; rejected: Rejected };

interface Planned {
	/** The attempt as it will be written. */
	attempt: Attempt;
	/** The stored log's length, when the write replaces a stored attempt. */
	expectedLength?: number;
}

/** Files whose attempts are re-scored and ready to be written by `writeCheckedFiles`. */
export interface CheckedFiles {
	files: readonly ProgressFile[];
	/** Per file: each attempt's decision, with the trainee it belongs to (after merges). */
	decisions: { traineeId: string; attemptId: string; decision: Decision }[][];
	/** The trainee id a file's trainee id lands on, after merges. */
	owner: (id: string) => string;
	/** Per attempt id, what is written: the latest of the files' logs for it. */
	planned: ReadonlyMap<string, Planned>;
	trainees: ReadonlyMap<string, Trainee>;
	/** Stored trainees as the check saw them. */
	storedTrainees: ReadonlyMap<string, Trainee>;
	renames: ReadonlyMap<string, TraineeRename>;
}

async function replay(fileAttempt: ProgressFile['attempts'][number], traineeId: string, rescore: Rescore) {
	const fields = { ...rescoreInput(fileAttempt), traineeId };
	let result: RescoreResult;
	try {
		result = await rescore(fields);
	} catch (error) {
		result = { error: error instanceof Error ? error.message : String(error) };
	}
	if ('problem' in result)
		return {
			rejected: { id: fileAttempt.id, reason: englishReason(result.problem), problem: result.problem }
		};
	if ('error' in result) return { rejected: { id: fileAttempt.id, reason: result.error } };
	const attempt: Attempt = {
		...fields,
		...(result.log ? { log: result.log } : {}),
		status: result.status,
		...(result.ending !== undefined ? { ending: result.ending } : {}),
		...(result.scores !== undefined ? { scores: { ...result.scores } } : {}),
		...(result.status === 'finished' ? { finishedAt: fileAttempt.finishedAt ?? fields.updatedAt } : {})
	};
	return { attempt };
}

/**
 * Re-scores what the files would change; nothing is written, so this can run while an earlier group is being
 * written. A later file in `files` is compared with what an earlier one would write, so a week's export and
 * the next week's can be dropped together.
 */
export async function checkProgressFiles(
	files: readonly ProgressFile[],
	view: StoredView,
	rescore: Rescore,
	pace: CheckPace = () => {}
): Promise<CheckedFiles> {
	const owner = (id: string) => resolveMerged(view.merged, id);
	const storedTrainees = await view.trainees(files.flatMap((f) => f.trainees.map((t) => owner(t.id))));
	const stored = new Map(await view.attempts(files.flatMap((f) => f.attempts.map((a) => a.id))));
	const planned = new Map<string, Planned>();
	const current = (id: string): { attempt: Attempt; expectedLength?: number } | undefined => {
		const p = planned.get(id);
		if (p) return p;
		const s = stored.get(id);
		return s && { attempt: s, expectedLength: s.log.length };
	};
	const decisions: CheckedFiles['decisions'] = [];
	let checked = 0;
	for (const data of files) {
		const list: CheckedFiles['decisions'][number] = [];
		for (const fileAttempt of data.attempts) {
			await pace(checked++);
			const traineeId = owner(fileAttempt.traineeId);
			let id = fileAttempt.id;
			let from: string | undefined;
			let decision: Decision | undefined;
			for (let depth = 0; !decision; depth++) {
				const here = current(id);
				if (!here) {
					const r = await replay({ ...fileAttempt, id }, traineeId, rescore);
					decision = r.attempt
						? { kind: 'add', attempt: r.attempt, ...(from ? { from } : {}) }
						: { kind: 'reject', rejected: { ...r.rejected, id: fileAttempt.id } };
					break;
				}
				if (here.attempt.traineeId !== traineeId) {
					decision = { kind: 'skip', id, reason: 'other-trainee' };
					break;
				}
				const how = compareLogs(here.attempt.log, fileAttempt.log);
				if (how.kind === 'same' || how.kind === 'older') decision = { kind: 'skip', id, reason: how.kind };
				else if (how.kind === 'extends') {
					const r = await replay({ ...fileAttempt, id }, traineeId, rescore);
					if (!r.attempt) decision = { kind: 'reject', rejected: { ...r.rejected, id: fileAttempt.id } };
					else {
						// Notes typed on the stored copy stay when the file brings none.
						const notes = r.attempt.notes || here.attempt.notes;
						const attempt = { ...r.attempt, notes };
						decision =
							here.expectedLength === undefined && !stored.has(id)
								? { kind: 'add', attempt, ...(from ? { from } : {}) }
								: { kind: 'update', attempt, expectedLength: here.expectedLength ?? 0 };
					}
				} else if (depth >= FORK_DEPTH) {
					const reason = 'its log went its own way from more than 4 stored copies';
					decision = { kind: 'reject', rejected: { id: fileAttempt.id, reason } };
				} else {
					from ??= id;
					id = forkId(id, fileAttempt.log, how.at ?? 0);
					// The copy may be stored already: look it up, then compare with it.
					if (!stored.has(id) && !planned.has(id))
						for (const [k, a] of await view.attempts([id])) stored.set(k, a);
				}
			}
			if (decision.kind === 'add' || decision.kind === 'update') {
				const before = planned.get(decision.attempt.id);
				const s = stored.get(decision.attempt.id);
				planned.set(decision.attempt.id, {
					attempt: decision.attempt,
					...(s ? { expectedLength: before?.expectedLength ?? s.log.length } : {})
				});
			}
			list.push({ traineeId, attemptId: fileAttempt.id, decision });
		}
		decisions.push(list);
	}
	await pace(checked);

	// Trainees: each as its newest file names it. A new one comes in only with an attempt to show.
	const trainees = new Map<string, Trainee>();
	const renames = new Map<string, TraineeRename>();
	const withAttempts = new Set(
		decisions.flat().flatMap((d) => (d.decision.kind === 'reject' ? [] : [d.traineeId]))
	);
	for (const data of files) {
		const nameAt = Date.parse(data.exportedAt);
		for (const t of data.trainees) {
			const id = owner(t.id);
			const known = storedTrainees.get(id);
			if (known) {
				const newest = renames.get(id)?.nameAt ?? known.nameAt ?? known.createdAt;
				if (known.name !== t.name && nameAt > newest) renames.set(id, { id, name: t.name, nameAt });
			} else if (withAttempts.has(id) && nameAt >= (trainees.get(id)?.nameAt ?? -Infinity))
				trainees.set(id, { id, name: t.name, createdAt: trainees.get(id)?.createdAt ?? t.createdAt, nameAt });
		}
	}
	return { files, decisions, owner, planned, trainees, storedTrainees, renames };
}

export interface WriteOptions {
	/** Set by the instructor's import on the trainees it adds, so that clearing the instructor data finds them. */
	source?: Trainee['source'];
	/** A backup's classes, the class of each trainee it adds, its class settings and merges. */
	classes?: readonly TraineeClass[];
	classOf?: ReadonlyMap<string, string>;
	settings?: readonly { key: string; value: unknown }[];
	merged?: Readonly<Record<string, string>>;
	/** How many attempts are written so far, while the write goes on. */
	onProgress?: (written: number) => void;
	/** Aborting it rolls the whole write back. */
	signal?: AbortSignal;
}

/**
 * Writes checked files in one transaction, all or nothing, with a result per file. An attempt stored or
 * changed since it was checked (another tab) is skipped, not overwritten.
 */
export async function writeCheckedFiles(
	store: ProgressStore,
	checked: CheckedFiles,
	{ source, classes, classOf, settings, merged, onProgress, signal }: WriteOptions = {}
): Promise<ImportResult[]> {
	const adds: Attempt[] = [];
	const updates: AttemptUpdate[] = [];
	for (const { attempt, expectedLength } of checked.planned.values())
		if (expectedLength === undefined) adds.push(attempt);
		else updates.push({ attempt, expectedLength });
	const outcome = await store.importBatch({
		trainees: [...checked.trainees.values()].map((t) => {
			const cls = classOf?.get(t.id);
			return { ...t, ...(source ? { source } : {}), ...(cls ? { classId: cls } : {}) };
		}),
		attempts: adds,
		updates,
		renames: [...checked.renames.values()],
		...(classes ? { classes } : {}),
		...(settings ? { settings } : {}),
		...(merged ? { merged } : {}),
		...(onProgress ? { onProgress } : {}),
		...(signal ? { signal } : {})
	});
	const written = new Set([...outcome.imported, ...(outcome.updated ?? [])]);
	const renamed = new Set(outcome.renamed ?? []);
	const added = new Set(outcome.traineesAdded);
	// Each change goes to the first file that brought it; a later file that carries it further updates it.
	const claimed = new Set<string>();
	const newTrainees = new Set<string>();
	return checked.decisions.map((list, f) => {
		const reports = new Map<string, TraineeReport>();
		for (const t of checked.files[f]!.trainees) {
			const id = checked.owner(t.id);
			if (reports.has(id)) continue;
			const known = checked.storedTrainees.get(id);
			const isNew = added.has(id) && !newTrainees.has(id);
			if (isNew) newTrainees.add(id);
			const name = renamed.has(id)
				? checked.renames.get(id)!.name
				: (known?.name ?? checked.trainees.get(id)?.name ?? t.name);
			reports.set(id, {
				id,
				name,
				...(renamed.has(id) && known ? { previousName: known.name } : {}),
				isNew,
				added: [],
				updated: [],
				forked: [],
				skipped: [],
				rejected: []
			});
		}
		for (const { traineeId, decision } of list) {
			const report = reports.get(traineeId)!;
			if (decision.kind === 'reject') report.rejected.push(decision.rejected);
			else if (decision.kind === 'skip') report.skipped.push({ id: decision.id, reason: decision.reason });
			else {
				const id = decision.attempt.id;
				if (!written.has(id)) report.skipped.push({ id, reason: 'changed' });
				else if (claimed.has(id) || checked.planned.get(id)!.expectedLength !== undefined)
					report.updated.push(id);
				else {
					report.added.push(id);
					if (decision.kind === 'add' && decision.from) report.forked.push({ id, from: decision.from });
				}
				claimed.add(id);
			}
		}
		const trainees = [...reports.values()];
		const here = new Set(list.flatMap((d) => (d.decision.kind === 'reject' ? [] : [d.traineeId])));
		const onDevice = (id: string) => added.has(id) || checked.storedTrainees.has(id);
		return {
			imported: trainees.flatMap((t) => t.added),
			updated: trainees.flatMap((t) => t.updated),
			skipped: trainees.flatMap((t) => t.skipped.map((s) => s.id)),
			traineesAdded: trainees.filter((t) => t.isNew).map((t) => t.id),
			rejected: trainees.flatMap((t) => t.rejected),
			traineeIds: trainees.map((t) => t.id).filter((id) => here.has(id) && onDevice(id)),
			trainees: trainees.filter((t) => here.has(t.id) || t.rejected.length > 0)
		};
	});
}
