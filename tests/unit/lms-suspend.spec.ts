// SCORM 1.2's cmi.suspend_data holds 4,096 characters: every path of every scenario fits, its longest too, even
// with a typed reply of the longest length at every turn (the texts go first; the choices, styles and steps stay).
import { describe, expect, it } from 'vitest';
import type { LogEntry } from '../../src/lib/engine/compile';
import { decodeSuspend, encodeSuspend, SUSPEND_LIMIT } from '../../src/lib/engine/lms/suspend';
import { content } from '../../src/lib/engine/test-helpers';
import { TYPED_MAX } from '../../src/lib/persistence/progress-file';
import { walkEveryPath } from './play-paths';

const SEED = 4_294_967_295;

type Select = Extract<LogEntry, { type: 'choice.select' }>;

/** The same path, every reply typed: the longest a turn's entry can be. */
function typedAll(
	log: readonly LogEntry[],
	scenarioNodes: (choice: string) => { style: string; steps: string[] }
) {
	return log.map((e): LogEntry => {
		const { choice } = e as Select;
		const { style, steps } = scenarioNodes(choice);
		return {
			type: 'choice.type',
			choice,
			style,
			steps,
			// Chinese is the longest once percent-encoded: nine characters for each one typed.
			typed: { text: '我'.repeat(TYPED_MAX), lang: 'zh', evidence: [], confidence: 1 }
		};
	});
}

describe('suspend_data for every scenario path', () => {
	let longest = { scenario: '', turns: 0, selected: 0, typed: 0 };

	it.each(content.scenarios.map((s) => [s.id, s] as const))(
		'%s fits in 4,096 characters',
		(_id, scenario) => {
			const choices = new Map(
				Object.values(scenario.nodes).flatMap((n) => n.choices.map((c) => [c.id, c] as const))
			);
			const parts = (choice: string) => {
				const c = choices.get(choice)!;
				return { style: c.style, steps: [...c.steps] };
			};
			const { paths } = walkEveryPath(scenario, (end) => {
				const log = end.context.log;
				const selected = encodeSuspend(SEED, log);
				expect(selected).toBeDefined();
				expect(selected!.length).toBeLessThanOrEqual(SUSPEND_LIMIT);
				expect(decodeSuspend(selected!)).toEqual({ seed: SEED, log });

				const typed = typedAll(log, parts);
				const data = encodeSuspend(SEED, typed);
				expect(data).toBeDefined();
				expect(data!.length).toBeLessThanOrEqual(SUSPEND_LIMIT);
				// What resumes is the same path: every choice, style and step; only the typed texts may be gone.
				const back = decodeSuspend(data!)!.log as Extract<LogEntry, { type: 'choice.type' }>[];
				expect(back.map(({ choice, style, steps }) => ({ choice, style, steps }))).toEqual(
					typed.map((e) => {
						const { choice, style, steps } = e as Extract<LogEntry, { type: 'choice.type' }>;
						return { choice, style, steps };
					})
				);
				if (data!.length > longest.typed)
					longest = {
						scenario: scenario.id,
						turns: log.length,
						selected: selected!.length,
						typed: data!.length
					};
			});
			expect(paths).toBeGreaterThan(0);
		}
	);

	it('the longest path is reported', () => {
		expect(longest.typed).toBeGreaterThan(0);
		console.log(
			`suspend_data, longest path: ${longest.scenario}, ${longest.turns} turns, ${longest.selected} characters picked, ${longest.typed} typed (limit ${SUSPEND_LIMIT})`
		);
	});
});
