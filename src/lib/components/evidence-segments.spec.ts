import { describe, expect, it } from 'vitest';
import { evidenceSegments } from './evidence-segments';

describe('evidenceSegments', () => {
	it('cuts the text at each piece of evidence and keeps the rest plain', () => {
		const text = 'Sorry — tell me what happened.';
		const segments = evidenceSegments(text, [
			{ label: 'last.apologise', start: 0, end: 5 },
			{ label: 'last.listen', start: 8, end: 29 }
		]);
		expect(segments).toEqual([
			{ text: 'Sorry', labels: ['last.apologise'] },
			{ text: ' — ', labels: [] },
			{ text: 'tell me what happened', labels: ['last.listen'] },
			{ text: '.', labels: [] }
		]);
		expect(segments.map((s) => s.text).join('')).toBe(text);
	});

	it('gives an overlap both labels, once', () => {
		const segments = evidenceSegments('我现在就帮您换', [
			{ label: 'last.solve', start: 0, end: 7 },
			{ label: 'style.assertive', start: 0, end: 4 }
		]);
		expect(segments).toEqual([
			{ text: '我现在就', labels: ['last.solve', 'style.assertive'] },
			{ text: '帮您换', labels: ['last.solve'] }
		]);
	});

	it('ignores spans outside the text', () => {
		expect(evidenceSegments('ok', [{ label: 'x', start: 1, end: 9 }])).toEqual([{ text: 'ok', labels: [] }]);
	});
});
