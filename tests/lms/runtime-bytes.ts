// Which scripts a page fetched, and whether the cmi5 or SCORM runtime was among them (found by a string only
// that runtime's chunk holds), with gzip bytes as the bench counts them (tests/bench/wire.ts).
import { gzipSync } from 'node:zlib';
import type { Page } from '@playwright/test';

export const RUNTIME_MARKERS = { cmi5: 'cmi5LearnerPreferences', scorm: 'cmi.suspend_data' } as const;

export interface Fetched {
	url: string;
	body: Buffer;
}

/** Starts collecting the page's script responses; read the array once the page has settled. */
export function collectScripts(page: Page): Fetched[] {
	const fetched: Fetched[] = [];
	page.on('response', (response) => {
		const url = response.url();
		if (!url.endsWith('.js')) return;
		void response.body().then(
			(body) => fetched.push({ url, body }),
			() => undefined
		);
	});
	return fetched;
}

export const gzipped = (files: readonly Fetched[]) =>
	files.reduce((sum, f) => sum + gzipSync(f.body, { level: 9 }).length, 0);

/** The scripts that hold a runtime, by its marker. */
export const runtimeScripts = (files: readonly Fetched[], runtime: keyof typeof RUNTIME_MARKERS) =>
	files.filter((f) => f.body.includes(RUNTIME_MARKERS[runtime]));
