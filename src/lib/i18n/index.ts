// UI strings come from paraglide (messages/*.json); content texts carry both languages and are picked here.
import { getLocale, localizeHref, locales, type Locale } from '$lib/paraglide/runtime';
import type { Text } from '$lib/engine/schema';
import { say, type Sentence } from '$lib/engine/debrief';

export { m } from '$lib/paraglide/messages';
export { getLocale, localizeHref, locales, type Locale };

/** The content text in the page's language. */
export const tr = (text: Text, locale: Locale = getLocale()): string => text[locale];

export const LANGUAGE_NAMES: Record<Locale, string> = { en: 'English', zh: '中文' };

/** A debrief sentence, worded in the page's language. */
export const explain = (sentence: Sentence, locale: Locale = getLocale()): string => say(sentence, locale);
