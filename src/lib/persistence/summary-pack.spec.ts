// The pack's format alone; how the database keeps it in step is in attempt-summaries.spec.ts.
import { describe, expect, it } from 'vitest';
import type { AttemptSummaryRow } from './attempt-summaries';
import { PACKED_FIELDS, packSummaries, unpackSummaries, withChanges } from './summary-pack';

const base: AttemptSummaryRow = {
	id: 'a',
	traineeId: 't1',
	scenarioId: 'refund',
	contentVersion: 3,
	mode: 'practice',
	status: 'in-progress',
	startedAt: 10
};

describe('packSummaries / unpackSummaries', () => {
	it('gives back every row field for field, absent fields absent, in order', () => {
		const rows: AttemptSummaryRow[] = [
			base,
			{
				...base,
				id: 'b',
				traineeId: 't2',
				status: 'finished',
				finishedAt: 40,
				ending: 'loyal',
				scores: { style: 90, last: 0 }
			},
			{ ...base, id: 'c', mode: 'assessment', scores: {}, typedReplies: 0 },
			{ ...base, id: 'd', scores: { '3f': 55.5 }, classroom: false, typedReplies: 2 },
			{
				...base,
				id: 'e',
				scenarioId: 'late',
				contentVersion: 1,
				classroom: true,
				finishedAt: 0,
				ending: 'lost'
			}
		];
		const back = unpackSummaries(packSummaries(rows))!;
		expect(back).toEqual(rows);
		// toEqual would let an `undefined` stand for a missing field: the keys must match too.
		expect(back.map((r) => Object.keys(r).sort())).toEqual(rows.map((r) => Object.keys(r).sort()));
		expect(back[2]!.scores).toEqual({});
		expect(Object.keys(PACKED_FIELDS).sort()).toEqual(
			[...new Set(rows.flatMap((r) => Object.keys(r)))].sort()
		);
	});

	it('keeps the few distinct values once, however many rows use them', () => {
		const rows = Array.from({ length: 1_000 }, (_, i) => ({
			...base,
			id: `x-${i}`,
			scores: { style: i % 101 }
		}));
		const pack = packSummaries(rows);
		expect(pack.values).toEqual([undefined, 't1', 'refund', 3, 'practice', 'in-progress']);
		expect(pack.rubrics).toEqual(['style']);
		expect(unpackSummaries(pack)).toEqual(rows);
	});

	it('reads nothing from a pack of another format, or none', () => {
		expect(unpackSummaries(undefined)).toBeUndefined();
		// Format 1 was kept in step by deleting it, and knew no markers.
		expect(unpackSummaries({ ...packSummaries([base]), format: 1 as 2 })).toBeUndefined();
		expect(unpackSummaries({ id: 'changed:a' })).toBeUndefined();
	});
});

describe('withChanges', () => {
	it('puts each changed row in place, adds new ones in id order and leaves deleted ones out', () => {
		const packed = ['b', 'd', 'f'].map((id) => ({ ...base, id }));
		const finished = { ...base, id: 'd', status: 'finished' as const, finishedAt: 50 };
		const changed = new Map<string, AttemptSummaryRow | undefined>([
			['d', finished],
			['f', undefined],
			['a', { ...base, id: 'a' }],
			['e', { ...base, id: 'e' }],
			// Written and gone again before the read: nothing to add.
			['z', undefined]
		]);
		const rows = withChanges(packed, changed);
		expect(rows.map((r) => r.id)).toEqual(['a', 'b', 'd', 'e']);
		expect(rows[2]).toBe(finished);
		expect(withChanges(packed, new Map())).toEqual(packed);
	});
});
