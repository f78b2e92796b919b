// npm run content:check — validates every file in content/ and prints each error with how to fix it.
import { loadContent } from '../../src/lib/content/load';
import { readContentDir } from '../../src/lib/content/read-dir';
import { formatError } from '../../src/lib/engine/validate';

const root = process.argv[2] ?? process.cwd();
const content = loadContent(readContentDir(root));
for (const error of content.errors) console.error(formatError(error));
console.log(
	`${content.scenarios.length} scenarios, ${content.rubrics.size} rubrics, ${content.cases.size} case readings: ` +
		(content.errors.length ? `${content.errors.length} error(s)` : 'all valid')
);
process.exit(content.errors.length ? 1 : 0);
