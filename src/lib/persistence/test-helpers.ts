// Test helpers: every test gets a database of its own, so tests never see each other's rows.
import type { LogEntry } from '$lib/engine/compile';
import type { ProgressFile } from './progress-file';
import {
	checkProgressFiles,
	storedView,
	writeCheckedFiles,
	type Rescore,
	type WriteOptions
} from './progress-import';
import type { ProgressStore } from './store';

let counter = 0;

/** A fresh database name, like desktop's test `reset()`: nothing from an earlier test can leak in. */
export function reset(prefix = 'test'): string {
	counter += 1;
	return `${prefix}-${counter}-${Math.random().toString(36).slice(2)}`;
}

/** A clock that ticks one second per call, so orderings in tests are certain. */
export function tickingClock(start = Date.UTC(2025, 0, 1)): () => number {
	let time = start;
	return () => (time += 1000);
}

export const choose = (choice: string): LogEntry => ({ type: 'choice.select', choice });

/**
 * The app's import path (session/progress-files.ts) without reading files or pacing: the same check, against
 * the same view of the store, and the same write.
 */
export async function importProgressFiles(
	store: ProgressStore,
	files: readonly ProgressFile[],
	rescore: Rescore,
	options: WriteOptions = {}
) {
	return writeCheckedFiles(store, await checkProgressFiles(files, await storedView(store), rescore), options);
}

export async function importProgress(store: ProgressStore, file: ProgressFile, rescore: Rescore) {
	const [result] = await importProgressFiles(store, [file], rescore);
	return result!;
}
