// Words a debrief sentence in one language.
import type { Locale, Text } from '../schema';
import { en } from './en';
import type { Sentence, Templates } from './sentences';
import { zh } from './zh';

export * from './sentences';

const TABLES: Record<Locale, Templates> = { en, zh };

const isText = (value: unknown): value is Text =>
	typeof value === 'object' && value !== null && Object.hasOwn(value, 'en') && Object.hasOwn(value, 'zh');

export function say(s: Sentence, locale: Locale): string {
	const values = Object.fromEntries(Object.entries(s.params).map(([k, v]) => [k, isText(v) ? v[locale] : v]));
	return (TABLES[locale][s.key] as (p: typeof values) => string)(values);
}
