// UI strings come from paraglide (messages/*.json); content texts carry both languages and are picked here.
import { getLocale, localizeHref, locales, type Locale } from '$lib/paraglide/runtime';
import type { Text } from '$lib/engine/schema';

export { m } from '$lib/paraglide/messages';
export { getLocale, localizeHref, locales, type Locale };

/** The content text in the page's language. */
export const tr = (text: Text, locale: Locale = getLocale()): string => text[locale];

export const LANGUAGE_NAMES: Record<Locale, string> = { en: 'English', zh: '中文' };
