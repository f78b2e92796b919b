// Opening the progress store: IndexedDB through Dexie, or memory when the browser refuses. What every page that
// saves needs, and nothing more (no import or export code).
import { ProgressDatabase, type DatabaseOptions } from './db';
import { createDexieStore } from './dexie-store';
import { createMemoryStore } from './memory-store';
import type { ProgressStore, StorageProblem, StoreOptions } from './store';

export interface OpenOptions extends StoreOptions {
	/** The database name; tests give each database its own. */
	name?: string;
	indexedDB?: IDBFactory;
	IDBKeyRange?: typeof IDBKeyRange;
	/** Another tab opened a newer version: this store is closed now, and the UI should ask to reload. */
	onVersionChange?: () => void;
}

const LOST_ON_CLOSE = 'Your progress is kept only until you close this tab: export it to a file to keep it.';

/** Reading `indexedDB` itself throws SecurityError in some browsers when site data is blocked. */
function globalIndexedDB(): Pick<DatabaseOptions, 'indexedDB' | 'IDBKeyRange'> {
	try {
		const g = globalThis as { indexedDB?: IDBFactory; IDBKeyRange?: typeof IDBKeyRange };
		return { indexedDB: g.indexedDB, IDBKeyRange: g.IDBKeyRange };
	} catch {
		return {};
	}
}

function errorNames(error: unknown): string[] {
	const names: string[] = [];
	for (let e = error, depth = 0; e && typeof e === 'object' && depth < 5; depth++) {
		const { name, inner, cause } = e as { name?: unknown; inner?: unknown; cause?: unknown };
		if (typeof name === 'string') names.push(name);
		e = inner ?? cause;
	}
	return names;
}

export function describeOpenFailure(error: unknown): StorageProblem {
	const names = errorNames(error);
	if (names.includes('VersionError'))
		return {
			reason: 'newer-version',
			message: `A newer version of this app saved your progress. Reload the page to update. ${LOST_ON_CLOSE}`,
			cause: error
		};
	if (names.includes('UpgradeError'))
		return {
			reason: 'failed',
			message: `Your saved progress could not be updated to this version of the app; it is left untouched. ${LOST_ON_CLOSE}`,
			cause: error
		};
	return {
		reason: 'unavailable',
		message: `This browser does not let the app save progress here (private window or blocked site data). ${LOST_ON_CLOSE}`,
		cause: error
	};
}

/** Opens the IndexedDB store, or falls back to an in-memory one (with `problem` set) when that fails. */
export async function openProgressStore(options: OpenOptions = {}): Promise<ProgressStore> {
	const deps = { ...globalIndexedDB() };
	if (options.indexedDB) deps.indexedDB = options.indexedDB;
	if (options.IDBKeyRange) deps.IDBKeyRange = options.IDBKeyRange;
	const storeOptions: StoreOptions = options.now ? { now: options.now } : {};
	if (!deps.indexedDB)
		return createMemoryStore(describeOpenFailure(new Error('indexedDB is missing')), storeOptions);

	let db: ProgressDatabase | undefined;
	try {
		db = new ProgressDatabase(options.name, deps);
		await db.open();
	} catch (error) {
		db?.close();
		return createMemoryStore(describeOpenFailure(error), storeOptions);
	}
	const opened = db;
	// Returning false skips Dexie's default, which would reopen on the next query and fail with VersionError.
	opened.on('versionchange', () => {
		opened.close();
		options.onVersionChange?.();
		return false;
	});
	return createDexieStore(opened, storeOptions);
}

export type PersistenceResult = 'granted' | 'denied' | 'unsupported';

/** Asks the browser not to evict our data under storage pressure; safe to call more than once. */
export async function requestPersistence(
	storage: Partial<Pick<StorageManager, 'persist' | 'persisted'>> | undefined = (
		globalThis as { navigator?: Navigator }
	).navigator?.storage
): Promise<PersistenceResult> {
	if (typeof storage?.persist !== 'function') return 'unsupported';
	try {
		if (typeof storage.persisted === 'function' && (await storage.persisted())) return 'granted';
		return (await storage.persist()) ? 'granted' : 'denied';
	} catch {
		return 'unsupported';
	}
}
