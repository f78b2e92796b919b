// A newer file updates what it holds (issue 11): extended logs replace, diverging logs are both kept, a newer
// name replaces the old, merged trainees stay merged. Both stores, through the app's check-and-write path.
import 'fake-indexeddb/auto';
import { afterEach, describe, expect, it } from 'vitest';
import type { LogEntry } from '$lib/engine/compile';
import { createMemoryStore } from './memory-store';
import { openProgressStore, type ProgressStore } from './index';
import type { ProgressFile } from './progress-file';
import { compareLogs, forkId, type Rescore } from './progress-import';
import { choose, importProgressFiles, reset, tickingClock } from './test-helpers';

const stores: ProgressStore[] = [];
afterEach(() => {
	for (const store of stores.splice(0)) store.close();
});

/** An attempt ends when the trainee says goodbye; each entry is worth 10. */
const rescore: Rescore = (attempt) => {
	const last = attempt.log.at(-1);
	return last?.type === 'choice.select' && last.choice === 'goodbye'
		? { status: 'finished', ending: 'loyal', scores: { style: attempt.log.length * 10 } }
		: { status: 'in-progress' };
};

const day = (n: number) => Date.UTC(2025, 2, n, 9);

function file(
	name: string,
	logs: Record<string, LogEntry[]>,
	exportedDay = 10,
	traineeId = 'ana'
): ProgressFile {
	return {
		format: 'service-roleplay-progress',
		version: 1,
		exportedAt: new Date(day(exportedDay)).toISOString(),
		trainees: [{ id: traineeId, name, createdAt: day(1) }],
		attempts: Object.entries(logs).map(([id, log]) => ({
			id,
			traineeId,
			scenarioId: 'refund',
			contentVersion: 1,
			mode: 'practice',
			status: 'in-progress',
			startedAt: day(2),
			updatedAt: day(2) + log.length * 1000,
			log,
			notes: ''
		}))
	};
}

const started = [choose('greet')];
const finished = [choose('greet'), choose('listen'), choose('goodbye')];
const diverged = [choose('greet'), choose('argue')];

describe.each([
	[
		'IndexedDB',
		async () => {
			const store = await openProgressStore({ name: reset(), now: tickingClock() });
			stores.push(store);
			return store;
		}
	],
	['memory', async () => createMemoryStore(undefined, { now: tickingClock() })]
])('in %s', (_name, make) => {
	it('replaces an attempt whose log the newer file carries on, and scores it again', async () => {
		const store = await make();
		const [first] = await importProgressFiles(store, [file('Ana', { a1: started }, 3)], rescore);
		expect(first!.imported).toEqual(['a1']);
		expect((await store.attempts.get('a1'))?.status).toBe('in-progress');

		const [second] = await importProgressFiles(store, [file('Ana', { a1: finished }, 4)], rescore);
		expect(second).toMatchObject({ imported: [], updated: ['a1'], skipped: [] });
		expect(second!.trainees).toEqual([
			expect.objectContaining({ id: 'ana', added: [], updated: ['a1'], skipped: [], isNew: false })
		]);
		expect(await store.attempts.get('a1')).toMatchObject({
			status: 'finished',
			ending: 'loyal',
			scores: { style: 30 },
			log: finished
		});
		expect(await store.attempts.listAll()).toHaveLength(1);
	});

	it('skips the same log and an older one, and says why', async () => {
		const store = await make();
		await importProgressFiles(store, [file('Ana', { a1: finished })], rescore);
		const [same, older] = await importProgressFiles(
			store,
			[file('Ana', { a1: finished }), file('Ana', { a1: started }, 3)],
			rescore
		);
		expect(same!.trainees[0]!.skipped).toEqual([{ id: 'a1', reason: 'same' }]);
		expect(older!.trainees[0]!.skipped).toEqual([{ id: 'a1', reason: 'older' }]);
		expect((await store.attempts.get('a1'))?.log).toEqual(finished);
	});

	it('keeps both logs that diverge, the file’s under a derived id, and finds that copy again', async () => {
		const store = await make();
		await importProgressFiles(store, [file('Ana', { a1: finished })], rescore);
		const [forked] = await importProgressFiles(store, [file('Ana', { a1: diverged })], rescore);
		const copy = forkId('a1', diverged, 1);
		expect(forked!.imported).toEqual([copy]);
		expect(forked!.trainees[0]!.forked).toEqual([{ id: copy, from: 'a1' }]);
		expect((await store.attempts.get('a1'))?.log).toEqual(finished);
		expect((await store.attempts.get(copy))?.log).toEqual(diverged);

		// The same file again changes nothing; the branch carried on updates its copy.
		const [again] = await importProgressFiles(store, [file('Ana', { a1: diverged })], rescore);
		expect(again!.trainees[0]!.skipped).toEqual([{ id: copy, reason: 'same' }]);
		const further = [...diverged, choose('goodbye')];
		const [carried] = await importProgressFiles(store, [file('Ana', { a1: further })], rescore);
		expect(carried!.updated).toEqual([copy]);
		expect((await store.attempts.get(copy))?.log).toEqual(further);
		expect(await store.attempts.listAll()).toHaveLength(2);
	});

	it('diverging the other way: the stored copy is the one that went on', async () => {
		const store = await make();
		await importProgressFiles(store, [file('Ana', { a1: diverged })], rescore);
		const [forked] = await importProgressFiles(store, [file('Ana', { a1: finished })], rescore);
		expect(forked!.trainees[0]!.forked).toHaveLength(1);
		expect((await store.attempts.get('a1'))?.log).toEqual(diverged);
		expect((await store.attempts.get(forked!.imported[0]!))?.log).toEqual(finished);
	});

	it('takes the newest name, and never an older file’s', async () => {
		const store = await make();
		await importProgressFiles(store, [file('Ana', { a1: started }, 3)], rescore);
		const [renamed] = await importProgressFiles(store, [file('Ana Lima', { a1: finished }, 5)], rescore);
		expect(renamed!.trainees[0]).toMatchObject({ name: 'Ana Lima', previousName: 'Ana' });
		const [old] = await importProgressFiles(store, [file('Ana', { a1: started }, 4)], rescore);
		expect(old!.trainees[0]).toMatchObject({ name: 'Ana Lima' });
		expect(old!.trainees[0]).not.toHaveProperty('previousName');
		expect((await store.trainees.get('ana'))?.name).toBe('Ana Lima');
	});

	it('two weeks’ files dropped together: the later log is written, once', async () => {
		const store = await make();
		const [week1, week2] = await importProgressFiles(
			store,
			[file('Ana', { a1: started }, 3), file('Ana B.', { a1: finished }, 5)],
			rescore
		);
		expect(week1!.imported).toEqual(['a1']);
		expect(week2!.updated).toEqual(['a1']);
		expect(await store.attempts.get('a1')).toMatchObject({ log: finished, status: 'finished' });
		expect((await store.trainees.get('ana'))?.name).toBe('Ana B.');
	});

	it('refuses an attempt id stored for another trainee', async () => {
		const store = await make();
		await importProgressFiles(store, [file('Ana', { a1: started })], rescore);
		const [other] = await importProgressFiles(store, [file('Bo', { a1: finished }, 11, 'bo')], rescore);
		expect(other!.trainees).toEqual([
			expect.objectContaining({ id: 'bo', skipped: [{ id: 'a1', reason: 'other-trainee' }] })
		]);
		expect((await store.attempts.get('a1'))?.traineeId).toBe('ana');
	});

	it('merges two trainees, and a later file of the merged one follows the merge', async () => {
		const store = await make();
		await importProgressFiles(
			store,
			[file('Ana', { a1: started }), file('Ana', { b1: started }, 10, 'ana-tablet')],
			rescore
		);
		await store.trainees.merge('ana-tablet', 'ana');
		expect((await store.trainees.list()).map((t) => t.id)).toEqual(['ana']);
		expect((await store.attempts.get('b1'))?.traineeId).toBe('ana');
		const [later] = await importProgressFiles(
			store,
			[file('Ana', { b1: finished, b2: started }, 12, 'ana-tablet')],
			rescore
		);
		expect(later!.trainees).toEqual([
			expect.objectContaining({ id: 'ana', updated: ['b1'], added: ['b2'], isNew: false })
		]);
		expect((await store.trainees.list()).map((t) => t.id)).toEqual(['ana']);
		expect((await store.attempts.listByTrainee('ana')).map((a) => a.id).sort()).toEqual(['a1', 'b1', 'b2']);
	});

	it('leaves an attempt that changed after the check alone', async () => {
		const store = await make();
		const { checkProgressFiles, storedView, writeCheckedFiles } = await import('./progress-import');
		await importProgressFiles(store, [file('Ana', { a1: started })], rescore);
		const checked = await checkProgressFiles(
			[file('Ana', { a1: finished })],
			await storedView(store),
			rescore
		);
		// Another tab plays on before the write.
		await store.attempts.recordEntry('a1', choose('listen'), {});
		const [result] = await writeCheckedFiles(store, checked);
		expect(result!.trainees[0]!.skipped).toEqual([{ id: 'a1', reason: 'changed' }]);
		expect((await store.attempts.get('a1'))?.log).toEqual([choose('greet'), choose('listen')]);
	});
});

describe('compareLogs', () => {
	it('reads the trainee’s doing, not the labels an import works out again', () => {
		const typed = (style: string): LogEntry => ({
			type: 'choice.type',
			choice: 'c1',
			style,
			steps: [],
			typed: { text: 'Sorry about that', lang: 'en', evidence: [], confidence: 0.5 }
		});
		expect(compareLogs([typed('passive')], [typed('assertive')])).toEqual({ kind: 'same' });
		expect(compareLogs(started, finished)).toEqual({ kind: 'extends' });
		expect(compareLogs(finished, started)).toEqual({ kind: 'older' });
		expect(compareLogs(finished, diverged)).toEqual({ kind: 'diverges', at: 1 });
	});

	it('derives valid, stable ids for diverging copies', () => {
		const id = forkId('x'.repeat(128), diverged, 1);
		expect(id).toMatch(/^[A-Za-z0-9][A-Za-z0-9._:-]{0,127}$/);
		expect(forkId('a1', [...diverged, choose('goodbye')], 1)).toBe(forkId('a1', diverged, 1));
		expect(forkId('a1', finished, 1)).not.toBe(forkId('a1', diverged, 1));
	});
});
