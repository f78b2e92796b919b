// UI strings come from paraglide (messages/*.json); content texts carry both languages and are picked here.
import { browser } from '$app/environment';
import { resolve } from '$app/paths';
import {
	baseLocale,
	getLocale,
	isLocale,
	locales,
	overwriteGetLocale,
	type Locale
} from '$lib/paraglide/runtime';
import type { Text } from '$lib/engine/schema';
import { say, type Sentence } from '$lib/engine/debrief';

export { m } from '$lib/paraglide/messages';
export { getLocale, locales, type Locale };

/**
 * Where the app is served from, as the browser sees it ('/' or '/training/'). The build uses relative paths, so
 * one build works at any sub-path; paraglide only knows the locale as the first segment after the host.
 */
const root = (): string => (browser ? resolve('/') : '/');

/** A pathname as the app's routes see it, without the sub-path and the language: '/training/zh/history/' → '/history/'. */
export function appPath(pathname: string): string {
	const r = root();
	const inside = pathname.startsWith(r) ? pathname.slice(r.length - 1) : pathname;
	const [, first, ...rest] = inside.split('/');
	return first !== undefined && first !== baseLocale && isLocale(first) ? `/${rest.join('/')}` : inside;
}

/** The pathname the routes match: the sub-path kept, the language taken out ('/training/zh/history/' → '/training/history/'). */
export function delocalizePath(pathname: string): string {
	const r = root();
	return (pathname.startsWith(r) ? r.slice(0, -1) : '') + appPath(pathname);
}

/** The language of a pathname, read after the sub-path. */
export function localeOfPath(pathname: string): Locale {
	const r = root();
	const first = (pathname.startsWith(r) ? pathname.slice(r.length) : pathname.slice(1)).split('/')[0];
	return first && isLocale(first) ? first : baseLocale;
}

// In the browser the language is read after the sub-path, which paraglide's own reading would take for it. Every
// message asks, so the answer is kept until the path changes: parsing the URL was the top cost of a choice.
let lastPath: string | undefined;
let lastLocale: Locale = baseLocale;
if (browser)
	overwriteGetLocale(() => {
		const path = location.pathname;
		if (path !== lastPath) {
			lastLocale = localeOfPath(path);
			lastPath = path;
		}
		return lastLocale;
	});

/**
 * The href of an app page in a language: '/history' → '/zh/history/'. Every page is a folder with an
 * index.html (trailingSlash 'always'), so a static host serves it with no redirect or rewrite; while the page is
 * rendered the path is relative ('../zh/history/'), so the build works under any sub-path.
 */
export function localizeHref(href: string, options?: { locale?: Locale }): string {
	const url = new URL(href, 'http://app.invalid');
	const path = appPath(url.pathname.endsWith('/') ? url.pathname : `${url.pathname}/`);
	// The same URL tree as paraglide's ('/zh/…' for Chinese, none for the base locale), keeping the slash it drops.
	const locale = options?.locale ?? getLocale();
	const localized = locale === baseLocale ? path : `/${locale}${path}`;
	return (resolve as (path: string) => string)(localized) + url.search + url.hash;
}

/** The content text in the page's language. */
export const tr = (text: Text, locale: Locale = getLocale()): string => text[locale];

export const LANGUAGE_NAMES: Record<Locale, string> = { en: 'English', zh: '中文' };

/** The BCP 47 tag the browser's formatters take for each app language. */
const FORMAT_LOCALES: Record<Locale, string> = { en: 'en', zh: 'zh-CN' };

const formats = new Map<Locale, Intl.DateTimeFormat>();
/** A date and time in the app's language (never the browser's): "Dec 1, 2026, 9:30 AM" / "2026年12月1日 09:30". */
export function formatDateTime(value: number | Date, locale: Locale = getLocale()): string {
	let format = formats.get(locale);
	if (!format) {
		format = new Intl.DateTimeFormat(FORMAT_LOCALES[locale], { dateStyle: 'medium', timeStyle: 'short' });
		formats.set(locale, format);
	}
	return format.format(value);
}

/** A count in the app's language, never the browser's: "12,345" rather than a German "12.345". */
export const formatNumber = (value: number, locale: Locale = getLocale()): string =>
	new Intl.NumberFormat(FORMAT_LOCALES[locale]).format(value);

/** A debrief sentence, worded in the page's language. */
export const explain = (sentence: Sentence, locale: Locale = getLocale()): string => say(sentence, locale);
