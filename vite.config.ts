import { sveltekit } from '@sveltejs/kit/vite';
import { paraglideVitePlugin } from '@inlang/paraglide-js';
import { defineConfig, type Plugin } from 'vitest/config';
import { loadContent } from './src/lib/content/load';
import { readContentDir } from './src/lib/content/read-dir';
import { formatError } from './src/lib/engine/validate';
import { offlineManifest } from './src/lib/build/offline-manifest';

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

/**
 * The cmi5 and SCORM runtimes load only when an LMS launches play (src/lib/session/lms/link.ts). They are small and
 * look free of side effects, so the chunk merging below would fold them into a chunk every visit loads: kept as
 * having side effects, their chunks stay their own.
 */
function lmsApart(): Plugin {
	const lms = /\/src\/lib\/(session\/lms\/(scorm|cmi5)|engine\/lms\/)/;
	return {
		name: 'lms-apart',
		apply: 'build',
		transform(code, id) {
			return lms.test(id) ? { code, map: null, moduleSideEffects: 'no-treeshake' } : undefined;
		}
	};
}

/**
 * Chunks of their own for code only some visits need, merged as little as possible with the rest. Valibot is only
 * for content checks and progress files; the typed-reply classifier only for a trainee who types. For the browser
 * only: in the server build (which the config's isSsrBuild does not flag, SvelteKit sets build.ssr itself) a
 * manual chunk takes in the modules it shares with every page (schema, compile, scoring).
 */
function browserChunks(): Plugin {
	let ssr = false;
	return {
		name: 'browser-chunks',
		apply: 'build',
		configResolved(config) {
			ssr = !!config.build.ssr;
		},
		outputOptions(options) {
			if (ssr) return null;
			return {
				...options,
				// No merging of small chunks in the browser: it folded code loaded on demand (the store, progress
				// files, Valibot) into chunks every page loads. The framework is one chunk instead, so a cold load
				// still makes few requests for it.
				experimentalMinChunkSize: 1,
				manualChunks: (id: string) =>
					id.includes('/node_modules/valibot/')
						? 'valibot'
						: id.includes('/src/lib/engine/classify/')
							? 'classify'
							: /\/node_modules\/(svelte|@sveltejs\/kit|devalue|clsx|esm-env)\//.test(id)
								? 'runtime'
								: undefined
			};
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
		lmsApart(),
		browserChunks(),
		sveltekit(),
		// After the adapter: lists each case's files and sizes for "Make available offline".
		offlineManifest()
	],
	server: { fs: { allow: ['content'] } },
	build: {
		rollupOptions: {
			output: {
				// Fewer, larger chunks: a cold load of play fetched ~35 small modules, and each request costs more than
				// its bytes.
				// browserChunks() keeps the classifier and valibot out of that merging.
				experimentalMinChunkSize: 8_000
			}
		}
	},
	test: {
		include: ['src/**/*.spec.ts', 'tests/unit/**/*.spec.ts'],
		environment: 'node'
	}
});
