// Classifies a typed staff reply: its style label, the rubric steps it performs, the words that show it, how sure.
// Pure and offline: the rubrics say which labels and steps exist, the cue data says which words point to them.
import type { LabelRubric, Rubric, StepRubric } from '../schema';
import { extractFeatures, type CueSignals, type FeatureOptions, type Features } from './features';
import {
	compileModel,
	calibrated,
	calibrationInputs,
	known,
	learnedSpans,
	logitsOf,
	sigmoid,
	softmax,
	type CompiledModel
} from './learned';
import { compileMatcher, findSpans, tokenAt, typoOf, vocabulary, type Matcher, type Span } from './match';
import { analyse, isNegator, sentenceAt, type Analysis } from './text';
import type { Classification, Cue, CueLang, CueSet, Evidence, LanguageCues } from './types';

/** Below this the classifier is unsure: ask the trainee which written reply is closest. */
export const CONFIDENCE_THRESHOLD = 0.5;
/** The most confidence a reply that says nothing for its label can have: under the threshold. */
export const UNSURE = 0.4;

/**
 * Softmax temperature over the style scores, chosen on the tuning set (npm run eval -- --split tune prints the
 * reliability table) so that replies given less than 0.5 are right only a little over half the time there. The
 * cues were tuned on those replies, so on new ones the same values are, if anything, too sure: 0.8 fitted the
 * tuning set best, and was not taken for that reason.
 */
const TEMPERATURE = 1.2;

export interface ClassifyInput {
	text: string;
	lang: CueLang;
	/** The rubrics that apply to the scenario: one labels rubric (the style) and any steps rubrics. */
	rubrics: readonly Rubric[];
	cues: CueSet;
}

interface CompiledCue {
	/** `style.assertive`, `last.listen`. */
	target: string;
	rubric: string;
	cue: Cue;
	matcher: Matcher;
	with?: Matcher;
}

interface CompiledLang {
	language: LanguageCues;
	cues: CompiledCue[];
	concrete: Matcher;
	vague: Matcher;
	vocab: ReturnType<typeof vocabulary>;
	known: Set<string>;
}

const compiled = new WeakMap<CueSet, Partial<Record<CueLang, CompiledLang>>>();

function compile(set: CueSet, lang: CueLang): CompiledLang {
	const cache = compiled.get(set) ?? {};
	compiled.set(set, cache);
	const hit = cache[lang];
	if (hit) return hit;
	const language = set.language[lang];
	const cues: CompiledCue[] = [];
	for (const rubric of Object.values(set.rubrics)) {
		const groups = { ...rubric.labels, ...rubric.steps };
		for (const [id, group] of Object.entries(groups))
			for (const cue of group[lang])
				cues.push({
					target: `${rubric.rubric}.${id}`,
					rubric: rubric.rubric,
					cue,
					matcher: compileMatcher(
						{ phrases: cue.phrases ?? [], patterns: cue.patterns ?? [] },
						lang,
						language
					),
					...(cue.with ? { with: compileMatcher({ phrases: cue.with, patterns: [] }, lang, language) } : {})
				});
	}
	const concrete = compileMatcher(language.concrete, lang, language);
	const vague = compileMatcher(language.vague, lang, language);
	const vocab = vocabulary([...cues.map((c) => c.matcher), concrete, vague]);
	const known = new Set([
		...[...vocab.values()]
			.flat()
			.filter((w) => !w.stem)
			.map((w) => w.word),
		...language.negators,
		...language.questionStarts,
		...language.openQuestion
	]);
	return (cache[lang] = { language, cues, concrete, vague, vocab, known });
}

interface CueHit {
	cue: CompiledCue;
	spans: Span[];
}

const has = (spans: Span[], s: { start: number; end: number }) =>
	spans.some((x) => x.start < s.end && x.end > s.start);

function cueHits(
	c: CompiledLang,
	a: Analysis,
	rubricIds: ReadonlySet<string>,
	typos: (string | undefined)[]
): CueHit[] {
	const concrete = findSpans(c.concrete, a, typos);
	const vague = findSpans(c.vague, a, typos);
	for (const s of a.sentences) {
		s.concrete = has(concrete, s);
		s.vague = has(vague, s);
	}
	const anyConcrete = a.sentences.some((s) => s.concrete && !s.vague);
	const hits: CueHit[] = [];
	for (const cue of c.cues) {
		if (!rubricIds.has(cue.rubric)) continue;
		const { negation, form, needs, times } = cue.cue;
		const spans = findSpans(cue.matcher, a, typos);
		if (!spans.length) continue;
		const company = cue.with ? findSpans(cue.with, a, typos) : [];
		const kept = spans.filter((span) => {
			const token = tokenAt(a, span.start);
			const t = a.tokens[token];
			// A match may start inside a segment after a negator glued to it ("不道歉" as one segment).
			const glued =
				t !== undefined && t.start < span.start && isNegator(a.folded.slice(t.start, span.start), c.language);
			const negated = a.negated[token] === true || glued;
			if (negation === 'void' && negated) return false;
			if (negation === 'only' && !negated) return false;
			const sentence = a.sentences[sentenceAt(a, span.start)];
			if (form && sentence) {
				if (form === 'question' && !sentence.question) return false;
				if (form === 'open-question' && !sentence.open) return false;
				if (form === 'statement' && sentence.question) return false;
			}
			if (needs === 'concrete' && !(sentence?.concrete && !sentence.vague)) return false;
			if (needs === 'vague' && !sentence?.vague) return false;
			if (needs === 'no-concrete' && anyConcrete) return false;
			if (cue.with && !(sentence && company.some((w) => w.start >= sentence.start && w.end <= sentence.end)))
				return false;
			return true;
		});
		// A question word shows only the shape: the whole question is the evidence.
		const shown =
			form === 'question' || form === 'open-question' ? kept.map((span) => sentenceSpan(a, span)) : kept;
		if (kept.length && kept.length >= times) hits.push({ cue, spans: shown });
	}
	return hits;
}

/** The spans that support a label, overlapping or space-separated ones merged: "tell me" + "what happened". */
function sentenceSpan(a: Analysis, span: Span): Span {
	const sentence = a.sentences[sentenceAt(a, span.start)];
	if (!sentence) return span;
	const body = a.text.slice(sentence.start, sentence.end);
	const start = sentence.start + (body.length - body.trimStart().length);
	return { start, end: sentence.start + body.trimEnd().length };
}

/** A cue counts once; each further match of it, elsewhere in the reply, adds half again, up to double. */
function weightOf(hit: CueHit): number {
	const distinct = new Set(hit.spans.map((s) => `${s.start}:${s.end}`)).size;
	return hit.cue.cue.weight * Math.min(2, 1 + 0.5 * (distinct - 1));
}

/** The words behind a label: its positive cue matches, and the words the learned weights credit (`learned`). */
function evidenceOf(text: string, label: string, hits: CueHit[], learned: Span[] = []): Evidence[] {
	const spans = hits
		.filter((hit) => hit.cue.cue.weight > 0 && !hit.cue.cue.veto)
		.flatMap((hit) => hit.spans)
		.concat(learned)
		.sort((x, y) => x.start - y.start || y.end - x.end);
	const merged: Span[] = [];
	for (const span of spans) {
		const last = merged.at(-1);
		if (last && (span.start <= last.end || !text.slice(last.end, span.start).trim()))
			last.end = Math.max(last.end, span.end);
		else merged.push({ ...span });
	}
	return merged.map(({ start, end }) => ({ label, text: text.slice(start, end), start, end }));
}

/**
 * The language a reply is written in, by its script: a trainee in the Chinese tree may type English and the other
 * way round. Han characters mean Chinese; Latin letters with no Han mean English.
 */
export function scriptOf(text: string, given: CueLang): CueLang {
	const han = (text.match(/\p{Script=Han}/gu) ?? []).length;
	const latin = (text.match(/\p{Script=Latin}/gu) ?? []).length;
	if (given === 'zh' && han === 0 && latin > 0) return 'en';
	if (given === 'en' && han > 0 && han * 2 >= latin) return 'zh';
	return given;
}

export interface Scores {
	labels: { id: string; score: number }[];
	steps: { ref: string; score: number; vetoed: boolean; threshold: number }[];
	/** The learned layer's probabilities, when learned.json is loaded and fits the rubrics. */
	learned?: {
		labels: { id: string; p: number }[];
		steps: { ref: string; p: number; threshold: number }[];
		/** What the confidence was computed from (calibrationInputs). */
		calibration: number[];
		/** Whether the cues or the reply's own words point to the label; if not, the confidence stays low. */
		saysSomething: boolean;
	};
}

interface RuleLayer {
	text: string;
	analysis: Analysis;
	typos: (string | undefined)[];
	byTarget: Map<string, CueHit[]>;
	labelRubric?: LabelRubric;
	stepRubrics: StepRubric[];
	stepScores: Scores['steps'];
	/** The steps whose cues reached their threshold, unvetoed, before any style voids them. */
	steps: string[];
	labelScores: Scores['labels'];
	/** Index of the rules' label in labelRubric.labels. */
	top: number;
}

/** What the cues find: per step its score, per label its score, the rules' choice. */
function ruleLayer(input: ClassifyInput): RuleLayer {
	const { text, rubrics, cues } = input;
	const lang = scriptOf(text, input.lang);
	const labelRubric = rubrics.find((r): r is LabelRubric => r.kind === 'labels');
	const stepRubrics = rubrics.filter((r): r is StepRubric => r.kind === 'steps');
	const c = compile(cues, lang);
	const analysis = analyse(text, lang, c.language);
	// English words that look like typos of cue words ("sory"): the cues match them, and the learned layer reads them so.
	const typos = lang === 'en' ? analysis.tokens.map((t) => typoOf(t.word, c.vocab, c.known)) : [];
	const hits = cueHits(c, analysis, new Set(rubrics.map((r) => r.id)), typos);
	const byTarget = new Map<string, CueHit[]>();
	for (const hit of hits) byTarget.set(hit.cue.target, [...(byTarget.get(hit.cue.target) ?? []), hit]);

	const stepScores: Scores['steps'] = [];
	const steps: string[] = [];
	for (const rubric of stepRubrics)
		for (const step of rubric.steps) {
			const ref = `${rubric.id}.${step.id}`;
			const found = byTarget.get(ref) ?? [];
			const score = found.reduce((sum, h) => sum + weightOf(h), 0);
			const vetoed = found.some((h) => h.cue.cue.veto);
			const threshold = cues.rubrics[rubric.id]?.steps?.[step.id]?.threshold ?? 1;
			stepScores.push({ ref, score, vetoed, threshold });
			if (!vetoed && score >= threshold) steps.push(ref);
		}

	const labelCues = labelRubric ? (cues.rubrics[labelRubric.id]?.labels ?? {}) : {};
	const labelScores = (labelRubric?.labels ?? []).map((label) => {
		const own = labelCues[label.id];
		const found = byTarget.get(`${labelRubric!.id}.${label.id}`) ?? [];
		const vetoed = found.some((h) => h.cue.cue.veto);
		const score =
			(own?.prior ?? 0) + (own?.perStep ?? 0) * steps.length + found.reduce((sum, h) => sum + weightOf(h), 0);
		return { id: label.id, score: vetoed ? -Infinity : score };
	});
	// Ties go to the label written first in the rubric.
	let top = 0;
	labelScores.forEach((s, i) => {
		if (s.score > labelScores[top]!.score) top = i;
	});
	return { text, analysis, typos, byTarget, labelRubric, stepRubrics, stepScores, steps, labelScores, top };
}

/** The cue layer's findings as inputs for the learned layer. */
function signalsOf(r: RuleLayer, rubrics: readonly Rubric[]): CueSignals {
	const rubricId = r.labelRubric?.id ?? '';
	return {
		labels: (r.labelRubric?.labels ?? []).map((label) => {
			const found = r.byTarget.get(`${rubricId}.${label.id}`) ?? [];
			return {
				ref: `${rubricId}.${label.id}`,
				score: found.reduce((sum, h) => sum + weightOf(h), 0),
				vetoed: found.some((h) => h.cue.cue.veto),
				total: r.labelScores.find((l) => l.id === label.id)!.score
			};
		}),
		steps: r.stepScores.map((s) => ({
			threshold: s.threshold,
			ref: s.ref,
			score: s.score,
			vetoed: s.vetoed,
			passed: r.steps.includes(s.ref)
		})),
		style: r.labelScores[r.top]?.id ?? '',
		confidence: r.labelScores.length
			? confidenceOf(
					r.labelScores.map((s) => s.score),
					r.top
				)
			: 0,
		rubrics: rubrics.map((x) => x.id),
		typos: r.typos
	};
}

/** The features the learned layer reads from a reply: for training (npm run train) and the specs. */
export function replyFeatures(input: ClassifyInput, options: FeatureOptions): Features {
	const r = ruleLayer(input);
	return extractFeatures(r.analysis, signalsOf(r, input.rubrics), options);
}

/** The learned weights, if they were trained for this style rubric's labels. */
function usableModel(cues: CueSet, rubric: LabelRubric): CompiledModel | undefined {
	const model = cues.learned;
	if (!model || model.style.rubric !== rubric.id) return undefined;
	const labels = rubric.labels.map((l) => l.id);
	if (labels.length !== model.style.labels.length || labels.some((l, i) => model.style.labels[i] !== l))
		return undefined;
	return compileModel(model);
}

/** The classification with the raw scores behind it, for the eval's reliability table and for tests. */
export function classifyWithScores(input: ClassifyInput): Classification & { scores: Scores } {
	const { cues } = input;
	const r = ruleLayer(input);
	const { text, labelRubric, byTarget } = r;
	if (!labelRubric) {
		const evidence = r.steps.flatMap((ref) => evidenceOf(text, ref, byTarget.get(ref) ?? []));
		return {
			style: '',
			steps: r.steps,
			evidence,
			confidence: 0,
			scores: { labels: r.labelScores, steps: r.stepScores }
		};
	}
	const labelCues = cues.rubrics[labelRubric.id]?.labels ?? {};
	const compiled = usableModel(cues, labelRubric);
	let top = r.top;
	let steps = r.steps;
	let confidence: number;
	let learned: Scores['learned'];
	const extra = new Map<string, Span[]>();
	if (compiled) {
		const { model } = compiled;
		const signals = signalsOf(r, input.rubrics);
		const features = extractFeatures(r.analysis, signals, model.options);
		const row = known(compiled, features);
		const offsets = features.rules.labels.map((x) => model.ruleWeight.style * x);
		const p = softmax(logitsOf(compiled.style, row).map((z, k) => z + offsets[k]!));
		top = 0;
		p.forEach((x, i) => {
			if (x > p[top]!) top = i;
		});
		const { inputs, saysSomething } = calibrationInputs(compiled, row, p, offsets, top, {
			sameLabel: signals.style === labelRubric.labels[top]!.id,
			foundAny: signals.labels.some((l) => l.score !== 0) || signals.steps.some((s) => s.score !== 0)
		});
		// A reply in which neither the cues nor its own words point to the label ("hmm") gets it from its shape
		// alone (how long it is): that is no reading to show a trainee, so the trainee is asked instead.
		confidence = saysSomething
			? calibrated(inputs, model.confidence)
			: Math.min(UNSURE, calibrated(inputs, model.confidence));
		const stepP: { ref: string; p: number; threshold: number }[] = [];
		steps = [];
		for (const s of r.stepScores) {
			const m = compiled.steps.get(s.ref);
			// A step the model was not trained on (a rubric added since) is left to its cues.
			if (!m) {
				if (r.steps.includes(s.ref)) steps.push(s.ref);
				continue;
			}
			const ps = sigmoid(
				logitsOf(m, row)[0]! + model.ruleWeight.steps * (features.rules.steps.get(s.ref) ?? 0)
			);
			stepP.push({ ref: s.ref, p: ps, threshold: m.threshold });
			const said = ps >= m.threshold || (m.orCues && r.steps.includes(s.ref));
			if (said && !(model.hardVetoes && s.vetoed)) {
				steps.push(s.ref);
				extra.set(s.ref, learnedSpans(compiled, m, 0, features, r.analysis));
			}
		}
		const style = labelRubric.labels[top]!.id;
		extra.set(
			`${labelRubric.id}.${style}`,
			learnedSpans(compiled, compiled.style, top, features, r.analysis)
		);
		learned = {
			labels: labelRubric.labels.map((l, i) => ({ id: l.id, p: p[i]! })),
			steps: stepP,
			calibration: inputs,
			saysSomething
		};
	} else
		confidence = confidenceOf(
			r.labelScores.map((s) => s.score),
			top
		);
	const style = labelRubric.labels[top]!.id;
	// A contemptuous style performs no step (the rubric says so); the cues may void some steps for other styles.
	const voided = labelRubric.labels[top]!.stepsCount === false ? steps : (labelCues[style]?.voids ?? []);
	const kept = steps.filter((s) => !voided.includes(s));
	const ref = `${labelRubric.id}.${style}`;
	const evidence = [ref, ...kept].flatMap((label) =>
		evidenceOf(text, label, byTarget.get(label) ?? [], extra.get(label))
	);
	return {
		style,
		steps: kept,
		evidence: evidence.sort((x, y) => x.start - y.start || x.end - y.end),
		confidence,
		scores: { labels: r.labelScores, steps: r.stepScores, ...(learned ? { learned } : {}) }
	};
}

/** The softmax share of the winning label: a clear lead is sure, a near tie is not. */
function confidenceOf(scores: number[], top: number): number {
	const finite = scores.map((s) => (Number.isFinite(s) ? s : -1e9));
	const max = finite[top]!;
	const total = finite.reduce((sum, s) => sum + Math.exp((s - max) / TEMPERATURE), 0);
	return Math.round((1 / total) * 1000) / 1000;
}

export function classify(input: ClassifyInput): Classification {
	const { style, steps, evidence, confidence } = classifyWithScores(input);
	return { style, steps, evidence, confidence };
}
