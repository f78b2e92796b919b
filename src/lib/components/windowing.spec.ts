import { describe, expect, it } from 'vitest';
import { ROW_HEIGHT_GUESS, rowWindow } from './windowing';

describe('rowWindow', () => {
	it('renders the rows in view and a few either side, with spacers for the rest', () => {
		// 2,000 rows of 40 px in a 400 px box scrolled to row 500.
		const w = rowWindow({ count: 2_000, rowHeight: 40, offset: 500 * 40, viewport: 400, overscan: 5 });
		expect(w).toEqual({ start: 495, end: 516, before: 495 * 40, after: (2_000 - 516) * 40 });
		// The spacers and the rows add up to the whole list: the scroll bar does not jump.
		expect(w.before + (w.end - w.start) * 40 + w.after).toBe(2_000 * 40);
	});

	it('starts at the top and stops at the end', () => {
		expect(rowWindow({ count: 1_000, rowHeight: 30, offset: 0, viewport: 300, overscan: 4 })).toMatchObject({
			start: 0,
			end: 15,
			before: 0
		});
		const bottom = rowWindow({ count: 1_000, rowHeight: 30, offset: 1_000 * 30 - 300, viewport: 300 });
		expect(bottom.end).toBe(1_000);
		expect(bottom.after).toBe(0);
		// Scrolled past the end (a list that just got shorter): still the last rows, never an empty window.
		const past = rowWindow({ count: 10, rowHeight: 30, offset: 5_000, viewport: 300, overscan: 2 });
		expect(past).toMatchObject({ start: 10, end: 10, after: 0 });
		expect(rowWindow({ count: 10, rowHeight: 30, offset: 0, viewport: 300 })).toMatchObject({
			start: 0,
			end: 10
		});
	});

	it('renders a handful of rows however long the list is', () => {
		for (const count of [100, 10_000, 1_000_000]) {
			const w = rowWindow({ count, rowHeight: 40, offset: (count / 2) * 40, viewport: 800, overscan: 8 });
			expect(w.end - w.start).toBe(800 / 40 + 1 + 2 * 8);
		}
	});

	it('guesses a row height before one is measured, and takes a scroll above the rows as the top', () => {
		const w = rowWindow({ count: 50, rowHeight: 0, offset: -120, viewport: 200, overscan: 0 });
		expect(w.start).toBe(0);
		expect(w.end).toBe(Math.ceil(200 / ROW_HEIGHT_GUESS) + 1);
		expect(w.after).toBe((50 - w.end) * ROW_HEIGHT_GUESS);
	});

	it('renders nothing for an empty list', () => {
		expect(rowWindow({ count: 0, rowHeight: 40, offset: 0, viewport: 400 })).toEqual({
			start: 0,
			end: 0,
			before: 0,
			after: 0
		});
	});
});
