import { sveltekit } from '@sveltejs/kit/vite';
import { paraglideVitePlugin } from '@inlang/paraglide-js';
import { defineConfig } from 'vitest/config';

export default defineConfig({
	plugins: [
		// Unit tests need no messages, and the plugin's watcher keeps vitest from exiting.
		!process.env.VITEST &&
			paraglideVitePlugin({
				project: './src/lib/i18n/project.inlang',
				outdir: './src/lib/paraglide',
				// The URL decides the language so both trees prerender; the remembered choice redirects in app.html.
				strategy: ['url', 'baseLocale']
			}),
		sveltekit()
	],
	server: { fs: { allow: ['content'] } },
	test: {
		include: ['src/**/*.spec.ts', 'tests/unit/**/*.spec.ts'],
		environment: 'node'
	}
});
