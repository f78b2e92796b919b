// The classroom exercises as authors write them in content/exercises/*.yaml, and how a file is read and checked.
import * as v from 'valibot';
import { parse as parseYaml, YAMLParseError } from 'yaml';
import { LOCALES, Text } from '../engine/schema';

const Id = v.pipe(
	v.string('expected an id'),
	v.regex(/^[a-z0-9][a-z0-9-]*$/, 'ids use lower-case letters, digits and dashes, like "shop-greeting"')
);

export const ANSWERS = ['yes', 'no'] as const;
export type Answer = (typeof ANSWERS)[number];

/** One everyday moment the class judges: is this customer service? */
export const Situation = v.strictObject({
	id: Id,
	text: Text,
	/** The text's own answer; quote it in YAML ("yes") so it stays a word. */
	answer: v.picklist(ANSWERS, 'answer is "yes" or "no"'),
	/** Why, for the discussion after the class has answered. */
	notes: Text
});
export type Situation = v.InferOutput<typeof Situation>;

export const IsThisService = v.strictObject({
	id: v.literal('is-this-service', 'the id of this exercise is "is-this-service"'),
	title: Text,
	summary: Text,
	situations: v.pipe(
		v.array(Situation, 'expected a list of situations'),
		v.minLength(2, 'give at least 2 situations')
	),
	/** The point to close the discussion with. */
	conclusion: Text
});
export type IsThisService = v.InferOutput<typeof IsThisService>;

const Phrase = v.pipe(v.string('a phrase is text'), v.trim(), v.nonEmpty('a phrase is empty: write it out'));
const Phrases = v.pipe(
	v.array(Phrase, 'expected a list of phrases'),
	v.minLength(2, 'split each statement into at least 2 phrases')
);

/** One statement, split into phrases separately in each language (the word order differs). */
export const Statement = v.strictObject({
	id: Id,
	phrases: v.strictObject(
		{ en: Phrases, zh: Phrases },
		'expected phrases in both languages: { en: [ … ], zh: [ … ] }'
	)
});
export type Statement = v.InferOutput<typeof Statement>;

export const ServiceMeans = v.strictObject({
	id: v.literal('service-means', 'the id of this exercise is "service-means"'),
	title: Text,
	summary: Text,
	/** The words every statement starts with, like "Customer service means". */
	stem: Text,
	rules: v.optional(v.array(Text, 'expected a list of rules'), []),
	/** Where the shuffle starts, so every screen shows the same first order. */
	seed: v.pipe(
		v.number('seed is a whole number'),
		v.integer('seed is a whole number'),
		v.minValue(0, 'seed runs from 0 to 4294967295'),
		v.maxValue(0xffffffff, 'seed runs from 0 to 4294967295')
	),
	statements: v.pipe(
		v.array(Statement, 'expected a list of statements'),
		v.minLength(2, 'give at least 2 statements')
	),
	discussion: v.pipe(
		v.array(Text, 'expected a list of questions'),
		v.minLength(1, 'give at least 1 question')
	)
});
export type ServiceMeans = v.InferOutput<typeof ServiceMeans>;

export interface ExerciseIssue {
	path: string;
	message: string;
}

function duplicateIds(items: { id: string }[], list: string): ExerciseIssue[] {
	const seen = new Set<string>();
	const issues: ExerciseIssue[] = [];
	items.forEach(({ id }, i) => {
		if (seen.has(id))
			issues.push({ path: `${list}[${i}].id`, message: `another item already has the id "${id}"` });
		seen.add(id);
	});
	return issues;
}

function isThisServiceIssues(exercise: IsThisService): ExerciseIssue[] {
	return duplicateIds(exercise.situations, 'situations');
}

/** Beyond the shape: unique ids, and no phrase twice within a language, so each one is used exactly once. */
function serviceMeansIssues(exercise: ServiceMeans): ExerciseIssue[] {
	const issues = duplicateIds(exercise.statements, 'statements');
	for (const locale of LOCALES) {
		const seen = new Map<string, string>();
		exercise.statements.forEach((statement, i) =>
			statement.phrases[locale].forEach((phrase, j) => {
				const path = `statements[${i}].phrases.${locale}[${j}]`;
				const earlier = seen.get(phrase);
				if (earlier)
					issues.push({
						path,
						message: `the phrase "${phrase}" is already used at ${earlier}: every phrase must differ`
					});
				else seen.set(phrase, path);
			})
		);
	}
	return issues;
}

/** Parses and checks one exercise file; throws an Error naming the file and the path of every problem. */
function readExercise<S extends v.GenericSchema>(
	file: string,
	source: string,
	schema: S,
	more: (exercise: v.InferOutput<S>) => ExerciseIssue[]
): v.InferOutput<S> {
	let raw: unknown;
	try {
		raw = parseYaml(source, { prettyErrors: true, uniqueKeys: true });
	} catch (e) {
		const message = e instanceof YAMLParseError ? e.message.split('\n')[0]! : String(e);
		throw new Error(`${file}: not valid YAML: ${message}`);
	}
	const result = v.safeParse(schema, raw);
	const issues: ExerciseIssue[] = result.success
		? more(result.output)
		: result.issues.map((issue) => ({ path: v.getDotPath(issue) ?? '', message: issue.message }));
	if (issues.length)
		throw new Error(
			`${file} has ${issues.length} error(s):\n` +
				issues.map(({ path, message }) => `${file}: ${path || '(top)'}: ${message}`).join('\n')
		);
	return result.output as v.InferOutput<S>;
}

export const parseIsThisService = (file: string, source: string): IsThisService =>
	readExercise(file, source, IsThisService, isThisServiceIssues);

export const parseServiceMeans = (file: string, source: string): ServiceMeans =>
	readExercise(file, source, ServiceMeans, serviceMeansIssues);
