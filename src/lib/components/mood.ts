// The customer's mood in words, in the page's language: -3 furious … 0 neutral … 3 delighted.
import { MOOD_MAX, MOOD_MIN } from '$lib/engine/mood-range';
import type { Text } from '$lib/engine/schema';
import { m, tr } from '$lib/i18n';

const WORDS = [
	m.mood_furious,
	m.mood_angry,
	m.mood_upset,
	m.mood_neutral,
	m.mood_calm,
	m.mood_pleased,
	m.mood_delighted
];

const clamp = (mood: number) => Math.max(MOOD_MIN, Math.min(MOOD_MAX, mood));

export const moodWord = (mood: number): string => WORDS[clamp(mood) - MOOD_MIN]!();

/** Which way the mood leans, for its colour: the word and the scale say the same without colour. */
export const moodTone = (mood: number): 'bad' | 'neutral' | 'good' =>
	mood < 0 ? 'bad' : mood > 0 ? 'good' : 'neutral';

/**
 * The word for the mood as the customer feels it: the persona's own word ("frightened") while the mood is
 * where it started, the scale's word once a reply has moved it. Scoring only ever reads the number.
 */
export function feltWord(mood: number, persona?: { mood: number; emotion?: Text }): string {
	return persona?.emotion && mood === persona.mood ? tr(persona.emotion) : moodWord(mood);
}
