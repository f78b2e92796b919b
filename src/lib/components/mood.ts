// The customer's mood in words, in the page's language: -3 furious … 0 neutral … 3 delighted.
import { MOOD_MAX, MOOD_MIN } from '$lib/engine/mood-range';
import { m } from '$lib/i18n';

const WORDS = [
	m.mood_furious,
	m.mood_angry,
	m.mood_upset,
	m.mood_neutral,
	m.mood_calm,
	m.mood_pleased,
	m.mood_delighted
];

export const moodWord = (mood: number): string =>
	WORDS[Math.max(MOOD_MIN, Math.min(MOOD_MAX, mood)) - MOOD_MIN]!();
