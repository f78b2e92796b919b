// Content rules that keep an assessment from being gamed: no reply may be findable by a surface cue,
// and the step rubrics must measure something the style rubric does not (issue: assessment validity).
import { LOCALES, type Locale, type LabelRubric, type Rubric, type Scenario } from './schema';

export interface FairnessProblem {
	path: string;
	message: string;
}

/** Longer than this and a reply is a speech, not something said at a counter. */
export const MAX_REPLY_LENGTH: Record<Locale, number> = { en: 320, zh: 120 };
/** The model answer may be the longest reply in at most this share of a scenario's decisions. */
export const MAX_LONGEST_SHARE = 1 / 3;
/** …and its length is within this band of the other replies' median in at least MIN_IN_BAND of them. */
export const LENGTH_BAND = [0.75, 1.33] as const;
export const MIN_IN_BAND = 0.8;
/** In a scenario scored on a step rubric, at least this share of decisions sets a step trap. */
export const MIN_STEP_TRAPS = 0.5;

const LANGUAGE: Record<Locale, string> = { en: 'English', zh: 'Chinese' };
const length = (text: string) => [...text].length;

function median(values: number[]): number {
	const sorted = [...values].sort((a, b) => a - b);
	const mid = sorted.length >> 1;
	return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

export interface LengthFigures {
	decisions: number;
	/** Decisions where the model answer is the longest reply (a tie counts). */
	longest: string[];
	/** Decisions where the model answer's length is outside the band, with its ratio to the others' median. */
	outOfBand: { node: string; ratio: number }[];
}

/** How much a reply's length gives the model answer away, in one language. */
export function lengthFigures(scenario: Scenario, lang: Locale): LengthFigures {
	const figures: LengthFigures = { decisions: 0, longest: [], outOfBand: [] };
	for (const [node, decision] of Object.entries(scenario.nodes)) {
		const best = decision.choices.find((c) => c.best);
		if (!best || decision.choices.length < 2) continue;
		figures.decisions++;
		const own = length(best.text[lang]);
		const others = decision.choices.filter((c) => c !== best).map((c) => length(c.text[lang]));
		if (own >= Math.max(...others)) figures.longest.push(node);
		const ratio = own / Math.max(1, median(others));
		if (ratio < LENGTH_BAND[0] || ratio > LENGTH_BAND[1]) figures.outOfBand.push({ node, ratio });
	}
	return figures;
}

const list = (nodes: string[]) => nodes.map((n) => `nodes.${n}`).join(', ');

export function fairnessProblems(
	scenario: Scenario,
	rubrics: ReadonlyMap<string, Rubric>
): FairnessProblem[] {
	const problems: FairnessProblem[] = [];
	const problem = (path: string, message: string) => problems.push({ path, message });
	const style = [...rubrics.values()].find(
		(r): r is LabelRubric => r.kind === 'labels' && scenario.rubrics.includes(r.id)
	);
	const labels = new Map(style?.labels.map((l) => [l.id, l]) ?? []);
	const stepRubrics = scenario.rubrics.filter((id) => rubrics.get(id)?.kind === 'steps');

	for (const [nodeId, node] of Object.entries(scenario.nodes)) {
		node.choices.forEach((choice, c) => {
			const at = `nodes.${nodeId}.choices[${c}]`;
			for (const lang of LOCALES) {
				const n = length(choice.text[lang]);
				if (n > MAX_REPLY_LENGTH[lang])
					problem(
						`${at}.text.${lang}`,
						`choice "${choice.id}": the ${LANGUAGE[lang]} reply is ${n} characters; cut it to at most ${MAX_REPLY_LENGTH[lang]}`
					);
			}
			const label = labels.get(choice.style);
			if (label && !label.stepsCount && choice.steps.length)
				problem(
					`${at}.steps`,
					`choice "${choice.id}" is ${choice.style} but carries ${choice.steps.join(', ')}: a step done with contempt does not count, so remove the steps (or relabel the reply if it is really respectful)`
				);
			if (choice.best && style && choice.style !== style.target)
				problem(
					`${at}.style`,
					`choice "${choice.id}" is the model answer (best: true) but is ${choice.style}: the model answer must be ${style.target}; mark an ${style.target} reply as best`
				);
		});
	}

	for (const lang of LOCALES) {
		const figures = lengthFigures(scenario, lang);
		if (!figures.decisions) continue;
		const allowed = Math.floor(figures.decisions * MAX_LONGEST_SHARE);
		if (figures.longest.length > allowed)
			problem(
				'nodes',
				`in ${LANGUAGE[lang]}, the model answer is the longest reply at ${figures.longest.length} of ${figures.decisions} decisions (at most ${allowed}): ${list(figures.longest)}. Shorten the model answer or lengthen a wrong reply at some of them`
			);
		const inBand = figures.decisions - figures.outOfBand.length;
		if (inBand < MIN_IN_BAND * figures.decisions)
			problem(
				'nodes',
				`in ${LANGUAGE[lang]}, the model answer's length is within ${LENGTH_BAND[0]}–${LENGTH_BAND[1]}× the other replies' median at only ${inBand} of ${figures.decisions} decisions (at least ${Math.ceil(MIN_IN_BAND * figures.decisions)}): ${figures.outOfBand
					.map((o) => `nodes.${o.node} (${o.ratio.toFixed(2)}×)`)
					.join(', ')}. Bring the replies there closer in length`
			);
	}

	if (stepRubrics.length) {
		const isStep = (ref: string) => stepRubrics.includes(ref.split('.')[0]!);
		const decisions = Object.entries(scenario.nodes).filter(([, n]) => n.choices.some((c) => c.best));
		const withoutTrap = decisions.filter(([, node]) => {
			const best = node.choices.find((c) => c.best)!;
			const bestSteps = best.steps.filter(isStep).sort().join(' ');
			return !node.choices.some((c) => {
				if (c.best || labels.get(c.style)?.stepsCount === false) return false;
				const steps = c.steps.filter(isStep).sort().join(' ');
				return steps !== '' && steps !== bestSteps;
			});
		});
		const needed = Math.ceil(MIN_STEP_TRAPS * decisions.length);
		const traps = decisions.length - withoutTrap.length;
		if (traps < needed)
			problem(
				'nodes',
				`this scenario is scored on ${stepRubrics.join(' and ')}, but only ${traps} of ${decisions.length} decisions offer a wrong reply that takes a step (at least ${needed}): add to some of ${list(withoutTrap.map(([id]) => id))} an assertive or passive reply that takes the wrong step or the right one too early (solve before listen, found before feel, thanks before the fix), tagged with that step`
			);
	}
	return problems;
}
