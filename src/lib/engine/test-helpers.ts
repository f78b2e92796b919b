// Shared by the engine's specs: the real rubrics and the fixture scenarios, read from disk.
import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { loadContent } from '../content/load';
import { readContentDir } from '../content/read-dir';
import type { Rubric, Scenario } from './schema';
import { validateScenario } from './validate';

export const projectRoot = new URL('../../../', import.meta.url).pathname;
export const content = loadContent(readContentDir(projectRoot));
export const rubrics: ReadonlyMap<string, Rubric> = content.rubrics;
export const rubric = (id: string) => rubrics.get(id)!;
export const caseIds = new Set(['rice-shop']);

export function fixture(name: string): Scenario {
	const file = `tests/fixtures/scenarios/${name}.yaml`;
	const result = validateScenario(file, parse(readFileSync(projectRoot + file, 'utf8')), rubrics, caseIds);
	if (!result.scenario || result.errors.length)
		throw new Error(`${file} is not valid: ${JSON.stringify(result.errors)}`);
	return result.scenario;
}
