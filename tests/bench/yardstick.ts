// The yardstick: an empty SvelteKit app (one button, enabled once hydrated, that answers a click), built and served beside the app
// with the app's own node_modules, so a page's load time can be read against the framework's floor.
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { onCleanup, root, startPreview } from './shared';

const FILES: Record<string, string> = {
	// Only so Node reads the two configs as ES modules; nothing is installed.
	'package.json': JSON.stringify({ private: true, type: 'module' }),
	'svelte.config.js': `import adapter from '@sveltejs/adapter-static';
export default { kit: { adapter: adapter() } };
`,
	'vite.config.js': `import { sveltekit } from '@sveltejs/kit/vite';
import { defineConfig } from 'vite';
export default defineConfig({ plugins: [sveltekit()], cacheDir: '.vite', logLevel: 'warn' });
`,
	'src/app.html': `<!doctype html>
<html lang="en">
	<head>
		<meta charset="utf-8" />
		<meta name="viewport" content="width=device-width, initial-scale=1" />
		%sveltekit.head%
	</head>
	<body data-sveltekit-preload-data="hover">
		<div style="display: contents">%sveltekit.body%</div>
	</body>
</html>
`,
	'src/routes/+layout.ts': 'export const prerender = true;\n',
	'src/routes/+page.svelte': `<script>
	import { onMount } from 'svelte';
	let ready = $state(false);
	let clicks = $state(0);
	onMount(() => (ready = true));
</script>

<button disabled={!ready} onclick={() => clicks++}>go</button>
{#if clicks}<p data-answered>answered</p>{/if}
`
};

/** Builds the empty app in a temp dir and serves it on `port`; `stop()` ends the server and deletes the dir. */
export async function startYardstick(port: number) {
	const dir = mkdtempSync(join(tmpdir(), 'bench-empty-sveltekit-'));
	const remove = onCleanup(() => rmSync(dir, { recursive: true, force: true }));
	try {
		for (const [file, text] of Object.entries(FILES)) {
			mkdirSync(dirname(join(dir, file)), { recursive: true });
			writeFileSync(join(dir, file), text);
		}
		symlinkSync(join(root, 'node_modules'), join(dir, 'node_modules'), 'dir');
		execFileSync('npx', ['vite', 'build'], { cwd: dir, stdio: 'pipe' });
		const server = await startPreview(dir, port);
		return {
			url: `${server.url}/`,
			stop() {
				server.stop();
				remove();
			}
		};
	} catch (error) {
		remove();
		throw error;
	}
}
