// The content formats: scenarios and rubrics, as authors write them in YAML.
import * as v from 'valibot';
import { MOOD_MAX, MOOD_MIN } from './mood-range';

export const LOCALES = ['en', 'zh'] as const;
export type Locale = (typeof LOCALES)[number];

const nonEmpty = (what: string) =>
	v.pipe(v.string(`${what} must be text`), v.trim(), v.nonEmpty(`${what} is empty: write it out`));

/** Every text a trainee reads comes in both languages. */
export const Text = v.strictObject(
	{ en: nonEmpty('the English text'), zh: nonEmpty('the Chinese text') },
	'expected a text in both languages: { en: …, zh: … }'
);
export type Text = v.InferOutput<typeof Text>;

const Id = v.pipe(
	v.string('expected an id'),
	v.regex(/^[a-z0-9][a-z0-9-]*$/, 'ids use lower-case letters, digits and dashes, like "ask-what-happened"')
);
const StepRef = v.pipe(
	v.string('expected a step like "last.listen"'),
	v.regex(/^[a-z0-9-]+\.[a-z0-9-]+$/, 'name a step as rubric.step, like "last.listen" or "3f.feel"')
);

export { MOOD_MAX, MOOD_MIN };
const Mood = v.pipe(
	v.number('mood is a whole number'),
	v.integer('mood is a whole number'),
	v.minValue(MOOD_MIN, `mood runs from ${MOOD_MIN} to ${MOOD_MAX}`),
	v.maxValue(MOOD_MAX, `mood runs from ${MOOD_MIN} to ${MOOD_MAX}`)
);
const MoodEffect = v.pipe(
	v.number('a mood effect is a whole number'),
	v.integer('a mood effect is a whole number'),
	v.minValue(-3, 'a mood effect runs from -3 to 3'),
	v.maxValue(3, 'a mood effect runs from -3 to 3')
);

/** Where a choice leads: one node, or the first branch whose mood condition holds. */
export const Branch = v.strictObject({
	if: v.optional(v.strictObject({ moodAtLeast: Mood })),
	to: Id
});
export type Branch = v.InferOutput<typeof Branch>;

/** A line of the story: the customer, the narrator, or someone else in the scene named in `cast`. */
export const Line = v.strictObject({
	speaker: v.pipe(
		v.string('a line names its speaker: customer, narrator, or an id from cast'),
		v.regex(/^[a-z0-9][a-z0-9-]*$/, 'a speaker is customer, narrator, or an id from cast')
	),
	text: Text
});
export type Line = v.InferOutput<typeof Line>;

/** What follows a reply: a customer line (plain text), or lines with their speakers, narration included. */
const Reaction = v.pipe(
	v.union(
		[Text, v.pipe(v.array(Line), v.minLength(1))],
		'a reaction is a text the customer says, or a list of { speaker, text } lines'
	),
	v.transform((r): Line[] => (Array.isArray(r) ? r : [{ speaker: 'customer', text: r }]))
);

export const Choice = v.strictObject({
	id: Id,
	text: Text,
	style: Id,
	steps: v.optional(v.array(StepRef), []),
	feedback: Text,
	mood: MoodEffect,
	reaction: v.optional(Reaction),
	best: v.optional(v.boolean(), false),
	next: v.union(
		[Id, v.pipe(v.array(Branch), v.minLength(1))],
		'next is a node id, or a list of { if, to } branches'
	)
});
export type Choice = v.InferOutput<typeof Choice>;

export const Decision = v.strictObject({
	lines: v.optional(v.array(Line), []),
	choices: v.pipe(
		v.array(Choice),
		v.minLength(2, 'a decision offers 2 to 4 choices'),
		v.maxLength(4, 'a decision offers 2 to 4 choices')
	)
});
export type Decision = v.InferOutput<typeof Decision>;

/** The least score on a rubric that passes an assessment. */
const PassMark = v.pipe(
	v.number('a pass mark is a score from 0 to 100'),
	v.integer('a pass mark is a whole number'),
	v.minValue(0, 'a pass mark is a score from 0 to 100'),
	v.maxValue(100, 'a pass mark is a score from 0 to 100')
);

export const OUTCOMES = ['loyal', 'satisfied', 'neutral', 'lost'] as const;
export type Outcome = (typeof OUTCOMES)[number];

export const Ending = v.strictObject({
	outcome: v.picklist(OUTCOMES, `outcome is one of ${OUTCOMES.join(', ')}`),
	lines: v.optional(v.array(Line), []),
	title: Text,
	text: Text,
	business: Text
});
export type Ending = v.InferOutput<typeof Ending>;

export const Scenario = v.strictObject({
	id: Id,
	version: v.pipe(v.number(), v.integer(), v.minValue(1)),
	case: Id,
	title: Text,
	summary: Text,
	skills: v.pipe(v.array(Text), v.minLength(1, 'name at least one skill')),
	difficulty: v.picklist(['easy', 'medium', 'hard'], 'difficulty is easy, medium or hard'),
	minutes: v.pipe(v.number(), v.integer(), v.minValue(1), v.maxValue(120)),
	persona: v.strictObject({
		name: Text,
		role: Text,
		situation: Text,
		mood: Mood,
		/** How the customer feels at the start, in a word ("frightened"), shown until the mood moves. */
		emotion: v.optional(Text)
	}),
	/** Other people who speak in the scene, keyed by the id their lines name as speaker. */
	cast: v.optional(v.record(Id, v.strictObject({ name: Text, role: v.optional(Text) })), {}),
	rubrics: v.pipe(v.array(Id), v.minLength(1, 'name the rubrics that apply, at least style')),
	/** Pass marks that differ from the rubrics' own, by rubric id. */
	passMark: v.optional(v.record(Id, PassMark), {}),
	start: Id,
	nodes: v.record(Id, Decision),
	endings: v.record(Id, Ending)
});
export type Scenario = v.InferOutput<typeof Scenario>;

/** A rubric is data: the engine knows scoring methods, not rubrics. */
const Described = v.strictObject({ id: Id, name: Text, description: Text });
export const Rubric = v.variant('kind', [
	v.strictObject({
		id: Id,
		kind: v.literal('labels'),
		name: Text,
		/** The name in a column header or a chip ("Style"): a long name does not shorten well by rule. */
		shortName: Text,
		description: Text,
		/** The label every turn should carry; the score is its share of turns. */
		target: Id,
		labels: v.pipe(
			v.array(
				v.strictObject({
					...Described.entries,
					/** false where a reply in this style cannot perform a step: a step done with contempt does not count. */
					stepsCount: v.optional(v.boolean(), true)
				})
			),
			v.minLength(2)
		),
		formula: Text,
		passMark: v.optional(PassMark)
	}),
	v.strictObject({
		id: Id,
		kind: v.literal('steps'),
		name: Text,
		shortName: Text,
		description: Text,
		steps: v.pipe(v.array(Described), v.minLength(2)),
		formula: Text,
		passMark: v.optional(PassMark)
	})
]);
export type Rubric = v.InferOutput<typeof Rubric>;
export type LabelRubric = Extract<Rubric, { kind: 'labels' }>;
export type StepRubric = Extract<Rubric, { kind: 'steps' }>;

/** The rubric whose labels a choice's `style` names. */
export const STYLE_RUBRIC = 'style';
