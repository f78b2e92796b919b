// Saving a running attempt when things go wrong (issue 15): a failed save, another tab that finished the
// attempt or deleted the profile, blocked storage, a changed scenario. Each test gets a fresh `progress` (the
// module is loaded anew) over an IndexedDB of its own, and a localStorage of its own.
import 'fake-indexeddb/auto';
import { IDBFactory } from 'fake-indexeddb';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { fixture, rubric } from '$lib/engine/test-helpers';
import type { ProgressStore } from '$lib/persistence';

const tiny = fixture('tiny');
const rubrics = [rubric('style'), rubric('last')];
const SUMMARY = 'service-roleplay:summary';

/** A localStorage in memory; `full` makes every write fail as a full one does. */
function fakeLocalStorage() {
	const items = new Map<string, string>();
	return {
		full: false,
		getItem: (key: string) => items.get(key) ?? null,
		setItem(key: string, value: string) {
			if (this.full) throw new DOMException('The quota has been exceeded.', 'QuotaExceededError');
			items.set(key, value);
		},
		removeItem: (key: string) => void items.delete(key),
		clear: () => items.clear(),
		key: (i: number) => [...items.keys()][i] ?? null,
		get length() {
			return items.size;
		}
	};
}

let storage: ReturnType<typeof fakeLocalStorage>;
const opened: ProgressStore[] = [];

beforeEach(() => {
	vi.resetModules();
	vi.stubGlobal('indexedDB', new IDBFactory());
	storage = fakeLocalStorage();
	vi.stubGlobal('localStorage', storage);
});
afterEach(async () => {
	for (const store of opened.splice(0)) store.close();
	vi.unstubAllGlobals();
	vi.restoreAllMocks();
});

/** A fresh app: progress, the recorder and the session, as a tab loads them. */
async function app() {
	const { progress } = await import('./progress.svelte');
	const { AttemptRecorder } = await import('./attempt-recorder');
	const { ScenarioSession } = await import('./scenario-session.svelte');
	const store = await progress.ready();
	opened.push(store);
	return { progress, AttemptRecorder, ScenarioSession, store };
}

/** Another tab: its own connection to the same database. */
async function otherTab() {
	const { openProgressStore } = await import('$lib/persistence');
	const store = await openProgressStore();
	opened.push(store);
	return store;
}

/** Makes the store's next attempt write fail with `error`, whichever method the recorder uses for it. */
function failNextWrite(store: ProgressStore, error: () => Error) {
	let armed = true;
	const attempts = store.attempts as unknown as Record<string, (...args: unknown[]) => Promise<unknown>>;
	for (const key of ['start', 'recordEntry', 'recordEntries']) {
		const real = attempts[key];
		if (!real) continue;
		attempts[key] = (...args) => {
			if (!armed) return real(...args);
			armed = false;
			return Promise.reject(error());
		};
	}
}

/** What the store throws when IndexedDB's quota is reached (the store's own tests cover how it gets there). */
let quotaError: () => Error;
beforeEach(async () => {
	const { StorageFullError } = await import('$lib/persistence');
	quotaError = () =>
		new StorageFullError(new DOMException('The quota has been exceeded.', 'QuotaExceededError'));
});

async function playing(options: { attemptId?: string } = {}) {
	const tab = await app();
	await tab.progress.createTrainee('Ana');
	const session = new tab.ScenarioSession(tiny, 'practice');
	const recorder = new tab.AttemptRecorder({ scenario: tiny, rubrics, mode: 'practice', ...options });
	recorder.attach(session);
	return { ...tab, session, recorder };
}

describe('one failed save (item 3)', () => {
	it('the saves after a failed one still happen, and bring the step it left out', async () => {
		const { store, session, recorder, progress } = await playing();
		session.select('so-sorry');
		await recorder.settled();
		failNextWrite(store, () => new Error('Disk I/O error'));
		session.rewind(0);
		await recorder.settled().catch(() => {});
		const afterFailure = { notice: progress.notice, unsaved: progress.unsaved };
		session.select('hear-her-out');
		await recorder.settled().catch(() => {});
		const [attempt] = await store.attempts.listAll();
		expect(attempt!.log).toHaveLength(3);
		expect(attempt!.log).toEqual(session.log);
		// Until then the banner said so, and counted the step.
		expect(afterFailure).toEqual({ notice: 'not-saved', unsaved: 1 });
		expect(progress.unsaved).toBe(0);
		expect(progress.notice).toBeUndefined();
	});

	it('a full disk for one step: the banner counts it, and the next save stores it', async () => {
		const { store, session, recorder, progress } = await playing();
		session.select('hear-her-out');
		await recorder.settled();
		failNextWrite(store, quotaError);
		session.rewind(0);
		await recorder.settled();
		expect(progress.notice).toBe('full');
		expect(progress.unsaved).toBe(1);
		session.select('so-sorry');
		await recorder.settled();
		expect((await store.attempts.listAll())[0]!.log).toEqual(session.log);
		expect(progress.notice).toBeUndefined();
	});

	it('the last step, refused by a full disk, is stored by "Try again"', async () => {
		const { store, session, recorder, progress } = await playing();
		session.select('hear-her-out');
		await recorder.settled();
		failNextWrite(store, quotaError);
		session.select('top-up');
		await recorder.settled();
		expect(progress.unsaved).toBe(1);
		expect((await store.attempts.listAll())[0]!.status).toBe('in-progress');
		await progress.retrySaves();
		const [attempt] = await store.attempts.listAll();
		expect(attempt).toMatchObject({ status: 'finished', ending: 'loyal', log: session.log });
		expect(progress.unsaved).toBe(0);
	});

	it('counts every step a full disk left out, not just the last', async () => {
		const { store, session, recorder, progress } = await playing();
		session.select('so-sorry');
		await recorder.settled();
		failNextWrite(store, quotaError);
		session.rewind(0);
		await recorder.settled();
		failNextWrite(store, quotaError);
		session.select('hear-her-out');
		await recorder.settled();
		expect(progress.notice).toBe('full');
		expect(progress.unsaved).toBe(2);
	});
});

describe('progress.whenSaved', () => {
	it('resolves once every save started so far has settled, a failed one included', async () => {
		const { store, session, progress } = await playing();
		session.select('hear-her-out');
		session.select('top-up');
		const write = progress.write((s) => s.settings.set('layout', 'wide'));
		const failed = progress.write(() => Promise.reject(new Error('Disk I/O error')));
		const rejected = expect(failed).rejects.toThrow('Disk I/O error');
		await progress.whenSaved();
		// The failed write has settled too: its failure is on the banner already.
		expect(progress.problem).toEqual({ kind: 'not-saved', reason: 'Disk I/O error' });
		const [attempt] = await store.attempts.listAll();
		expect(attempt).toMatchObject({ status: 'finished', log: session.log });
		expect(await store.settings.get('layout')).toBe('wide');
		await write;
		await rejected;
	});
});

describe('another tab moved on', () => {
	it('finished there (item 1): the pick here is refused with a notice naming the attempt, and nothing throws', async () => {
		const { store, session, recorder, progress } = await playing();
		session.select('hear-her-out');
		await recorder.settled();
		const id = recorder.attemptId!;
		// Tab B resumes the same attempt, one step in; tab A then picks the ending.
		const tabB = new (await import('./scenario-session.svelte')).ScenarioSession(tiny, 'practice', {
			log: session.log,
			seed: session.seed
		});
		const recorderB = new (await import('./attempt-recorder')).AttemptRecorder({
			scenario: tiny,
			rubrics,
			mode: 'practice',
			attemptId: id
		});
		recorderB.attach(tabB);
		session.select('top-up');
		await recorder.settled();
		const ended = await store.attempts.get(id);
		// The first save of tab B, and another after it: both refused, neither thrown.
		tabB.select('maybe-later');
		await recorderB.settled();
		expect(progress.notice).toBe('finished');
		expect(progress.problem).toEqual({ kind: 'finished', attemptId: id });
		expect(await store.attempts.get(id)).toEqual(ended);
	});

	it('finished in another connection: the first write of this tab is refused the same way', async () => {
		const { session, recorder, progress } = await playing();
		session.select('hear-her-out');
		await recorder.settled();
		const id = recorder.attemptId!;
		const other = await otherTab();
		await other.attempts.recordEntry(
			id,
			{ type: 'choice.select', choice: 'top-up' },
			{ expectedLength: 1, status: 'finished', ending: 'loyal' }
		);
		session.select('maybe-later');
		await recorder.settled();
		expect(progress.problem).toEqual({ kind: 'finished', attemptId: id });
	});

	it('the profile deleted there (item 2): the next turn is refused, the tab is told, no orphan comes back', async () => {
		const { session, recorder, progress } = await playing();
		session.select('so-sorry');
		await recorder.settled();
		const traineeId = progress.trainee!.id;
		const other = await otherTab();
		await other.trainees.remove(traineeId);
		session.rewind(0);
		await recorder.settled();
		expect(await other.attempts.listAll()).toEqual([]);
		expect(progress.notice).toBe('removed');
		expect(progress.problem).toEqual({ kind: 'removed', what: 'trainee' });
		// Nor with the turn after it.
		session.select('hear-her-out');
		await recorder.settled();
		expect(await other.attempts.listAll()).toEqual([]);
	});
});

describe('another tab deleted the profile of an attempt this tab has not written yet', () => {
	it('says the profile is gone, not just the attempt', async () => {
		const { progress, AttemptRecorder, ScenarioSession } = await app();
		await progress.createTrainee('Flo');
		const other = await otherTab();
		const attempt = await other.attempts.start(
			{
				traineeId: progress.trainee!.id,
				scenarioId: tiny.id,
				contentVersion: tiny.version,
				mode: 'practice'
			},
			{ entries: [{ type: 'choice.select', choice: 'so-sorry' }], update: {} }
		);
		const session = new ScenarioSession(tiny, 'practice', { log: attempt.log, seed: 1 });
		const recorder = new AttemptRecorder({
			scenario: tiny,
			rubrics,
			mode: 'practice',
			attemptId: attempt.id
		});
		recorder.attach(session);
		await other.trainees.remove(progress.trainee!.id);
		session.rewind(0);
		await recorder.settled();
		expect(await other.attempts.listAll()).toEqual([]);
		expect(progress.problem).toEqual({ kind: 'removed', what: 'trainee' });
	});
});

describe('a changed scenario (item 10)', () => {
	it('replays an attempt once: its copy closes it, so resuming it again makes no more copies', async () => {
		const { store, progress, AttemptRecorder, ScenarioSession } = await app();
		await progress.createTrainee('Ana');
		const traineeId = progress.trainee!.id;
		// Played on version 0 of the content; its second entry names a choice that is gone now.
		const old = await store.attempts.start(
			{ traineeId, scenarioId: tiny.id, contentVersion: tiny.version - 1, mode: 'practice' },
			{
				entries: [
					{ type: 'choice.select', choice: 'hear-her-out' },
					{ type: 'choice.select', choice: 'gone-now' }
				],
				update: {}
			}
		);
		for (let resume = 0; resume < 3; resume++) {
			const saved = (await store.attempts.get(old.id))!;
			if (saved.status !== 'in-progress') break;
			const session = new ScenarioSession(tiny, 'practice', { log: saved.log, seed: 1 });
			expect(session.replayStoppedAt).toBe(1);
			const recorder = new AttemptRecorder({ scenario: tiny, rubrics, mode: 'practice', replaces: old.id });
			recorder.attach(session);
			session.rewind(0);
			await recorder.settled();
		}
		const all = await store.attempts.listByTrainee(traineeId);
		expect(all.filter((a) => a.status === 'in-progress')).toHaveLength(1);
		expect(all).toHaveLength(2);
		expect((await store.attempts.get(old.id))?.status).toBe('finished');
		// The library shows the copy in progress, not the closed attempt as practised.
		expect(progress.summary?.attempts.map((a) => a.status)).toEqual(['in-progress']);
	});
});

describe('the summary the library reads (item 6)', () => {
	it('with IndexedDB blocked, the in-memory progress is not written for other tabs to find', async () => {
		vi.stubGlobal('indexedDB', undefined);
		const { progress, store, AttemptRecorder, ScenarioSession } = await app();
		expect(store.persistent).toBe(false);
		await progress.createTrainee('Private Pat');
		const session = new ScenarioSession(tiny, 'practice');
		const recorder = new AttemptRecorder({ scenario: tiny, rubrics, mode: 'practice' });
		recorder.attach(session);
		session.select('hear-her-out');
		session.select('top-up');
		await recorder.settled();
		// This tab's own library still shows what it played.
		expect(progress.summary?.attempts.map((a) => a.status)).toEqual(['finished']);
		expect(storage.getItem(SUMMARY)).toBeNull();
	});

	it('a summary that cannot be written is cleared, not left showing the previous trainee', async () => {
		const { progress } = await app();
		await progress.createTrainee('First Trainee');
		expect(JSON.parse(storage.getItem(SUMMARY)!).trainee.name).toBe('First Trainee');
		storage.full = true;
		await progress.createTrainee('Second Trainee');
		expect(storage.getItem(SUMMARY)).toBeNull();
	});
});
