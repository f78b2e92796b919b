import { describe, expect, it } from 'vitest';
import { countBy, findTrainees, rosterOrder, sharedNames } from './roster';

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

	it('finds trainees by part of a name, whatever its case or spaces, in Chinese too', () => {
		const more = [...trainees, { id: 't4', name: '王小明', createdAt: 4 }, { id: 't5', name: 'Bob', createdAt: 1 }];
		expect(findTrainees(more, ' AN').map((t) => t.id)).toEqual(['t2', 't1']);
		expect(findTrainees(more, 'bo').map((t) => t.id)).toEqual(['t3', 't5']);
		expect(findTrainees(more, '小明').map((t) => t.id)).toEqual(['t4']);
		expect(findTrainees(more, 'zed')).toEqual([]);
		expect(findTrainees(more, '  ')).toBe(more);
	});
});
