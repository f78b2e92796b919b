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

	it('is what XState persists but the log and the transcript: the same size at the fifth turn as at the first', () => {
		const session = played();
		const persisted = session.persisted as { context: Record<string, unknown> };
		const machine = compileScenario(tiny);
		const xstate = JSON.parse(JSON.stringify(machine.getPersistedSnapshot(session.snapshot)));
		expect(JSON.parse(JSON.stringify(persisted))).toEqual({ ...xstate, context: { mood: session.mood } });
		const size = JSON.stringify(persisted).length;
		// Round and round a practice attempt: rewind to the start and choose again.
		for (let i = 0; i < 4; i++) {
			session.rewind(0);
			session.select('hear-her-out');
		}
		expect(session.log).toHaveLength(9);
		expect(JSON.stringify(session.persisted).length).toBe(size);
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
		expect(restored.snapshot.context).toEqual(session.snapshot.context);
		expect(restored.messages).toEqual(session.messages);
		expect(restored.replayStoppedAt).toBeUndefined();
		// And goes on from there, its log growing from the one it was given.
		restored.select('top-up');
		expect(restored.log).toHaveLength(session.log.length + 1);
	});

	it('restores a snapshot stored with its transcript but not its log, as the last version did', () => {
		const session = played();
		const last = JSON.parse(JSON.stringify(compileScenario(tiny).getPersistedSnapshot(session.snapshot)));
		delete last.context.log;
		// Told apart from a replay: this transcript says something the log does not.
		last.context.transcript[0].text.en = 'As stored';
		const restored = new ScenarioSession(tiny, 'practice', { seed: 1, snapshot: last, log: session.log });
		expect(restored.at).toBe(session.at);
		expect(restored.log).toEqual(session.log);
		expect(restored.transcript[0]!.text.en).toBe('As stored');
	});

	it('restores a snapshot stored with its log, as older versions did, as it is', () => {
		const session = played();
		const older = JSON.parse(JSON.stringify(compileScenario(tiny).getPersistedSnapshot(session.snapshot)));
		const restored = new ScenarioSession(tiny, 'practice', { seed: 1, snapshot: older });
		expect(restored.at).toBe(session.at);
		expect(restored.log).toEqual(session.log);
	});
});
