// The order an attempt shows each decision's replies in: shuffled per attempt from a seed, the same for
// every visit to that decision, so a reload, a resume and a rewind show what the trainee saw before.

/**
 * The ids in the order a seed gives them at one node. Self-contained (no imports, no outer names): the
 * script in app.html runs this very function's source to order the first replies before the app starts.
 */
export function shuffleIds(seed: number, node: string, ids: readonly string[]): string[] {
	// FNV-1a of the node id, mixed with the seed, drives a mulberry32 generator for a Fisher–Yates shuffle.
	let h = 2166136261 ^ (seed >>> 0);
	for (let i = 0; i < node.length; i++) h = Math.imul(h ^ node.charCodeAt(i), 16777619);
	let state = h >>> 0;
	const random = () => {
		state = (state + 0x6d2b79f5) >>> 0;
		let t = state;
		t = Math.imul(t ^ (t >>> 15), t | 1);
		t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
		return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
	};
	const out = ids.slice();
	for (let i = out.length - 1; i > 0; i--) {
		const j = Math.floor(random() * (i + 1));
		const swap = out[i]!;
		out[i] = out[j]!;
		out[j] = swap;
	}
	return out;
}

/** A decision's choices in the attempt's order. */
export function orderChoices<T extends { id: string }>(
	seed: number,
	node: string,
	choices: readonly T[]
): T[] {
	const byId = new Map(choices.map((c) => [c.id, c]));
	return shuffleIds(
		seed,
		node,
		choices.map((c) => c.id)
	).map((id) => byId.get(id)!);
}

/** A seed for an attempt stored before seeds were: taken from its id, so its order is stable too. */
export function seedFromId(id: string): number {
	let h = 2166136261;
	for (let i = 0; i < id.length; i++) h = Math.imul(h ^ id.charCodeAt(i), 16777619);
	return h >>> 0;
}

export const isSeed = (value: unknown): value is number =>
	typeof value === 'number' && Number.isInteger(value) && value >= 0 && value <= 0xffffffff;

/** A fresh seed for an attempt's reply order. */
export const newSeed = (): number => crypto.getRandomValues(new Uint32Array(1))[0]!;
