// Ids come from content and from progress files: one that names a property every object inherits
// ("constructor", "__proto__", "toString") must be looked up as an own key, never found on the prototype.
import { describe, expect, it } from 'vitest';
import { spellOut } from './classify/text';
import type { LanguageCues } from './classify/types';
import { bestChoice } from './compile';
import { conversation } from './conversation';
import { say } from './debrief';
import { scoreLabels } from './scoring';
import { fixture, rubric } from './test-helpers';
import type { Turn } from './transcript';
import { passes, passMarks } from './verdict';

const tiny = fixture('tiny');
const INHERITED = ['constructor', '__proto__', 'toString', 'hasOwnProperty'];

const turn = (node: string, style = 'assertive'): Turn => ({
	node,
	choice: 'hear-her-out',
	text: { en: 'reply', zh: '回应' },
	style,
	steps: [],
	moodBefore: 0,
	moodAfter: 0
});

describe('ids that name an inherited property', () => {
	it.each(INHERITED)('%s is no decision of the scenario', (id) => {
		expect(bestChoice(tiny, id)).toBeUndefined();
	});

	it.each(INHERITED)('a saved turn at node %s shows no lines from the prototype', (id) => {
		const messages = conversation(tiny, [turn(id)], 'satisfied');
		expect(messages.map((m) => m.speaker)).toEqual(['staff']);
	});

	it.each(INHERITED)('a turn in style %s is counted as a number, not found on the prototype', (style) => {
		const score = scoreLabels(rubric('style') as Parameters<typeof scoreLabels>[0], [
			turn('complaint', style),
			turn('fix', 'assertive')
		]);
		expect(score.score).toBe(50);
		expect(Object.getOwnPropertyDescriptor(score.counts, style)?.value).toBe(1);
		expect(Object.values(score.counts!).every((n) => typeof n === 'number')).toBe(true);
		expect(say(score.explanation[0]!, 'en')).toBe('1 of 2 replies was assertive.');
	});

	it('a rubric named like an inherited property takes the default pass mark', () => {
		const named = { ...rubric('style'), id: 'constructor', passMark: undefined };
		expect(passMarks(tiny, [named]).get('constructor')).toBe(75);
	});

	it('a score missing for a rubric counts as 0, even when the rubric is named constructor', () => {
		expect(passes(new Map([['constructor', 0]]), {}, false)).toBe(true);
		expect(passes(new Map([['constructor', 1]]), {}, false)).toBe(false);
	});

	it.each(['constructor', '__proto__', 'tostring', 'hasownproperty'])(
		'a trainee typing "%s" in a reply is a word like any other',
		(word) => {
			const cues = { spellings: { dont: 'do not' }, contractions: {} } as unknown as LanguageCues;
			expect(spellOut(word, cues)).toEqual([word]);
			expect(spellOut('dont', cues)).toEqual(['do', 'not']);
		}
	);
});
