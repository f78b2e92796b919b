// The LRS support a class trainee's pages load (by dynamic import, never for anyone else): the outbox, the
// sender, and the queuing of each saved entry's statements.
import { resolve } from '$app/paths';
import { getLocale } from '$lib/i18n';
import { attemptStatements, type XapiContent } from '$lib/engine/xapi/statements';
import type { Attempt } from '$lib/persistence';
import { openOutbox, type Outbox } from '$lib/persistence/outbox';
import { progress } from '../progress.svelte';
import { fetchScenario } from '../scenario-data';
import { readConnection, writeConnection, type ClassConnection } from './connection';
import { LrsSender } from './sender.svelte';

/** The app's own URL, no trailing slash: the root every statement's IRIs are built from. */
export const appOrigin = () => new URL(resolve('/'), location.href).href.replace(/\/$/, '');

interface Running {
	connection: ClassConnection;
	outbox: Outbox;
	sender: LrsSender;
}
let running: Promise<Running | undefined> | undefined;

/** Starts the sender for the class this device joined (once per page), and queues what a crash left out. */
export function startLrs(): Promise<Running | undefined> {
	running ??= open();
	return running;
}

async function open(): Promise<Running | undefined> {
	const connection = readConnection();
	if (!connection?.traineeId) return undefined;
	const outbox = await openOutbox();
	const sender = new LrsSender(connection, outbox);
	addEventListener('online', () => void sender.retry());
	const run = { connection, outbox, sender };
	void catchUp(run).finally(() => sender.kick());
	return run;
}

const belongs = (c: ClassConnection, attempt: Attempt) =>
	c.traineeId === attempt.traineeId && attempt.startedAt >= (c.joinedAt ?? 0);

async function traineeName(id: string) {
	if (progress.trainee?.id === id) return progress.trainee.name;
	const store = await progress.ready();
	return (await store.trainees.get(id))?.name ?? id;
}

async function queue(run: Running, attempt: Attempt, from: number, content: XapiContent, at: () => number) {
	const statements = attemptStatements(
		{ ...attempt, traineeName: await traineeName(attempt.traineeId) },
		content,
		{
			origin: appOrigin(),
			classId: run.connection.classId,
			className: run.connection.className,
			language: getLocale() === 'zh' ? 'zh' : 'en'
		},
		{ from, at }
	);
	await run.outbox.enqueue(attempt.id, attempt.log.length, statements);
}

/** The recorder's hook: the entries from `from` on were just saved with their attempt. */
export async function queueSaved(attempt: Attempt, from: number, content: XapiContent) {
	const run = await startLrs();
	if (!run || !belongs(run.connection, attempt)) return;
	// From what the outbox holds of this attempt: entries an earlier failed queuing left out go now too.
	const queued = (await run.outbox.queuedEntries([attempt.id])).get(attempt.id) ?? 0;
	await queue(run, attempt, Math.min(from, queued), content, () => Date.now());
	await run.sender.refreshCount();
	void run.sender.kick();
}

/**
 * Entries saved but never queued (the tab closed between the two writes): built again from the stored log.
 * The ids are the same, so a statement that was queued after all is not queued twice.
 */
async function catchUp(run: Running) {
	const store = await progress.ready();
	const attempts = (await store.attempts.listByTrainee(run.connection.traineeId!)).filter((a) =>
		belongs(run.connection, a)
	);
	const queued = await run.outbox.queuedEntries(attempts.map((a) => a.id));
	for (const attempt of attempts) {
		const from = queued.get(attempt.id) ?? 0;
		if (attempt.log.length <= from) continue;
		const data = await fetchScenario(attempt.scenarioId).catch(() => undefined);
		if (data) await queue(run, attempt, from, data, () => attempt.updatedAt);
	}
	await run.sender.refreshCount();
}

/** Leaving the class: the connection goes, and with it whatever was still waiting to be sent. */
export async function leaveClass() {
	const run = await startLrs();
	run?.sender.stop();
	await run?.outbox.clear();
	run?.outbox.close();
	running = undefined;
	writeConnection(undefined);
}
