import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import { openProgressStore } from './index';
import { peekSettings } from './peek';
import { reset } from './test-helpers';

describe('peekSettings', () => {
	it('reads what the store wrote, without the store', async () => {
		const name = reset();
		const store = await openProgressStore({ name });
		await store.settings.set('instructorPasscode', { salt: 's', hash: 'h', iterations: 1 } as never);
		const peeked = await peekSettings(['instructorPasscode', 'activeTrainee'], name);
		expect(peeked?.get('instructorPasscode')).toEqual({ salt: 's', hash: 'h', iterations: 1 });
		expect(peeked?.has('activeTrainee')).toBe(true);
		expect(peeked?.get('activeTrainee')).toBeUndefined();
	});

	it('answers "no settings" for a device with no database, and creates none', async () => {
		const name = reset();
		expect(await peekSettings(['instructorPasscode'], name)).toEqual(new Map());
		expect((await indexedDB.databases()).some((d) => d.name === name)).toBe(false);
		// The store still opens and upgrades as on a new device.
		const store = await openProgressStore({ name });
		await store.settings.set('activeTrainee', 'trainee-1');
		expect((await peekSettings(['activeTrainee'], name))?.get('activeTrainee')).toBe('trainee-1');
	});

	it('closes its connection at once, so it never blocks an upgrade or a delete', async () => {
		const name = reset();
		const store = await openProgressStore({ name });
		await store.settings.set('activeTrainee', 'a');
		store.close();
		expect((await peekSettings(['activeTrainee'], name))?.get('activeTrainee')).toBe('a');
		const outcome = await new Promise<string>((resolve) => {
			const request = indexedDB.deleteDatabase(name);
			request.onblocked = () => resolve('blocked');
			request.onsuccess = () => resolve('deleted');
		});
		expect(outcome).toBe('deleted');
	});
});
