// A small xAPI client: statements out (POST a batch, PUT one by id), statements in (GET, following `more`),
// and a connection test that names what failed. fetch only; no library.
import type { XapiVersion } from './connection';

export interface LrsTarget {
	endpoint: string;
	auth: string;
	version: XapiVersion;
}

export type SendOutcome =
	| { kind: 'sent' }
	/** The LRS refused the key: nothing will change until the instructor fixes it. */
	| { kind: 'refused'; status: number }
	/** The LRS refused the request itself (a version it does not speak, a statement it finds wrong). */
	| { kind: 'rejected'; status: number; message: string }
	/** Down, offline or busy: try again later. */
	| { kind: 'unreachable'; status?: number };

const headers = (target: LrsTarget, json = false): HeadersInit => ({
	Authorization: target.auth,
	'X-Experience-API-Version': target.version,
	...(json ? { 'Content-Type': 'application/json' } : {})
});

const url = (target: LrsTarget, path: string) => new URL(path, target.endpoint).href;

async function errorText(response: Response): Promise<string> {
	try {
		const text = await response.text();
		try {
			const json = JSON.parse(text) as { message?: unknown; warnings?: unknown };
			if (typeof json.message === 'string') return json.message;
		} catch {
			/* not JSON: the text is the message */
		}
		return text.slice(0, 300);
	} catch {
		return '';
	}
}

async function outcome(response: Response): Promise<SendOutcome> {
	if (response.ok) return { kind: 'sent' };
	if (response.status === 401 || response.status === 403) return { kind: 'refused', status: response.status };
	if (response.status === 408 || response.status === 429 || response.status >= 500)
		return { kind: 'unreachable', status: response.status };
	return { kind: 'rejected', status: response.status, message: await errorText(response) };
}

export interface SendOptions {
	/** Sent as the page goes: the request outlives it. */
	keepalive?: boolean;
}

/** Browsers refuse a keepalive body past 64 KB (all such requests in flight together): bigger ones go as usual. */
const KEEPALIVE_MAX = 60_000;
const keepalive = (options: SendOptions, body: string): RequestInit =>
	options.keepalive && new TextEncoder().encode(body).length < KEEPALIVE_MAX ? { keepalive: true } : {};

/** PUT by id: 204 stores it, 409 means the LRS has that id already. Both are sent. */
export async function putStatement(
	target: LrsTarget,
	statement: { id: string },
	fetcher = fetch,
	options: SendOptions = {}
) {
	try {
		const body = JSON.stringify(statement);
		const response = await fetcher(
			url(target, `statements?statementId=${encodeURIComponent(statement.id)}`),
			{ method: 'PUT', headers: headers(target, true), body, ...keepalive(options, body) }
		);
		if (response.status === 409) return { kind: 'sent' } as const;
		return outcome(response);
	} catch {
		return { kind: 'unreachable' } as const;
	}
}

/**
 * POSTs a batch; an LRS that has one of the ids already refuses the whole batch with 409, and then each
 * goes by PUT, so the ones it has count as sent and the others are stored.
 */
export async function sendStatements(
	target: LrsTarget,
	statements: readonly { id: string }[],
	fetcher: typeof fetch = fetch,
	options: SendOptions = {}
): Promise<{ sent: string[]; outcome: SendOutcome }> {
	let response: Response;
	try {
		const body = JSON.stringify(statements);
		response = await fetcher(url(target, 'statements'), {
			method: 'POST',
			headers: headers(target, true),
			body,
			...keepalive(options, body)
		});
	} catch {
		return { sent: [], outcome: { kind: 'unreachable' } };
	}
	if (response.status !== 409) {
		const result = await outcome(response);
		return { sent: result.kind === 'sent' ? statements.map((s) => s.id) : [], outcome: result };
	}
	const sent: string[] = [];
	for (const statement of statements) {
		const result = await putStatement(target, statement, fetcher, options);
		if (result.kind !== 'sent') return { sent, outcome: result };
		sent.push(statement.id);
	}
	return { sent, outcome: { kind: 'sent' } };
}

export interface StatementQuery {
	activity?: string;
	related_activities?: boolean;
	since?: string;
	registration?: string;
	limit?: number;
}

/** Every statement the query matches, page after page by `more`; `onPage` sees each page as it comes. */
export async function getStatements(
	target: LrsTarget,
	query: StatementQuery,
	onPage: (statements: unknown[]) => void,
	fetcher: typeof fetch = fetch
): Promise<SendOutcome & { pages?: number }> {
	const params = new URLSearchParams();
	for (const [key, value] of Object.entries(query)) if (value !== undefined) params.set(key, String(value));
	params.set('ascending', 'true');
	let next: string | undefined = url(target, `statements?${params}`);
	let pages = 0;
	while (next) {
		let response: Response;
		try {
			response = await fetcher(next, { headers: headers(target) });
		} catch {
			return { kind: 'unreachable' };
		}
		if (!response.ok) return outcome(response);
		const body = (await response.json()) as { statements?: unknown[]; more?: string };
		onPage(Array.isArray(body.statements) ? body.statements : []);
		pages++;
		// `more` is an IRL relative to the LRS's host (or absolute): resolved against the endpoint.
		next = body.more ? new URL(body.more, target.endpoint).href : undefined;
		if (next && !body.statements?.length) break;
	}
	return { kind: 'sent', pages };
}

export type ConnectionCheck =
	| { ok: true }
	| {
			ok: false;
			failure: 'address' | 'network' | 'cors' | 'key' | 'version' | 'other';
			status?: number;
			detail?: string;
	  };

/**
 * What a trainee's browser would meet: the LRS's about resource (no key needed), then a statements read with
 * the key and version. A fetch that fails is network or CORS; a no-cors request that goes through tells them
 * apart, since only a server that answered can give an opaque response.
 */
export async function testConnection(
	target: LrsTarget,
	fetcher: typeof fetch = fetch
): Promise<ConnectionCheck> {
	let about: Response;
	try {
		new URL(target.endpoint);
	} catch {
		return { ok: false, failure: 'address' };
	}
	try {
		about = await fetcher(url(target, 'about'), { headers: { 'X-Experience-API-Version': target.version } });
	} catch {
		try {
			await fetcher(url(target, 'about'), { mode: 'no-cors' });
			return { ok: false, failure: 'cors' };
		} catch {
			return { ok: false, failure: 'network' };
		}
	}
	if (about.ok) {
		const versions = ((await about.json().catch(() => ({}))) as { version?: unknown }).version;
		if (
			Array.isArray(versions) &&
			!versions.some((v) => typeof v === 'string' && v.startsWith(target.version.slice(0, 3)))
		)
			return { ok: false, failure: 'version', detail: versions.join(', ') };
	}
	let read: Response;
	try {
		read = await fetcher(url(target, 'statements?limit=1'), { headers: headers(target) });
	} catch {
		return { ok: false, failure: 'cors' };
	}
	if (read.ok) return { ok: true };
	if (read.status === 401 || read.status === 403) return { ok: false, failure: 'key', status: read.status };
	const detail = await errorText(read);
	if (read.status === 400 && /version/i.test(detail))
		return { ok: false, failure: 'version', status: 400, detail };
	return { ok: false, failure: 'other', status: read.status, detail };
}
