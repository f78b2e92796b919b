import { describe, expect, it } from 'vitest';
import { keyedChoice } from './choice-keys';

const press = (key: string, extra: object = {}) => ({
	key,
	altKey: false,
	ctrlKey: false,
	metaKey: false,
	target: null,
	...extra
});

describe('keyedChoice', () => {
	it('maps 1–4 to the first four replies and nothing else', () => {
		expect(['1', '2', '3', '4', '5', '0', 'a'].map((k) => keyedChoice(press(k)))).toEqual([
			0, 1, 2, 3, -1, -1, -1
		]);
		expect(keyedChoice(press('1', { altKey: true }))).toBe(-1);
		expect(keyedChoice(press('1', { metaKey: true }))).toBe(-1);
	});
	it('leaves the keys to a field being typed in', () => {
		const inField = { closest: (s: string) => (s.split(', ').includes('input') ? {} : null) };
		expect(keyedChoice(press('1', { target: inField }))).toBe(-1);
	});
	it('runs on its own, as app.html inlines its source', () => {
		const inlined = new Function(`return (${keyedChoice.toString()});`)() as typeof keyedChoice;
		expect(inlined(press('3'))).toBe(2);
		expect(inlined(press('3', { ctrlKey: true }))).toBe(-1);
	});
});
