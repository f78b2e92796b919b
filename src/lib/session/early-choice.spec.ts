import { afterEach, describe, expect, it, vi } from 'vitest';
import { takeEarlyChoice } from './early-choice';

afterEach(() => vi.unstubAllGlobals());

describe('takeEarlyChoice', () => {
	it('hands over the kept choice once', () => {
		vi.stubGlobal('window', { __earlyChoice: { choice: 'listen' } });
		expect(takeEarlyChoice()).toBe('listen');
		expect(takeEarlyChoice()).toBeUndefined();
	});

	it('has nothing when the script kept nothing or did not run (a resumed attempt, or the server)', () => {
		vi.stubGlobal('window', { __earlyChoice: {} });
		expect(takeEarlyChoice()).toBeUndefined();
		vi.stubGlobal('window', {});
		expect(takeEarlyChoice()).toBeUndefined();
		vi.stubGlobal('window', undefined);
		expect(takeEarlyChoice()).toBeUndefined();
	});
});
