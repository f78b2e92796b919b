// Keys 1–4 pick the replies shown, in order. The early script in app.html runs this very function (inlined by
// hooks.server.ts from its source, as the engine's shuffleIds is), so the page and the script cannot differ.

interface KeyPress {
	key: string;
	altKey: boolean;
	ctrlKey: boolean;
	metaKey: boolean;
	target: EventTarget | null;
}

/** The index (0–3) of the reply a key press picks, or -1: with a modifier, or while typing in a field. */
export function keyedChoice(event: KeyPress): number {
	if (event.altKey || event.ctrlKey || event.metaKey || !/^[1-4]$/.test(event.key)) return -1;
	const target = event.target as { closest?: (selector: string) => unknown } | null;
	if (target && target.closest && target.closest('input, textarea, select, [contenteditable]')) return -1;
	return Number(event.key) - 1;
}
