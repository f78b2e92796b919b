import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import { MissingRecordError, openProgressStore } from './index';
import { createMemoryStore } from './memory-store';
import { reset } from './test-helpers';

describe.each([
	['IndexedDB', () => openProgressStore({ name: reset() })],
	['memory', async () => createMemoryStore({ reason: 'unavailable', message: 'test' })]
])('trainees.setClassOf (%s)', (_name, open) => {
	it('puts many trainees in a class at once, and changes none when one is missing', async () => {
		const store = await open();
		const morning = await store.classes.create('Morning');
		const [ana, bo] = [await store.trainees.create('Ana'), await store.trainees.create('Bo')];
		await store.trainees.setClassOf([ana.id, bo.id], morning.id);
		expect((await store.trainees.list()).map((t) => t.classId)).toEqual([morning.id, morning.id]);

		await expect(store.trainees.setClassOf([ana.id, 'nobody'], undefined)).rejects.toBeInstanceOf(
			MissingRecordError
		);
		expect((await store.trainees.list()).map((t) => t.classId)).toEqual([morning.id, morning.id]);

		await store.trainees.setClassOf([bo.id], undefined);
		expect((await store.trainees.get(bo.id))?.classId).toBeUndefined();
		store.close();
	});
});
