import adapter from '@sveltejs/adapter-static';
import { vitePreprocess } from '@sveltejs/vite-plugin-svelte';

/** @type {import('@sveltejs/kit').Config} */
const config = {
	preprocess: vitePreprocess(),
	kit: {
		// Every stylesheet is small: inlined, a cold load paints without waiting behind the script requests.
		inlineStyleThreshold: Infinity,
		adapter: adapter({ fallback: '404.html', strict: true }),
		paths: {
			// Pages load their scripts and link to each other by relative paths ('../_app/…'), so one build works at
			// the root of a host or in any folder of it (https://example.org/training/) with no base to configure.
			relative: true
		},
		prerender: {
			// '/zh/' is the root of the Chinese tree; the crawler finds the rest from its links.
			entries: ['*', '/zh/', '/zh/join/'],
			handleHttpError: 'fail',
			handleMissingId: 'fail'
		}
	}
};

export default config;
