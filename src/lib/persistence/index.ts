// The persistence API the app uses. Nothing outside this folder imports Dexie.
// Opening the store is in ./open, which play imports by itself: this index also brings the import and export
// checks (and valibot), which only Profile & data and the instructor need.
export {
	describeOpenFailure,
	openProgressStore,
	requestPersistence,
	type OpenOptions,
	type PersistenceResult
} from './open';

export type { Attempt, AttemptMode, AttemptStatus, Trainee, TraineeClass } from './db';
export type { AttemptSummary } from './attempt-summaries';
export {
	AttemptConflictError,
	AttemptFinishedError,
	MissingRecordError,
	StorageFullError,
	type EntryUpdate,
	type FinishUpdate,
	type ImportOutcome,
	type ProgressStore,
	type Settings,
	type StartAttempt,
	type StorageProblem
} from './store';
export {
	PROGRESS_FORMAT,
	PROGRESS_MAX_BYTES,
	englishReason,
	exportProgress,
	parseProgressFile,
	serializeProgress,
	type ImportProblem,
	type ParseResult,
	type ProgressFile
} from './progress-file';
export {
	checkProgressFiles,
	rescoreOncePerPath,
	storedView,
	writeCheckedFiles,
	type CheckedFiles,
	type ImportResult,
	type Rescore,
	type RescoreInput,
	type RescoreResult,
	type SkipReason,
	type TraineeReport
} from './progress-import';
export {
	BACKUP_MAX_BYTES,
	backupReason,
	exportBackup,
	parseBackup,
	type Backup,
	type BackupProblem
} from './backup';
