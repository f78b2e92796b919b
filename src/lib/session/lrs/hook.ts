// What play calls for each save: for a trainee in a class with an LRS it loads the LRS code, builds the
// statements the save queues in its own transaction, and starts the sending; for anyone else it does nothing
// and loads nothing.
import type { Rubric, Scenario } from '$lib/engine/schema';
import type { Attempt } from '$lib/persistence';
import type { OutboxStatements } from '$lib/persistence/outbox';
import { readConnection } from './connection';

type Content = { scenario: Scenario; rubrics: Rubric[] };
let loaded: typeof import('./index') | undefined;
let loading: Promise<typeof import('./index')> | undefined;

function load() {
	loading ??= import('./index').then((lrs) => (loaded = lrs));
	return loading;
}

const inClass = (traineeId?: string) => {
	const connection = readConnection();
	return !!connection?.traineeId && (traineeId === undefined || connection.traineeId === traineeId);
};

/**
 * The statements of a save, for the store to queue with the turn. Undefined outside a class, or until the LRS
 * code has loaded (it starts loading here): the first save after it loads queues what came before.
 */
export function outboxFor(content: Content): OutboxStatements | undefined {
	if (!inClass()) return undefined;
	if (!loaded) {
		load().catch((error: unknown) => console.error(error));
		return undefined;
	}
	return loaded.statementsFor(content);
}

/** After each save: queues what the save could not (the LRS code was still loading), and wakes the sender. */
export function queueForClass(attempt: Attempt, from: number, content: Content) {
	if (!inClass(attempt.traineeId)) return;
	load()
		.then((lrs) => lrs.queueSaved(attempt, from, content))
		.catch((error: unknown) => console.error(error));
}
