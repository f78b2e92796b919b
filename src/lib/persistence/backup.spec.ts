// The instructor's backup (issue 11): everything of the instructor area round-trips into an empty device, and
// a hostile or broken backup is refused with its reason and writes nothing.
import 'fake-indexeddb/auto';
import { afterEach, describe, expect, it } from 'vitest';
import { BACKUP_MAX_BYTES, exportBackup, parseBackup, type Backup } from './backup';
import { openProgressStore, type ProgressStore } from './index';
import type { Rescore } from './progress-import';
import { MERGED_SETTING } from './store';
import { choose, importProgressFiles, reset, tickingClock } from './test-helpers';

const stores: ProgressStore[] = [];
afterEach(() => {
	for (const store of stores.splice(0)) store.close();
});
const open = async () => {
	const store = await openProgressStore({ name: reset(), now: tickingClock() });
	stores.push(store);
	return store;
};
const AT = new Date('2025-03-10T12:00:00.000Z');
const rescore: Rescore = (a) =>
	a.log.length >= 2
		? { status: 'finished', ending: 'loyal', scores: { style: a.log.length * 10 } }
		: { status: 'in-progress' };
const lrs = {
	endpoint: 'https://lrs.example.org/xapi/',
	key: 'class-key',
	secret: 'class-secret',
	version: '1.0.3'
};

/** The instructor's device: two records in a class with an LRS, one merge, and a trainee's own profile. */
async function instructorDevice() {
	const store = await open();
	const file = (id: string, name: string, attempts: Record<string, number>) => ({
		format: 'service-roleplay-progress' as const,
		version: 1 as const,
		exportedAt: AT.toISOString(),
		trainees: [{ id, name, createdAt: Date.UTC(2025, 2, 1) }],
		attempts: Object.entries(attempts).map(([aid, n]) => ({
			id: aid,
			traineeId: id,
			scenarioId: 'refund',
			contentVersion: 1,
			mode: 'assessment' as const,
			status: 'in-progress' as const,
			startedAt: Date.UTC(2025, 2, 2),
			updatedAt: Date.UTC(2025, 2, 2, 1),
			log: Array.from({ length: n }, (_, i) => choose(`c${i}`)),
			notes: ''
		}))
	});
	await importProgressFiles(
		store,
		[file('ana', 'Ana', { a1: 2, a2: 1 }), file('li', 'Li', { l1: 3 }), file('ana-2', 'Ana', { b1: 1 })],
		rescore,
		{ source: 'import' }
	);
	await store.trainees.merge('ana-2', 'ana');
	const morning = await store.classes.create('Morning group');
	await store.trainees.setClassOf(['ana', 'li'], morning.id);
	await store.settings.set(`classLrs:${morning.id}`, lrs);
	await store.trainees.create('Own profile');
	return { store, morning };
}

const text = (data: unknown) => JSON.stringify(data);
const parse = (data: unknown) => {
	const t = typeof data === 'string' ? data : text(data);
	return parseBackup(t, t.length);
};
function ok(data: unknown): Backup {
	const result = parse(data);
	if (!result.ok) throw new Error(result.error);
	return result.backup;
}

describe('backup', () => {
	it('round-trips the instructor area into an empty device, and a second restore changes nothing', async () => {
		const { store, morning } = await instructorDevice();
		const file = await exportBackup(store, AT);
		expect(file.trainees.map((t) => t.name)).toEqual(['Ana', 'Li']);
		expect(file.attempts.map((a) => a.id).sort()).toEqual(['a1', 'a2', 'b1', 'l1']);
		expect(file.settings).toEqual([{ kind: 'classLrs', classId: morning.id, value: lrs }]);

		const backup = ok(file);
		const empty = await open();
		const restore = () =>
			importProgressFiles(empty, [backup.progress], rescore, {
				source: 'import',
				classes: backup.classes,
				classOf: backup.classOf,
				settings: backup.settings,
				merged: backup.merged
			});
		const [result] = await restore();
		expect(result!.imported.sort()).toEqual(['a1', 'a2', 'b1', 'l1']);
		expect(await empty.classes.list()).toEqual([
			expect.objectContaining({ id: morning.id, name: 'Morning group' })
		]);
		expect((await empty.trainees.list()).map((t) => [t.name, t.classId, t.source])).toEqual([
			['Ana', morning.id, 'import'],
			['Li', morning.id, 'import']
		]);
		expect(await empty.settings.get(`classLrs:${morning.id}`)).toEqual(lrs);
		expect(await empty.settings.get(MERGED_SETTING)).toEqual({ 'ana-2': 'ana' });
		// Scores were worked out again, not taken from the backup.
		expect((await empty.attempts.get('l1'))?.scores).toEqual({ style: 30 });
		expect(await exportBackup(empty, AT)).toEqual(file);

		const [again] = await restore();
		expect(again).toMatchObject({ imported: [], updated: [] });
	});

	it('carries the extension point: a class setting row it does not know is not exported', async () => {
		const { store, morning } = await instructorDevice();
		await store.settings.set(`classLrs:${morning.id}`, { endpoint: 'not a url', key: 'k' });
		expect((await exportBackup(store, AT)).settings).toEqual([]);
	});
});

describe('a hostile or broken backup is refused, with what to do', () => {
	const valid = async () => exportBackup((await instructorDevice()).store, AT);

	it('refuses a progress file, another format, another version', async () => {
		expect(parse({ format: 'service-roleplay-progress', version: 1 })).toMatchObject({
			ok: false,
			problem: { code: 'progress-file' },
			error: expect.stringContaining('import it on the "Import progress files" page')
		});
		expect(parse({ format: 'x' })).toMatchObject({ problem: { code: 'not-backup' } });
		const file = await valid();
		expect(parse({ ...file, version: 2 })).toMatchObject({ problem: { code: 'newer-version', version: 2 } });
		expect(parse({ ...file, version: '1' })).toMatchObject({ problem: { code: 'unknown-version' } });
	});

	it('refuses text that is not JSON, too large, too deep, or with __proto__', async () => {
		expect(parse('{"format":')).toMatchObject({ problem: { code: 'not-json' } });
		expect(parseBackup('{}', BACKUP_MAX_BYTES + 1)).toMatchObject({
			problem: { code: 'too-large', limit: 100 }
		});
		expect(parse(`{"a":${'['.repeat(40)}${']'.repeat(40)}}`)).toMatchObject({
			problem: { code: 'too-deep' }
		});
		const polluted = text(await valid()).replace('"classes":[', '"classes":[{"__proto__":{"x":1}},');
		expect(parse(polluted)).toMatchObject({ problem: { code: 'forbidden-key', key: '__proto__' } });
	});

	it('refuses trainees and attempts that a progress file could not have, naming where', async () => {
		const file = await valid();
		const forged = { ...file, attempts: file.attempts.map((a, i) => (i ? a : { ...a, cheat: 1 })) };
		expect(parse(forged)).toMatchObject({
			problem: { code: 'damaged', detail: expect.stringContaining('unknown field "cheat" at attempts[0]') }
		});
		const orphan = { ...file, trainees: file.trainees.slice(1) };
		expect(parse(orphan)).toMatchObject({
			problem: { code: 'damaged', detail: expect.stringContaining('who is not in the file') }
		});
		const future = { ...file, exportedAt: '3000-01-01T00:00:00.000Z' };
		expect(parse(future)).toMatchObject({ problem: { code: 'future-time' } });
	});

	it('refuses classes, members and settings that do not fit together', async () => {
		const file = await valid();
		const ghostClass = { ...file, members: [{ traineeId: 'ana', classId: 'nowhere' }] };
		expect(parse(ghostClass)).toMatchObject({
			problem: {
				code: 'damaged',
				detail: expect.stringContaining('class "nowhere", which is not in the backup')
			}
		});
		const badLrs = { ...file, settings: [{ ...file.settings[0]!, value: { ...lrs, version: '9' } }] };
		expect(parse(badLrs)).toMatchObject({
			problem: { code: 'damaged', detail: expect.stringContaining('1.0.3 or 2.0.0') }
		});
		const unknownKind = { ...file, settings: [{ ...file.settings[0]!, kind: 'passcode' }] };
		expect(parse(unknownKind)).toMatchObject({ problem: { code: 'damaged' } });
		const htmlName = { ...file, classes: [{ ...file.classes[0]!, name: '' }] };
		expect(parse(htmlName)).toMatchObject({ problem: { code: 'damaged' } });
	});

	it('never carries the passcode', async () => {
		const store = await open();
		await store.settings.set('instructorPasscode', { hash: 'x' });
		expect(text(await exportBackup(store, AT))).not.toContain('instructorPasscode');
	});
});
