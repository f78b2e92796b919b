// A database as the app's first version wrote it (Dexie stores version n as n × 10), built with IndexedDB itself,
// holding one trainee, "Old Oscar", with one attempt and its turn rows: what upgrade and resume journeys start from.
import type { Page } from '@playwright/test';

export interface Version1Attempt {
	id: string;
	contentVersion: number;
	status: 'in-progress' | 'finished';
	log: { type: string; choice: string }[];
	ending?: string;
	scores?: Record<string, number>;
}

export async function writeVersion1Database(page: Page, attempt: Version1Attempt) {
	await page.goto('/404-not-a-page');
	await page.evaluate(
		(attempt) =>
			new Promise<void>((resolve, reject) => {
				const open = indexedDB.open('service-roleplay', 10);
				open.onupgradeneeded = () => {
					const db = open.result;
					db.createObjectStore('trainees', { keyPath: 'id' }).createIndex('createdAt', 'createdAt');
					const attempts = db.createObjectStore('attempts', { keyPath: 'id' });
					for (const field of ['traineeId', 'scenarioId', 'updatedAt']) attempts.createIndex(field, field);
					db.createObjectStore('turns', { keyPath: ['attemptId', 'index'] }).createIndex(
						'attemptId',
						'attemptId'
					);
					db.createObjectStore('settings', { keyPath: 'key' });
					const tx = open.transaction!;
					const at = Date.UTC(2025, 0, 6, 9);
					const finished = attempt.status === 'finished';
					tx.objectStore('trainees').add({ id: 't1', name: 'Old Oscar', createdAt: at });
					tx.objectStore('attempts').add({
						...attempt,
						traineeId: 't1',
						scenarioId: 'rice-grit',
						mode: 'practice',
						startedAt: at,
						updatedAt: finished ? at + 60_000 : at,
						...(finished ? { finishedAt: at + 60_000 } : {})
					});
					attempt.log.forEach((entry, index) =>
						tx.objectStore('turns').add({ attemptId: attempt.id, index, entry, at: at + index })
					);
					tx.objectStore('settings').add({ key: 'activeTrainee', value: 't1' });
				};
				open.onsuccess = () => {
					open.result.close();
					resolve();
				};
				open.onerror = () => reject(open.error);
			}),
		attempt
	);
}
