// Checks a scenario against the schema, then as a graph, then against its rubrics.
import * as v from 'valibot';
import { compileScenario } from './compile';
import { fairnessProblems } from './fairness';
import { bestPath } from './play';
import { Rubric, Scenario, STYLE_RUBRIC, type Choice } from './schema';
import { scoreAttempt } from './scoring';

export interface ContentError {
	file: string;
	/** Where inside the file, like `nodes.greet.choices[2].next`. */
	path: string;
	message: string;
}

export const formatError = (e: ContentError) => `${e.file}: ${e.path ? `${e.path}: ` : ''}${e.message}`;

export class ContentErrors extends Error {
	constructor(readonly errors: ContentError[]) {
		super(`${errors.length} content error(s):\n${errors.map(formatError).join('\n')}`);
		this.name = 'ContentErrors';
	}
}

function issuePath(issue: v.BaseIssue<unknown>): string {
	let out = '';
	for (const item of issue.path ?? []) {
		const key = item.key as string | number;
		out += typeof key === 'number' ? `[${key}]` : out ? `.${key}` : String(key);
	}
	return out;
}

function issueMessage(issue: v.BaseIssue<unknown>): string {
	if (issue.expected === 'never') return 'unknown field: remove it or check its spelling';
	if (issue.received === 'undefined') {
		const key = String(issue.path?.at(-1)?.key ?? '');
		if (key === 'en') return 'missing: the English text (en)';
		if (key === 'zh') return 'missing: the Chinese text (zh)';
		return `missing: add "${key}"`;
	}
	return issue.message;
}

export function schemaErrors(file: string, issues: readonly v.BaseIssue<unknown>[]): ContentError[] {
	return issues.map((issue) => ({ file, path: issuePath(issue), message: issueMessage(issue) }));
}

function distance(a: string, b: string): number {
	const row = Array.from({ length: b.length + 1 }, (_, i) => i);
	for (let i = 1; i <= a.length; i++) {
		let diagonal = row[0]!;
		row[0] = i;
		for (let j = 1; j <= b.length; j++) {
			const above = row[j]!;
			row[j] = Math.min(row[j]! + 1, row[j - 1]! + 1, diagonal + (a[i - 1] === b[j - 1] ? 0 : 1));
			diagonal = above;
		}
	}
	return row[b.length]!;
}

export function didYouMean(wrong: string, candidates: Iterable<string>): string {
	let best: string | undefined;
	let bestDistance = Infinity;
	for (const candidate of candidates) {
		const d = distance(wrong, candidate);
		if (d < bestDistance) [best, bestDistance] = [candidate, d];
	}
	return best !== undefined && bestDistance <= Math.max(2, wrong.length / 3)
		? ` (did you mean "${best}"?)`
		: '';
}

export function validateRubric(file: string, raw: unknown): { rubric?: Rubric; errors: ContentError[] } {
	const parsed = v.safeParse(Rubric, raw);
	if (!parsed.success) return { errors: schemaErrors(file, parsed.issues) };
	const rubric = parsed.output;
	const errors: ContentError[] = [];
	if (rubric.kind === 'labels' && !rubric.labels.some((label) => label.id === rubric.target))
		errors.push({
			file,
			path: 'target',
			message: `no label "${rubric.target}"${didYouMean(
				rubric.target,
				rubric.labels.map((l) => l.id)
			)}`
		});
	return { rubric, errors };
}

/**
 * Keys valibot's record leaves out of its output (so a node of that name would vanish without a word), and
 * names every object inherits: an id must never be one of them.
 */
const RESERVED_IDS = ['__proto__', 'prototype', 'constructor'];
const KEYED: Record<string, string> = {
	nodes: 'node',
	endings: 'ending',
	cast: 'speaker',
	passMark: 'pass mark'
};

function reservedIdErrors(file: string, raw: unknown): ContentError[] {
	if (!raw || typeof raw !== 'object') return [];
	const errors: ContentError[] = [];
	for (const [field, what] of Object.entries(KEYED)) {
		const record: unknown = Object.hasOwn(raw, field) ? (raw as Record<string, unknown>)[field] : undefined;
		if (!record || typeof record !== 'object') continue;
		for (const id of RESERVED_IDS)
			if (Object.hasOwn(record, id))
				errors.push({
					file,
					path: `${field}.${id}`,
					message: `the id "${id}" is reserved: rename this ${what}`
				});
	}
	return errors;
}

const targets = (choice: Choice) =>
	typeof choice.next === 'string' ? [choice.next] : choice.next.map((b) => b.to);

/** Every check in the content guide; an empty error list means the scenario is ready to play. */
export function validateScenario(
	file: string,
	raw: unknown,
	rubrics: ReadonlyMap<string, Rubric>,
	cases?: ReadonlySet<string>
): { scenario?: Scenario; errors: ContentError[] } {
	const reserved = reservedIdErrors(file, raw);
	const parsed = v.safeParse(Scenario, raw);
	if (!parsed.success) return { errors: [...reserved, ...schemaErrors(file, parsed.issues)] };
	if (reserved.length) return { errors: reserved };
	const scenario = parsed.output;
	const errors: ContentError[] = [];
	const error = (path: string, message: string) => errors.push({ file, path, message });
	// Own keys only: `start: constructor` must not find Object.prototype.constructor.
	const isNode = (id: string) => Object.hasOwn(scenario.nodes, id);

	const nodeIds = Object.keys(scenario.nodes);
	const endingIds = Object.keys(scenario.endings);
	const allIds = [...nodeIds, ...endingIds];

	if (cases && !cases.has(scenario.case))
		error(
			'case',
			`no case "${scenario.case}" in content/cases${didYouMean(scenario.case, cases)}: add content/cases/${scenario.case}.en.md and .zh.md`
		);
	if (endingIds.length === 0) error('endings', 'a scenario needs at least one ending');
	for (const id of endingIds)
		if (isNode(id)) error(`endings.${id}`, `"${id}" is both a node and an ending: rename one`);
	if (!isNode(scenario.start))
		error('start', `no node "${scenario.start}"${didYouMean(scenario.start, nodeIds)}`);

	// Rubrics and their steps.
	const applicable = new Map<string, Rubric>();
	scenario.rubrics.forEach((id, i) => {
		const rubric = rubrics.get(id);
		if (!rubric)
			error(
				`rubrics[${i}]`,
				`no rubric "${id}"${didYouMean(id, rubrics.keys())}: rubrics live in content/rubrics`
			);
		else applicable.set(id, rubric);
	});
	for (const id of Object.keys(scenario.passMark))
		if (!scenario.rubrics.includes(id))
			error(
				`passMark.${id}`,
				`"${id}" is not among this scenario's rubrics: set pass marks only for ${scenario.rubrics.join(', ')}`
			);
	const style = rubrics.get(STYLE_RUBRIC);
	if (!scenario.rubrics.includes(STYLE_RUBRIC))
		error('rubrics', `every scenario is scored on "${STYLE_RUBRIC}": add it`);
	const styleLabels = style?.kind === 'labels' ? style.labels.map((l) => l.id) : [];

	const speakers = ['customer', 'narrator', ...Object.keys(scenario.cast)];
	const checkSpeakers = (at: string, lines: readonly { speaker: string }[]) =>
		lines.forEach((line, l) => {
			if (!speakers.includes(line.speaker))
				error(
					`${at}[${l}].speaker`,
					`no speaker "${line.speaker}"${didYouMean(line.speaker, speakers)}: use customer, narrator, or add "${line.speaker}" to cast`
				);
		});
	for (const [id, ending] of Object.entries(scenario.endings))
		checkSpeakers(`endings.${id}.lines`, ending.lines);

	for (const [nodeId, node] of Object.entries(scenario.nodes)) {
		const seen = new Set<string>();
		checkSpeakers(`nodes.${nodeId}.lines`, node.lines);
		const bests = node.choices.filter((choice) => choice.best).length;
		if (bests !== 1)
			error(
				`nodes.${nodeId}.choices`,
				`mark exactly one choice "best: true" (the model answer); found ${bests}`
			);
		if (new Set(node.choices.map((c) => c.style)).size < 2)
			error(
				`nodes.${nodeId}.choices`,
				'every choice has the same style: offer at least two different styles'
			);
		node.choices.forEach((choice, c) => {
			const at = `nodes.${nodeId}.choices[${c}]`;
			if (seen.has(choice.id)) error(`${at}.id`, `choice id "${choice.id}" is used twice in this node`);
			if (choice.reaction) checkSpeakers(`${at}.reaction`, choice.reaction);
			seen.add(choice.id);
			if (style && !styleLabels.includes(choice.style))
				error(
					`${at}.style`,
					`no style "${choice.style}"${didYouMean(choice.style, styleLabels)}: use one of ${styleLabels.join(', ')}`
				);
			choice.steps.forEach((ref, s) => {
				const [rubricId = '', stepId = ''] = ref.split('.');
				const rubric = rubrics.get(rubricId);
				if (!rubric || rubric.kind !== 'steps')
					error(
						`${at}.steps[${s}]`,
						`no step rubric "${rubricId}"${didYouMean(
							rubricId,
							[...rubrics.values()].filter((r) => r.kind === 'steps').map((r) => r.id)
						)}`
					);
				else if (!rubric.steps.some((step) => step.id === stepId))
					error(
						`${at}.steps[${s}]`,
						`rubric "${rubricId}" has no step "${stepId}"${didYouMean(
							stepId,
							rubric.steps.map((st) => st.id)
						)}: its steps are ${rubric.steps.map((st) => st.id).join(', ')}`
					);
				else if (!applicable.has(rubricId) && applicable.size === scenario.rubrics.length)
					error(
						`${at}.steps[${s}]`,
						`"${rubricId}" is not among this scenario's rubrics: add it to rubrics or remove the step`
					);
			});
			if (typeof choice.next === 'string') {
				if (!allIds.includes(choice.next))
					error(`${at}.next`, `no node "${choice.next}"${didYouMean(choice.next, allIds)}`);
			} else {
				choice.next.forEach((branch, b) => {
					if (!allIds.includes(branch.to))
						error(`${at}.next[${b}].to`, `no node "${branch.to}"${didYouMean(branch.to, allIds)}`);
				});
				if (choice.next.at(-1)?.if)
					error(
						`${at}.next[${choice.next.length - 1}]`,
						'the last branch must have no "if", so every mood has somewhere to go'
					);
			}
		});
	}
	if (errors.length) return { scenario, errors };

	// The graph: reachable from the start, and an ending reachable from everywhere.
	const edges = new Map(allIds.map((id) => [id, [] as string[]]));
	for (const [id, node] of Object.entries(scenario.nodes)) edges.set(id, node.choices.flatMap(targets));
	const reachable = new Set([scenario.start]);
	for (const queue = [scenario.start]; queue.length;) {
		for (const next of edges.get(queue.shift()!) ?? []) {
			if (reachable.has(next)) continue;
			reachable.add(next);
			queue.push(next);
		}
	}
	for (const id of nodeIds)
		if (!reachable.has(id)) error(`nodes.${id}`, 'no choice leads here from the start: link it or remove it');
	for (const id of endingIds)
		if (!reachable.has(id)) error(`endings.${id}`, 'no choice leads to this ending: link it or remove it');

	const canEnd = new Set(endingIds);
	for (let grew = true; grew;) {
		grew = false;
		for (const id of nodeIds) {
			if (canEnd.has(id) || !edges.get(id)!.some((next) => canEnd.has(next))) continue;
			canEnd.add(id);
			grew = true;
		}
	}
	for (const id of nodeIds)
		if (reachable.has(id) && !canEnd.has(id))
			error(
				`nodes.${id}`,
				'no path from here reaches an ending (a loop without a way out): give one choice a way out'
			);
	if (errors.length) return { scenario, errors };

	// The model answers must make a perfect attempt.
	const end = bestPath(scenario, compileScenario(scenario));
	if (!end) {
		error(
			'nodes',
			'following the choices marked best loops without reaching an ending: point one of them onward'
		);
	} else {
		const report = scoreAttempt([...applicable.values()], end.context.transcript);
		for (const score of report.scores) {
			if (score.score === 100) continue;
			const problems = [
				...(score.missing ?? []).map((step) => `"${step}" is never shown`),
				...(score.shown ?? [])
					.filter((s) => !s.inOrder)
					.map((s) => `"${s.step}" is out of order (turn ${s.turn})`),
				...Object.entries(score.counts ?? {})
					.filter(
						([label, n]) => n > 0 && label !== (applicable.get(score.rubric) as { target?: string }).target
					)
					.map(([label, n]) => `${n} best choice(s) are ${label}`)
			];
			error(
				'nodes',
				`the best path scores ${score.score} on "${score.rubric}", not 100: ${problems.join('; ')}. Mark as best the choices that are assertive and take every step in order.`
			);
		}
	}
	for (const problem of fairnessProblems(scenario, rubrics)) error(problem.path, problem.message);
	return { scenario, errors };
}
