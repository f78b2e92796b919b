import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import { AttemptConflictError, openProgressStore } from './index';
import { createMemoryStore } from './memory-store';
import { choose, reset } from './test-helpers';

describe.each([
	['IndexedDB', () => openProgressStore({ name: reset() })],
	['memory', async () => createMemoryStore({ reason: 'unavailable', message: 'test' })]
])('two tabs writing one attempt (%s)', (_name, open) => {
	it('refuses the stale tab’s write and keeps the log the other tab wrote', async () => {
		const store = await open();
		const trainee = await store.trainees.create('Tab Tester');
		const attempt = await store.attempts.start({
			traineeId: trainee.id,
			scenarioId: 's',
			contentVersion: 1,
			mode: 'practice'
		});
		// Both tabs saw an empty log; the first one writes.
		await store.attempts.recordEntry(attempt.id, choose('a'), { expectedLength: 0 });
		await expect(
			store.attempts.recordEntry(attempt.id, choose('b'), { expectedLength: 0 })
		).rejects.toBeInstanceOf(AttemptConflictError);
		expect((await store.attempts.get(attempt.id))?.log).toEqual([choose('a')]);
		// The up-to-date tab goes on.
		await store.attempts.recordEntry(attempt.id, choose('c'), { expectedLength: 1 });
		expect((await store.attempts.get(attempt.id))?.log).toEqual([choose('a'), choose('c')]);
		store.close();
	});
});

describe('two tabs with their own connections', () => {
	it('the tab whose view is stale is refused, even when it wrote the attempt last itself', async () => {
		const name = reset();
		const tabA = await openProgressStore({ name });
		const tabB = await openProgressStore({ name });
		const trainee = await tabA.trainees.create('Two Tabs');
		const attempt = await tabA.attempts.start({
			traineeId: trainee.id,
			scenarioId: 's',
			contentVersion: 1,
			mode: 'practice'
		});
		await tabA.attempts.recordEntry(attempt.id, choose('a'), { expectedLength: 0 });
		// Tab B reloads, sees one entry, and goes on.
		await tabB.attempts.recordEntry(attempt.id, choose('b'), { expectedLength: 1 });
		// Tab A still believes the log has one entry: its turn 1 is already taken.
		await expect(
			tabA.attempts.recordEntry(attempt.id, choose('c'), { expectedLength: 1 })
		).rejects.toBeInstanceOf(AttemptConflictError);
		expect((await tabA.attempts.get(attempt.id))?.log).toEqual([choose('a'), choose('b')]);
		tabA.close();
		tabB.close();
	});
});
