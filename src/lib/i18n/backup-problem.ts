// A backup's problem in the reader's language; the persistence layer gives it as data.
import type { BackupProblem } from '$lib/persistence';
import { m } from './index';

export function describeBackupProblem(problem: BackupProblem | undefined, fallback: string): string {
	switch (problem?.code) {
		case 'too-large':
			return m.backup_too_large({ mb: problem.mb, limit: problem.limit });
		case 'not-json':
			return m.backup_not_json({ detail: problem.detail });
		case 'forbidden-key':
			return m.backup_forbidden_key({ key: problem.key, at: problem.at || m.import_top_level() });
		case 'too-deep':
			return m.backup_too_deep({ limit: problem.limit });
		case 'progress-file':
			return m.backup_progress_file();
		case 'not-backup':
			return m.backup_not_backup();
		case 'newer-version':
			return m.backup_newer_version({ version: problem.version });
		case 'unknown-version':
			return m.backup_unknown_version({ version: problem.version });
		case 'damaged':
			return m.backup_damaged({ detail: problem.detail });
		case 'future-time':
			return m.backup_future_time({ time: problem.time, at: problem.at });
		default:
			return fallback;
	}
}
