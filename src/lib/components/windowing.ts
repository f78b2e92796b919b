// Which rows of a long list to put in the DOM: the ones in the scroll box's view, and a few either side so a
// quick scroll or a Tab to the next row finds one there. Rows are taken as equally tall (the measured mean),
// and spacers above and below keep the scroll bar the length of the whole list.

export interface WindowInput {
	count: number;
	/** The mean height of a row, in px; 0 or less before any is measured. */
	rowHeight: number;
	/** How far the box is scrolled past the first row, in px (the box's scrollTop less what sits above the rows). */
	offset: number;
	/** The height of the box's view, in px. */
	viewport: number;
	/** Rows kept beyond each edge of the view. */
	overscan?: number;
}

export interface RowWindow {
	/** The first row rendered. */
	start: number;
	/** One past the last row rendered. */
	end: number;
	/** Spacer heights, px: the rows above `start` and from `end` on. */
	before: number;
	after: number;
}

export const ROW_HEIGHT_GUESS = 40;

export function rowWindow({ count, rowHeight, offset, viewport, overscan = 8 }: WindowInput): RowWindow {
	const height = rowHeight > 0 ? rowHeight : ROW_HEIGHT_GUESS;
	const first = Math.floor(Math.max(0, offset) / height);
	const shown = Math.ceil(Math.max(viewport, height) / height) + 1;
	const start = Math.min(count, Math.max(0, first - overscan));
	const end = Math.min(count, Math.max(start, first + shown + overscan));
	return { start, end, before: start * height, after: (count - end) * height };
}
