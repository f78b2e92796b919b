import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { loadContent } from '../content/load';
import { rubrics, projectRoot } from './test-helpers';
import { didYouMean, formatError } from './validate';

const brokenDir = `${projectRoot}tests/fixtures/broken/`;
const broken = readdirSync(brokenDir).filter((f) => f.endsWith('.yaml'));
const realRubricFiles = Object.fromEntries(
	[...rubrics.keys()].map((id) => [
		`content/rubrics/${id}.yaml`,
		readFileSync(`${projectRoot}content/rubrics/${id}.yaml`, 'utf8')
	])
);
const riceShopCase = {
	'content/cases/rice-shop.en.md': '---\ntitle: Rice shop\n---\nText.',
	'content/cases/rice-shop.zh.md': '---\ntitle: 米店\n---\n正文。'
};

function check(file: string, source: string) {
	return loadContent({ ...realRubricFiles, ...riceShopCase, [file]: source }).errors.map(formatError);
}

describe('each broken fixture gets its own specific error', () => {
	it('has fixtures to check', () => expect(broken.length).toBeGreaterThanOrEqual(15));

	it.each(broken)('%s', (name) => {
		const source = readFileSync(brokenDir + name, 'utf8');
		const expected = /^# expect: (.*)$/m.exec(source)?.[1];
		expect(expected, 'the fixture says what it expects on its first line').toBeTruthy();
		// Fixtures keep the id "tiny", so the file is named like a real scenario file.
		const errors = check('content/scenarios/tiny.yaml', source);
		expect(errors).toHaveLength(1);
		expect(errors[0]).toContain(`content/scenarios/tiny.yaml: ${expected}`);
	});

	it('the valid fixture passes every check', () => {
		const source = readFileSync(`${projectRoot}tests/fixtures/scenarios/tiny.yaml`, 'utf8');
		expect(check('content/scenarios/tiny.yaml', source)).toEqual([]);
	});
});

describe('file-level checks', () => {
	const tiny = readFileSync(`${projectRoot}tests/fixtures/scenarios/tiny.yaml`, 'utf8');

	it('the id must match the file name', () => {
		expect(check('content/scenarios/rice-grit.yaml', tiny)).toEqual([
			'content/scenarios/rice-grit.yaml: id: the id "tiny" must match the file name "rice-grit"'
		]);
	});

	it('a case reading needs both languages and a title', () => {
		const errors = loadContent({
			...realRubricFiles,
			'content/cases/harbour.en.md': '---\ntitle: Harbour\n---\nText.',
			'content/cases/market.en.md': 'No front matter.'
		}).errors.map(formatError);
		expect(errors).toContain('content/cases/harbour.zh.md: missing: the zh reading of case "harbour"');
		expect(errors).toContain(
			'content/cases/market.en.md: title: missing: start the file with front matter "---\\ntitle: …\\n---"'
		);
	});
});

describe('didYouMean', () => {
	it.each([
		['gret', ['greet', 'fix'], ' (did you mean "greet"?)'],
		['zzzzzz', ['greet', 'fix'], '']
	])('%s', (wrong, candidates, expected) => expect(didYouMean(wrong, candidates)).toBe(expected));
});
