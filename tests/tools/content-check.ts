// npm run content:check — validates every file in content/ and prints each error with how to fix it.
import { isCueFile, loadCues } from '../../src/lib/content/cues';
import { loadContent } from '../../src/lib/content/load';
import { learnedProblem, readLearned } from '../../src/lib/content/read-cues';
import { readContentDir } from '../../src/lib/content/read-dir';
import { formatError, type ContentError } from '../../src/lib/engine/validate';
import { parse as parseYaml } from 'yaml';

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
errors.push(...halfWidthPunctuation(files));
for (const error of errors) console.error(formatError(error));
console.log(
	`${content.scenarios.length} scenarios, ${content.rubrics.size} rubrics, ${cueFiles} cue files, ${content.cases.size} case readings: ` +
		(errors.length ? `${errors.length} error(s)` : 'all valid')
);
process.exit(errors.length ? 1 : 0);

/**
 * Chinese text is set with full-width punctuation: a half-width ? ! : , ; right after a Chinese character (or
 * full-width mark) is a slip. Checked in every `zh:` text of the YAML files and in the *.zh.md case readings; the
 * cue files are left out, since their phrases and patterns match what a trainee types, ASCII marks included.
 */
function halfWidthPunctuation(files: Record<string, string>): ContentError[] {
	const FULL: Record<string, string> = { '?': '？', '!': '！', ':': '：', ',': '，', ';': '；' };
	const SLIP = /[\p{Script=Han}\u3001-\u303f\uff01-\uff5e]([?!:,;])/gu;
	const found: ContentError[] = [];
	const check = (file: string, path: string, text: string) => {
		for (const match of text.matchAll(SLIP)) {
			const mark = match[1]!;
			const at = match.index;
			const context = text.slice(Math.max(0, at - 8), at + 2).replace(/\s+/g, ' ');
			found.push({
				file,
				path,
				message: `half-width "${mark}" after "${match[0][0]}" in Chinese text ("…${context}"): use the full-width "${FULL[mark]}"`
			});
		}
	};
	const walk = (file: string, path: string, value: unknown, chinese: boolean) => {
		if (typeof value === 'string') {
			if (chinese) check(file, path, value);
		} else if (Array.isArray(value)) value.forEach((item, i) => walk(file, `${path}[${i}]`, item, chinese));
		else if (value && typeof value === 'object')
			for (const [key, item] of Object.entries(value))
				walk(file, path ? `${path}.${key}` : key, item, chinese || key === 'zh');
	};
	for (const [file, source] of Object.entries(files)) {
		if (isCueFile(file)) continue;
		if (/\.zh\.md$/.test(file)) source.split('\n').forEach((line, i) => check(file, `line ${i + 1}`, line));
		else if (/\.ya?ml$/.test(file)) {
			let doc: unknown;
			try {
				doc = parseYaml(source);
			} catch {
				continue; // loadContent has reported it
			}
			walk(file, '', doc, false);
		}
	}
	return found;
}
