// Checks cue files (content/rubrics/*.cues.yaml) against their schema and against the rubrics they name.
// Kept apart from the classifier so the browser, which gets cues already checked, never loads valibot for them.
import * as v from 'valibot';
import type { Rubric } from '../schema';
import { didYouMean, schemaErrors, type ContentError } from '../validate';
import {
	CUE_FORMS,
	CUE_LANGS,
	CUE_NEEDS,
	CUE_NEGATION,
	type Cue,
	type CueLang,
	type CueSet,
	type LanguageCues,
	type RubricCues
} from './types';
import type { LearnedModel } from './learned';

const text = (what: string) =>
	v.pipe(v.string(`${what} must be text`), v.trim(), v.nonEmpty(`${what} is empty`));

const Pattern = v.pipe(
	text('a pattern'),
	v.check((p) => {
		try {
			new RegExp(p, 'giu');
			return true;
		} catch {
			return false;
		}
	}, 'not a valid regular expression: check its brackets and backslashes (write \\\\b in YAML double quotes)'),
	v.check((p) => {
		try {
			return !new RegExp(p, 'iu').test('');
		} catch {
			return true; // already reported as invalid
		}
	}, 'this pattern matches an empty text, so it would match every reply')
);

const Phrase = v.pipe(
	text('a phrase'),
	v.check((p) => /[\p{L}\p{N}]/u.test(p), 'a phrase needs at least one letter or digit')
);

const CueSchema = v.pipe(
	v.strictObject({
		phrases: v.optional(v.array(Phrase)),
		patterns: v.optional(v.array(Pattern)),
		with: v.optional(v.pipe(v.array(Phrase), v.minLength(1, 'list at least one word under "with"'))),
		weight: v.optional(
			v.pipe(
				v.number('a weight is a number'),
				v.minValue(-10, 'a weight runs from -10 to 10'),
				v.maxValue(10, 'a weight runs from -10 to 10')
			),
			1
		),
		form: v.optional(v.picklist(CUE_FORMS, `form is one of ${CUE_FORMS.join(', ')}`)),
		needs: v.optional(v.picklist(CUE_NEEDS, `needs is one of ${CUE_NEEDS.join(', ')}`)),
		negation: v.optional(v.picklist(CUE_NEGATION, `negation is one of ${CUE_NEGATION.join(', ')}`), 'void'),
		veto: v.optional(v.boolean('veto is true or false'), false),
		times: v.optional(
			v.pipe(v.number(), v.integer('times is a whole number'), v.minValue(1, 'times is at least 1')),
			1
		),
		note: v.optional(v.string())
	}),
	v.check(
		(c) => (c.phrases?.length ?? 0) + (c.patterns?.length ?? 0) > 0,
		'a cue needs phrases or patterns: write at least one'
	)
);

const CueList = v.array(
	CueSchema,
	'expected a list of cues, each starting with "- phrases:" or "- patterns:"'
);
const ByLang = { en: CueList, zh: CueList };

const RubricCuesSchema = v.strictObject({
	rubric: v.string('name the rubric these cues are for, like "rubric: last"'),
	labels: v.optional(
		v.record(
			v.string(),
			v.strictObject({
				prior: v.optional(v.number('prior is a number'), 0),
				perStep: v.optional(v.number('perStep is a number'), 0),
				voids: v.optional(v.array(v.string('name a step as rubric.step, like "last.solve"')), []),
				...ByLang
			})
		)
	),
	steps: v.optional(
		v.record(
			v.string(),
			v.strictObject({
				threshold: v.optional(
					v.pipe(v.number('threshold is a number'), v.minValue(0.1, 'a threshold above 0')),
					1
				),
				...ByLang
			})
		)
	)
});

const Words = v.optional(v.array(text('a word')), []);
const WordCuesSchema = v.optional(
	v.strictObject({ phrases: v.optional(v.array(Phrase), []), patterns: v.optional(v.array(Pattern), []) }),
	{ phrases: [], patterns: [] }
);
const LanguageSchema = v.strictObject({
	negators: v.pipe(v.array(text('a negator')), v.minLength(1, 'list the words that negate, like "not"')),
	negatorEndings: Words,
	negationScope: v.pipe(
		v.number(),
		v.integer(),
		v.minValue(1),
		v.maxValue(10, 'a negation covers at most 10 words')
	),
	scopeEnds: Words,
	questionStarts: Words,
	questionEnds: Words,
	openQuestion: Words,
	concrete: WordCuesSchema,
	vague: WordCuesSchema,
	contractions: v.optional(v.record(v.string(), v.string()), {}),
	spellings: v.optional(v.record(v.string(), v.string()), {})
});
const LanguageFileSchema = v.strictObject({ en: LanguageSchema, zh: LanguageSchema });

/** The schema's errors, with a missing language named as missing cues rather than a missing text. */
function cueSchemaErrors(file: string, issues: Parameters<typeof schemaErrors>[1]): ContentError[] {
	const names: Record<string, string> = { en: 'English', zh: 'Chinese' };
	return schemaErrors(file, issues).map((e) => {
		const lang = /^missing: the (?:English|Chinese) text \((en|zh)\)$/.exec(e.message)?.[1];
		return lang ? { ...e, message: `missing: the ${names[lang]} cues (${lang}); add a list of them` } : e;
	});
}

export const LANGUAGE_CUES_FILE = 'content/rubrics/language.cues.yaml';
const cueFile = (id: string) => `content/rubrics/${id}.cues.yaml`;

/** Checks one rubric's cue file: its schema, then that every label or step it names exists and each has cues. */
export function validateRubricCues(
	file: string,
	raw: unknown,
	rubrics: ReadonlyMap<string, Rubric>
): { cues?: RubricCues; errors: ContentError[] } {
	const parsed = v.safeParse(RubricCuesSchema, raw);
	if (!parsed.success) return { errors: cueSchemaErrors(file, parsed.issues) };
	const cues = parsed.output as RubricCues;
	const errors: ContentError[] = [];
	const id = file
		.split('/')
		.pop()!
		.replace(/\.cues\.ya?ml$/, '');
	if (cues.rubric !== id)
		errors.push({
			file,
			path: 'rubric',
			message: `the rubric "${cues.rubric}" must match the file name "${id}"`
		});
	const rubric = rubrics.get(cues.rubric);
	if (!rubric) {
		errors.push({
			file,
			path: 'rubric',
			message: `no rubric "${cues.rubric}" in content/rubrics${didYouMean(cues.rubric, rubrics.keys())}`
		});
		return { errors };
	}
	const kind = rubric.kind === 'labels' ? 'labels' : 'steps';
	const other = kind === 'labels' ? 'steps' : 'labels';
	if (cues[other])
		errors.push({
			file,
			path: other,
			message: `"${rubric.id}" has ${kind}, not ${other}: put its cues under "${kind}:"`
		});
	const known = rubric.kind === 'labels' ? rubric.labels.map((l) => l.id) : rubric.steps.map((s) => s.id);
	const groups: Record<string, Record<CueLang, Cue[]>> = cues[kind] ?? {};
	for (const name of Object.keys(groups))
		if (!known.includes(name))
			errors.push({
				file,
				path: `${kind}.${name}`,
				message: `"${rubric.id}" has no ${kind === 'labels' ? 'label' : 'step'} "${name}"${didYouMean(name, known)}: use one of ${known.join(', ')}`
			});
	if (cues.labels)
		for (const [name, label] of Object.entries(cues.labels))
			label.voids.forEach((ref, i) => {
				const [rubricId, stepId] = ref.split('.');
				const target = rubrics.get(rubricId ?? '');
				const steps = target?.kind === 'steps' ? target.steps.map((s) => s.id) : [];
				if (!stepId || !steps.includes(stepId)) {
					const all = [...rubrics.values()].flatMap((r) =>
						r.kind === 'steps' ? r.steps.map((s) => `${r.id}.${s.id}`) : []
					);
					errors.push({
						file,
						path: `labels.${name}.voids[${i}]`,
						message: `no step "${ref}"${didYouMean(ref, all)}: name a step as rubric.step, one of ${all.join(', ')}`
					});
				}
			});
	for (const name of known) {
		for (const lang of CUE_LANGS) {
			const list = groups[name]?.[lang];
			if (!list?.length)
				errors.push({
					file,
					path: `${kind}.${name}.${lang}`,
					message: `missing: cues for "${name}" in ${lang === 'en' ? 'English' : 'Chinese'}; add at least one`
				});
			// The same phrase twice under the same conditions only counts it twice; under other conditions it is a new cue.
			const seen = new Map<string, number>();
			list?.forEach((cue, i) =>
				cue.phrases?.forEach((phrase, j) => {
					const { form, needs, negation, times, veto } = cue;
					const key = JSON.stringify([phrase.toLowerCase(), form, needs, negation, times, veto, cue.with]);
					if (seen.has(key))
						errors.push({
							file,
							path: `${kind}.${name}.${lang}[${i}].phrases[${j}]`,
							message: `"${phrase}" is already a phrase of cue [${seen.get(key)}]: keep one`
						});
					else seen.set(key, i);
				})
			);
		}
	}
	return { cues, errors };
}

export function validateLanguageCues(
	file: string,
	raw: unknown
): { language?: Record<CueLang, LanguageCues>; errors: ContentError[] } {
	const parsed = v.safeParse(LanguageFileSchema, raw);
	if (!parsed.success) return { errors: cueSchemaErrors(file, parsed.issues) };
	return { language: parsed.output, errors: [] };
}

/**
 * Checks all cue files together: the language file, one file per rubric, no file for a rubric that isn't there.
 * `unreadable` names files that exist but could not be parsed (already reported), so they are not called missing.
 */
export function validateCueFiles(
	raw: ReadonlyMap<string, unknown>,
	rubrics: ReadonlyMap<string, Rubric>,
	unreadable: ReadonlySet<string> = new Set()
): { cues?: CueSet; errors: ContentError[] } {
	const errors: ContentError[] = [];
	let language: Record<CueLang, LanguageCues> | undefined;
	const byRubric: Record<string, RubricCues> = {};
	for (const [file, data] of raw) {
		if (file === LANGUAGE_CUES_FILE) {
			const result = validateLanguageCues(file, data);
			errors.push(...result.errors);
			language = result.language;
			continue;
		}
		const result = validateRubricCues(file, data, rubrics);
		errors.push(...result.errors);
		if (result.cues) byRubric[result.cues.rubric] = result.cues;
	}
	if (!raw.has(LANGUAGE_CUES_FILE) && !unreadable.has(LANGUAGE_CUES_FILE))
		errors.push({
			file: LANGUAGE_CUES_FILE,
			path: '',
			message: 'missing: the negation words and question words per language, which every cue file relies on'
		});
	for (const id of rubrics.keys())
		if (!byRubric[id] && !raw.has(cueFile(id)) && !unreadable.has(cueFile(id)))
			errors.push({
				file: cueFile(id),
				path: '',
				message: `missing: typed replies cannot be classified on "${id}" without its cues; add this file`
			});
	if (errors.length || !language) return { errors };
	// Rubric files in a stable order, so the served JSON is the same from build to build.
	const ordered = Object.fromEntries(
		Object.keys(byRubric)
			.sort()
			.map((id) => [id, byRubric[id]!])
	);
	return { cues: { language, rubrics: ordered }, errors };
}

const Numbers = v.array(v.number());
const StoredLinearSchema = {
	bias: Numbers,
	f: v.array(v.pipe(v.number(), v.integer(), v.minValue(0))),
	w: Numbers
};
const LearnedSchema = v.object({
	format: v.literal(1, 'format 1 is the only one this classifier reads'),
	featuresVersion: v.number(),
	hash: v.string(),
	trainedOn: v.object({ inputs: v.record(v.string(), v.string()), replies: v.number() }),
	options: v.object({
		enChars: Numbers,
		enPairs: v.boolean(),
		zhChars: Numbers,
		zhWords: v.boolean(),
		cueScale: v.number(),
		perLang: v.boolean(),
		sqrtNorm: v.boolean(),
		lengths: v.boolean(),
		rubricFlags: v.boolean()
	}),
	hardVetoes: v.boolean(),
	ruleWeight: v.object({ style: v.number(), steps: v.number() }),
	quantum: v.pipe(v.number(), v.minValue(1e-6)),
	vocab: v.array(v.string()),
	style: v.object({ rubric: v.string(), labels: v.array(v.string()), ...StoredLinearSchema }),
	steps: v.record(
		v.string(),
		v.object({ ...StoredLinearSchema, threshold: v.number(), orCues: v.boolean() })
	),
	confidence: v.object({ weights: Numbers, bias: v.number() })
});

/**
 * Checks learned.json (written by npm run train) for shape, and that it was trained for the rubrics as they are:
 * the same style labels, steps that exist. Whether it is stale is content:check's business (it needs the replies).
 */
export function validateLearned(
	file: string,
	raw: unknown,
	rubrics: ReadonlyMap<string, Rubric>
): { model?: LearnedModel; errors: ContentError[] } {
	const retrain = 'run npm run train';
	const parsed = v.safeParse(LearnedSchema, raw);
	if (!parsed.success)
		return {
			errors: schemaErrors(file, parsed.issues).map((e) => ({ ...e, message: `${e.message}; ${retrain}` }))
		};
	const model = parsed.output as LearnedModel;
	const errors: ContentError[] = [];
	const style = rubrics.get(model.style.rubric);
	const labels = style?.kind === 'labels' ? style.labels.map((l) => l.id) : undefined;
	if (!labels || labels.join(',') !== model.style.labels.join(','))
		errors.push({
			file,
			path: 'style.labels',
			message: `trained for the labels ${model.style.labels.join(', ')} of "${model.style.rubric}", but the rubric has ${labels?.join(', ') ?? 'no labels'}; ${retrain}`
		});
	const stepRefs = [...rubrics.values()].flatMap((r) =>
		r.kind === 'steps' ? r.steps.map((s) => `${r.id}.${s.id}`) : []
	);
	const linears: [string, { bias: number[]; f: number[]; w: number[] }, number][] = [
		['style', model.style, model.style.labels.length],
		...Object.entries(model.steps).map(([ref, m]) => [`steps.${ref}`, m, 1] as [string, typeof m, number])
	];
	for (const ref of Object.keys(model.steps))
		if (!stepRefs.includes(ref))
			errors.push({ file, path: `steps.${ref}`, message: `no step "${ref}" in the rubrics; ${retrain}` });
	for (const [path, m, classes] of linears)
		if (
			m.bias.length !== classes ||
			m.w.length !== m.f.length * classes ||
			m.f.reduce((at, step) => at + step, 0) >= Math.max(1, model.vocab.length)
		)
			errors.push({
				file,
				path,
				message: `the weights do not fit together (${classes} classes, ${m.f.length} features, ${m.w.length} weights); ${retrain}`
			});
	return errors.length ? { errors } : { model, errors };
}
