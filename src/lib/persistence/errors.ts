// The store's typed errors, apart from the store so that a page can tell them apart without loading it.

/** The device has no room left. Thrown after the failed write rolled back, so nothing earlier is lost. */
export class StorageFullError extends Error {
	override readonly name = 'StorageFullError';
	constructor(cause?: unknown) {
		super(
			'Your browser has run out of storage space, so this step was not saved (everything saved before is ' +
				'still there). Export your progress to a file now, then free some disk space or clear data of ' +
				'other sites, and try again.',
			{ cause }
		);
	}
}

/** The attempt moved on in another tab: this tab's view is stale, and its write was refused. */
export class AttemptConflictError extends Error {
	override readonly name = 'AttemptConflictError';
	constructor(id: string) {
		super(`Attempt "${id}" was continued in another tab. Reload this page to carry on from there.`);
	}
}

/** The attempt reached an ending (in another tab, as a rule): nothing more can be added to it. */
export class AttemptFinishedError extends Error {
	override readonly name = 'AttemptFinishedError';
	readonly attemptId: string;
	constructor(id: string) {
		super(`Attempt "${id}" is finished, so this step was not added to it. Open it to see its debrief.`);
		this.attemptId = id;
	}
}

/**
 * An id that names no stored record: a bug in the caller, or a record removed in another tab.
 * Not called NotFoundError: Dexie would take that for IndexedDB's own error and wrap it.
 */
export class MissingRecordError extends Error {
	override readonly name = 'MissingRecordError';
	readonly what: 'trainee' | 'attempt' | 'class';
	readonly id: string;
	constructor(what: 'trainee' | 'attempt' | 'class', id: string) {
		super(`No ${what} with id "${id}" is stored; it may have been removed in another tab. Reload the page.`);
		this.what = what;
		this.id = id;
	}
}

const QUOTA_NAMES = new Set(['QuotaExceededError', 'NS_ERROR_DOM_QUOTA_REACHED']);

/** Finds a quota error however Dexie wrapped it: as its own QuotaExceededError, an AbortError's inner, or a bulk failure. */
export function isQuotaError(error: unknown, depth = 0): boolean {
	if (!error || typeof error !== 'object' || depth > 5) return false;
	const e = error as { name?: unknown; code?: unknown; inner?: unknown; cause?: unknown; failures?: unknown };
	if (typeof e.name === 'string' && QUOTA_NAMES.has(e.name)) return true;
	if (e.name === 'DOMException' && e.code === 22) return true;
	const failures = Array.isArray(e.failures) ? e.failures : [];
	return [e.inner, e.cause, ...failures].some((inner) => isQuotaError(inner, depth + 1));
}

export function toStorageError(error: unknown): unknown {
	return isQuotaError(error) ? new StorageFullError(error) : error;
}
