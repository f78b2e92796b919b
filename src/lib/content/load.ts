// Turns the files of content/ into checked domain data. Pure: callers supply the files (glob or fs).
import { parse as parseYaml, YAMLParseError } from 'yaml';
import { LOCALES, type Locale, type Rubric, type Scenario, type Text } from '../engine/schema';
import { type ContentError, validateRubric, validateScenario } from '../engine/validate';

export interface CaseReading {
	id: string;
	title: Text;
	/** Markdown source per language; rendered to HTML at build time. */
	markdown: Text;
}

export interface Content {
	scenarios: Scenario[];
	rubrics: Map<string, Rubric>;
	cases: Map<string, CaseReading>;
	errors: ContentError[];
}

/** Paths are relative to the project root, like `content/scenarios/rice-grit.yaml`. */
export type ContentFiles = Record<string, string>;

const baseName = (path: string) => path.split('/').pop()!.replace(/\.(ya?ml|md)$/, '');

function readYaml(file: string, source: string, errors: ContentError[]): unknown {
	try {
		return parseYaml(source, { prettyErrors: true, uniqueKeys: true });
	} catch (e) {
		const message = e instanceof YAMLParseError ? e.message.split('\n')[0]! : String(e);
		errors.push({ file, path: '', message: `not valid YAML: ${message}` });
		return undefined;
	}
}

const FRONT_MATTER = /^---\r?\n([\s\S]*?)\r?\n---\r?\n?/;

function readCases(files: ContentFiles, errors: ContentError[]): Map<string, CaseReading> {
	const parts = new Map<string, Partial<Record<Locale, { title: string; markdown: string }>>>();
	for (const [file, source] of Object.entries(files)) {
		if (!file.startsWith('content/cases/')) continue;
		const match = /^([a-z0-9-]+)\.(\w+)\.md$/.exec(file.slice('content/cases/'.length));
		if (!match || !LOCALES.includes(match[2] as Locale)) {
			errors.push({ file, path: '', message: 'name case readings <case-id>.en.md and <case-id>.zh.md' });
			continue;
		}
		const [, id, locale] = match as unknown as [string, string, Locale];
		const front = FRONT_MATTER.exec(source);
		const meta = front ? readYaml(file, front[1]!, errors) : undefined;
		const title = (meta as { title?: unknown } | undefined)?.title;
		const markdown = front ? source.slice(front[0].length).trim() : source.trim();
		if (typeof title !== 'string' || !title.trim()) {
			errors.push({ file, path: 'title', message: 'missing: start the file with front matter "---\\ntitle: …\\n---"' });
			continue;
		}
		if (!markdown) errors.push({ file, path: '', message: 'the reading is empty: write it out' });
		parts.set(id, { ...parts.get(id), [locale]: { title, markdown } });
	}
	const cases = new Map<string, CaseReading>();
	for (const [id, byLocale] of parts) {
		const missing = LOCALES.filter((locale) => !byLocale[locale]);
		if (missing.length) {
			for (const locale of missing)
				errors.push({ file: `content/cases/${id}.${locale}.md`, path: '', message: `missing: the ${locale} reading of case "${id}"` });
			continue;
		}
		cases.set(id, {
			id,
			title: { en: byLocale.en!.title, zh: byLocale.zh!.title },
			markdown: { en: byLocale.en!.markdown, zh: byLocale.zh!.markdown }
		});
	}
	return cases;
}

export function loadContent(files: ContentFiles): Content {
	const errors: ContentError[] = [];
	const rubrics = new Map<string, Rubric>();
	for (const [file, source] of Object.entries(files)) {
		// Cue files, the learned model and its example replies sit beside the rubrics but belong to the classifier,
		// whose loader checks them (src/lib/content/cues.ts); only a rubric's own yaml is read here.
		if (!/^content\/rubrics\/[^/]+\.yaml$/.test(file) || file.endsWith('.cues.yaml')) continue;
		const raw = readYaml(file, source, errors);
		if (raw === undefined) continue;
		const result = validateRubric(file, raw);
		errors.push(...result.errors);
		if (result.rubric) {
			if (result.rubric.id !== baseName(file))
				errors.push({ file, path: 'id', message: `the id "${result.rubric.id}" must match the file name "${baseName(file)}"` });
			rubrics.set(result.rubric.id, result.rubric);
		}
	}
	const cases = readCases(files, errors);
	const scenarios: Scenario[] = [];
	const seenIds = new Set<string>();
	for (const [file, source] of Object.entries(files).sort(([a], [b]) => a.localeCompare(b))) {
		if (!file.startsWith('content/scenarios/')) continue;
		const raw = readYaml(file, source, errors);
		if (raw === undefined) continue;
		const result = validateScenario(file, raw, rubrics, new Set(cases.keys()));
		errors.push(...result.errors);
		if (!result.scenario || result.errors.length) continue;
		const scenario = result.scenario;
		if (scenario.id !== baseName(file)) {
			errors.push({ file, path: 'id', message: `the id "${scenario.id}" must match the file name "${baseName(file)}"` });
		} else if (seenIds.has(scenario.id)) {
			errors.push({ file, path: 'id', message: `another scenario already has the id "${scenario.id}"` });
		} else {
			seenIds.add(scenario.id);
			scenarios.push(scenario);
		}
	}
	return { scenarios, rubrics, cases, errors };
}
