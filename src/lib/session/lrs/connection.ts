// The class connection a trainee joined: which class, which LRS, and whose results go there. Kept in
// localStorage so any page can tell, without loading the LRS code, whether there is anything to send.
// Tiny on purpose: it is the only LRS code a normal visit runs.

export type XapiVersion = '1.0.3' | '2.0.0';
export const XAPI_VERSIONS: readonly XapiVersion[] = ['1.0.3', '2.0.0'];

export interface ClassConnection {
	classId: string;
	className: string;
	/** The LRS's xAPI endpoint, ending in a slash. */
	endpoint: string;
	/** The Authorization header value, "Basic …", as xAPI launch links carry it. */
	auth: string;
	version: XapiVersion;
	/** The trainee profile whose attempts go to the LRS; set once the trainee has given a name. */
	traineeId?: string;
	/** Only attempts started after joining are sent. */
	joinedAt?: number;
}

const KEY = 'service-roleplay.class-connection';

function storage(): Storage | undefined {
	try {
		return globalThis.localStorage;
	} catch {
		return undefined;
	}
}

export function readConnection(): ClassConnection | undefined {
	try {
		const text = storage()?.getItem(KEY);
		return text ? parseConnection(JSON.parse(text)) : undefined;
	} catch {
		return undefined;
	}
}

export function writeConnection(connection: ClassConnection | undefined) {
	const s = storage();
	if (!s) return;
	if (connection) s.setItem(KEY, JSON.stringify(connection));
	else s.removeItem(KEY);
	// The header's status follows a join or a leave without a reload.
	globalThis.dispatchEvent?.(new Event(CONNECTION_EVENT));
}

export const CONNECTION_EVENT = 'class-connection-change';

const str = (v: unknown) => (typeof v === 'string' && v.length > 0 && v.length < 2_000 ? v : undefined);

/** An endpoint as the xAPI spec has it: http(s), ending in a slash so that "statements" resolves under it. */
export function normaliseEndpoint(text: string): string | undefined {
	try {
		const url = new URL(text.trim());
		if (url.protocol !== 'https:' && url.protocol !== 'http:') return undefined;
		url.hash = '';
		url.search = '';
		if (!url.pathname.endsWith('/')) url.pathname += '/';
		return url.href;
	} catch {
		return undefined;
	}
}

function parseConnection(value: unknown): ClassConnection | undefined {
	const v = value as Record<string, unknown> | null;
	const classId = str(v?.classId);
	const className = str(v?.className);
	const endpoint = str(v?.endpoint) && normaliseEndpoint(v!.endpoint as string);
	const auth = str(v?.auth);
	const version = XAPI_VERSIONS.find((x) => x === v?.version);
	if (!classId || !className || !endpoint || !auth?.startsWith('Basic ') || !version) return undefined;
	return {
		classId,
		className,
		endpoint,
		auth,
		version,
		...(str(v!.traineeId) ? { traineeId: v!.traineeId as string } : {}),
		...(typeof v!.joinedAt === 'number' ? { joinedAt: v!.joinedAt } : {})
	};
}

/** "Basic " and base64 of key:secret, UTF-8 safe. */
export function basicAuth(key: string, secret: string): string {
	const bytes = new TextEncoder().encode(`${key}:${secret}`);
	return `Basic ${btoa(String.fromCharCode(...bytes))}`;
}

/**
 * The join link's fragment: endpoint and auth as xAPI launch links name them, with the class. A fragment is
 * never sent to the web server, so the key stays out of the host's logs (it is still in the link itself).
 */
export function joinFragment(
	c: Pick<ClassConnection, 'classId' | 'className' | 'endpoint' | 'auth' | 'version'>
) {
	const params = new URLSearchParams({
		endpoint: c.endpoint,
		auth: c.auth,
		class: c.classId,
		name: c.className,
		version: c.version
	});
	return `#${params}`;
}

/** Reads a join link's fragment (or query); undefined when something it needs is missing or wrong. */
export function parseJoin(hashOrSearch: string): ClassConnection | undefined {
	const params = new URLSearchParams(hashOrSearch.replace(/^[#?]/, ''));
	return parseConnection({
		classId: params.get('class'),
		className: params.get('name'),
		endpoint: params.get('endpoint'),
		auth: params.get('auth'),
		version: params.get('version') ?? '1.0.3'
	});
}
