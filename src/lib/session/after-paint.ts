// When to save a turn: after the reply is on screen, without waiting long.

/**
 * Resolves once the browser is idle after painting the next line, or after 50 ms at most, so the save
 * neither delays that line nor has its own commit held up behind the rendering work. A tab being hidden
 * (switched away from, or closed) saves at once: a hidden tab's idle callbacks may wait much longer.
 */
export function afterPaint(): Promise<void> {
	return new Promise<void>((resolve) => {
		if (typeof requestIdleCallback !== 'function') return void setTimeout(resolve, 0);
		const done = () => {
			cancelIdleCallback(idle);
			document.removeEventListener('visibilitychange', done);
			resolve();
		};
		const idle = requestIdleCallback(done, { timeout: 50 });
		document.addEventListener('visibilitychange', done);
	});
}
