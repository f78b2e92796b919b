// The hand-over from the script in the head of app.html, which orders the first replies of a fresh attempt
// and keeps a choice made before the app started.

type EarlyWindow = Window & { __earlyChoice?: { choice?: string; seed?: number; closed?: boolean } };

const early = () => (typeof window === 'undefined' ? undefined : (window as EarlyWindow).__earlyChoice);

/** The seed the script ordered the prerendered replies by, while the app has not taken over yet. */
export function earlySeed(): number | undefined {
	const state = early();
	return state && !state.closed ? state.seed : undefined;
}

/** The choice id clicked or keyed before the app started, once; afterwards the script keeps nothing more. */
export function takeEarlyChoice(): string | undefined {
	const state = early();
	if (!state || state.closed) return undefined;
	// From here on the page's own handlers answer; the script keeps nothing more.
	state.closed = true;
	return state.choice || undefined;
}
