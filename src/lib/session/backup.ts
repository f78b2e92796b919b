// The instructor's backup, wired to the store: download every record of the instructor area as one file, and
// restore it on another device through the one import path (each log replayed, nothing trusted).
import type { BackupProblem, ImportProblem } from '$lib/persistence';
import { progress } from './progress.svelte';
import { importParsedProgress, type ImportOptions, type ImportReport } from './progress-files';

export async function downloadBackup() {
	const store = await progress.ready();
	const { exportBackup } = await import('$lib/persistence');
	const text = JSON.stringify(await exportBackup(store), null, 2);
	const link = document.createElement('a');
	link.href = URL.createObjectURL(new Blob([text], { type: 'application/json' }));
	link.download = `service-roleplay-instructor-backup-${new Date().toISOString().slice(0, 10)}.json`;
	link.click();
	setTimeout(() => URL.revokeObjectURL(link.href), 10_000);
}

export type BackupReport =
	| { ok: true; classes: number; settings: number; report: ImportReport }
	| {
			ok: false;
			error: string;
			/** Why the file was refused. */
			problem?: BackupProblem;
			/** Why a good file could not be written (a full disk). */
			importProblem?: ImportProblem;
	  };

/**
 * A backup into this device: its classes and class settings where this device has none, its trainees as the
 * instructor's records, its attempts as an import. All or nothing; a refused file writes nothing.
 */
export async function importBackupFile(
	file: File,
	options: Pick<ImportOptions, 'onProgress' | 'signal'> = {}
): Promise<BackupReport> {
	const { parseBackup, BACKUP_MAX_BYTES } = await import('$lib/persistence');
	const text = file.size > BACKUP_MAX_BYTES ? '' : await file.text();
	const parsed = parseBackup(text, file.size);
	if (!parsed.ok) return parsed;
	const { backup } = parsed;
	const store = await progress.ready();
	const [classesBefore, settingsBefore] = await Promise.all([
		store.classes.list(),
		Promise.all(backup.settings.map((s) => store.settings.get(s.key)))
	]);
	const [report] = await importParsedProgress([backup.progress], {
		...options,
		source: 'import',
		classes: backup.classes,
		classOf: backup.classOf,
		settings: backup.settings,
		merged: backup.merged
	});
	await progress.refresh();
	if (!report!.ok)
		return {
			ok: false,
			error: report!.error,
			...(report!.problem ? { importProblem: report!.problem } : {})
		};
	const known = new Set(classesBefore.map((c) => c.id));
	return {
		ok: true,
		classes: backup.classes.filter((c) => !known.has(c.id)).length,
		settings: settingsBefore.filter((value) => value === undefined).length,
		report: report!
	};
}
