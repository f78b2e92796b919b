// What the store refuses when other tabs have moved on (issue 15): each refusal is a typed error the
// banner can explain, and nothing refused is written.
import 'fake-indexeddb/auto';
import { afterEach, describe, expect, it } from 'vitest';
import {
	AttemptConflictError,
	AttemptFinishedError,
	MissingRecordError,
	openProgressStore,
	type ProgressStore
} from './index';
import { createMemoryStore } from './memory-store';
import { choose, reset, tickingClock } from './test-helpers';

const stores: ProgressStore[] = [];
afterEach(() => {
	for (const store of stores.splice(0)) store.close();
});
const keep = (store: ProgressStore) => (stores.push(store), store);
const start = { scenarioId: 'refund', contentVersion: 1, mode: 'practice' } as const;

/** Two tabs: two connections to one database, or one in-memory store seen twice. */
const pairs = [
	[
		'IndexedDB',
		async () => {
			const name = reset();
			const now = tickingClock();
			return [
				keep(await openProgressStore({ name, now })),
				keep(await openProgressStore({ name, now }))
			] as const;
		}
	],
	[
		'in-memory',
		async () => {
			const store = createMemoryStore(undefined, { now: tickingClock() });
			return [store, store] as const;
		}
	]
] as const;

describe.each(pairs)('another tab moved on (%s)', (kind, open) => {
	it('an attempt another tab finished takes no more entries, and says it is finished', async () => {
		const [tabA, tabB] = await open();
		const trainee = await tabA.trainees.create('Ana');
		const attempt = await tabA.attempts.start(
			{ ...start, traineeId: trainee.id },
			{ entries: [choose('greet')], update: {} }
		);
		// Tab B has written this attempt before, so it holds a cached row too.
		await tabB.attempts.recordEntry(attempt.id, choose('ask'), { expectedLength: 1 });
		const ended = await tabA.attempts.recordEntry(attempt.id, choose('fix'), {
			expectedLength: 2,
			status: 'finished',
			ending: 'loyal'
		});
		for (const tab of [tabA, tabB]) {
			const refused = tab.attempts.recordEntry(attempt.id, choose('late'), { expectedLength: 2 });
			await expect(refused).rejects.toBeInstanceOf(AttemptFinishedError);
			await expect(refused).rejects.toMatchObject({ attemptId: attempt.id });
		}
		expect(await tabB.attempts.get(attempt.id)).toEqual(ended);
	});

	it('a profile deleted in another tab does not come back with the next turn', async () => {
		const [tabA, tabB] = await open();
		const trainee = await tabA.trainees.create('Bo');
		const attempt = await tabA.attempts.start(
			{ ...start, traineeId: trainee.id },
			{ entries: [choose('greet')], update: {} }
		);
		await tabA.attempts.recordEntry(attempt.id, choose('ask'), { expectedLength: 1 });
		await tabB.trainees.remove(trainee.id);

		const refused = tabA.attempts.recordEntry(attempt.id, choose('fix'), { expectedLength: 2 });
		await expect(refused).rejects.toBeInstanceOf(MissingRecordError);
		// IndexedDB tells a profile removed from an attempt removed on its own; the one-tab memory store need not.
		if (kind === 'IndexedDB')
			await expect(refused).rejects.toMatchObject({ what: 'trainee', id: trainee.id });
		expect(await tabB.attempts.listAll()).toEqual([]);
		expect(await tabB.attempts.get(attempt.id)).toBeUndefined();
		expect(await tabB.trainees.list()).toEqual([]);
	});

	it('catches up on several entries in one write, the update going with the last', async () => {
		const [tabA] = await open();
		const trainee = await tabA.trainees.create('Cy');
		const attempt = await tabA.attempts.start(
			{ ...start, traineeId: trainee.id },
			{ entries: [choose('greet')], update: { snapshot: 's1' } }
		);
		await expect(
			tabA.attempts.recordEntries(attempt.id, [choose('ask')], { expectedLength: 2 })
		).rejects.toBeInstanceOf(AttemptConflictError);
		const caughtUp = await tabA.attempts.recordEntries(attempt.id, [choose('ask'), choose('fix')], {
			expectedLength: 1,
			snapshot: 's3',
			status: 'finished',
			ending: 'loyal'
		});
		expect(caughtUp).toMatchObject({
			log: [choose('greet'), choose('ask'), choose('fix')],
			snapshot: 's3',
			status: 'finished',
			ending: 'loyal'
		});
		expect(await tabA.attempts.get(attempt.id)).toEqual(caughtUp);
	});

	it('replays a changed attempt into one copy: the old one is closed with it, and a second copy is refused', async () => {
		const [tabA, tabB] = await open();
		const trainee = await tabA.trainees.create('Di');
		const old = await tabA.attempts.start(
			{ ...start, traineeId: trainee.id },
			{ entries: [choose('greet'), choose('gone')], update: {} }
		);
		const copy = await tabA.attempts.start(
			{ ...start, contentVersion: 2, traineeId: trainee.id, replaces: old.id },
			{ entries: [choose('greet'), choose('ask')], update: {} }
		);
		const closed = await tabB.attempts.get(old.id);
		// Closed, not changed: its log is kept as it was played, and it has no ending.
		expect(closed).toMatchObject({ status: 'finished', log: [choose('greet'), choose('gone')] });
		expect(closed?.ending).toBeUndefined();
		expect(copy).toMatchObject({ contentVersion: 2, status: 'in-progress' });

		// A second tab that resumed the old attempt too cannot make another copy.
		await expect(
			tabB.attempts.start(
				{ ...start, contentVersion: 2, traineeId: trainee.id, replaces: old.id },
				{ entries: [choose('greet'), choose('ask')], update: {} }
			)
		).rejects.toBeInstanceOf(AttemptFinishedError);
		const inProgress = (await tabB.attempts.listByTrainee(trainee.id)).filter(
			(a) => a.status === 'in-progress'
		);
		expect(inProgress.map((a) => a.id)).toEqual([copy.id]);
	});

	it('moves an attempt that replayed in full to the content version it was played on', async () => {
		const [tabA] = await open();
		const trainee = await tabA.trainees.create('Ed');
		const attempt = await tabA.attempts.start(
			{ ...start, traineeId: trainee.id },
			{ entries: [choose('greet')], update: {} }
		);
		const next = await tabA.attempts.recordEntry(attempt.id, choose('ask'), {
			expectedLength: 1,
			contentVersion: 2
		});
		expect(next.contentVersion).toBe(2);
	});
});

describe('names typed in the app (issue 15, item 7)', () => {
	it('lose invisible characters as imported names do, and an invisible-only name is refused', async () => {
		const store = createMemoryStore();
		const trainee = await store.trainees.create('\u202eAna\u200b\u0000');
		expect(trainee.name).toBe('Ana');
		await expect(store.trainees.create('\u200b\u200d')).rejects.toThrow(RangeError);
	});
});
