import { sveltekit } from '@sveltejs/kit/vite';
import { paraglideVitePlugin } from '@inlang/paraglide-js';
import { defineConfig, type Plugin } from 'vitest/config';
import { loadContent } from './src/lib/content/load';
import { readContentDir } from './src/lib/content/read-dir';
import { formatError } from './src/lib/engine/validate';

/** Fails the build before it starts when any content file has an error, listing each one. */
function contentCheck(): Plugin {
	return {
		name: 'content-check',
		apply: 'build',
		buildStart() {
			const { errors } = loadContent(readContentDir(process.cwd()));
			if (errors.length)
				this.error(`content has ${errors.length} error(s):\n${errors.map(formatError).join('\n')}`);
		}
	};
}

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
		contentCheck(),
		sveltekit()
	],
	server: { fs: { allow: ['content'] } },
	build: {
		rollupOptions: {
			output: {
				// Fewer, larger chunks: a cold load of play fetched ~35 small modules, and each request costs more than
				// its bytes.
				experimentalMinChunkSize: 8_000,
				// Valibot is side-effect free, so the merging above may fold it into a chunk every page loads; only
				// content checks and progress files need it.
				manualChunks: (id) => (id.includes('/node_modules/valibot/') ? 'valibot' : undefined)
			}
		}
	},
	test: {
		include: ['src/**/*.spec.ts', 'tests/unit/**/*.spec.ts'],
		environment: 'node'
	}
});
