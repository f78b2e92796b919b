import { afterEach, describe, expect, it, vi } from 'vitest';
import { afterPaint } from './after-paint';

afterEach(() => vi.unstubAllGlobals());

function stubBrowser() {
	const idle = new Map<number, () => void>();
	let next = 1;
	vi.stubGlobal('requestIdleCallback', (callback: () => void, options: { timeout: number }) => {
		expect(options.timeout).toBe(50);
		idle.set(next, callback);
		return next++;
	});
	vi.stubGlobal('cancelIdleCallback', (id: number) => idle.delete(id));
	vi.stubGlobal('document', new EventTarget());
	return { runIdle: () => [...idle.values()].forEach((callback) => callback()), idle };
}

const settled = async (promise: Promise<void>) => {
	let done = false;
	void promise.then(() => (done = true));
	await new Promise((resolve) => setTimeout(resolve, 0));
	return done;
};

describe('afterPaint', () => {
	it('waits for the browser to be idle', async () => {
		const browser = stubBrowser();
		const waiting = afterPaint();
		expect(await settled(waiting)).toBe(false);
		browser.runIdle();
		expect(await settled(waiting)).toBe(true);
	});

	it('goes at once when the tab is hidden, and drops the idle callback', async () => {
		const browser = stubBrowser();
		const waiting = afterPaint();
		document.dispatchEvent(new Event('visibilitychange'));
		expect(await settled(waiting)).toBe(true);
		expect(browser.idle.size).toBe(0);
	});

	it('falls back to the next task where there is no idle callback', async () => {
		expect(await settled(afterPaint())).toBe(true);
	});
});
