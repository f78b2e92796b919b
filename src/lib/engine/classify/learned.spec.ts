// The learned layer on small hand-made sets: its features, its training, and the rules it must still keep.
import { describe, expect, it } from 'vitest';
import { readCues } from '../../content/read-cues';
import { projectRoot } from '../test-helpers';
import { classify, classifyWithScores, CONFIDENCE_THRESHOLD, replyFeatures } from './classify';
import { DEFAULT_FEATURE_OPTIONS, stem, type FeatureOptions } from './features';
import type { LearnedModel } from './learned';
import { featurize, fitCalibration, trainModel, type TrainOptions, type TrainingReply } from './train';
import { calibrated } from './learned';
import type { CueLang, CueSet } from './types';

// The cues without any learned weights: each test trains its own.
const { rubrics, cues: ruleCues } = readCues(projectRoot, { withLearned: false });
const all = ['style', 'last', '3f'].map((id) => rubrics.get(id)!);
const styleLast = ['style', 'last'];

const reply = (text: string, style: string, steps: string[] = [], lang: CueLang = 'en'): TrainingReply => ({
	text,
	lang,
	rubrics: styleLast,
	style,
	steps
});

// Made-up words carry the labels, so only the learned text features can know them: the cues have never seen them.
const tiny: TrainingReply[] = [
	reply('Blorp, the zindle will be fixed.', 'assertive'),
	reply('Blorp blorp, I fix the zindle.', 'assertive'),
	reply('We blorp it for you now.', 'assertive'),
	reply('Grax! Your zindle, your problem.', 'aggressive'),
	reply('Grax grax, go away with it.', 'aggressive'),
	reply('You grax me again?', 'aggressive'),
	reply('Mmm, flib, maybe the zindle.', 'passive'),
	reply('Flib flib, I could perhaps.', 'passive'),
	reply('It is flib, who knows.', 'passive'),
	reply('Oh wonderful, snark the zindle.', 'passive-aggressive'),
	reply('Snark snark, as always.', 'passive-aggressive'),
	reply('How snark of you.', 'passive-aggressive'),
	reply('乐乐，马上帮您处理。', 'assertive', [], 'zh'),
	reply('乐乐乐，我来办。', 'assertive', [], 'zh'),
	reply('哼哼，你自己看着办。', 'aggressive', [], 'zh'),
	reply('哼哼哼，别来烦。', 'aggressive', [], 'zh'),
	reply('唔唔，也许吧。', 'passive', [], 'zh'),
	reply('唔唔唔，我不太清楚。', 'passive', [], 'zh'),
	reply('呵呵呵，真是厉害。', 'passive-aggressive', [], 'zh'),
	reply('呵呵，您说了算。', 'passive-aggressive', [], 'zh')
];

const textOnly: FeatureOptions = { ...DEFAULT_FEATURE_OPTIONS, cueScale: 0 };
const options: TrainOptions = {
	features: textOnly,
	l2: { style: 0.1, steps: 0.1 },
	minCount: 1,
	stepRows: 'all',
	hardVetoes: false,
	ruleWeight: { style: 0, steps: 0 },
	prune: 0,
	quantum: 0.001,
	minWeight: 0
};
const meta = { hash: 'test', inputs: {} };

function train(replies: TrainingReply[], settings: TrainOptions = options): LearnedModel {
	return trainModel(
		replies,
		featurize(replies, rubrics, ruleCues, settings.features),
		rubrics,
		ruleCues,
		settings,
		meta
	);
}
const withModel = (learned: LearnedModel): CueSet => ({ ...ruleCues, learned });
const run = (learned: LearnedModel, text: string, lang: CueLang = 'en', applying = all) =>
	classify({ text, lang, rubrics: applying, cues: withModel(learned) });

describe('features', () => {
	it('English: stemmed words, word pairs, character n-grams inside words, contractions spelled out', () => {
		const f = replyFeatures(
			{ text: "I'll replace it, apologising.", lang: 'en', rubrics: all, cues: ruleCues },
			DEFAULT_FEATURE_OPTIONS
		).values;
		for (const name of [
			'w:i',
			'w:will',
			'w:replac',
			'w:apologis',
			'b:< i',
			'b:i will',
			'b:will replac',
			'c:^ap',
			'c:ing$'
		])
			expect(f.has(name), name).toBe(true);
		// "I'll" is one span of the text: its letters make n-grams once, with the apostrophe as typed.
		expect(f.has("c:'ll")).toBe(true);
		expect([...f.keys()].some((k) => k.startsWith('z:') || k.startsWith('h:'))).toBe(false);
	});

	it('light stemming joins the forms of a word and leaves short words alone', () => {
		expect(['apologise', 'apologising', 'apologised', 'apologises'].map(stem)).toEqual([
			'apologis',
			'apologis',
			'apologis',
			'apologis'
		]);
		expect(['tries', 'sorry', 'is', 'was', 'glass'].map(stem)).toEqual([
			'try',
			'sorry',
			'is',
			'was',
			'glass'
		]);
	});

	it('Chinese: characters and character pairs (punctuation too), and Intl.Segmenter words', () => {
		const f = replyFeatures(
			{ text: '对不起……我马上换。', lang: 'zh', rubrics: all, cues: ruleCues },
			DEFAULT_FEATURE_OPTIONS
		).values;
		for (const name of ['h:对', 'h:对不', 'h:不起', 'h:……', 'h:上换', 'z:对不起', 'z:马上'])
			expect(f.has(name), name).toBe(true);
		expect([...f.keys()].some((k) => k.startsWith('w:') || k.startsWith('c:'))).toBe(false);
	});

	it("the cue layer's findings are features: label and step scores, steps passed, the cues' own style", () => {
		const f = replyFeatures(
			{ text: "I'm sorry, I'll replace it right now.", lang: 'en', rubrics: all, cues: ruleCues },
			DEFAULT_FEATURE_OPTIONS
		).values;
		expect(f.get('k:last.apologise')).toBeGreaterThan(0);
		expect(f.get('kp:last.apologise')).toBe(1);
		expect(f.get('en|kp:last.solve')).toBe(1);
		expect(f.get('ks:assertive')).toBe(1);
		expect(f.get('r:last')).toBe(1);
	});
});

describe('training', () => {
	it('is deterministic: the same replies give the same weights', () => {
		expect(JSON.stringify(train(tiny))).toBe(JSON.stringify(train(tiny)));
	});

	it('a tiny hand-made set learns its labels, in both languages, from words the cues do not know', () => {
		const model = train(tiny);
		for (const r of tiny) expect(run(model, r.text, r.lang).style, r.text).toBe(r.style);
		// New replies that share the made-up words.
		expect(run(model, 'Grax, your zindle.').style).toBe('aggressive');
		expect(run(model, 'Snark, well.').style).toBe('passive-aggressive');
		expect(run(model, '唔，不清楚。', 'zh').style).toBe('passive');
		expect(run(model, '呵呵，好吧。', 'zh').style).toBe('passive-aggressive');
	});

	it('a step model learns when a step is performed', () => {
		const stepSet = [
			...tiny,
			...['Quib, the zindle is fixed.', 'Quib quib.', 'I quib it now.', 'Quib for it.'].map((t) =>
				reply(t, 'assertive', ['last.thank'])
			)
		];
		const model = train(stepSet);
		expect(run(model, 'Quib, blorp.').steps).toContain('last.thank');
		expect(run(model, 'Blorp blorp, I fix the zindle.').steps).not.toContain('last.thank');
	});

	it('stores only the features its models weigh, with no training-only copies', () => {
		const marked = featurize(tiny, rubrics, ruleCues, textOnly).map((f) => {
			const values = new Map(f.values).set('t|w:blorp', 1);
			return { ...f, values };
		});
		const model = trainModel(
			tiny,
			marked,
			rubrics,
			ruleCues,
			{ ...options, minWeight: 0.05, quantum: 0.01 },
			meta
		);
		expect(model.vocab.some((name) => name.startsWith('t|'))).toBe(false);
		expect(model.vocab).toContain('w:blorp');
		expect(model.vocab.length).toBeLessThan(
			featurize(tiny, rubrics, ruleCues, textOnly).reduce((n, f) => n + f.values.size, 0)
		);
	});

	it('calibration maps a larger lead to a higher confidence', () => {
		const leads = [0.1, 0.2, 0.3, 0.5, 1, 1.5, 2, 3, 0.15, 2.5, 0.4, 2.2];
		const right = [false, false, true, false, true, true, true, true, false, true, false, true];
		const calibration = fitCalibration(
			leads.map((lead) => [lead, 1, 1]),
			right
		);
		expect(calibration.weights[0]).toBeGreaterThan(0);
		expect(calibrated([0.1, 1, 1], calibration)).toBeLessThan(0.5);
		expect(calibrated([3, 1, 1], calibration)).toBeGreaterThan(0.8);
	});
});

describe('the rules the learned layer keeps', () => {
	// A step model that always says yes: whatever performs it or not is up to the style.
	const always = (model: LearnedModel, ref: string): LearnedModel => ({
		...model,
		steps: { ...model.steps, [ref]: { bias: [20], f: [], w: [], threshold: 0.5, orCues: false } }
	});
	const model = always(always(train(tiny), 'last.apologise'), 'last.listen');

	it('a style with stepsCount: false performs no step, whatever the step models say', () => {
		const aggressive = run(model, 'Grax! Your zindle, your problem.');
		expect(aggressive.style).toBe('aggressive');
		expect(aggressive.steps).toEqual([]);
		const jab = run(model, 'Snark snark, as always.');
		expect(jab.style).toBe('passive-aggressive');
		expect(jab.steps).toEqual([]);
	});

	it("a style's voids still hold (a passive apology is no apology), and other steps stand", () => {
		const passive = run(model, 'Flib flib, I could perhaps.');
		expect(passive.style).toBe('passive');
		expect(passive.steps).toEqual(['last.listen']);
		const assertive = run(model, 'Blorp blorp, I fix the zindle.');
		expect(assertive.steps).toEqual(expect.arrayContaining(['last.apologise', 'last.listen']));
	});

	it('performs only the steps of the rubrics that apply', () => {
		expect(run(model, 'Blorp, the zindle will be fixed.', 'en', [rubrics.get('style')!]).steps).toEqual([]);
	});

	it('leaves a step it was not trained on to the cues', () => {
		const without = {
			...model,
			steps: Object.fromEntries(Object.entries(model.steps).filter(([ref]) => ref !== 'last.thank'))
		};
		expect(run(without, 'Thank you for telling me about this, blorp.').steps).toContain('last.thank');
	});

	it('falls back to the cues alone when the weights were trained for other labels', () => {
		const other = { ...model, style: { ...model.style, labels: ['a', 'b', 'c', 'd'] } };
		const result = classifyWithScores({
			text: 'Grax grax, go away with it.',
			lang: 'en',
			rubrics: all,
			cues: withModel(other)
		});
		expect(result.scores.learned).toBeUndefined();
	});
});

describe('evidence and confidence from the learned layer', () => {
	const model = train(tiny);

	it('names whole words that earned the label, as offsets into the reply', () => {
		const text = 'Well, SNARK, the zindle.';
		const result = run(model, text);
		expect(result.style).toBe('passive-aggressive');
		const mine = result.evidence.filter((e) => e.label === 'style.passive-aggressive');
		expect(mine.map((e) => e.text)).toContain('SNARK');
		for (const e of result.evidence) {
			expect(text.slice(e.start, e.end)).toBe(e.text);
			// Word-sized: a span never starts or ends inside a word.
			expect(/\p{L}/u.test(text[e.start - 1] ?? ' ') || /\p{L}/u.test(text[e.end] ?? ' ')).toBe(false);
		}
	});

	it('Chinese evidence is whole segments', () => {
		const text = '哼哼，您看着办。';
		const result = run(model, text, 'zh');
		expect(result.style).toBe('aggressive');
		const mine = result.evidence.filter((e) => e.label === 'style.aggressive');
		expect(mine.length).toBeGreaterThan(0);
		for (const e of mine) expect(text.slice(e.start, e.end)).toBe(e.text);
	});

	it('is calibrated confidence: a clear lead is surer than a reply with nothing in it', () => {
		const sure = { ...model, confidence: { weights: [1.2, 0, 0], bias: -0.5 } };
		const clear = run(sure, 'Grax grax! Your zindle, your problem, grax.');
		const nothing = run(sure, 'The weather was nice yesterday.');
		expect(clear.confidence).toBeGreaterThan(nothing.confidence);
		expect(nothing.confidence).toBeLessThan(0.5);
	});

	it('a reply that says nothing (no cue, no word the weights know) stays under the threshold, however the shape leans', () => {
		// Calibrated so that even a small lead would read as sure.
		const eager = { ...model, confidence: { weights: [5, 0, 0], bias: 2 } };
		const result = classifyWithScores({ text: 'Zzz.', lang: 'en', rubrics: all, cues: withModel(eager) });
		expect(result.scores.learned?.saysSomething).toBe(false);
		expect(result.confidence).toBeLessThan(CONFIDENCE_THRESHOLD);
		const said = classifyWithScores({ text: 'Grax grax!', lang: 'en', rubrics: all, cues: withModel(eager) });
		expect(said.scores.learned?.saysSomething).toBe(true);
		expect(said.confidence).toBeGreaterThan(CONFIDENCE_THRESHOLD);
	});
});
