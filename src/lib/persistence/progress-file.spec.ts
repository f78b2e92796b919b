import 'fake-indexeddb/auto';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { LogEntry } from '$lib/engine/compile';
import { ProgressDatabase } from './db';
import { createDexieStore } from './dexie-store';
import { createMemoryStore } from './memory-store';
import { openProgressStore, StorageFullError, type ProgressStore } from './index';
import {
	PROGRESS_MAX_BYTES,
	exportProgress,
	parseProgressFile,
	serializeProgress,
	type ProgressFile
} from './progress-file';
import { rescoreOncePerPath, type Rescore } from './progress-import';
import { importProgress, importProgressFiles } from './test-helpers';
import { choose, reset, tickingClock } from './test-helpers';
import { readFileSync } from 'node:fs';

const stores: ProgressStore[] = [];
afterEach(() => {
	for (const store of stores.splice(0)) store.close();
	vi.restoreAllMocks();
});
const AT = new Date('2025-03-01T10:00:00.000Z');
const open = async () => {
	const store = await openProgressStore({ name: reset(), now: tickingClock() });
	stores.push(store);
	return store;
};

/** Stands in for the app's replay: an attempt ends when the trainee says goodbye. */
const scoresFor = (log: readonly LogEntry[]) => ({ style: log.length * 10 });
const rescore: Rescore = (attempt) => {
	const last = attempt.log.at(-1);
	return last?.type === 'choice.select' && last.choice === 'goodbye'
		? { status: 'finished', ending: 'loyal', scores: scoresFor(attempt.log) }
		: { status: 'in-progress' };
};

async function play(
	store: ProgressStore,
	traineeId: string,
	scenarioId: string,
	log: LogEntry[],
	finish: boolean
) {
	const attempt = await store.attempts.start({
		traineeId,
		scenarioId,
		contentVersion: 2,
		mode: 'assessment'
	});
	for (const [i, entry] of log.entries()) {
		const done = finish && i === log.length - 1;
		await store.attempts.recordEntry(attempt.id, entry, {
			snapshot: { value: `node-${i}` },
			...(done ? { status: 'finished', ending: 'loyal', scores: scoresFor(log) } : {})
		});
	}
	return attempt.id;
}

async function seeded() {
	const store = await open();
	const ana = await store.trainees.create('Ana');
	const bo = await store.trainees.create('Bo 波');
	await play(store, ana.id, 'refund', [choose('greet'), choose('goodbye')], true);
	const inProgress = await play(
		store,
		ana.id,
		'refund',
		[choose('greet'), { type: 'attempt.rewind', turn: 0 }, { type: 'attempt.restart' }],
		false
	);
	await store.attempts.setNotes(inProgress, 'listen before offering');
	await play(store, bo.id, 'late-delivery', [choose('goodbye')], true);
	return { store, ana, bo };
}

function fileOf(data: ProgressFile) {
	const text = serializeProgress(data);
	return { text, bytes: new TextEncoder().encode(text).byteLength };
}

function parsed(data: ProgressFile) {
	const { text, bytes } = fileOf(data);
	const result = parseProgressFile(text, bytes);
	if (!result.ok) throw new Error(result.error);
	return result.data;
}

describe('export and import', () => {
	it('round-trips exactly into an empty store', async () => {
		const { store } = await seeded();
		const exported = await exportProgress(store, undefined, AT);
		expect(exported.attempts).toHaveLength(3);
		expect(exported.attempts.every((a) => !('snapshot' in a))).toBe(true);

		const empty = await open();
		const result = await importProgress(empty, parsed(exported), rescore);
		expect(result.imported).toHaveLength(3);
		expect(result.skipped).toEqual([]);
		expect(result.rejected).toEqual([]);
		expect(await exportProgress(empty, undefined, AT)).toStrictEqual(exported);
	});

	it('exports only the trainees asked for', async () => {
		const { store, bo } = await seeded();
		const exported = await exportProgress(store, [bo.id], AT);
		expect(exported.trainees.map((t) => t.name)).toEqual(['Bo 波']);
		expect(exported.attempts.map((a) => a.traineeId)).toEqual([bo.id]);
	});

	it('never trusts the scores, ending or status in the file', async () => {
		const { store } = await seeded();
		const exported = await exportProgress(store, undefined, AT);
		for (const attempt of exported.attempts) {
			attempt.scores = { style: 100 };
			attempt.status = 'finished';
			attempt.ending = 'loyal';
		}
		const empty = await open();
		const seen: unknown[] = [];
		await importProgress(empty, parsed(exported), (attempt) => (seen.push(attempt), rescore(attempt)));
		expect(
			seen.every((a) => !Object.keys(a as object).some((k) => ['scores', 'status', 'ending'].includes(k)))
		).toBe(true);
		const restored = (await exportProgress(empty, undefined, AT)).attempts;
		expect(restored.map((a) => [a.status, a.scores?.style])).toEqual([
			['finished', 20],
			['in-progress', undefined],
			['finished', 10]
		]);
	});

	it('skips attempts already stored and adds only missing trainees', async () => {
		const { store } = await seeded();
		const exported = parsed(await exportProgress(store, undefined, AT));
		const again = await importProgress(store, exported, rescore);
		expect(again.imported).toEqual([]);
		expect(again.traineesAdded).toEqual([]);
		expect(again.skipped.sort()).toEqual(exported.attempts.map((a) => a.id).sort());

		const partial = await open();
		await importProgress(partial, { ...exported, attempts: exported.attempts.slice(0, 1) }, rescore);
		const edited = {
			...exported,
			attempts: exported.attempts.map((a) => ({ ...a, notes: 'from the file' }))
		};
		const result = await importProgress(partial, edited, rescore);
		expect(result.skipped).toEqual([exported.attempts[0]!.id]);
		expect(result.imported).toHaveLength(2);
		expect((await partial.attempts.get(exported.attempts[0]!.id))?.notes).toBe('');
	});

	it('reports attempts that cannot be replayed and imports the rest', async () => {
		const { store } = await seeded();
		const exported = parsed(await exportProgress(store, undefined, AT));
		const [first, second] = exported.attempts;
		const empty = await open();
		const result = await importProgress(empty, exported, (attempt) => {
			if (attempt.id === first!.id) return { error: 'scenario "refund" no longer has choice "goodbye"' };
			if (attempt.id === second!.id) throw new Error('replay crashed');
			return rescore(attempt);
		});
		expect(result.rejected).toEqual([
			{ id: first!.id, reason: 'scenario "refund" no longer has choice "goodbye"' },
			{ id: second!.id, reason: 'replay crashed' }
		]);
		expect(result.imported).toEqual([exported.attempts[2]!.id]);
	});

	it('changes nothing when the import transaction fails', async () => {
		const db = new ProgressDatabase(reset());
		const target = createDexieStore(db);
		stores.push(target);
		await target.trainees.create('Already here');
		const before = await exportProgress(target, undefined, AT);
		const { store } = await seeded();
		vi.spyOn(db.turns, 'bulkAdd').mockRejectedValueOnce(new DOMException('full', 'QuotaExceededError'));
		const data = parsed(await exportProgress(store, undefined, AT));
		await expect(importProgress(target, data, rescore)).rejects.toThrow(StorageFullError);
		expect(await exportProgress(target, undefined, AT)).toStrictEqual(before);
	});
});

describe('parseProgressFile', () => {
	const valid = (): ProgressFile => ({
		format: 'service-roleplay-progress',
		version: 1,
		exportedAt: AT.toISOString(),
		trainees: [{ id: 't1', name: 'Ana', createdAt: 1 }],
		attempts: [
			{
				id: 'a1',
				traineeId: 't1',
				scenarioId: 'refund',
				contentVersion: 1,
				mode: 'practice',
				status: 'in-progress',
				startedAt: 1,
				updatedAt: 2,
				log: [choose('greet')],
				notes: ''
			}
		]
	});
	const check = (value: unknown) => {
		const text = typeof value === 'string' ? value : JSON.stringify(value);
		return parseProgressFile(text, text.length);
	};
	const errorOf = (value: unknown) => {
		const result = check(value);
		if (result.ok) throw new Error('expected the file to be rejected');
		return result.error;
	};

	it('accepts a valid file', () => {
		expect(check(valid())).toEqual({ ok: true, data: valid() });
	});

	it('rejects a file over 20 MB before reading it', () => {
		const parse = vi.spyOn(JSON, 'parse');
		const result = parseProgressFile('{}', PROGRESS_MAX_BYTES + 1);
		expect(result).toEqual({
			ok: false,
			error: expect.stringMatching(/not a progress export.*at most 20 MB/),
			problem: { code: 'too-large', mb: '20.0' }
		});
		expect(parse).not.toHaveBeenCalled();
	});

	it('rejects text that is not JSON', () => {
		expect(errorOf('{"format": ')).toMatch(/^This file is not a progress export: it is not JSON text/);
	});

	it('rejects the wrong format and the wrong version', () => {
		expect(errorOf({ ...valid(), format: 'something-else' })).toMatch(
			/not a progress export: it lacks "format"/
		);
		expect(errorOf([1, 2])).toMatch(/not a progress export/);
		expect(errorOf({ ...valid(), version: 2 })).toMatch(/newer version of the app \(format version 2\)/);
		expect(errorOf({ ...valid(), version: '1' })).toMatch(/unknown format version \("1"\)/);
	});

	it('rejects an unknown key, naming it and where it is', () => {
		const file = valid();
		Object.assign(file.attempts[0]!, { cheat: true });
		expect(errorOf(file)).toMatch(/damaged or was edited: unknown field "cheat" at attempts\[0\]\./);
		expect(errorOf({ ...valid(), extra: 1 })).toMatch(/unknown field "extra" at the top/);
	});

	it('rejects __proto__, which JSON.parse keeps as an own key', () => {
		const text = JSON.stringify(valid()).replace(
			'"name":"Ana"',
			'"name":"Ana","__proto__":{"polluted":true}'
		);
		expect(Object.hasOwn(JSON.parse(text).trainees[0], '__proto__')).toBe(true);
		expect(errorOf(text)).toMatch(/contains the key "__proto__" at trainees\[0\]/);
		expect(({} as Record<string, unknown>).polluted).toBeUndefined();
	});

	it('rejects constructor and prototype keys anywhere', () => {
		const file = valid() as unknown as { attempts: { log: object[] }[] };
		file.attempts[0]!.log.push({ type: 'attempt.restart', constructor: { prototype: 1 } });
		expect(errorOf(file)).toMatch(/contains the key "constructor" at attempts\[0\]\.log\[1\]/);
		expect(errorOf({ ...valid(), prototype: {} })).toMatch(/key "prototype" at the top/);
	});

	it('rejects log entries that are not a choice, a rewind or a restart', () => {
		const file = valid() as unknown as { attempts: { log: object[] }[] };
		file.attempts[0]!.log = [{ type: 'score.set', value: 100 }];
		expect(errorOf(file)).toMatch(/a log entry is a choice\.select.* at attempts\[0\]\.log\[0\]/);
		file.attempts[0]!.log = [{ type: 'attempt.rewind', turn: -1 }];
		expect(errorOf(file)).toMatch(/negative at attempts\[0\]\.log\[0\]\.turn/);
		file.attempts[0]!.log = [{ type: 'choice.select', choice: 42 }];
		expect(errorOf(file)).toMatch(/an id must be text at attempts\[0\]\.log\[0\]\.choice/);
	});

	it('rejects missing fields, overlong names, bad ids and broken references', () => {
		const file = valid();
		delete (file.attempts[0] as Partial<(typeof file.attempts)[0]>).mode;
		expect(errorOf(file)).toMatch(/the field "mode" is missing at attempts\[0\]/);
		expect(errorOf({ ...valid(), trainees: [{ id: 't1', name: 'x'.repeat(201), createdAt: 1 }] })).toMatch(
			/longer than 200 characters at trainees\[0\]\.name/
		);
		expect(errorOf({ ...valid(), trainees: [{ id: 7, name: 'Ana', createdAt: 1 }] })).toMatch(
			/an id must be text/
		);
		expect(errorOf({ ...valid(), trainees: [] })).toMatch(/belongs to trainee "t1", who is not in the file/);
		const twice = valid();
		twice.attempts.push({ ...twice.attempts[0]! });
		expect(errorOf(twice)).toMatch(/attempt "a1" appears twice/);
	});

	it('leaves the store unchanged when the file is rejected', async () => {
		const { store } = await seeded();
		const before = await exportProgress(store, undefined, AT);
		const text = JSON.stringify({ ...before, attempts: [{ ...before.attempts[0], scores: 'all' }] });
		const result = parseProgressFile(text, text.length);
		expect(result.ok).toBe(false);
		if (result.ok) await importProgress(store, result.data, rescore);
		expect(await exportProgress(store, undefined, AT)).toStrictEqual(before);
	});
});

describe('importProgressFiles (many files, one write)', () => {
	it('gives each file its own result; an attempt in two files goes to the first, and a second import skips all', async () => {
		const { store, ana, bo } = await seeded();
		const anaFile = parsed(await exportProgress(store, [ana.id], AT));
		const boFile = parsed(await exportProgress(store, [bo.id], AT));
		// Bo's file also carries one of Ana's attempts, as a copied file might.
		const mixed: ProgressFile = {
			...boFile,
			trainees: [...boFile.trainees, anaFile.trainees[0]!],
			attempts: [...boFile.attempts, anaFile.attempts[0]!]
		};

		const empty = await open();
		const [first, second] = await importProgressFiles(empty, [anaFile, mixed], rescore);
		expect(first!.imported).toHaveLength(2);
		expect(first!.traineesAdded).toEqual([ana.id]);
		expect(second!.imported).toEqual([boFile.attempts[0]!.id]);
		expect(second!.skipped).toEqual([anaFile.attempts[0]!.id]);
		expect(second!.traineesAdded).toEqual([bo.id]);
		expect((await empty.attempts.listAll()).map((a) => a.id).sort()).toEqual(
			[...anaFile.attempts, ...boFile.attempts].map((a) => a.id).sort()
		);

		const again = await importProgressFiles(empty, [anaFile, mixed], rescore);
		expect(again.map((r) => [r.imported.length, r.skipped.length])).toEqual([
			[0, 2],
			[0, 2]
		]);
	});
});

describe('rescoreOncePerPath', () => {
	const input = (id: string, log: LogEntry[], contentVersion = 1) => ({
		id,
		traineeId: 't1',
		scenarioId: 'refund',
		contentVersion,
		mode: 'practice' as const,
		startedAt: 1,
		updatedAt: 2,
		log,
		notes: ''
	});

	it('replays each distinct path once and gives every attempt on it the same result', async () => {
		const rescore = vi.fn((a: { log: readonly LogEntry[] }) => ({
			status: 'finished' as const,
			scores: { style: a.log.length * 10 }
		}));
		const once = rescoreOncePerPath(rescore);
		const short = [choose('greet')];
		const long = [choose('greet'), choose('fix')];
		expect(await once(input('a1', short))).toEqual({ status: 'finished', scores: { style: 10 } });
		expect(await once(input('a2', [...short]))).toEqual({ status: 'finished', scores: { style: 10 } });
		expect(await once(input('a3', long))).toEqual({ status: 'finished', scores: { style: 20 } });
		// A newer content version can end differently, so it is replayed on its own.
		await once(input('a4', short, 2));
		expect(rescore).toHaveBeenCalledTimes(3);
	});
});

const attackFile = (name: string) =>
	readFileSync(new URL(`../../../tests/fixtures/progress/${name}`, import.meta.url), 'utf8');

describe('deeply nested files (issue 15, item 8)', () => {
	/** A progress file whose trainees are a list nested `depth` deep: two bytes a level. */
	const nested = (depth: number) =>
		`{"format":"service-roleplay-progress","version":1,"exportedAt":"2025-03-01T10:00:00.000Z",` +
		`"trainees":${'['.repeat(depth)}${']'.repeat(depth)},"attempts":[]}`;

	it.each([
		['60,000 deep (120 KB)', 60_000],
		['3,000,000 deep (6 MB)', 3_000_000]
	])('refuses a file nested %s at once, without walking it', (_label, depth) => {
		const text = nested(depth);
		const started = performance.now();
		const result = parseProgressFile(text, text.length);
		const ms = performance.now() - started;
		expect(result).toMatchObject({ ok: false, problem: { code: 'too-deep', limit: 16 } });
		expect(!result.ok && result.error).toMatch(/nests more than 16 levels deep/);
		expect(ms).toBeLessThan(500);
	});

	it('refuses the small attack file just past the limit, and counts brackets inside text as text', () => {
		const text = attackFile('deep-nesting.json');
		expect(parseProgressFile(text, text.length)).toMatchObject({ ok: false, problem: { code: 'too-deep' } });
		const brackets = JSON.stringify({
			format: 'service-roleplay-progress',
			version: 1,
			exportedAt: AT.toISOString(),
			trainees: [{ id: 't1', name: '[[[[[[[[[[[[[[[[[[[[{{{{{{{{{{{{{{{{\\"[[[[', createdAt: 1 }],
			attempts: []
		});
		expect(parseProgressFile(brackets, brackets.length).ok).toBe(true);
	});
});

describe('importBatch marks and cancels (issue 15, items 11 and 16)', () => {
	const trainee = { id: 'imported-1', name: 'Ana', createdAt: 1, source: 'import' as const };
	const attempts = Array.from({ length: 2500 }, (_, i) => ({
		id: `a-${i}`,
		traineeId: trainee.id,
		scenarioId: 'refund',
		contentVersion: 1,
		mode: 'practice' as const,
		status: 'in-progress' as const,
		startedAt: 1,
		updatedAt: 2,
		log: [choose('greet')],
		notes: ''
	}));

	describe.each([
		['IndexedDB', open],
		['memory', async () => createMemoryStore()]
	])('in %s', (_name, make) => {
		it('keeps the mark on a trainee it adds', async () => {
			const store = await make();
			await store.importBatch({ trainees: [trainee, { id: 'own', name: 'Bo', createdAt: 1 }], attempts: [] });
			const list = await store.trainees.list();
			expect(list.find((t) => t.id === 'imported-1')).toMatchObject({ source: 'import' });
			expect(list.find((t) => t.id === 'own')).not.toHaveProperty('source');
		});

		it('writes nothing when cancelled part way, and says how far it got', async () => {
			const store = await make();
			const controller = new AbortController();
			const written: number[] = [];
			const write = store.importBatch({
				trainees: [trainee],
				attempts,
				signal: controller.signal,
				onProgress: (done) => {
					written.push(done);
					if (done >= 1000) controller.abort();
				}
			});
			await expect(write).rejects.toMatchObject({ name: 'AbortError' });
			expect(written[0]).toBeGreaterThan(0);
			expect(await store.trainees.list()).toEqual([]);
			expect(await store.attempts.listAll()).toEqual([]);
		});
	});
});
