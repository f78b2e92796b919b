// How every browser in the tests and benches starts: Playwright's own Chromium when installed, Debian's
// otherwise (it cannot be downloaded here), with the flags this closed network needs.
import { existsSync } from 'node:fs';
import { chromium } from '@playwright/test';

export const CHROMIUM_ARGS = [
	'--no-sandbox',
	'--disable-gpu',
	'--disable-quic',
	'--no-first-run',
	'--disable-background-networking',
	'--disable-component-update',
	'--disable-sync'
];

function bundledChromium(): string | undefined {
	try {
		const path = chromium.executablePath();
		return existsSync(path) ? path : undefined;
	} catch {
		return undefined;
	}
}

/** undefined means Playwright's own build. */
export const chromiumExecutable: string | undefined = bundledChromium() ? undefined : '/usr/bin/chromium';
