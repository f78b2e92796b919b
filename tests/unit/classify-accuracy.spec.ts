// The typed-reply classifier on the held-out labelled replies: a floor under style accuracy in each language.
// Only aggregate figures are computed here; the held-out replies are never printed (tune on tune.jsonl).
import { describe, expect, it } from 'vitest';
import { readCues } from '../../src/lib/content/read-cues';
import { CUE_LANGS } from '../../src/lib/engine/classify/types';
import { readSplit, run, styleFigures } from '../tools/replies';

const root = new URL('../../', import.meta.url).pathname;
const { rubrics, cues } = readCues(root);
const labels = [...rubrics.values()].flatMap((r) => (r.kind === 'labels' ? r.labels.map((l) => l.id) : []));
const outcomes = run(readSplit(root, 'held-out'), rubrics, cues);

describe('classifier on the held-out replies', () => {
	it.each(CUE_LANGS)('style accuracy in %s is at least 0.70', (lang) => {
		const mine = outcomes.filter((o) => o.item.lang === lang);
		expect(mine.length, `held-out replies in ${lang}`).toBeGreaterThanOrEqual(20);
		expect(styleFigures(mine, labels).accuracy).toBeGreaterThanOrEqual(0.7);
	});
});
