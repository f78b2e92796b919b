import js from '@eslint/js';
import svelte from 'eslint-plugin-svelte';
import prettier from 'eslint-config-prettier';
import globals from 'globals';
import ts from 'typescript-eslint';
import svelteConfig from './svelte.config.js';

/** Only src/lib/persistence talks to IndexedDB: everything else goes through its store. */
const ONLY_PERSISTENCE_USES_DEXIE = {
	group: ['dexie', 'dexie/*'],
	message: 'Only src/lib/persistence imports Dexie: use the store from $lib/persistence instead.'
};

export default ts.config(
	{ ignores: ['build/', '.svelte-kit/', 'src/lib/paraglide/', 'test-results/', 'playwright-report/'] },
	js.configs.recommended,
	...ts.configs.recommended,
	...svelte.configs.recommended,
	prettier,
	...svelte.configs.prettier,
	{
		languageOptions: { globals: { ...globals.browser, ...globals.node } },
		rules: {
			'no-undef': 'off',
			// `import { type A } from './db'` keeps a bare import of db.ts, and with it Dexie, in every page.
			'@typescript-eslint/no-import-type-side-effects': 'error'
		}
	},
	{
		files: ['**/*.ts', '**/*.svelte', '**/*.svelte.ts'],
		languageOptions: {
			parserOptions: {
				// SvelteKit keeps the service worker out of its tsconfig; lint it with the default project.
				projectService: { allowDefaultProject: ['src/service-worker.ts'] },
				extraFileExtensions: ['.svelte'],
				parser: ts.parser,
				svelteConfig
			}
		},
		rules: {
			'@typescript-eslint/no-floating-promises': 'error',
			// Links go through paraglide's localizeHref, which adds the language prefix; there is no base path.
			'svelte/no-navigation-without-resolve': 'off',
			'@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_' }]
		}
	},
	{
		files: ['*.js', '*.config.ts'],
		...ts.configs.disableTypeChecked
	},
	// The layers (README, Architecture): routes → components → session/persistence → engine. A later block
	// replaces this rule for its files, so each block repeats the patterns that still apply there.
	{
		files: ['**/*.ts', '**/*.svelte'],
		ignores: ['src/lib/persistence/**'],
		rules: { 'no-restricted-imports': ['error', { patterns: [ONLY_PERSISTENCE_USES_DEXIE] }] }
	},
	{
		files: ['src/lib/components/**/*.ts', 'src/lib/components/**/*.svelte'],
		rules: {
			'no-restricted-imports': [
				'error',
				{
					patterns: [
						ONLY_PERSISTENCE_USES_DEXIE,
						{
							regex: '^(\\$lib/persistence|\\.\\./persistence)(/|$)',
							allowTypeImports: true,
							message:
								'A component shows what it is given and reads no storage: load the data in the route or in src/lib/session and pass it in (a type import is fine).'
						}
					]
				}
			]
		}
	},
	...[
		['src/lib/engine/*.ts', '^\\.\\./'],
		['src/lib/engine/*/*.ts', '^\\.\\./\\.\\./'],
		['src/lib/engine/*/*/*.ts', '^\\.\\./\\.\\./\\.\\./']
	].map(([files, outside]) => ({
		files: [files],
		// Specs and their helpers load the real content files to test the engine against; the engine itself does not.
		ignores: ['**/*.spec.ts', 'src/lib/engine/test-helpers.ts'],
		rules: {
			'no-restricted-imports': [
				'error',
				{
					patterns: [
						ONLY_PERSISTENCE_USES_DEXIE,
						{
							regex: `^\\$lib/(?!engine(/|$))|${outside}`,
							message:
								'The engine is pure TypeScript and imports nothing of the app: move what it needs into src/lib/engine, or have the caller pass it in.'
						},
						{
							regex: '^(svelte|\\$app|@sveltejs)(/|$)',
							message:
								'The engine has no Svelte, no SvelteKit and no DOM: that code belongs in src/lib/session or a component.'
						}
					]
				}
			]
		}
	}))
);
