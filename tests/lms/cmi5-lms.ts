// A test cmi5 LMS: registrations, one-time fetch URLs, the LMS.LaunchData state documents, and the real
// xapi-statements LRS behind it for statements (it has no State API, so state documents are kept here).
import { spawn, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import type { Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { body, listen, repo, serveFile } from './package-site';

export const SESSION_ID = 'https://w3id.org/xapi/cmi5/context/extensions/sessionid';
const LRS_KEY = `Basic ${Buffer.from('lms:secret').toString('base64')}`;
const HEADERS = { Authorization: LRS_KEY, 'X-Experience-API-Version': '1.0.3' };

export interface LaunchOptions {
	auId: string;
	url: string;
	masteryScore: number;
	mode?: 'Normal' | 'Browse' | 'Review';
	registration?: string;
	/** The token fetch hands out is not one the LRS accepts. */
	refuseToken?: boolean;
}

export interface XStatement {
	id: string;
	verb: { id: string };
	object: { id: string; definition?: { type?: string } };
	actor: unknown;
	result?: {
		extensions?: Record<string, unknown>;
		score?: { scaled?: number };
		success?: boolean;
		completion?: boolean;
		response?: string;
		duration?: string;
	};
	context?: {
		registration?: string;
		extensions?: Record<string, unknown>;
		contextActivities?: Record<string, { id: string }[]>;
	};
}

export class TestCmi5Lms {
	readonly actor = {
		objectType: 'Agent',
		name: 'Ada Okafor',
		account: { homePage: 'https://lms.test', name: 'learner-042' }
	};
	#server: Server | undefined;
	#lrs: ChildProcess | undefined;
	#state = new Map<string, { type: string; body: Buffer }>();
	/** The state ids the AU wrote, by registration. */
	#written = new Map<string, string[]>();
	#fetches = new Map<string, { token: string; used: boolean }>();
	#tokens = new Set<string>();
	constructor(
		readonly port: number,
		readonly lrsPort: number,
		readonly packageDir: string
	) {}

	get base() {
		return `http://127.0.0.1:${this.port}`;
	}

	async start() {
		const dir = mkdtempSync(join(tmpdir(), 'lms-lrs-'));
		this.#lrs = spawn(process.execPath, [join(repo, 'node_modules/xapi-statements/dist/server.js')], {
			env: {
				...process.env,
				EXPRESS_PORT: String(this.lrsPort),
				AUTH_REPO: 'test',
				EVENTS_REPO: 'test',
				MODELS_REPO: 'memory',
				STORAGE_REPO: 'local',
				FS_LOCAL_STORAGE_DIR: dir,
				EXPRESS_MORGAN_DIRECTORY: dir
			},
			stdio: 'ignore'
		});
		for (let i = 0; ; i++) {
			const up = await fetch(`http://127.0.0.1:${this.lrsPort}/xAPI/about`).then(
				(r) => r.ok,
				() => false
			);
			if (up) break;
			if (i > 100) throw new Error('the LRS did not start');
			await new Promise((r) => setTimeout(r, 100));
		}
		this.#server = await listen(this.port, async (request, response, url) => {
			const path = url.pathname;
			if (path.startsWith('/fetch/') && request.method === 'POST') {
				const entry = this.#fetches.get(path.slice('/fetch/'.length));
				response.writeHead(200, { 'content-type': 'application/json' });
				if (!entry) response.end(JSON.stringify({ 'error-code': '2', 'error-text': 'unknown fetch URL' }));
				else if (entry.used)
					response.end(JSON.stringify({ 'error-code': '1', 'error-text': 'already in use' }));
				else {
					entry.used = true;
					response.end(JSON.stringify({ 'auth-token': entry.token }));
				}
				return;
			}
			if (path === '/return') {
				response.writeHead(200, { 'content-type': 'text/html' }).end('<h1>Back in the course</h1>');
				return;
			}
			if (path.startsWith('/lrs/')) return this.#xapi(request, response, url, path.slice('/lrs'.length));
			if (serveFile(this.packageDir, '/pkg/', path, response)) return;
			response.writeHead(404).end();
		});
	}

	async stop() {
		await new Promise<void>((done) => (this.#server ? this.#server.close(() => done()) : done()));
		this.#lrs?.kill();
	}

	async #xapi(
		request: import('node:http').IncomingMessage,
		response: import('node:http').ServerResponse,
		url: URL,
		resource: string
	) {
		const token = (request.headers.authorization ?? '').replace(/^Basic /, '');
		if (!this.#tokens.has(token)) {
			response.writeHead(401, { 'content-type': 'application/json' }).end('{"message":"unknown token"}');
			return;
		}
		if (resource === '/activities/state') {
			const q = url.searchParams;
			const key = [q.get('activityId'), q.get('agent'), q.get('registration'), q.get('stateId')].join('|');
			if (request.method === 'GET') {
				const doc = this.#state.get(key);
				if (!doc) response.writeHead(404).end();
				else response.writeHead(200, { 'content-type': doc.type }).end(doc.body);
			} else if (request.method === 'PUT' || request.method === 'POST') {
				const registration = q.get('registration') ?? '';
				this.#written.set(registration, [...(this.#written.get(registration) ?? []), q.get('stateId') ?? '']);
				this.#state.set(key, {
					type: request.headers['content-type'] ?? 'application/json',
					body: await body(request)
				});
				response.writeHead(204).end();
			} else response.writeHead(405).end();
			return;
		}
		if (resource === '/agents/profile') {
			response.writeHead(404).end();
			return;
		}
		const upstream = await fetch(`http://127.0.0.1:${this.lrsPort}/xAPI${resource}${url.search}`, {
			method: request.method,
			headers: { ...HEADERS, 'content-type': request.headers['content-type'] ?? 'application/json' },
			body:
				request.method === 'GET' || request.method === 'HEAD'
					? undefined
					: new Uint8Array(await body(request))
		});
		response.writeHead(upstream.status, {
			'content-type': upstream.headers.get('content-type') ?? 'application/json'
		});
		response.end(Buffer.from(await upstream.arrayBuffer()));
	}

	/** What an LMS does before a launch: LMS.LaunchData, a launched statement, a one-time fetch URL. */
	async launch(options: LaunchOptions) {
		const registration = options.registration ?? randomUUID();
		const session = randomUUID();
		const activityId = `https://lms.test/activities/${encodeURIComponent(options.auId)}/${registration}`;
		const mode = options.mode ?? 'Normal';
		const contextTemplate = {
			contextActivities: { grouping: [{ objectType: 'Activity', id: options.auId }] },
			extensions: { [SESSION_ID]: session }
		};
		const launchData = {
			contextTemplate,
			launchMode: mode,
			launchMethod: 'AnyWindow',
			masteryScore: options.masteryScore,
			moveOn: 'CompletedAndPassed',
			returnURL: `${this.base}/return`
		};
		const agent = JSON.stringify(this.actor);
		const key = [activityId, agent, registration, 'LMS.LaunchData'].join('|');
		this.#state.set(key, { type: 'application/json', body: Buffer.from(JSON.stringify(launchData)) });
		const token = randomUUID();
		if (!options.refuseToken) this.#tokens.add(token);
		const fetchId = randomUUID();
		this.#fetches.set(fetchId, { token, used: false });
		await this.#post({
			id: randomUUID(),
			actor: this.actor,
			verb: { id: 'http://adlnet.gov/expapi/verbs/launched', display: { en: 'launched' } },
			object: { objectType: 'Activity', id: activityId },
			context: {
				...contextTemplate,
				registration,
				contextActivities: {
					...contextTemplate.contextActivities,
					category: [{ id: 'https://w3id.org/xapi/cmi5/context/categories/cmi5' }]
				},
				extensions: {
					...contextTemplate.extensions,
					'https://w3id.org/xapi/cmi5/context/extensions/launchmode': mode,
					'https://w3id.org/xapi/cmi5/context/extensions/moveon': 'CompletedAndPassed',
					'https://w3id.org/xapi/cmi5/context/extensions/masteryscore': options.masteryScore,
					'https://w3id.org/xapi/cmi5/context/extensions/launchurl': `${this.base}/pkg/${options.url}`
				}
			},
			timestamp: new Date().toISOString()
		});
		const params = new URLSearchParams({
			endpoint: `${this.base}/lrs/`,
			fetch: `${this.base}/fetch/${fetchId}`,
			actor: agent,
			registration,
			activityId
		});
		return { url: `${this.base}/pkg/${options.url}?${params}`, registration, session, activityId };
	}

	async #post(statement: unknown) {
		const r = await fetch(`http://127.0.0.1:${this.lrsPort}/xAPI/statements`, {
			method: 'POST',
			headers: { ...HEADERS, 'content-type': 'application/json' },
			body: JSON.stringify(statement)
		});
		if (!r.ok) throw new Error(`LRS refused the launched statement: ${r.status} ${await r.text()}`);
	}

	/** The ids of the state documents the AU wrote in a registration, in order. */
	written(registration: string): string[] {
		return this.#written.get(registration) ?? [];
	}

	/** Every statement of a registration in the LRS, in the order stored, following `more`. */
	async statements(registration: string): Promise<XStatement[]> {
		const all: XStatement[] = [];
		let next = `/xAPI/statements?registration=${registration}&ascending=true&limit=50`;
		while (next) {
			const r = await fetch(`http://127.0.0.1:${this.lrsPort}${next}`, { headers: HEADERS });
			const page = (await r.json()) as { statements: XStatement[]; more?: string };
			all.push(...page.statements);
			next = page.more ?? '';
		}
		return all;
	}
}
