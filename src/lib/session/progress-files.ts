// Export and import of progress files, wired to the store and to re-scoring from content.
import type { ImportProblem, ProgressFile, Rescore, TraineeClass, TraineeReport } from '$lib/persistence';
import { progress } from './progress.svelte';
import { loadClassifier } from './typed-reply.svelte';
import { fetchScenario, rescoreForImport } from './scenario-data';

/** Downloads the active trainee's progress (or every trainee's) as a JSON file. */
export async function downloadProgress(all = false) {
	const store = await progress.ready();
	const { exportProgress, serializeProgress } = await import('$lib/persistence');
	const ids = all || !progress.trainee ? undefined : [progress.trainee.id];
	const text = serializeProgress(await exportProgress(store, ids));
	const name = ((!all && progress.trainee?.name) || (all ? 'everyone' : 'progress')).replace(
		/[^\p{L}\p{N}]+/gu,
		'-'
	);
	const link = document.createElement('a');
	link.href = URL.createObjectURL(new Blob([text], { type: 'application/json' }));
	link.download = `service-roleplay-${name}-${new Date().toISOString().slice(0, 10)}.json`;
	link.click();
	setTimeout(() => URL.revokeObjectURL(link.href), 10_000);
}

export type ImportReport =
	| {
			ok: true;
			/** Attempts added (diverging copies among them). */
			imported: number;
			/** Stored attempts whose log the file carried further. */
			updated: number;
			/** Attempts not written: the same or an older log, or another trainee's id. */
			skipped: number;
			rejected: { id: string; reason: string; problem?: ImportProblem }[];
			/** Every trainee of the file with an attempt on this device now, whether added now or already here. */
			traineeIds: string[];
			/** What the file did for each of its trainees: added, updated, skipped and why. */
			trainees: TraineeReport[];
	  }
	| { ok: false; error: string; problem?: ImportProblem };

/**
 * Replays an attempt's choices on today's content, whatever content version the file claims: the file's own
 * status, ending and scores are not trusted, and a log that does not fit the content is refused.
 */
export const rescoreFromContent: Rescore = async (attempt) => {
	const data = await fetchScenario(attempt.scenarioId);
	if (!data) return { problem: { code: 'unknown-scenario', scenario: attempt.scenarioId } };
	if (!attempt.log.some((entry) => entry.type === 'choice.type')) return rescoreForImport(data, attempt.log);
	// Typed replies are read again here: the labels, evidence and confidence in the file are not trusted.
	const { classifier, cues } = await loadClassifier();
	return rescoreForImport(data, attempt.log, (entry, choices) => {
		const { text, lang, picked } = entry.typed;
		const read = classifier.classify({ text, lang, rubrics: data.rubrics, cues });
		// The trainee's own pick of the closest reply stands, if the decision has it; otherwise the nearest.
		const choice =
			picked && choices.some((c) => c.id === entry.choice)
				? entry.choice
				: classifier.nearestChoice(read, choices, data.rubrics).id;
		return {
			...entry,
			choice,
			style: read.style,
			steps: read.steps,
			typed: {
				text,
				lang,
				evidence: read.evidence,
				confidence: read.confidence,
				...(picked ? { picked } : {})
			}
		};
	});
};

/** Where a long import stands: files read, then attempts checked (replayed), then attempts saved. */
export interface ImportProgress {
	phase: 'reading' | 'checking' | 'saving';
	done: number;
	total: number;
}

export interface ImportOptions {
	/** The instructor's import marks the trainees it adds, so that clearing the instructor data finds them. */
	source?: 'import';
	/** A backup's classes, added when missing, and the class of each trainee the import adds. */
	classes?: readonly TraineeClass[];
	classOf?: ReadonlyMap<string, string>;
	/** A backup's class settings and merges, added where this device has none. */
	settings?: readonly { key: string; value: unknown }[];
	merged?: Readonly<Record<string, string>>;
	onProgress?: (progress: ImportProgress) => void;
	/** Cancels the import: it then rejects with an AbortError and has written nothing. */
	signal?: AbortSignal;
}

/**
 * Lets the page paint and take clicks (Cancel among them); unlike setTimeout, not slowed in a background tab.
 * Not scheduler.yield: its continuation goes ahead of the page's other tasks, so a long run of them starved
 * timers and paints for over half a second on a busy machine.
 */
function yieldToEventLoop(): Promise<void> {
	return new Promise((resolve) => {
		const channel = new MessageChannel();
		channel.port1.onmessage = () => {
			channel.port1.close();
			resolve();
		};
		channel.port2.postMessage(null);
	});
}

/** Work in slices of about this long between yields: short enough for the page to stay responsive. */
const SLICE_MS = 40;
const LOOKUP_SLICE = 500;

/** Yields once a slice of work is used up, reporting progress then, and stops there when cancelled. */
function pacer(signal: AbortSignal | undefined, report: (done: number) => void) {
	let sliceStart = performance.now();
	return async (done: number) => {
		signal?.throwIfAborted();
		if (performance.now() - sliceStart < SLICE_MS) return;
		report(done);
		await yieldToEventLoop();
		signal?.throwIfAborted();
		sliceStart = performance.now();
	};
}

/** The trainee's own import: one file, validated strictly and re-scored; a bad file writes nothing. */
export async function importProgressFile(file: File, options: ImportOptions = {}): Promise<ImportReport> {
	const [report] = await importProgressFiles([file], options);
	if (!report!.ok) return report!;
	await progress.refresh();
	// On a device with no profile chosen, the trainee who brought their progress goes on as themselves.
	const own = report!.traineeIds[0];
	if (!progress.trainee && own) await progress.switchTo(own);
	return report!;
}

/**
 * Many files, each validated on its own (a bad one is reported and writes nothing), the good ones written
 * together: the instructor's bulk import. All or nothing: every file is read and every attempt checked
 * before anything is written, and the write is one transaction, so a cancel at any point, or a failure, leaves
 * the store as it was. Reports come back in file order.
 */
export async function importProgressFiles(
	files: readonly File[],
	options: ImportOptions = {}
): Promise<ImportReport[]> {
	const { parseProgressFile, PROGRESS_MAX_BYTES } = await import('$lib/persistence');
	const { onProgress, signal } = options;
	const reports: ImportReport[] = new Array(files.length);
	const parsed: { index: number; data: ProgressFile }[] = [];
	const reading = pacer(signal, (done) => onProgress?.({ phase: 'reading', done, total: files.length }));
	for (const [index, file] of files.entries()) {
		await reading(index);
		const text = file.size > PROGRESS_MAX_BYTES ? '' : await file.text();
		const result = parseProgressFile(text, file.size);
		if (result.ok) parsed.push({ index, data: result.data });
		else reports[index] = { ok: false, error: result.error, problem: result.problem };
	}
	onProgress?.({ phase: 'reading', done: files.length, total: files.length });
	signal?.throwIfAborted();
	if (!parsed.length) return reports;
	const written = await importParsedProgress(
		parsed.map((p) => p.data),
		options
	);
	parsed.forEach(({ index }, i) => (reports[index] = written[i]!));
	return reports;
}

/**
 * Parsed files (parseProgressFile's output, never raw JSON) into the store, one report each: what a backup
 * and an LRS pull use after their own parsing. All or nothing, as importProgressFiles.
 */
export async function importParsedProgress(
	data: readonly ProgressFile[],
	{ source, classes, classOf, settings, merged, onProgress, signal }: ImportOptions = {}
): Promise<ImportReport[]> {
	const { checkProgressFiles, writeCheckedFiles, rescoreOncePerPath, storedView, englishReason } =
		await import('$lib/persistence');
	// Re-scoring needs each scenario's content: fetch them all at once rather than one by one later.
	// A failed fetch is reported per attempt when it is re-scored.
	for (const id of new Set(data.flatMap((d) => d.attempts.map((a) => a.scenarioId))))
		fetchScenario(id).catch(() => {});
	const full = { code: 'storage-full' } as const;
	const rescore = rescoreOncePerPath(rescoreFromContent);
	const fail = (error: unknown): ImportReport[] => {
		const message = error instanceof Error ? error.message : String(error);
		return data.map(() => ({ ok: false, error: message }));
	};
	const total = data.reduce((n, d) => n + d.attempts.length, 0);
	let checked;
	try {
		const store = await progress.ready();
		const checking = pacer(signal, (done) => onProgress?.({ phase: 'checking', done, total }));
		// Looked up in slices, so that tens of thousands of ids do not hold the page in one task.
		const view = await storedView(store, { slice: LOOKUP_SLICE, pace: () => checking(0) });
		checked = await checkProgressFiles(data, view, rescore, checking);
	} catch (error) {
		if (signal?.aborted) throw signal.reason;
		return fail(error);
	}
	onProgress?.({ phase: 'checking', done: total, total });
	signal?.throwIfAborted();

	const saving = checked.planned.size;
	onProgress?.({ phase: 'saving', done: 0, total: saving });
	let results;
	try {
		results = await progress.write((s) =>
			writeCheckedFiles(s, checked, {
				...(source ? { source } : {}),
				...(classes ? { classes } : {}),
				...(classOf ? { classOf } : {}),
				...(settings ? { settings } : {}),
				...(merged ? { merged } : {}),
				onProgress: (done) => onProgress?.({ phase: 'saving', done, total: saving }),
				...(signal ? { signal } : {})
			})
		);
	} catch (error) {
		if (signal?.aborted) throw signal.reason;
		return fail(error);
	}
	onProgress?.({ phase: 'saving', done: saving, total: saving });
	return data.map((_, i) => {
		const result = results?.[i];
		return result
			? {
					ok: true,
					imported: result.imported.length,
					updated: result.updated.length,
					skipped: result.skipped.length,
					rejected: result.rejected,
					traineeIds: result.traineeIds,
					trainees: result.trainees
				}
			: { ok: false, error: englishReason(full), problem: full };
	});
}
