import { describe, expect, it } from 'vitest';
import { orderChoices, seedFromId, shuffleIds } from './order';

const ids = ['a', 'b', 'c', 'd'];

describe('reply order', () => {
	it('is a permutation, the same for the same seed and node', () => {
		const order = shuffleIds(42, 'greet', ids);
		expect([...order].sort()).toEqual(ids);
		expect(shuffleIds(42, 'greet', ids)).toEqual(order);
	});

	it('differs between seeds and between nodes', () => {
		const orders = new Set(Array.from({ length: 50 }, (_, seed) => shuffleIds(seed, 'greet', ids).join('')));
		expect(orders.size).toBeGreaterThan(15);
		const nodes = new Set(['a1', 'b2', 'c3', 'd4', 'e5', 'f6'].map((n) => shuffleIds(7, n, ids).join('')));
		expect(nodes.size).toBeGreaterThan(2);
	});

	it('puts the first authored reply first about a quarter of the time', () => {
		let first = 0;
		for (let seed = 0; seed < 4000; seed++)
			if (shuffleIds(seed * 2654435761, 'start', ids)[0] === 'a') first++;
		expect(first / 4000).toBeGreaterThan(0.2);
		expect(first / 4000).toBeLessThan(0.3);
	});

	it('orders choices by id and keeps each one whole', () => {
		const choices = ids.map((id) => ({ id, text: id.toUpperCase() }));
		const ordered = orderChoices(9, 'n', choices);
		expect(ordered.map((c) => c.id)).toEqual(shuffleIds(9, 'n', ids));
		expect(ordered.every((c) => c.text === c.id.toUpperCase())).toBe(true);
	});

	it('runs from its own source alone, as the script in app.html runs it', () => {
		const copy = new Function(`return (${shuffleIds.toString()})`)() as typeof shuffleIds;
		expect(copy(1234, 'start', ids)).toEqual(shuffleIds(1234, 'start', ids));
	});

	it('gives an attempt stored without a seed a stable one from its id', () => {
		expect(seedFromId('attempt-1')).toBe(seedFromId('attempt-1'));
		expect(seedFromId('attempt-1')).not.toBe(seedFromId('attempt-2'));
	});
});
