// The session's persisted snapshot is XState's own, without XState walking the whole context at every save.
import { describe, expect, it } from 'vitest';
import { compileScenario } from '$lib/engine/compile';
import { fixture, rubric } from '$lib/engine/test-helpers';
import { ScenarioSession } from './scenario-session.svelte';

const tiny = fixture('tiny');

describe('ScenarioSession.persisted', () => {
	const played = () => {
		const session = new ScenarioSession(tiny, 'practice', { seed: 1, rubrics: [rubric('style')] });
		// The reply that leads on to a second decision, wherever the seed put it.
		session.select('hear-her-out');
		return session;
	};

	it('is what XState persists but the log, which the attempt row keeps beside it', () => {
		const session = played();
		const persisted = session.persisted as { context: Record<string, unknown> };
		const machine = compileScenario(tiny);
		const xstate = JSON.parse(JSON.stringify(machine.getPersistedSnapshot(session.snapshot)));
		delete xstate.context.log;
		expect(JSON.parse(JSON.stringify(persisted))).toEqual(xstate);
		expect(persisted.context).not.toHaveProperty('log');
		// The transcript itself, not a copy: nothing in it is walked or cloned.
		expect(persisted.context.transcript).toBe(session.snapshot.context.transcript);
	});

	it('restores to the same place with the log stored beside it', () => {
		const session = played();
		const restored = new ScenarioSession(tiny, 'practice', {
			seed: 1,
			snapshot: session.persisted,
			log: session.log
		});
		expect(restored.at).toBe(session.at);
		expect(restored.log).toEqual(session.log);
		expect(restored.messages).toEqual(session.messages);
		// And goes on from there, its log growing from the one it was given.
		restored.select('top-up');
		expect(restored.log).toHaveLength(session.log.length + 1);
	});

	it('restores a snapshot stored with its log, as older versions did, as it is', () => {
		const session = played();
		const older = JSON.parse(JSON.stringify(compileScenario(tiny).getPersistedSnapshot(session.snapshot)));
		const restored = new ScenarioSession(tiny, 'practice', { seed: 1, snapshot: older });
		expect(restored.at).toBe(session.at);
		expect(restored.log).toEqual(session.log);
	});
});
