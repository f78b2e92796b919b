// Cue files are content: a mistake in one is reported with its file, the cue's path and what to do.
import { describe, expect, it } from 'vitest';
import { isCueFile, loadCues } from '../../content/cues';
import { readContentDir } from '../../content/read-dir';
import { formatError } from '../validate';
import { projectRoot, rubrics } from '../test-helpers';

const real = Object.fromEntries(
	Object.entries(readContentDir(projectRoot)).filter(([path]) => isCueFile(path))
);
const check = (changes: Record<string, string | undefined>) => {
	const files: Record<string, string> = { ...real };
	for (const [path, source] of Object.entries(changes)) {
		if (source === undefined) delete files[path];
		else files[path] = source;
	}
	return loadCues(files, rubrics).errors.map(formatError);
};

const style = (labels: string) => `rubric: style\nlabels:\n${labels}`;
const fullStyle = (extra = '') =>
	style(
		['assertive', 'aggressive', 'passive', 'passive-aggressive']
			.map((id) => `  ${id}:\n    en: [{ phrases: [x${id.length}] }]\n    zh: [{ phrases: [字] }]\n`)
			.join('') + extra
	);

describe('cue files', () => {
	it('the real ones are valid, with cues for every label and step in both languages', () => {
		const { cues, errors } = loadCues(real, rubrics);
		expect(errors).toEqual([]);
		for (const rubric of rubrics.values()) {
			const own = cues!.rubrics[rubric.id]!;
			const ids = rubric.kind === 'labels' ? rubric.labels.map((l) => l.id) : rubric.steps.map((s) => s.id);
			const groups = rubric.kind === 'labels' ? own.labels! : own.steps!;
			for (const id of ids) {
				expect(groups[id]!.en.length, `${rubric.id}.${id} en`).toBeGreaterThan(0);
				expect(groups[id]!.zh.length, `${rubric.id}.${id} zh`).toBeGreaterThan(0);
			}
		}
	});

	it('names an unknown label, with the nearest real one', () => {
		expect(
			check({
				'content/rubrics/style.cues.yaml': fullStyle(
					'  agressive:\n    en: [{ phrases: [a] }]\n    zh: [{ phrases: [a] }]\n'
				)
			})
		).toEqual([
			'content/rubrics/style.cues.yaml: labels.agressive: "style" has no label "agressive" (did you mean "aggressive"?): use one of assertive, aggressive, passive, passive-aggressive'
		]);
	});

	it('names an unknown step', () => {
		const source = real['content/rubrics/last.cues.yaml']!.replace('  thank:', '  thanks:');
		const errors = check({ 'content/rubrics/last.cues.yaml': source });
		expect(errors).toContain(
			'content/rubrics/last.cues.yaml: steps.thanks: "last" has no step "thanks" (did you mean "thank"?): use one of listen, apologise, solve, thank'
		);
		expect(errors).toContain(
			'content/rubrics/last.cues.yaml: steps.thank.en: missing: cues for "thank" in English; add at least one'
		);
	});

	it('names the cue whose pattern is not a regular expression', () => {
		const errors = check({
			'content/rubrics/style.cues.yaml': fullStyle().replace(
				'en: [{ phrases: [x9] }]',
				'en: [{ patterns: ["(unclosed"] }]'
			)
		});
		expect(errors).toEqual([
			'content/rubrics/style.cues.yaml: labels.assertive.en[0].patterns[0]: not a valid regular expression: check its brackets and backslashes (write \\\\b in YAML double quotes)'
		]);
	});

	it('names a cue with neither phrases nor patterns, and a misspelt field', () => {
		const errors = check({
			'content/rubrics/style.cues.yaml': fullStyle().replace('zh: [{ phrases: [字] }]', 'zh: [{ wieght: 2 }]')
		});
		expect(errors).toContain(
			'content/rubrics/style.cues.yaml: labels.assertive.zh[0].wieght: unknown field: remove it or check its spelling'
		);
	});

	it('names a missing language and a bad flag value', () => {
		const source = fullStyle()
			.replace('    zh: [{ phrases: [字] }]\n', '')
			.replace('en: [{ phrases: [x10] }]', 'en: [{ phrases: [x10], needs: soon }]');
		const errors = check({ 'content/rubrics/style.cues.yaml': source });
		expect(errors).toContain(
			'content/rubrics/style.cues.yaml: labels.assertive.zh: missing: the Chinese cues (zh); add a list of them'
		);
		expect(errors).toContain(
			'content/rubrics/style.cues.yaml: labels.aggressive.en[0].needs: needs is one of concrete, vague, no-concrete'
		);
	});

	it('reports a cue file for a rubric that does not exist, and a rubric with no cue file', () => {
		const errors = check({
			'content/rubrics/3f.cues.yaml': undefined,
			'content/rubrics/4f.cues.yaml': real['content/rubrics/3f.cues.yaml']!.replace(
				'rubric: 3f',
				'rubric: 4f'
			)
		});
		expect(errors).toContain(
			'content/rubrics/4f.cues.yaml: rubric: no rubric "4f" in content/rubrics (did you mean "3f"?)'
		);
		expect(errors).toContain(
			'content/rubrics/3f.cues.yaml: missing: typed replies cannot be classified on "3f" without its cues; add this file'
		);
	});

	it('reports steps given as labels, and a phrase listed twice', () => {
		const asLabels = real['content/rubrics/3f.cues.yaml']!.replace('\nsteps:', '\nlabels:');
		expect(check({ 'content/rubrics/3f.cues.yaml': asLabels })).toContain(
			'content/rubrics/3f.cues.yaml: labels: "3f" has steps, not labels: put its cues under "steps:"'
		);
		const twice = fullStyle().replace(
			'en: [{ phrases: [x9] }]',
			'en: [{ phrases: [sorry] }, { phrases: [Sorry] }]'
		);
		expect(check({ 'content/rubrics/style.cues.yaml': twice })).toEqual([
			'content/rubrics/style.cues.yaml: labels.assertive.en[1].phrases[0]: "Sorry" is already a phrase of cue [0]: keep one'
		]);
	});

	it('reports broken YAML once, without also calling the file missing', () => {
		expect(check({ 'content/rubrics/last.cues.yaml': 'rubric: last\nsteps: [' })).toEqual([
			expect.stringMatching(/^content\/rubrics\/last\.cues\.yaml: not valid YAML: /)
		]);
	});

	it('needs the shared language file', () => {
		expect(check({ 'content/rubrics/language.cues.yaml': undefined })).toEqual([
			'content/rubrics/language.cues.yaml: missing: the negation words and question words per language, which every cue file relies on'
		]);
	});
});
