// Ids come from content and from progress files, and "constructor" or "__proto__" is a valid-looking id:
// every lookup by id reads own keys only, so none of them finds what Object.prototype holds.

/** The value under `key` if the record itself has it; never one inherited from Object.prototype. */
export const own = <T>(record: Readonly<Record<string, T>>, key: string): T | undefined =>
	Object.hasOwn(record, key) ? record[key] : undefined;
