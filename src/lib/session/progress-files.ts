// Export and import of progress files, wired to the store and to re-scoring from content.
import type { ImportProblem, ProgressFile, Rescore } from '$lib/persistence';
import { progress } from './progress.svelte';
import { fetchScenario, rescore } from './scenario-data';

/** Downloads the active trainee's progress (or every trainee's) as a JSON file. */
export async function downloadProgress(all = false) {
	const store = await progress.ready();
	const { exportProgress, serializeProgress } = await import('$lib/persistence');
	const ids = all || !progress.trainee ? undefined : [progress.trainee.id];
	const text = serializeProgress(await exportProgress(store, ids));
	const name = (progress.trainee?.name ?? 'progress').replace(/[^\p{L}\p{N}]+/gu, '-');
	const link = document.createElement('a');
	link.href = URL.createObjectURL(new Blob([text], { type: 'application/json' }));
	link.download = `service-roleplay-${name}-${new Date().toISOString().slice(0, 10)}.json`;
	link.click();
	setTimeout(() => URL.revokeObjectURL(link.href), 10_000);
}

export type ImportReport =
	| {
			ok: true;
			imported: number;
			skipped: number;
			rejected: { id: string; reason: string; problem?: ImportProblem }[];
			/** Every trainee the file names, whether added now or already here. */
			traineeIds: string[];
	  }
	| { ok: false; error: string; problem?: ImportProblem };

/** Replays an attempt's choices on today's content: the file's own status, ending and scores are not trusted. */
export const rescoreFromContent: Rescore = async (attempt) => {
	const data = await fetchScenario(attempt.scenarioId);
	if (!data) return { problem: { code: 'unknown-scenario', scenario: attempt.scenarioId } };
	const { report, stoppedAt, ending } = rescore(data, attempt.log);
	if (stoppedAt !== undefined && attempt.contentVersion === data.scenario.version)
		return { problem: { code: 'missing-choice', turn: stoppedAt + 1, scenario: attempt.scenarioId } };
	const scores = Object.fromEntries(report.scores.map((s) => [s.rubric, s.score]));
	return ending ? { status: 'finished', ending, scores } : { status: 'in-progress' };
};

/** The trainee's own import: one file, validated strictly and re-scored; a bad file writes nothing. */
export async function importProgressFile(file: File): Promise<ImportReport> {
	const [report] = await importProgressFiles([file]);
	if (!report!.ok) return report!;
	await progress.refresh();
	// On a device with no profile chosen, the trainee who brought their progress goes on as themselves.
	const own = report!.traineeIds[0];
	if (!progress.trainee && own) await progress.switchTo(own);
	return report!;
}

/** Files are checked and written in groups of this many, one transaction each, so a huge import stays bounded. */
const FILES_PER_WRITE = 50;

/**
 * Many files, each validated on its own (a bad one is reported and writes nothing), the good ones
 * written together in a few transactions: the instructor's bulk import. Reports come back in file order.
 */
export async function importProgressFiles(files: readonly File[]): Promise<ImportReport[]> {
	const {
		parseProgressFile,
		checkProgressFiles,
		writeCheckedFiles,
		rescoreOncePerPath,
		englishReason,
		PROGRESS_MAX_BYTES
	} = await import('$lib/persistence');
	const full = { code: 'storage-full' } as const;
	const rescore = rescoreOncePerPath(rescoreFromContent);
	const reports: ImportReport[] = new Array(files.length);
	const parsed: { index: number; data: ProgressFile }[] = [];
	for (const [index, file] of files.entries()) {
		const text = file.size > PROGRESS_MAX_BYTES ? '' : await file.text();
		const result = parseProgressFile(text, file.size);
		if (result.ok) {
			parsed.push({ index, data: result.data });
			// Re-scoring needs each scenario's content: fetch them all at once rather than one by one later.
			// A failed fetch is reported per attempt when it is re-scored.
			for (const attempt of result.data.attempts) fetchScenario(attempt.scenarioId).catch(() => {});
		} else reports[index] = { ok: false, error: result.error, problem: result.problem };
	}
	const fail = (group: typeof parsed, error: unknown) => {
		const message = error instanceof Error ? error.message : String(error);
		for (const { index } of group) reports[index] = { ok: false, error: message };
	};
	let stored: Set<string>;
	try {
		const store = await progress.ready();
		stored = await store.attempts.existing(parsed.flatMap((p) => p.data.attempts.map((a) => a.id)));
	} catch (error) {
		fail(parsed, error);
		return reports;
	}
	for (let start = 0; start < parsed.length; start += FILES_PER_WRITE) {
		const group = parsed.slice(start, start + FILES_PER_WRITE);
		try {
			const checked = await checkProgressFiles(
				group.map((g) => g.data),
				stored,
				rescore
			);
			const results = await progress.write((s) => writeCheckedFiles(s, checked));
			group.forEach(({ index, data }, i) => {
				const result = results?.[i];
				reports[index] = result
					? {
							ok: true,
							imported: result.imported.length,
							skipped: result.skipped.length,
							rejected: result.rejected,
							traineeIds: data.trainees.map((t) => t.id)
						}
					: { ok: false, error: englishReason(full), problem: full };
			});
		} catch (error) {
			fail(group, error);
		}
	}
	return reports;
}
