// npx tsx tests/tools/test-wise.ts [scenario-id…] — what a trainee who picks by a surface cue scores.
import { loadContent } from '../../src/lib/content/load';
import { readContentDir } from '../../src/lib/content/read-dir';
import { testWiseTable } from '../unit/test-wise';

const content = loadContent(readContentDir(process.cwd()));
const only = process.argv.slice(2);
const scenarios = content.scenarios.filter((s) => !only.length || only.includes(s.id));
for (const row of testWiseTable(scenarios, content.rubrics)) {
	console.log(
		`${row.strategy.padEnd(26)} mean ${row.mean.toFixed(1).padStart(5)}  100 on every rubric: ${row.perfect.join(', ') || 'none'}`
	);
	for (const r of row.results)
		console.log(
			`    ${r.scenario.padEnd(24)} ${Object.entries(r.scores)
				.map(([k, v]) => `${k} ${v}`)
				.join('  ')
				.padEnd(30)} → ${r.ending}`
		);
}
if (content.errors.length)
	console.log(`(${content.errors.length} content errors; scenarios with errors are left out)`);
