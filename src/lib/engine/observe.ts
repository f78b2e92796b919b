// Classroom play: the written choice nearest to how observers classified a spoken reply.
import { initialTransition, transition } from 'xstate';
import { currentNode, type LogEntry, type ScenarioMachine } from './compile';

/** A typed reply's log entry. */
export type TypedEntry = Extract<LogEntry, { type: 'choice.type' }>;
import type { Choice, Rubric, Scenario } from './schema';

const overlap = (a: readonly string[], b: readonly string[]) => {
	const union = new Set([...a, ...b]);
	return union.size === 0 ? 1 : a.filter((x) => b.includes(x)).length / union.size;
};

/** Same style counts most, then shared steps; on a tie the earlier choice wins, as written. */
export function nearestChoice(choices: readonly Choice[], style: string, steps: readonly string[]): Choice {
	let best = choices[0]!;
	let bestScore = -1;
	for (const choice of choices) {
		const score = (choice.style === style ? 2 : 0) + overlap(choice.steps, steps);
		if (score > bestScore) [best, bestScore] = [choice, score];
	}
	return best;
}

/** The style labels and "rubric.step" ids an observer can record under these rubrics. */
export function observable(rubrics: readonly Rubric[]): { styles: Set<string>; steps: Set<string> } {
	return {
		styles: new Set(rubrics.flatMap((r) => (r.kind === 'labels' ? r.labels.map((l) => l.id) : []))),
		steps: new Set(rubrics.flatMap((r) => (r.kind === 'steps' ? r.steps.map((s) => `${r.id}.${s.id}`) : [])))
	};
}

/** The first style or step an observed reply names that these rubrics do not have, if any. */
export function unknownObservation(
	{ styles, steps }: ReturnType<typeof observable>,
	entry: { style: string; steps: readonly string[] }
): string | undefined {
	if (!styles.has(entry.style)) return entry.style;
	return entry.steps.find((step) => !steps.has(step));
}

/**
 * The log with each observed reply moved to the written choice nearest to it, worked out again at its
 * decision from the choices as written: what a saved log says it moved to is not trusted. Entries from the
 * first one the machine cannot take are left as they are, for the replay to report. The same array comes
 * back when there is no observed reply.
 */
export function withNearestChoices(
	scenario: Scenario,
	machine: ScenarioMachine,
	log: readonly LogEntry[],
	/** Reads a typed reply again (the classifier, with its own nearest choice); without it typed entries stay. */
	rereadTyped?: (entry: TypedEntry, choices: readonly Choice[]) => TypedEntry
): readonly LogEntry[] {
	const rereads = (entry: LogEntry) =>
		entry.type === 'choice.observe' || (entry.type === 'choice.type' && rereadTyped !== undefined);
	if (!log.some(rereads)) return log;
	let [snapshot] = initialTransition(machine);
	const out: LogEntry[] = [];
	for (const [i, entry] of log.entries()) {
		const choices = snapshot.status === 'active' ? scenario.nodes[currentNode(snapshot)]?.choices : undefined;
		const next =
			entry.type === 'choice.observe' && choices?.length
				? { ...entry, choice: nearestChoice(choices, entry.style, entry.steps).id }
				: entry.type === 'choice.type' && rereadTyped && choices?.length
					? rereadTyped(entry, choices)
					: entry;
		out.push(next);
		const [after] = transition(machine, snapshot, next);
		if (after === snapshot || after.context === snapshot.context) return [...out, ...log.slice(i + 1)];
		snapshot = after;
	}
	return out;
}
