// Test-wise strategies: a trainee who picks by a surface cue instead of by what the reply does.
// Shared by the unit test that holds the scores down and by `npm run bench`, which prints the table.
import { initialTransition, transition } from 'xstate';
import { compileScenario, currentNode } from '../../src/lib/engine/compile';
import type { Choice, Locale, Rubric, Scenario } from '../../src/lib/engine/schema';
import { scoreAttempt } from '../../src/lib/engine/scoring';

type Pick = (choices: readonly Choice[], scenario: Scenario) => Choice;

const APOLOGY: Record<Locale, RegExp> = {
	en: /sorry|apologi[sz]e|apologies|forgive/gi,
	zh: /对不起|抱歉|不好意思|道歉|请原谅|失礼/g
};
const TITLES = /^(mr|mrs|ms|miss|dr|sir|madam)\.?$/i;
const HONORIFICS = /(太太|先生|小姐|女士|阿嫂|头家娘|阿伯|阿婆|阿婶|阿姨|阿公|老板娘|经理)$/;
const ADDRESSES = ['先生', '女士', '太太', '小姐'];

/** The parts of the customer's name a reply might use: "Aoki" for "Mrs. Yuko Aoki", "青木" for "青木优子太太". */
export function nameParts(scenario: Scenario, lang: Locale): string[] {
	const name = scenario.persona.name[lang];
	if (lang === 'en')
		return name
			.split(/\s+/)
			.map((w) => w.replace(/[.,]/g, ''))
			.filter((w) => w.length >= 2 && !TITLES.test(w));
	const full = name.replace(/\s+/g, '');
	const honorific = HONORIFICS.exec(full)?.[1];
	const bare = full.replace(HONORIFICS, '');
	// A foreign name keeps its surname after the dot (琳达·哈珀 → 哈珀); a Chinese one before (刘洋 → 刘).
	const surname = bare.includes('·') ? bare.split('·').pop()! : bare.slice(0, bare.length > 3 ? 2 : 1);
	// A one-character surname alone ("于") is too common a character to count; with a form of address it is the name.
	const parts = [full, bare, ...(honorific ? [honorific] : ADDRESSES).map((a) => surname + a)];
	return [...new Set(parts.filter((p) => p.length >= 2))];
}

const count = (text: string, pattern: RegExp) => (text.match(pattern) ?? []).length;
/** The first choice with the highest value: ties go to authored order, as a trainee reading top-down would. */
const maxBy = (choices: readonly Choice[], value: (c: Choice) => number) =>
	choices.reduce((best, c) => (value(c) > value(best) ? c : best));

export const STRATEGIES: Record<string, Pick> = {
	'longest (en)': (cs) => maxBy(cs, (c) => c.text.en.length),
	'longest (zh)': (cs) => maxBy(cs, (c) => c.text.zh.length),
	'shortest (en)': (cs) => maxBy(cs, (c) => -c.text.en.length),
	'shortest (zh)': (cs) => maxBy(cs, (c) => -c.text.zh.length),
	'most apology words': (cs) => maxBy(cs, (c) => count(c.text.en, APOLOGY.en) + count(c.text.zh, APOLOGY.zh)),
	"uses the customer's name": (cs, s) =>
		maxBy(
			cs,
			(c) =>
				(['en', 'zh'] as const).filter((lang) => nameParts(s, lang).some((p) => c.text[lang].includes(p)))
					.length
		)
};

export interface StrategyResult {
	scenario: string;
	strategy: string;
	/** Score per applicable rubric. */
	scores: Record<string, number>;
	mean: number;
	ending: string;
}

export function playStrategy(
	scenario: Scenario,
	rubrics: ReadonlyMap<string, Rubric>,
	name: string
): StrategyResult {
	const pick = STRATEGIES[name]!;
	const machine = compileScenario(scenario);
	let [snapshot] = initialTransition(machine);
	for (let turns = 0; snapshot.status === 'active' && turns < 200; turns++) {
		const node = scenario.nodes[currentNode(snapshot)]!;
		[snapshot] = transition(machine, snapshot, {
			type: 'choice.select',
			choice: pick(node.choices, scenario).id
		});
	}
	const applicable = scenario.rubrics.map((id) => rubrics.get(id)!);
	const report = scoreAttempt(applicable, snapshot.context.transcript);
	const scores = Object.fromEntries(report.scores.map((s) => [s.rubric, s.score]));
	const values = Object.values(scores);
	return {
		scenario: scenario.id,
		strategy: name,
		scores,
		mean: values.reduce((a, b) => a + b, 0) / values.length,
		ending: currentNode(snapshot)
	};
}

export function testWiseTable(scenarios: readonly Scenario[], rubrics: ReadonlyMap<string, Rubric>) {
	return Object.keys(STRATEGIES).map((strategy) => {
		const results = scenarios.map((s) => playStrategy(s, rubrics, strategy));
		const all = results.flatMap((r) => Object.values(r.scores));
		return {
			strategy,
			results,
			/** Mean over every scenario's every applicable rubric. */
			mean: all.reduce((a, b) => a + b, 0) / all.length,
			perfect: results.filter((r) => Object.values(r.scores).every((v) => v === 100)).map((r) => r.scenario)
		};
	});
}
