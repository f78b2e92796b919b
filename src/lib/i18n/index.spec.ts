// Links that a static host serves as they are, and dates in the app's language.
import { describe, expect, it } from 'vitest';
import { appPath, delocalizePath, formatDateTime, formatNumber, localeOfPath, localizeHref } from './index';

describe('localizeHref', () => {
	it('ends every page path with a slash, so a static host serves the folder’s index.html with no redirect', () => {
		expect(localizeHref('/', { locale: 'zh' })).toBe('/zh/');
		expect(localizeHref('/', { locale: 'en' })).toBe('/');
		expect(localizeHref('/history', { locale: 'zh' })).toBe('/zh/history/');
		expect(localizeHref('/history/', { locale: 'en' })).toBe('/history/');
	});

	it('keeps the query and the fragment after the slash', () => {
		expect(localizeHref('/scenarios/rice-grit/play?mode=practice&attempt=a1', { locale: 'zh' })).toBe(
			'/zh/scenarios/rice-grit/play/?mode=practice&attempt=a1'
		);
		expect(localizeHref('/history?attempt=a1#debrief', { locale: 'en' })).toBe(
			'/history/?attempt=a1#debrief'
		);
	});
});

describe('appPath and delocalizePath', () => {
	it('take the language out of a path, whichever way it is written', () => {
		expect(appPath('/zh/')).toBe('/');
		expect(appPath('/zh')).toBe('/');
		expect(appPath('/zh/history/')).toBe('/history/');
		expect(appPath('/history/')).toBe('/history/');
		// A first segment that only starts like a language is a page.
		expect(appPath('/zhong/')).toBe('/zhong/');
		expect(delocalizePath('/zh/scenarios/rice-grit/')).toBe('/scenarios/rice-grit/');
	});

	it('read the language from the path', () => {
		expect(localeOfPath('/zh/history/')).toBe('zh');
		expect(localeOfPath('/history/')).toBe('en');
		expect(localeOfPath('/')).toBe('en');
	});
});

describe('formatDateTime', () => {
	const date = Date.UTC(2026, 11, 1, 9, 30);

	it('writes a date in the app’s language, not the browser’s', () => {
		const zh = formatDateTime(date, 'zh');
		expect(zh).toMatch(/2026年12月\d+日/);
		expect(zh).not.toMatch(/Dec/);
		expect(formatDateTime(date, 'en')).toMatch(/Dec \d+, 2026/);
	});

	it('writes counts in the app’s language too', () => {
		expect(formatNumber(12345, 'en')).toBe('12,345');
		expect(formatNumber(12345, 'zh')).toBe('12,345');
	});
});
