import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { listPhrases } from './logic';
import { parseIsThisService, parseServiceMeans } from './schema';

const read = (name: string) =>
	readFileSync(new URL(`../../../content/exercises/${name}.yaml`, import.meta.url), 'utf8');

describe('content/exercises', () => {
	it('is-this-service.yaml validates: eight situations, both languages, and all of them service', () => {
		const exercise = parseIsThisService('content/exercises/is-this-service.yaml', read('is-this-service'));
		expect(exercise.situations).toHaveLength(8);
		expect(new Set(exercise.situations.map((s) => s.id)).size).toBe(8);
		expect(exercise.situations.every((s) => s.answer === 'yes')).toBe(true);
		for (const s of exercise.situations)
			for (const text of [s.text, s.notes]) expect(text.en && text.zh).toBeTruthy();
	});

	it('service-means.yaml validates: seven statements, each phrase used exactly once in each language', () => {
		const exercise = parseServiceMeans('content/exercises/service-means.yaml', read('service-means'));
		expect(exercise.statements).toHaveLength(7);
		for (const locale of ['en', 'zh'] as const) {
			const statements = exercise.statements.map((s) => s.phrases[locale]);
			const phrases = listPhrases(statements);
			expect(new Set(phrases.map((p) => p.text)).size).toBe(phrases.length);
			expect(new Set(phrases.map((p) => p.id)).size).toBe(phrases.length);
			expect(phrases.length).toBe(statements.flat().length);
		}
	});
});

describe('errors name the file and the path', () => {
	const valid = read('service-means');

	it('a missing Chinese text', () => {
		const broken = read('is-this-service').replace(/\n\s+zh: 你刚走进一家商店[^\n]*/, '');
		expect(() => parseIsThisService('content/exercises/is-this-service.yaml', broken)).toThrow(
			/content\/exercises\/is-this-service\.yaml: situations\.0\.text\.zh: expected a text in both languages/
		);
	});

	it('an answer that is neither yes nor no', () => {
		const broken = read('is-this-service').replace('answer: "yes"', 'answer: maybe');
		expect(() => parseIsThisService('x.yaml', broken)).toThrow(
			/x\.yaml: situations\.0\.answer: answer is "yes" or "no"/
		);
	});

	it('an unknown key', () => {
		expect(() => parseServiceMeans('x.yaml', `${valid}\nextra: 1\n`)).toThrow(/x\.yaml: extra:/);
	});

	it('a phrase used twice', () => {
		const broken = valid.replace('[helping people, even when,', '[helping people, as an honoured guest,');
		expect(() => parseServiceMeans('x.yaml', broken)).toThrow(
			/x\.yaml: statements\[1\]\.phrases\.en\[1\]: the phrase "as an honoured guest" is already used at statements\[0\]\.phrases\.en\[1\]/
		);
	});

	it('a statement of one phrase, and an empty phrase', () => {
		const broken = valid.replace(
			'[treating every customer, as an honoured guest]',
			"[treating every customer as an honoured guest, ' ']"
		);
		expect(() => parseServiceMeans('x.yaml', broken)).toThrow(
			/statements\.0\.phrases\.en\.1: a phrase is empty/
		);
		const single = valid.replace(
			'[treating every customer, as an honoured guest]',
			'[treating every customer as an honoured guest]'
		);
		expect(() => parseServiceMeans('x.yaml', single)).toThrow(
			/statements\.0\.phrases\.en: split each statement/
		);
	});

	it('YAML that does not parse', () => {
		expect(() => parseServiceMeans('x.yaml', 'id: [oops')).toThrow(/^x\.yaml: not valid YAML/);
	});
});
