// Splits a reply into words (English) or segments (Chinese, by Intl.Segmenter), sentences and clauses.
import type { CueLang, LanguageCues } from './types';

export interface Token {
	/** Lower-cased, contractions spelled out: "I'll" gives two tokens, "i" and "will", over the same span. */
	word: string;
	start: number;
	end: number;
	sentence: number;
	clause: number;
}

export interface Sentence {
	start: number;
	end: number;
	question: boolean;
	open: boolean;
	concrete: boolean;
	vague: boolean;
}

export interface Analysis {
	lang: CueLang;
	text: string;
	/** The text lower-cased and with full-width ASCII folded, offset for offset the same as `text`. */
	folded: string;
	tokens: Token[];
	sentences: Sentence[];
	/** For each token: whether a negator before it, in its clause, covers it. */
	negated: boolean[];
}

/** Lower-cases and folds full-width forms without changing any offset. */
export function fold(text: string): string {
	let out = '';
	for (const ch of text) {
		const code = ch.codePointAt(0)!;
		let c = code >= 0xff01 && code <= 0xff5e ? String.fromCodePoint(code - 0xfee0) : ch;
		if (c === '\u2019' || c === '\u2018') c = "'";
		const lower = c.toLowerCase();
		out += lower.length === c.length ? lower : c;
	}
	return out;
}

const SENTENCE_END = /[.!?。！？\n]+|…+/g;
const CLAUSE_END = /[,;:，；：、—–()（）"“”]/;

let segmenter: Intl.Segmenter | undefined;
const zhSegmenter = () => (segmenter ??= new Intl.Segmenter('zh', { granularity: 'word' }));

interface Span {
	start: number;
	end: number;
}

function sentenceSpans(folded: string): Span[] {
	const spans: Span[] = [];
	let from = 0;
	for (const m of folded.matchAll(SENTENCE_END)) {
		const end = m.index + m[0].length;
		if (folded.slice(from, m.index).trim()) spans.push({ start: from, end });
		from = end;
	}
	if (folded.slice(from).trim()) spans.push({ start: from, end: folded.length });
	return spans;
}

const EN_WORD = /[\p{L}\p{N}]+(?:'[\p{L}]+)*|[,;:，；：、—–()（）"“”]/gu;

function englishTokens(folded: string, cues: LanguageCues): { words: Token[]; breaks: number[] } {
	const words: Token[] = [];
	const breaks: number[] = [];
	for (const m of folded.matchAll(EN_WORD)) {
		const raw = m[0];
		const start = m.index;
		const end = start + raw.length;
		if (CLAUSE_END.test(raw)) {
			breaks.push(start);
			continue;
		}
		for (const word of spellOut(raw, cues)) words.push({ word, start, end, sentence: 0, clause: 0 });
	}
	return { words, breaks };
}

/** "i'll" → ["i", "will"]; "dont" → ["do", "not"] (by the language file's spellings). */
export function spellOut(word: string, cues: LanguageCues): string[] {
	// Own keys only: a trainee may type "constructor", which Object.prototype also has.
	const whole = Object.hasOwn(cues.spellings, word) ? cues.spellings[word] : undefined;
	if (whole !== undefined) return whole.split(' ').filter(Boolean);
	for (const [ending, full] of Object.entries(cues.contractions)) {
		if (word.length > ending.length && word.endsWith(ending))
			return [word.slice(0, -ending.length), ...full.split(' ')].filter(Boolean);
	}
	return [word];
}

function chineseTokens(folded: string): { words: Token[]; breaks: number[] } {
	const words: Token[] = [];
	const breaks: number[] = [];
	for (const s of zhSegmenter().segment(folded)) {
		if (s.isWordLike)
			words.push({
				word: s.segment,
				start: s.index,
				end: s.index + s.segment.length,
				sentence: 0,
				clause: 0
			});
		else if (CLAUSE_END.test(s.segment)) breaks.push(s.index);
	}
	return { words, breaks };
}

export function analyse(text: string, lang: CueLang, cues: LanguageCues): Analysis {
	const folded = fold(text);
	const spans = sentenceSpans(folded);
	const { words, breaks } = lang === 'zh' ? chineseTokens(folded) : englishTokens(folded, cues);
	const scopeEnds = new Set(cues.scopeEnds);
	// Sentences and clauses: a clause ends at a comma-like mark or a word like "but".
	let s = 0;
	let b = 0;
	let clause = 0;
	for (const token of words) {
		while (s < spans.length - 1 && token.start >= spans[s]!.end) [s, clause] = [s + 1, clause + 1];
		while (b < breaks.length && breaks[b]! < token.start) [b, clause] = [b + 1, clause + 1];
		if (scopeEnds.has(token.word)) clause++;
		token.sentence = s;
		token.clause = clause;
	}
	const negated = words.map(() => false);
	words.forEach((token, i) => {
		if (!isNegator(token.word, cues)) return;
		for (
			let j = i + 1;
			j < words.length && j <= i + cues.negationScope && words[j]!.clause === token.clause;
			j++
		)
			negated[j] = true;
	});
	const analysis: Analysis = { lang, text, folded, tokens: words, sentences: [], negated };
	const open = new Set(cues.openQuestion);
	const starts = new Set(cues.questionStarts);
	const ends = new Set(cues.questionEnds);
	analysis.sentences = spans.map((span, index) => {
		const inside = words.filter((t) => t.sentence === index);
		const body = folded.slice(span.start, span.end).trimEnd();
		const marked = /[?？]$/.test(body);
		const [first, second] = [inside[0]?.word ?? '', inside[1]?.word ?? ''];
		const last = inside.at(-1)?.word ?? '';
		const hasOpen = inside.some((t) => open.has(t.word));
		// Unmarked English questions open with an auxiliary ("could you…") or a question word and one ("what did…");
		// "what happened is…" and "how frustrating" are statements. A Chinese question word makes a question unless
		// a full stop ends the sentence (以后有什么问题，直接打我电话。).
		const question =
			marked ||
			starts.has(first) ||
			(open.has(first) && starts.has(second)) ||
			ends.has(last) ||
			(lang === 'zh' && hasOpen && !/[。.!！]$/.test(body));
		return {
			...span,
			question,
			open: question && hasOpen,
			concrete: false,
			vague: false
		};
	});
	return analysis;
}

/**
 * Whether a word negates what follows: a negator, or (Chinese, where the segmenter glues a negator to the word
 * before it: "我不", "就不是") a segment ending with one of `negatorEndings`. "不好意思" begins with 不 and is none.
 */
export function isNegator(word: string, cues: LanguageCues): boolean {
	return cues.negators.includes(word) || cues.negatorEndings.some((n) => word.endsWith(n));
}

/** The sentence an offset falls in. */
export function sentenceAt(analysis: Analysis, offset: number): number {
	const i = analysis.sentences.findIndex((s) => offset < s.end);
	return i < 0 ? analysis.sentences.length - 1 : i;
}
