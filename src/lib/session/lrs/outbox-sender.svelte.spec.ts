import 'fake-indexeddb/auto';
import { afterEach, describe, expect, it } from 'vitest';
import { openOutbox } from '$lib/persistence/outbox';
import { reset } from '$lib/persistence/test-helpers';
import { getStatements, sendStatements, testConnection } from './client';
import { LrsSender } from './sender.svelte';

const target = {
	endpoint: 'http://lrs.test/xAPI/',
	auth: 'Basic a2V5OnNlY3JldA==',
	version: '1.0.3' as const
};
const statement = (n: number) => ({ id: `00000000-0000-5000-8000-${String(n).padStart(12, '0')}`, n });

/** A tiny LRS in memory: stores by id, answers 409 to a batch with a known id, and can be down or refuse. */
function fakeLrs() {
	const stored = new Map<string, unknown>();
	const lrs = {
		stored,
		posts: 0,
		down: false,
		status: 200,
		fetch: (async (input: RequestInfo | URL, init?: RequestInit) => {
			if (lrs.down) throw new TypeError('Failed to fetch');
			if (lrs.status !== 200) return new Response('{"message":"no"}', { status: lrs.status });
			const url = new URL(String(input));
			if (init?.method === 'POST') {
				lrs.posts++;
				const batch = JSON.parse(String(init.body)) as { id: string }[];
				if (batch.some((s) => stored.has(s.id))) return new Response('', { status: 409 });
				for (const s of batch) stored.set(s.id, s);
				return Response.json(batch.map((s) => s.id));
			}
			if (init?.method === 'PUT') {
				const id = url.searchParams.get('statementId')!;
				if (stored.has(id)) return new Response('', { status: 409 });
				stored.set(id, JSON.parse(String(init.body)));
				return new Response(null, { status: 204 });
			}
			return Response.json({ statements: [], more: '' });
		}) as typeof fetch
	};
	return lrs;
}

const opened: Awaited<ReturnType<typeof openOutbox>>[] = [];
async function outbox() {
	const box = await openOutbox({ name: reset('outbox') });
	opened.push(box);
	return box;
}
afterEach(() => {
	for (const box of opened.splice(0)) box.close();
});

describe('the outbox', () => {
	it('queues each statement id once, hands them out in order, and keeps only the id once sent', async () => {
		const box = await outbox();
		expect(await box.enqueue('a1', 1, [statement(1), statement(2)])).toBe(2);
		// Built again for the same entries (a reload, a second tab): nothing new is queued.
		expect(await box.enqueue('a1', 1, [statement(1), statement(2)])).toBe(0);
		expect(await box.enqueue('a1', 2, [statement(3)])).toBe(1);
		expect((await box.next(10)).map((s) => s.id)).toEqual([1, 2, 3].map((n) => statement(n).id));
		await box.markSent([statement(1).id]);
		expect(await box.pending()).toBe(2);
		expect((await box.next(1))[0]!.id).toBe(statement(2).id);
		// A sent statement built again is not queued again.
		expect(await box.enqueue('a1', 2, [statement(1)])).toBe(0);
		expect(await box.queuedEntries(['a1', 'other'])).toEqual(new Map([['a1', 2]]));
		await box.clear();
		expect(await box.count()).toBe(0);
	});

	it('knows the ids it holds, waiting or sent: a leave queued before is not built again', async () => {
		const box = await outbox();
		await box.enqueue('a1', 2, [statement(1), statement(2)]);
		await box.markSent([statement(1).id]);
		expect(await box.known([statement(1).id, statement(2).id, statement(3).id])).toEqual(
			new Set([statement(1).id, statement(2).id])
		);
		expect(await box.known([])).toEqual(new Set());
	});
});

describe('the sender', () => {
	it('delivers in batches, waits out an outage, and delivers every statement exactly once', async () => {
		const box = await outbox();
		const lrs = fakeLrs();
		const sender = new LrsSender(target, box, { batch: 4, fetcher: lrs.fetch, minDelay: 60_000 });
		await box.enqueue('a1', 5, [1, 2, 3, 4, 5].map(statement));
		await sender.kick();
		expect(sender.state).toBe('idle');
		expect(sender.pending).toBe(0);
		expect(lrs.posts).toBe(2);

		lrs.down = true;
		await box.enqueue('a1', 8, [6, 7, 8].map(statement));
		await sender.kick();
		expect(sender.state).toBe('waiting');
		expect(sender.pending).toBe(3);

		lrs.down = false;
		await sender.retry();
		expect(sender.pending).toBe(0);
		expect([...lrs.stored.keys()].sort()).toEqual(
			[1, 2, 3, 4, 5, 6, 7, 8].map((n) => statement(n).id).sort()
		);
		sender.stop();
	});

	it('counts a 409 as sent: an LRS that already has some ids gets the rest by PUT', async () => {
		const lrs = fakeLrs();
		lrs.stored.set(statement(1).id, statement(1));
		const result = await sendStatements(target, [statement(1), statement(2)], lrs.fetch);
		expect(result.outcome.kind).toBe('sent');
		expect(result.sent).toEqual([statement(1).id, statement(2).id]);
		expect(lrs.stored.size).toBe(2);
	});

	it('stops on a refused key, and says so, until the trainee retries', async () => {
		const box = await outbox();
		const lrs = fakeLrs();
		lrs.status = 401;
		const sender = new LrsSender(target, box, { fetcher: lrs.fetch });
		await box.enqueue('a1', 1, [statement(1)]);
		await sender.kick();
		expect(sender.state).toBe('refused');
		expect(sender.pending).toBe(1);
		await sender.kick();
		expect(sender.state).toBe('refused');
		lrs.status = 200;
		await sender.retry();
		expect(sender.state).toBe('idle');
		expect(sender.pending).toBe(0);
	});

	it('sends as the page goes in requests that outlive it, when they are small enough for the browser', async () => {
		const box = await outbox();
		const asked: (boolean | undefined)[] = [];
		const lrs = fakeLrs();
		const fetcher = ((input: RequestInfo | URL, init?: RequestInit) => {
			asked.push(init?.keepalive);
			return lrs.fetch(input, init);
		}) as typeof fetch;
		const sender = new LrsSender(target, box, { fetcher });
		await box.enqueue('a1', 1, [statement(1)]);
		await sender.kick();
		sender.leaving = true;
		await box.enqueue('a1', 2, [statement(2)]);
		await sender.kick();
		// Past 64 KB a keepalive request is refused by the browser: that one goes as usual.
		const big = { ...statement(3), padding: 'x'.repeat(70_000) };
		await box.enqueue('a1', 3, [big]);
		await sender.kick();
		expect(asked).toEqual([undefined, true, undefined]);
		expect(lrs.stored.size).toBe(3);
	});

	it('tells a version the LRS refuses from other refusals', async () => {
		const box = await outbox();
		const fetcher = (async () =>
			Response.json(
				{ warnings: ["Problem in 'header.X-Experience-API-Version'"] },
				{ status: 400 }
			)) as typeof fetch;
		const sender = new LrsSender({ ...target, version: '2.0.0' }, box, { fetcher });
		await box.enqueue('a1', 1, [statement(1)]);
		await sender.kick();
		expect(sender.state).toBe('version');
	});
});

describe('the client', () => {
	it('follows `more` to the last page, resolved against the endpoint', async () => {
		const asked: string[] = [];
		const fetcher = (async (input: RequestInfo | URL) => {
			const url = String(input);
			asked.push(url);
			return url.includes('cursor=2')
				? Response.json({ statements: [{ id: 'c' }], more: '' })
				: Response.json({ statements: [{ id: 'a' }, { id: 'b' }], more: '/xAPI/statements?cursor=2' });
		}) as typeof fetch;
		const seen: unknown[] = [];
		const result = await getStatements(
			target,
			{ activity: 'http://app/x', related_activities: true },
			(p) => seen.push(...p),
			fetcher
		);
		expect(result).toMatchObject({ kind: 'sent', pages: 2 });
		expect(seen).toHaveLength(3);
		expect(asked[0]).toContain('related_activities=true');
		expect(asked[1]).toBe('http://lrs.test/xAPI/statements?cursor=2');
	});

	it('names what failed: no network, no CORS header, a refused key, a version not offered', async () => {
		const down = (async () => {
			throw new TypeError('Failed to fetch');
		}) as typeof fetch;
		expect(await testConnection(target, down)).toEqual({ ok: false, failure: 'network' });
		expect(await testConnection({ ...target, endpoint: 'lrs.example.org' }, down)).toEqual({
			ok: false,
			failure: 'address'
		});
		// Only no-cors gets through: the server answered, but the browser may not read it.
		const noCors = (async (_input: RequestInfo | URL, init?: RequestInit) => {
			if (init?.mode === 'no-cors') return new Response(null, { status: 200 });
			throw new TypeError('Failed to fetch');
		}) as typeof fetch;
		expect(await testConnection(target, noCors)).toEqual({ ok: false, failure: 'cors' });
		const refusing = (async (input: RequestInfo | URL) =>
			String(input).endsWith('/about')
				? Response.json({ version: ['1.0.3'] })
				: new Response('', { status: 401 })) as typeof fetch;
		expect(await testConnection(target, refusing)).toMatchObject({ ok: false, failure: 'key', status: 401 });
		const forbidding = (async (input: RequestInfo | URL) =>
			String(input).endsWith('/about')
				? Response.json({ version: ['1.0.3'] })
				: new Response('', { status: 403 })) as typeof fetch;
		expect(await testConnection(target, forbidding)).toMatchObject({ failure: 'key', status: 403 });
		expect(await testConnection({ ...target, version: '2.0.0' }, refusing)).toMatchObject({
			ok: false,
			failure: 'version',
			detail: '1.0.3'
		});
		const fine = (async (input: RequestInfo | URL) =>
			String(input).endsWith('/about')
				? Response.json({ version: ['1.0.3'] })
				: Response.json({ statements: [] })) as typeof fetch;
		expect(await testConnection(target, fine)).toEqual({ ok: true });
	});
});
