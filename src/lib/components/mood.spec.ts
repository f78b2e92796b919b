// The mood in words: the persona's own word until the mood moves, the scale's after; a tone that follows it.
import { describe, expect, it } from 'vitest';
import { feltWord, moodTone, moodWord } from './mood';

const mother = { mood: -2, emotion: { en: 'frightened', zh: '害怕' } };

describe('feltWord', () => {
	it('says how the customer feels at the start, while the mood has not moved', () => {
		expect(feltWord(-2, mother)).toBe('frightened');
	});

	it('falls back to the scale once a reply has moved the mood, either way', () => {
		expect(feltWord(-1, mother)).toBe(moodWord(-1));
		expect(feltWord(-3, mother)).toBe(moodWord(-3));
	});

	it('uses the scale for a persona without a word of its own', () => {
		expect(feltWord(-2, { mood: -2 })).toBe(moodWord(-2));
		expect(feltWord(0)).toBe(moodWord(0));
	});
});

describe('moodTone', () => {
	it('follows the value: delighted is never drawn as bad', () => {
		expect(moodTone(3)).toBe('good');
		expect(moodTone(1)).toBe('good');
		expect(moodTone(0)).toBe('neutral');
		expect(moodTone(-1)).toBe('bad');
	});
});
