// The roster's plain-data helpers: counting attempts per trainee and finding names two trainees share.

/** How many times each key occurs, in first-seen order. */
export function countBy<T>(items: Iterable<T>, key: (item: T) => string): Map<string, number> {
	const counts = new Map<string, number>();
	for (const item of items) counts.set(key(item), (counts.get(key(item)) ?? 0) + 1);
	return counts;
}

/** A name as people compare them: case and surrounding spaces do not tell two trainees apart. */
export const nameKey = (name: string) => name.toLocaleLowerCase().trim();

/** The name keys more than one trainee has. */
export function sharedNames(trainees: readonly { name: string }[]): Set<string> {
	return new Set(
		[...countBy(trainees, (t) => nameKey(t.name))].filter(([, n]) => n > 1).map(([name]) => name)
	);
}

/** Same names side by side, the first seen first, so two trainees called Ana are read together. */
export function rosterOrder<T extends { id: string; name: string; createdAt: number }>(
	trainees: readonly T[]
): T[] {
	return [...trainees].sort(
		(a, b) =>
			nameKey(a.name).localeCompare(nameKey(b.name)) ||
			a.createdAt - b.createdAt ||
			(a.id < b.id ? -1 : a.id > b.id ? 1 : 0)
	);
}

/** The trainees whose name holds the query, in the same case-blind way names are compared; all for an empty one. */
export function findTrainees<T extends { name: string }>(trainees: readonly T[], query: string): readonly T[] {
	const wanted = nameKey(query);
	return wanted ? trainees.filter((t) => nameKey(t.name).includes(wanted)) : trainees;
}
