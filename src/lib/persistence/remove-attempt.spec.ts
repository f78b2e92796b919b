// Removing one attempt (History's "Delete" on an abandoned attempt): its turns go with it, nothing else does.
import 'fake-indexeddb/auto';
import { afterEach, describe, expect, it } from 'vitest';
import { ProgressDatabase } from './db';
import { createDexieStore } from './dexie-store';
import { createMemoryStore } from './memory-store';
import type { ProgressStore } from './store';
import { choose, reset, tickingClock } from './test-helpers';

const stores: ProgressStore[] = [];
afterEach(() => {
	for (const store of stores.splice(0)) store.close();
});
const start = { traineeId: 't1', scenarioId: 'refund', contentVersion: 1, mode: 'practice' } as const;

describe.each([
	['IndexedDB', async () => createDexieStore(new ProgressDatabase(reset()), { now: tickingClock() })],
	['in-memory', async () => createMemoryStore(undefined, { now: tickingClock() })]
])('%s store: attempts.remove', (_kind, open) => {
	it('removes the attempt and leaves the trainee’s other attempts as they were', async () => {
		const store = await open();
		stores.push(store);
		const abandoned = await store.attempts.start(start, { entries: [choose('greet')], update: {} });
		const kept = await store.attempts.start(start, { entries: [choose('greet')], update: {} });
		await store.attempts.recordEntry(kept.id, choose('fix'), {});

		await store.attempts.remove(abandoned.id);
		expect(await store.attempts.get(abandoned.id)).toBeUndefined();
		expect((await store.attempts.listByTrainee('t1')).map((a) => [a.id, a.log.length])).toEqual([
			[kept.id, 2]
		]);
		// One removed already (in another tab) is no error.
		await expect(store.attempts.remove(abandoned.id)).resolves.toBeUndefined();
		// The removed attempt takes no more turns.
		await expect(store.attempts.recordEntry(abandoned.id, choose('fix'), {})).rejects.toThrow(/No attempt/);
	});
});

describe('IndexedDB: attempts.remove', () => {
	it('deletes the turn rows of that attempt only', async () => {
		const db = new ProgressDatabase(reset());
		const store = createDexieStore(db, { now: tickingClock() });
		stores.push(store);
		const gone = await store.attempts.start(start, { entries: [choose('greet'), choose('fix')], update: {} });
		const kept = await store.attempts.start(start, { entries: [choose('greet')], update: {} });
		await store.attempts.remove(gone.id);
		expect((await db.turns.toArray()).map((t) => [t.attemptId, t.index])).toEqual([[kept.id, 0]]);
	});
});
