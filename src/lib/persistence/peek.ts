// A few settings read straight from IndexedDB, without Dexie: the instructor's passcode gate asks only "is there a
// passcode, and must the next try wait?", and that page should not fetch the store's code before anyone types.
// Anything unusual (no `databases()`, a blocked or failing open) answers `undefined`: the caller asks the store.
const SETTINGS = 'settings';

const result = <T>(request: IDBRequest<T>) =>
	new Promise<T>((resolve, reject) => {
		request.onsuccess = () => resolve(request.result);
		request.onerror = () => reject(request.error);
	});

/** The stored values of `keys` (absent keys map to `undefined`), or `undefined` when they can't be read this way. */
export async function peekSettings(
	keys: readonly string[],
	name = 'service-roleplay'
): Promise<Map<string, unknown> | undefined> {
	if (typeof indexedDB === 'undefined' || typeof indexedDB.databases !== 'function') return undefined;
	try {
		// Opening a database that does not exist would create it, empty, at version 1; the store would then
		// have to upgrade from a schema it never wrote. A device with no database has no settings.
		if (!(await indexedDB.databases()).some((d) => d.name === name)) return new Map();
		const db = await new Promise<IDBDatabase>((resolve, reject) => {
			const open = indexedDB.open(name);
			// Deleted since `databases()` answered: abort, so nothing is created here.
			open.onupgradeneeded = () => open.transaction?.abort();
			open.onblocked = () => reject(new Error('blocked'));
			open.onsuccess = () => resolve(open.result);
			open.onerror = () => reject(open.error);
		});
		try {
			if (!db.objectStoreNames.contains(SETTINGS)) return new Map();
			const store = db.transaction(SETTINGS, 'readonly').objectStore(SETTINGS);
			const rows = await Promise.all(
				keys.map((key) => result<{ value?: unknown } | undefined>(store.get(key)))
			);
			return new Map(keys.map((key, i) => [key, rows[i]?.value]));
		} finally {
			db.close();
		}
	} catch {
		return undefined;
	}
}
