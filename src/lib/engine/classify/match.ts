// Finds where cue words and patterns occur in an analysed reply, with light typo tolerance in English.
import { fold, spellOut, type Analysis } from './text';
import type { CueLang, LanguageCues, WordCues } from './types';

/** A phrase word: exact, a stem (`apologi*`), or a gap of up to GAP_WORDS words (`…`). */
type PhraseWord = { word: string; stem: boolean } | 'gap';

export interface Matcher {
	/** English phrases as words; Chinese phrases as runs of characters split at gaps. */
	words: PhraseWord[][];
	runs: string[][];
	patterns: RegExp[];
}

export interface Span {
	start: number;
	end: number;
}

const GAP_WORDS = 4;
const GAP_CHARS = 8;
const isGap = (part: string) => part === '…' || part === '...';

export function compileMatcher(cues: WordCues, lang: CueLang, language: LanguageCues): Matcher {
	const matcher: Matcher = { words: [], runs: [], patterns: cues.patterns.map((p) => new RegExp(p, 'giu')) };
	for (const phrase of cues.phrases) {
		const folded = fold(phrase).trim();
		if (lang === 'zh') {
			matcher.runs.push(folded.split(/\s*(?:…|\.\.\.)\s*/).filter(Boolean));
			continue;
		}
		const words: PhraseWord[] = [];
		for (const part of folded.replace(/…/g, ' … ').split(/\s+/).filter(Boolean)) {
			if (isGap(part)) words.push('gap');
			else if (part.endsWith('*')) words.push({ word: part.slice(0, -1), stem: true });
			else
				for (const word of spellOut(part.replace(/[^\p{L}\p{N}']/gu, ''), language))
					words.push({ word, stem: false });
		}
		matcher.words.push(words.filter((w) => w === 'gap' || w.word));
	}
	return matcher;
}

/** Every word and stem a set of English phrases uses, by first letter: what a typo may be corrected to. */
export function vocabulary(matchers: Matcher[]): Map<string, { word: string; stem: boolean }[]> {
	const byInitial = new Map<string, { word: string; stem: boolean }[]>();
	const seen = new Set<string>();
	for (const m of matchers)
		for (const phrase of m.words)
			for (const w of phrase) {
				if (w === 'gap' || w.word.length < (w.stem ? 4 : 5) || seen.has(w.word + w.stem)) continue;
				seen.add(w.word + w.stem);
				const list = byInitial.get(w.word[0]!) ?? [];
				list.push(w);
				byInitial.set(w.word[0]!, list);
			}
	return byInitial;
}

/** Edit distance with transpositions, giving up above `limit`. */
export function withinDistance(a: string, b: string, limit: number): boolean {
	if (Math.abs(a.length - b.length) > limit) return false;
	const rows: number[][] = [Array.from({ length: b.length + 1 }, (_, j) => j)];
	for (let i = 1; i <= a.length; i++) {
		const row = [i];
		let best = i;
		for (let j = 1; j <= b.length; j++) {
			const cost = a[i - 1] === b[j - 1] ? 0 : 1;
			let d = Math.min(rows[i - 1]![j]! + 1, row[j - 1]! + 1, rows[i - 1]![j - 1]! + cost);
			if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1])
				d = Math.min(d, rows[i - 2]![j - 2]! + 1);
			row.push(d);
			best = Math.min(best, d);
		}
		if (best > limit) return false;
		rows.push(row);
	}
	return rows[a.length]![b.length]! <= limit;
}

/**
 * The cue word a typed word is probably a typo of: same first letter (typos rarely hit it), one edit for words of
 * five letters or more, two from nine; a stem ("apologi*") is compared with the word's start. Words the cues
 * know as they are, and numbers, are never "corrected".
 */
export function typoOf(
	word: string,
	vocab: Map<string, { word: string; stem: boolean }[]>,
	known: ReadonlySet<string>
): string | undefined {
	if (word.length < 4 || known.has(word) || /\d/.test(word)) return undefined;
	for (const candidate of vocab.get(word[0]!) ?? []) {
		const limit = candidate.word.length >= 9 ? 2 : 1;
		if (!candidate.stem) {
			if (candidate.word !== word && withinDistance(word, candidate.word, limit)) return candidate.word;
			continue;
		}
		if (word.startsWith(candidate.word)) continue;
		const n = candidate.word.length;
		for (const cut of [n, n + 1, n - 1])
			if (cut <= word.length && withinDistance(word.slice(0, cut), candidate.word, 1))
				return candidate.word + word.slice(cut);
	}
	return undefined;
}

const wordMatches = (w: { word: string; stem: boolean }, typed: string, typo: string | undefined) =>
	w.stem
		? typed.startsWith(w.word) || (typo?.startsWith(w.word) ?? false)
		: typed === w.word || typo === w.word;

/** Where each phrase and pattern of a matcher occurs; `typos[i]` is the cue word token i may stand for. */
export function findSpans(m: Matcher, a: Analysis, typos: (string | undefined)[]): Span[] {
	const spans: Span[] = [];
	const tokens = a.tokens;
	if (a.lang === 'en') {
		for (const phrase of m.words) {
			if (!phrase.length) continue;
			for (let i = 0; i < tokens.length; i++) {
				const end = matchFrom(phrase, 0, i, tokens[i]!.sentence);
				if (end >= 0) spans.push({ start: tokens[i]!.start, end: tokens[end]!.end });
			}
		}
	} else {
		for (const runs of m.runs) {
			// A one-character cue (请, 不, 火) matches a whole word only, not a character inside 请示, 不好意思, 火车.
			const single = runs.length === 1 && [...runs[0]!].length === 1;
			let from = 0;
			for (;;) {
				const at = a.folded.indexOf(runs[0]!, from);
				if (at < 0) break;
				const end = runsFrom(runs, 1, at + runs[0]!.length);
				if (end >= 0 && (!single || tokens.some((t) => t.start === at && t.end === end)))
					spans.push({ start: at, end });
				from = at + 1;
			}
		}
	}
	for (const pattern of m.patterns) {
		pattern.lastIndex = 0;
		for (const match of a.folded.matchAll(pattern))
			if (match[0].length) spans.push({ start: match.index, end: match.index + match[0].length });
	}
	return spans;

	// English: the index of the last token of a match of phrase[p…] starting at token i, or -1.
	function matchFrom(phrase: PhraseWord[], p: number, i: number, sentence: number): number {
		const w = phrase[p]!;
		if (w === 'gap') {
			if (p === phrase.length - 1) return i - 1;
			for (let skip = 0; skip <= GAP_WORDS && i + skip < tokens.length; skip++) {
				if (tokens[i + skip]!.sentence !== sentence) break;
				const end = matchFrom(phrase, p + 1, i + skip, sentence);
				if (end >= 0) return end;
			}
			return -1;
		}
		const token = tokens[i];
		if (!token || token.sentence !== sentence || !wordMatches(w, token.word, typos[i])) return -1;
		return p === phrase.length - 1 ? i : matchFrom(phrase, p + 1, i + 1, sentence);
	}

	// Chinese: the end offset of runs[r…] found within GAP_CHARS of `from`, in the same sentence, or -1.
	function runsFrom(runs: string[], r: number, from: number): number {
		if (r === runs.length) return from;
		const stop = a.sentences.find((s) => from <= s.end)?.end ?? a.folded.length;
		let at = a.folded.indexOf(runs[r]!, from);
		while (at >= 0 && at - from <= GAP_CHARS && at + runs[r]!.length <= stop) {
			const end = runsFrom(runs, r + 1, at + runs[r]!.length);
			if (end >= 0) return end;
			at = a.folded.indexOf(runs[r]!, at + 1);
		}
		return -1;
	}
}

/** The first token at or after an offset (the one a match starts on). */
export function tokenAt(a: Analysis, offset: number): number {
	const i = a.tokens.findIndex((t) => t.end > offset);
	return i < 0 ? a.tokens.length - 1 : i;
}
