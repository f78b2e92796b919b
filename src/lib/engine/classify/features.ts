// The sparse features the learned layer reads from a reply: words and word pairs, character n-grams, the shape
// of the reply, and what the cue layer found in it. The same code runs in training and in the browser.
import type { Span } from './match';
import type { Analysis } from './text';

/**
 * Bump when a feature changes meaning: learned.json records it with the hash of what it was trained on, so
 * content:check can say the weights are stale.
 */
export const FEATURES_VERSION = 1;

/** How the features are made: chosen by cross-validation (npm run train -- --cv), stored in learned.json. */
export interface FeatureOptions {
	/** English character n-gram lengths, inside words ("^sor", "rry$"): typos keep most of them. */
	enChars: number[];
	/** English word pairs inside a sentence. */
	enPairs: boolean;
	/** Chinese character n-gram lengths over the text (punctuation included: "……" and "！" say something). */
	zhChars: number[];
	/** Chinese words, by Intl.Segmenter. */
	zhWords: boolean;
	/** Multiplies the cue layer's scores before they become features; 0 leaves the cue layer out altogether. */
	cueScale: number;
	/** Cue and shape features also once per language: the same cue may be more reliable in one language. */
	perLang: boolean;
	/** The text features of a reply are divided by the square root of their count: a long reply is not surer for its length. */
	sqrtNorm: boolean;
	/** How long the reply is (words, sentences), in buckets. */
	lengths: boolean;
	/** Which rubrics apply. */
	rubricFlags: boolean;
}

export const DEFAULT_FEATURE_OPTIONS: FeatureOptions = {
	enChars: [3, 4],
	enPairs: true,
	zhChars: [1, 2],
	zhWords: true,
	cueScale: 0.5,
	perLang: true,
	sqrtNorm: false,
	lengths: true,
	rubricFlags: true
};

/** What the cue layer found in the reply, as inputs for the learned layer. */
export interface CueSignals {
	/**
	 * Per label (`style.assertive`): the summed cue weights without the prior, whether a veto matched, and the
	 * cue layer's own total for it (prior and steps included, as it decides).
	 */
	labels: { ref: string; score: number; vetoed: boolean; total: number }[];
	/** Per step of the rubrics that apply: the summed weights, its threshold, and whether the step passed it. */
	steps: { ref: string; score: number; vetoed: boolean; passed: boolean; threshold: number }[];
	/** The style the cue layer alone would give, and its confidence in it. */
	style: string;
	confidence: number;
	/** The rubrics that apply to the scenario. */
	rubrics: readonly string[];
	/** English: per token, the cue word it is probably a typo of ("sory" → "sorry"). */
	typos: readonly (string | undefined)[];
}

/** Feature name → value, and where in the reply the text features were seen (offsets into the reply). */
export interface Features {
	values: Map<string, number>;
	spans: Map<string, Span[]>;
	/**
	 * The cue layer's verdict, which the learned weights correct rather than replace: per label its total, per
	 * step how far its score is past the threshold (a veto counts as far below). Clipped, so no cue decides alone.
	 */
	rules: { labels: number[]; steps: Map<string, number> };
}

/** Light English stemming: "apologise", "apologising", "apologised" and "apologises" share "apologis". */
export function stem(word: string): string {
	if (word.length <= 3) return word;
	if (word.endsWith('ies') && word.length > 4) return word.slice(0, -3) + 'y';
	if (word.endsWith('sses')) return word.slice(0, -2);
	let out = word;
	const suffix = ['ingly', 'edly', 'ing', 'ed', 'ly'].find(
		(x) => word.endsWith(x) && word.length - x.length >= 3
	);
	if (suffix) out = word.slice(0, -suffix.length);
	else if (word.endsWith('s') && !/(?:ss|us|is)$/.test(word)) out = word.slice(0, -1);
	// A silent final e goes too, so "replace" meets "replaced" ("replac").
	return out.length > 4 && out.endsWith('e') ? out.slice(0, -1) : out;
}

const DIGITS = /\p{N}/gu;
const RULE_CLIP = 8;
const STEP_CLIP = 3;
const bucket = (n: number, edges: number[]) => edges.findIndex((e) => n <= e);

export function extractFeatures(a: Analysis, cues: CueSignals, options: FeatureOptions): Features {
	const values = new Map<string, number>();
	const spans = new Map<string, Span[]>();
	const clipTo = (x: number, limit: number) => Math.max(-limit, Math.min(limit, x));
	const rules = {
		labels: cues.labels.map((l) => (l.vetoed ? -RULE_CLIP : clipTo(l.total, RULE_CLIP))),
		steps: new Map(
			cues.steps.map(
				(s) => [s.ref, s.vetoed ? -STEP_CLIP : clipTo(s.score - s.threshold, STEP_CLIP)] as const
			)
		)
	};
	const text = (name: string, start: number, end: number) => {
		values.set(name, 1);
		const list = spans.get(name);
		if (!list) spans.set(name, [{ start, end }]);
		else if (!list.some((s) => s.start === start)) list.push({ start, end });
	};

	if (a.lang === 'en') englishText(a, cues.typos, options, text);
	else chineseText(a, options, text);
	if (options.sqrtNorm && values.size) {
		const scale = 1 / Math.sqrt(values.size);
		for (const name of values.keys()) values.set(name, scale);
	}

	// Shape and cue features: once shared, and once per language when asked.
	const shape = (name: string, value = 1) => {
		if (!value) return;
		values.set(name, (values.get(name) ?? 0) + value);
		if (options.perLang) values.set(`${a.lang}|${name}`, (values.get(`${a.lang}|${name}`) ?? 0) + value);
	};
	const words = a.tokens.length;
	if (options.lengths) {
		shape(`len${bucket(words, [1, 3, 8, 20, 40, Infinity])}`);
		shape(`sents${bucket(a.sentences.length, [1, 2, 3, Infinity])}`);
	}
	shape('q', a.sentences.some((s) => s.question) ? 1 : 0);
	shape('open', a.sentences.some((s) => s.open) ? 1 : 0);
	shape('lastq', a.sentences.at(-1)?.question ? 1 : 0);
	shape('excl', /[!！]/.test(a.folded) ? 1 : 0);
	shape('dots', /…|\.\.\.|。。/.test(a.folded) ? 1 : 0);
	shape('neg', a.negated.some(Boolean) ? 1 : 0);
	shape('concrete', a.sentences.some((s) => s.concrete && !s.vague) ? 1 : 0);
	shape('vague', a.sentences.some((s) => s.vague) ? 1 : 0);
	shape('caps', /\b[A-Z]{3,}\b/.test(a.text) && a.lang === 'en' ? 1 : 0);
	shape('paren', /[(（]/.test(a.folded) ? 1 : 0);
	if (options.rubricFlags) for (const rubric of cues.rubrics) shape(`r:${rubric}`);
	const scale = options.cueScale;
	if (!scale) return { values, spans, rules };
	const clip = (x: number) => Math.max(-8, Math.min(8, x)) * scale;
	for (const label of cues.labels) {
		shape(`k:${label.ref}`, clip(label.score));
		shape(`kv:${label.ref}`, label.vetoed ? 1 : 0);
	}
	for (const step of cues.steps) {
		shape(`k:${step.ref}`, clip(step.score));
		shape(`kp:${step.ref}`, step.passed ? 1 : 0);
		shape(`kv:${step.ref}`, step.vetoed ? 1 : 0);
	}
	shape(`ks:${cues.style}`);
	// How sure the cues are, by style: where they are near certain they are rarely wrong, a line can't say that.
	for (const sure of [0.8, 0.9, 0.95]) if (cues.confidence >= sure) shape(`ks${sure * 100}:${cues.style}`);
	return { values, spans, rules };
}

type Add = (name: string, start: number, end: number) => void;

function englishText(a: Analysis, typos: readonly (string | undefined)[], options: FeatureOptions, add: Add) {
	let previous: { stem: string; start: number; sentence: number } | undefined;
	let lastSpan = -1;
	for (const [i, token] of a.tokens.entries()) {
		// A typo is read as the word it stands for; its letters still make their own n-grams below.
		const word = stem((typos[i] ?? token.word).replace(DIGITS, '#'));
		add(`w:${word}`, token.start, token.end);
		const before = previous && previous.sentence === token.sentence ? previous : undefined;
		if (options.enPairs) add(`b:${before?.stem ?? '<'} ${word}`, before?.start ?? token.start, token.end);
		previous = { stem: word, start: token.start, sentence: token.sentence };
		// "I'll" gives two tokens over one span: its letters are counted once.
		if (token.start === lastSpan) continue;
		lastSpan = token.start;
		const raw = `^${a.folded.slice(token.start, token.end).replace(DIGITS, '#')}$`;
		for (const n of options.enChars)
			for (let i = 0; i + n <= raw.length; i++) add(`c:${raw.slice(i, i + n)}`, token.start, token.end);
	}
}

function chineseText(a: Analysis, options: FeatureOptions, add: Add) {
	// Characters with their offsets, spaces dropped, digits folded together.
	const chars: { ch: string; at: number }[] = [];
	for (let i = 0; i < a.folded.length;) {
		const code = a.folded.codePointAt(i)!;
		const ch = String.fromCodePoint(code);
		if (!/\s/u.test(ch)) chars.push({ ch: /\p{N}/u.test(ch) ? '#' : ch, at: i });
		i += ch.length;
	}
	const end = (k: number) => chars[k]!.at + (a.folded.codePointAt(chars[k]!.at)! > 0xffff ? 2 : 1);
	for (const n of options.zhChars)
		for (let i = 0; i + n <= chars.length; i++) {
			let gram = '';
			for (let k = i; k < i + n; k++) gram += chars[k]!.ch;
			add(`h:${gram}`, chars[i]!.at, end(i + n - 1));
		}
	if (options.zhWords)
		for (const token of a.tokens) add(`z:${token.word.replace(DIGITS, '#')}`, token.start, token.end);
}
