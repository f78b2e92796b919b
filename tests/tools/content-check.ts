// npm run content:check — validates every file in content/ and prints each error with how to fix it.
import { isCueFile, loadCues } from '../../src/lib/content/cues';
import { loadContent } from '../../src/lib/content/load';
import { learnedProblem, readLearned } from '../../src/lib/content/read-cues';
import { readContentDir } from '../../src/lib/content/read-dir';
import { formatError } from '../../src/lib/engine/validate';

const root = process.argv[2] ?? process.cwd();
const files = readContentDir(root);
const content = loadContent(files);
// The typed-reply classifier's cues (content/rubrics/*.cues.yaml), checked against the rubrics they name.
// Its learned weights (content/rubrics/learned.json) must exist and be trained on the replies and cues as they are.
const cueCheck = loadCues({ ...files, ...readLearned(root) }, content.rubrics);
const cueFiles = Object.keys(files).filter(isCueFile).length;
const learned = cueCheck.errors.length ? undefined : learnedProblem(root, cueCheck.cues);
const errors = [...content.errors, ...cueCheck.errors, ...(learned ? [learned] : [])];
for (const scenario of content.scenarios)
	if (scenario.id === 'cues')
		errors.push({
			file: `content/scenarios/cues.yaml`,
			path: 'id',
			message: 'the id "cues" is taken by /content/cues.json: rename the scenario'
		});
for (const error of errors) console.error(formatError(error));
console.log(
	`${content.scenarios.length} scenarios, ${content.rubrics.size} rubrics, ${cueFiles} cue files, ${content.cases.size} case readings: ` +
		(errors.length ? `${errors.length} error(s)` : 'all valid')
);
process.exit(errors.length ? 1 : 0);
