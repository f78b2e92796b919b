import { describe, expect, it } from 'vitest';
import { countBy, rosterOrder, sharedNames } from './roster';

describe('roster helpers', () => {
	const trainees = [
		{ id: 't3', name: 'Bo', createdAt: 3 },
		{ id: 't2', name: 'ana ', createdAt: 2 },
		{ id: 't1', name: 'Ana', createdAt: 5 }
	];

	it('finds the names two trainees share, whatever their case', () => {
		expect(sharedNames(trainees)).toEqual(new Set(['ana']));
		expect(sharedNames(trainees.slice(0, 2))).toEqual(new Set());
	});

	it('puts same names side by side, first seen first', () => {
		expect(rosterOrder(trainees).map((t) => t.id)).toEqual(['t2', 't1', 't3']);
	});

	it('counts per key', () => {
		expect([...countBy(['a', 'b', 'a'], (x) => x)]).toEqual([
			['a', 2],
			['b', 1]
		]);
	});
});
