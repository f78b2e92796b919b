import { describe, expect, it } from 'vitest';
import {
	addPhrase,
	assembledTexts,
	checkAssembly,
	isSolved,
	joinPhrases,
	listPhrases,
	removePhrase,
	seededShuffle,
	tally,
	unusedPhrases
} from './logic';

const statements = [
	['treating every customer', 'as an honoured guest'],
	['helping people', 'even when', 'there is no money to be made'],
	['everyone taking part', 'not only the desk']
];
const phrases = listPhrases(statements);
const id = (text: string) => phrases.find((p) => p.text === text)!.id;

describe('seededShuffle', () => {
	const items = Array.from({ length: 20 }, (_, i) => i);

	it('gives the same order for the same seed', () => {
		expect(seededShuffle(items, 42)).toEqual(seededShuffle(items, 42));
	});

	it('is a permutation and leaves the input alone', () => {
		const copy = [...items];
		const shuffled = seededShuffle(items, 7);
		expect(items).toEqual(copy);
		expect([...shuffled].sort((a, b) => a - b)).toEqual(items);
		expect(shuffled).not.toEqual(items);
	});

	it('gives another order for another seed', () => {
		expect(seededShuffle(items, 1)).not.toEqual(seededShuffle(items, 2));
	});

	it('copes with empty and single lists', () => {
		expect(seededShuffle([], 3)).toEqual([]);
		expect(seededShuffle(['a'], 3)).toEqual(['a']);
	});
});

describe('assembling statements', () => {
	it('adds a phrase once only, and removes it back to the pool', () => {
		let assembly = addPhrase([[], [], []], 0, id('helping people'));
		assembly = addPhrase(assembly, 1, id('helping people'));
		expect(assembly).toEqual([[id('helping people')], [], []]);
		expect(unusedPhrases(phrases, assembly).map((p) => p.text)).not.toContain('helping people');
		assembly = removePhrase(assembly, 0, id('helping people'));
		expect(assembly).toEqual([[], [], []]);
		expect(unusedPhrases(phrases, assembly)).toEqual(phrases);
	});

	it('keeps the pool in the given (shuffled) order', () => {
		const order = seededShuffle(phrases, 5);
		const assembly = addPhrase([], 0, order[2]!.id);
		expect(unusedPhrases(order, assembly)).toEqual(order.filter((_, i) => i !== 2));
	});

	it('grows the assembly to the slot asked for', () => {
		expect(addPhrase([], 2, '0.0')).toEqual([[], [], ['0.0']]);
	});
});

describe('checkAssembly', () => {
	const solution = statements.map((s) => s.map(id));

	it('says every statement is right when rebuilt word for word, in any slot order', () => {
		const reordered = [solution[2]!, solution[0]!, solution[1]!];
		expect(checkAssembly(statements, assembledTexts(phrases, reordered))).toEqual([true, true, true]);
		expect(isSolved(statements, assembledTexts(phrases, reordered))).toBe(true);
	});

	it('says which statements are wrong: wrong order, mixed phrases, missing phrase, empty slot', () => {
		const assembly = [
			[id('as an honoured guest'), id('treating every customer')],
			[id('helping people'), id('even when'), id('not only the desk')],
			[id('everyone taking part')]
		];
		expect(checkAssembly(statements, assembledTexts(phrases, assembly))).toEqual([false, false, false]);
		expect(checkAssembly(statements, [[], ...statements.slice(1)])).toEqual([false, true, true]);
		expect(isSolved(statements, [[], ...statements.slice(1)])).toBe(false);
	});

	it('counts each statement once', () => {
		expect(checkAssembly(statements, [statements[0]!, statements[0]!])).toEqual([true, false]);
	});
});

describe('tally and joining', () => {
	it('counts yes, no and answers that match the text', () => {
		expect(tally(['yes', 'yes', 'no', 'yes'], ['yes', 'no', 'no'])).toEqual({
			yes: 1,
			no: 2,
			matched: 2,
			answered: 3,
			total: 4
		});
	});

	it('runs phrases together by language', () => {
		expect(joinPhrases(['helping people', 'even when'], 'en')).toBe('helping people even when');
		expect(joinPhrases(['把每一位顾客', '都当作尊贵的客人'], 'zh')).toBe('把每一位顾客都当作尊贵的客人');
	});
});
