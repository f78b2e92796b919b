// Pure rules of the classroom exercises: no Svelte, no DOM. The components keep state; these compute.
import type { Locale } from '../engine/schema';
import type { Answer } from './schema';

/** A small seeded generator (mulberry32): the same seed gives the same numbers on every machine. */
export function seededRandom(seed: number): () => number {
	let state = seed >>> 0;
	return () => {
		state = (state + 0x6d2b79f5) >>> 0;
		let t = state;
		t = Math.imul(t ^ (t >>> 15), t | 1);
		t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
		return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
	};
}

/** A new array with the items in an order fixed by the seed (Fisher–Yates); the input is left alone. */
export function seededShuffle<T>(items: readonly T[], seed: number): T[] {
	const random = seededRandom(seed);
	const out = [...items];
	for (let i = out.length - 1; i > 0; i--) {
		const j = Math.floor(random() * (i + 1));
		[out[i], out[j]] = [out[j]!, out[i]!];
	}
	return out;
}

// ——— "Is this customer service?" ———

export interface Tally {
	yes: number;
	no: number;
	/** Answers that agree with the text's. */
	matched: number;
	/** Situations answered so far. */
	answered: number;
	total: number;
}

/** Counts the class's answers against the text's; `answers[i]` belongs to situation i. */
export function tally(expected: readonly Answer[], answers: readonly (Answer | undefined)[]): Tally {
	const result: Tally = { yes: 0, no: 0, matched: 0, answered: 0, total: expected.length };
	expected.forEach((answer, i) => {
		const given = answers[i];
		if (!given) return;
		result.answered++;
		result[given]++;
		if (given === answer) result.matched++;
	});
	return result;
}

// ——— "Customer service means…" ———

export interface Phrase {
	/** "statement.index", stable whatever the shuffle. */
	id: string;
	text: string;
}

/** The class's work: for each statement slot, the ids of the phrases put into it, in order. */
export type Assembly = readonly (readonly string[])[];

/** Every phrase of every statement, in the authored order. */
export function listPhrases(statements: readonly (readonly string[])[]): Phrase[] {
	return statements.flatMap((phrases, i) => phrases.map((text, j) => ({ id: `${i}.${j}`, text })));
}

/** An assembly with `slots` slots, padding or cutting the one given. */
export function fitAssembly(assembly: Assembly, slots: number): string[][] {
	return Array.from({ length: slots }, (_, i) => [...(assembly[i] ?? [])]);
}

export const usedIds = (assembly: Assembly): Set<string> => new Set(assembly.flat());

/** Adds a phrase to the end of one slot; a phrase already placed anywhere is not added again. */
export function addPhrase(assembly: Assembly, slot: number, id: string): string[][] {
	const next = fitAssembly(assembly, Math.max(assembly.length, slot + 1));
	if (slot < 0 || usedIds(assembly).has(id)) return next;
	next[slot]!.push(id);
	return next;
}

/** Takes a phrase out of a slot, back to the pool. */
export function removePhrase(assembly: Assembly, slot: number, id: string): string[][] {
	return assembly.map((ids, i) => (i === slot ? ids.filter((x) => x !== id) : [...ids]));
}

/** The phrases still in the pool, in the pool's (shuffled) order. */
export function unusedPhrases(order: readonly Phrase[], assembly: Assembly): Phrase[] {
	const used = usedIds(assembly);
	return order.filter((p) => !used.has(p.id));
}

/** The texts of an assembly, slot by slot. */
export function assembledTexts(phrases: readonly Phrase[], assembly: Assembly): string[][] {
	const byId = new Map(phrases.map((p) => [p.id, p.text]));
	return assembly.map((ids) => ids.map((id) => byId.get(id) ?? ''));
}

/**
 * Which slots hold one of the statements, word for word. A slot may hold any statement (the class picks the
 * order); each statement counts once. Compared by text, so two phrases that read the same are interchangeable.
 */
export function checkAssembly(
	statements: readonly (readonly string[])[],
	assembled: readonly (readonly string[])[]
): boolean[] {
	const matched = new Set<number>();
	const same = (a: readonly string[], b: readonly string[]) =>
		a.length === b.length && a.every((x, i) => x === b[i]);
	return assembled.map((texts) => {
		if (!texts.length) return false;
		const index = statements.findIndex((statement, i) => !matched.has(i) && same(statement, texts));
		if (index < 0) return false;
		matched.add(index);
		return true;
	});
}

/** True when every slot is right and every phrase has been used. */
export function isSolved(
	statements: readonly (readonly string[])[],
	assembled: readonly (readonly string[])[]
): boolean {
	const results = checkAssembly(statements, assembled);
	return (
		results.filter(Boolean).length === statements.length &&
		assembled.flat().length === statements.flat().length
	);
}

/** Phrases run together as a sentence: spaced in English, unspaced in Chinese. */
export const joinPhrases = (phrases: readonly string[], locale: Locale): string =>
	phrases.join(locale === 'zh' ? '' : ' ');
