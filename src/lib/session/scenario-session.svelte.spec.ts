// The session's persisted snapshot is XState's own, without XState walking the whole context at every save.
import { describe, expect, it } from 'vitest';
import { compileScenario } from '$lib/engine/compile';
import { fixture, rubric } from '$lib/engine/test-helpers';
import { ScenarioSession } from './scenario-session.svelte';

const tiny = fixture('tiny');

describe('ScenarioSession.persisted', () => {
	it('equals what XState persists, and restores to the same place', () => {
		const session = new ScenarioSession(tiny, 'practice', { seed: 1, rubrics: [rubric('style')] });
		session.select(session.choices[0]!.id);
		const persisted = session.persisted as { context: unknown };
		const machine = compileScenario(tiny);
		expect(JSON.parse(JSON.stringify(persisted))).toEqual(
			JSON.parse(JSON.stringify(machine.getPersistedSnapshot(session.snapshot)))
		);
		// The context itself, not a copy: nothing is walked or cloned.
		expect(persisted.context).toBe(session.snapshot.context);
		const restored = new ScenarioSession(tiny, 'practice', { seed: 1, snapshot: persisted });
		expect(restored.at).toBe(session.at);
		expect(restored.log).toEqual(session.log);
		expect(restored.messages).toEqual(session.messages);
	});
});
