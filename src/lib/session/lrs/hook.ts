// What play calls after each save: for a trainee in a class with an LRS it loads the LRS code and queues the
// entries' statements; for anyone else it does nothing and loads nothing.
import type { Rubric, Scenario } from '$lib/engine/schema';
import type { Attempt } from '$lib/persistence';
import { readConnection } from './connection';

export function queueForClass(
	attempt: Attempt,
	from: number,
	content: { scenario: Scenario; rubrics: Rubric[] }
) {
	if (readConnection()?.traineeId !== attempt.traineeId) return;
	import('./index')
		.then((lrs) => lrs.queueSaved(attempt, from, content))
		.catch((error: unknown) => console.error(error));
}
