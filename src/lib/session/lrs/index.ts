// The LRS support a class trainee's pages load (by dynamic import, never for anyone else): the outbox, the
// sender, the queuing of each saved entry's statements, and the `terminated` of an attempt the trainee leaves.
import { resolve } from '$app/paths';
import { getLocale } from '$lib/i18n';
import {
	attemptStatements,
	leftStatement,
	statementId,
	type XapiClass,
	type XapiContent
} from '$lib/engine/xapi/statements';
import type { Attempt } from '$lib/persistence';
import type { Outbox, OutboxStatements } from '$lib/persistence/outbox';
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
	const outbox = (await progress.ready()).outbox;
	// Progress kept only in this tab's memory: statements that could not outlive it are not queued either.
	if (!outbox) return undefined;
	await outbox.moveOld().catch((error: unknown) => console.error(error));
	const sender = new LrsSender(connection, outbox);
	addEventListener('online', () => void sender.retry());
	const run = { connection, outbox, sender };
	// Closing the tab, going to another app or another site: the attempt on screen is left. Hidden comes first
	// and is the last event a phone reliably gives; pagehide covers the rest.
	addEventListener('pagehide', () => leaveAttempt({ unloading: true }));
	document.addEventListener('visibilitychange', () => {
		if (document.visibilityState === 'hidden') leaveAttempt({ unloading: true });
		else sender.leaving = false;
	});
	void catchUp(run).finally(() => sender.kick());
	return run;
}

const belongs = (c: ClassConnection, attempt: Attempt) =>
	c.traineeId === attempt.traineeId && attempt.startedAt >= (c.joinedAt ?? 0);

async function nameOf(id: string) {
	if (progress.trainee?.id === id) return progress.trainee.name;
	const store = await progress.ready();
	return (await store.trainees.get(id))?.name ?? id;
}

const classOf = (connection: ClassConnection): XapiClass => ({
	origin: appOrigin(),
	classId: connection.classId,
	className: connection.className,
	language: getLocale() === 'zh' ? 'zh' : 'en'
});

async function queue(run: Running, attempt: Attempt, from: number, content: XapiContent, at: () => number) {
	const traineeName = await nameOf(attempt.traineeId);
	const statements = attemptStatements({ ...attempt, traineeName }, content, classOf(run.connection), {
		from,
		at
	});
	await run.outbox.enqueue(attempt.id, attempt.log.length, statements);
	return traineeName;
}

/** The attempt this page is playing, as last saved, until it ends or the trainee leaves it. */
interface Open {
	run: Running;
	attempt: Attempt;
	content: XapiContent;
	traineeName: string;
	release: () => void;
}
let playing: Open | undefined;
/** Attempts that reached their ending on this page: a late queuing of an earlier entry does not reopen one. */
const ended = new Set<string>();

const lockOf = (attemptId: string) => `service-roleplay-playing:${attemptId}`;

/** Held while this page plays the attempt: another tab's catch-up then knows it was not left. */
function holdLock(attemptId: string): () => void {
	let release = () => {};
	const held = new Promise<void>((resolve) => (release = resolve));
	void navigator.locks?.request(lockOf(attemptId), () => held).catch(() => {});
	return release;
}

/**
 * The trainee left the attempt on screen before its ending (another page, the tab closed, the app hidden):
 * its `terminated` goes into the outbox, and the sender is asked to send at once (as the page unloads, in a
 * request that outlives it). Built without awaiting anything first, so it is queued before the page goes.
 * Not sent by then, it is sent on the next visit; its id comes from the attempt and entry, so it is one
 * statement however often.
 */
export function leaveAttempt({ unloading = false } = {}) {
	const open = playing;
	if (!open) return;
	playing = undefined;
	open.release();
	const { run, attempt, content, traineeName } = open;
	const statement = leftStatement({ ...attempt, traineeName }, content, classOf(run.connection), Date.now());
	if (!statement) return;
	if (unloading) run.sender.leaving = true;
	void run.outbox
		.enqueue(attempt.id, attempt.log.length, [statement])
		.then(() => run.sender.kick())
		.catch((error: unknown) => console.error(error));
}

/**
 * What a save queues with its turn (the store calls it inside the save's transaction): the statements of the
 * entries from `from` on. Nothing for an attempt from before the trainee joined, or of another trainee.
 */
export function statementsFor(content: XapiContent): OutboxStatements | undefined {
	const connection = readConnection();
	const trainee = progress.trainee;
	if (!connection?.traineeId || trainee?.id !== connection.traineeId) return undefined;
	const klass = classOf(connection);
	return (attempt, from) =>
		belongs(connection, attempt)
			? attemptStatements({ ...attempt, traineeName: trainee.name }, content, klass, { from, at: Date.now })
			: [];
}

/** The recorder's hook: the entries from `from` on were just saved with their attempt. */
export async function queueSaved(attempt: Attempt, from: number, content: XapiContent) {
	const run = await startLrs();
	if (!run || !belongs(run.connection, attempt)) return;
	// Mostly queued with the turn already; what a save made before the LRS code loaded left out goes now.
	const queued = (await run.outbox.queuedEntries([attempt.id])).get(attempt.id) ?? 0;
	const traineeName =
		queued < attempt.log.length
			? await queue(run, attempt, Math.min(from, queued), content, () => Date.now())
			: await nameOf(attempt.traineeId);
	// Another attempt on the same page (the trainee started again): the one before was left.
	if (playing && playing.attempt.id !== attempt.id) leaveAttempt();
	if (attempt.status === 'finished') ended.add(attempt.id);
	if (ended.has(attempt.id)) {
		playing?.release();
		playing = undefined;
	} else if (playing && playing.attempt.log.length > attempt.log.length) {
		// An earlier save's queuing finished after a later one's: the later one stands.
	} else {
		const release = playing?.release ?? holdLock(attempt.id);
		playing = { run, attempt, content, traineeName, release };
	}
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
	// An attempt left before its ending whose `terminated` never reached the outbox (the page was killed):
	// one that no page plays now (no tab holds its lock, and this page has not touched it).
	const playingElsewhere = new Set(
		((await navigator.locks?.query().catch(() => undefined))?.held ?? []).map((l) => l.name)
	);
	const leftIds = new Map(
		attempts
			.filter(
				(a) =>
					a.status !== 'finished' &&
					a.log.length > 0 &&
					a.updatedAt < performance.timeOrigin &&
					!playingElsewhere.has(lockOf(a.id))
			)
			.map((a) => [a.id, statementId(a.id, a.log.length - 1, 'terminated')])
	);
	const known = await run.outbox.known([...leftIds.values()]);
	for (const attempt of attempts) {
		const from = queued.get(attempt.id) ?? 0;
		const left = leftIds.get(attempt.id);
		const unsentLeave = left !== undefined && !known.has(left);
		if (attempt.log.length <= from && !unsentLeave) continue;
		const data = await fetchScenario(attempt.scenarioId).catch(() => undefined);
		if (!data) continue;
		const traineeName = await queue(run, attempt, from, data, () => attempt.updatedAt);
		const statement =
			unsentLeave &&
			leftStatement({ ...attempt, traineeName }, data, classOf(run.connection), attempt.updatedAt);
		if (statement) await run.outbox.enqueue(attempt.id, attempt.log.length, [statement]);
	}
	await run.sender.refreshCount();
}

/** Leaving the class: the connection goes, and with it whatever was still waiting to be sent. */
export async function leaveClass() {
	playing?.release();
	playing = undefined;
	const run = await startLrs();
	run?.sender.stop();
	await run?.outbox.clear();
	running = undefined;
	writeConnection(undefined);
}
