// npm run -s classify -- --lang en|zh [--rubrics style,3f,last] "reply text"
// Prints the classification as one JSON line. Without a text, reads JSON lines {"text","lang","rubrics"} from
// stdin and writes one result line per input line, in order.
import { createInterface } from 'node:readline';
import { readCues } from '../../src/lib/content/read-cues';
import { classify } from '../../src/lib/engine/classify';
import { CUE_LANGS, type CueLang } from '../../src/lib/engine/classify/types';
import type { Rubric } from '../../src/lib/engine/schema';
import { ContentErrors, formatError } from '../../src/lib/engine/validate';

const USAGE =
	'usage: npm run -s classify -- --lang en|zh [--rubrics style,3f,last] "reply text"  (or JSON lines on stdin)';

function fail(message: string): never {
	console.error(`${message}\n${USAGE}`);
	process.exit(2);
}

const args = process.argv.slice(2);
let lang: CueLang | undefined;
let rubricIds: string[] | undefined;
const words: string[] = [];
for (let i = 0; i < args.length; i++) {
	const arg = args[i]!;
	if (arg === '--lang') lang = args[++i] as CueLang;
	else if (arg === '--rubrics') rubricIds = (args[++i] ?? '').split(',').filter(Boolean);
	else if (arg === '--help' || arg === '-h') {
		console.log(USAGE);
		process.exit(0);
	} else if (arg.startsWith('--')) fail(`unknown option ${arg}`);
	else words.push(arg);
}

let loaded: ReturnType<typeof readCues>;
try {
	loaded = readCues(process.cwd());
} catch (e) {
	if (!(e instanceof ContentErrors)) throw e;
	for (const error of e.errors) console.error(formatError(error));
	console.error('Fix the content errors above (npm run content:check lists them), then classify again.');
	process.exit(1);
}
const { rubrics, cues } = loaded;
const defaultRubrics = [...rubrics.keys()];

function pick(ids: readonly string[] | undefined, where: string): Rubric[] {
	return (ids ?? defaultRubrics).map((id) => {
		const rubric = rubrics.get(id);
		if (!rubric) throw new Error(`${where}: no rubric "${id}"; use some of ${defaultRubrics.join(', ')}`);
		return rubric;
	});
}

function checkLang(value: unknown, where: string): CueLang {
	if (!CUE_LANGS.includes(value as CueLang))
		throw new Error(`${where}: lang must be en or zh, not ${JSON.stringify(value)}`);
	return value as CueLang;
}

if (words.length) {
	try {
		const result = classify({
			text: words.join(' '),
			lang: checkLang(lang, '--lang'),
			rubrics: pick(rubricIds, '--rubrics'),
			cues
		});
		console.log(JSON.stringify(result));
	} catch (e) {
		fail((e as Error).message);
	}
} else {
	let line = 0;
	let failed = false;
	for await (const input of createInterface({ input: process.stdin, crlfDelay: Infinity })) {
		line++;
		if (!input.trim()) continue;
		try {
			const item = JSON.parse(input) as { text?: unknown; lang?: unknown; rubrics?: unknown };
			if (typeof item.text !== 'string') throw new Error(`line ${line}: "text" must be a string`);
			const ids = item.rubrics ?? rubricIds;
			if (ids !== undefined && !Array.isArray(ids))
				throw new Error(`line ${line}: "rubrics" must be a list of ids`);
			const result = classify({
				text: item.text,
				lang: checkLang(item.lang ?? lang, `line ${line}`),
				rubrics: pick(ids as string[] | undefined, `line ${line}`),
				cues
			});
			console.log(JSON.stringify(result));
		} catch (e) {
			// Keep one output line per input line, so results still line up with their inputs.
			failed = true;
			const message =
				e instanceof SyntaxError ? `line ${line}: not valid JSON (${e.message})` : (e as Error).message;
			console.log(JSON.stringify({ error: message }));
			console.error(message);
		}
	}
	process.exit(failed ? 1 : 0);
}
