// The hand-over from the script in the head of app.html, which keeps a choice made before the app started.

type EarlyWindow = Window & { __earlyChoice?: { choice?: string; closed?: boolean } };

/** The choice id clicked or keyed before the app started, once; afterwards the script keeps nothing more. */
export function takeEarlyChoice(): string | undefined {
	if (typeof window === 'undefined') return undefined;
	const early = (window as EarlyWindow).__earlyChoice;
	if (!early || early.closed) return undefined;
	// From here on the page's own handlers answer; the script keeps nothing more.
	early.closed = true;
	return early.choice || undefined;
}
