// npm run bench — prints JSON figures: content pipeline time and the gzip bytes each route loads first.
import { execSync } from 'node:child_process';
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { compileScenario } from '../../src/lib/engine/compile';
import { loadContent } from '../../src/lib/content/load';
import { readContentDir } from '../../src/lib/content/read-dir';

const root = join(import.meta.dirname, '../..');
const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
const round = (n: number, digits = 2) => Number(n.toFixed(digits));

function contentPipeline(runs = 15) {
	const times: number[] = [];
	let counts = { scenarios: 0, nodes: 0, choices: 0 };
	for (let i = 0; i < runs; i++) {
		const start = performance.now();
		const content = loadContent(readContentDir(root));
		if (content.errors.length) throw new Error(`content has errors; run npm run content:check`);
		for (const scenario of content.scenarios) compileScenario(scenario);
		times.push(performance.now() - start);
		const nodes = content.scenarios.flatMap((s) => Object.values(s.nodes));
		counts = {
			scenarios: content.scenarios.length,
			nodes: nodes.length,
			choices: nodes.flatMap((n) => n.choices).length
		};
	}
	return { ...counts, runs, medianMs: round(median(times)), minMs: round(Math.min(...times)) };
}

const gzip = (file: string) => gzipSync(readFileSync(file), { level: 9 }).length;

/** What a cold load of a prerendered page fetches before hydration: its stylesheets and module graph. */
function firstLoad(htmlFile: string) {
	const html = readFileSync(htmlFile, 'utf8');
	const build = join(root, 'build');
	const refs = new Set<string>();
	for (const match of html.matchAll(/<link[^>]+href="([^"]+\.(?:js|css))"/g)) refs.add(match[1]!);
	for (const match of html.matchAll(/import\("([^"]+\.js)"\)/g)) refs.add(match[1]!);
	let js = 0;
	let css = 0;
	for (const ref of refs) {
		const file = join(build, ref.replace(/^(\.\.\/|\.\/)+/, '').replace(/^\//, ''));
		if (!existsSync(file)) continue;
		if (file.endsWith('.css')) css += gzip(file);
		else js += gzip(file);
	}
	return { jsKB: round(js / 1024, 1), cssKB: round(css / 1024, 1), files: refs.size };
}

function routes() {
	const build = join(root, 'build');
	if (!existsSync(join(build, 'index.html'))) execSync('npm run build', { cwd: root, stdio: 'inherit' });
	const firstScenario = readdirSync(join(build, 'scenarios')).find((f) => f.endsWith('.html'))!;
	const out: Record<string, ReturnType<typeof firstLoad>> = {
		'/': firstLoad(join(build, 'index.html')),
		'/zh': firstLoad(join(build, 'zh.html')),
		[`/scenarios/${firstScenario.replace('.html', '')}`]: firstLoad(join(build, 'scenarios', firstScenario))
	};
	const allJs = readdirSync(join(build, '_app/immutable'), { recursive: true })
		.map(String)
		.filter((f) => f.endsWith('.js'))
		.reduce((sum, f) => sum + statSync(join(build, '_app/immutable', f)).size, 0);
	return { routes: out, totalJsKB: round(allJs / 1024, 1) };
}

console.log(JSON.stringify({ content: contentPipeline(), bundle: routes() }, null, 2));
