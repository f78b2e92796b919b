// A real LRS for the tests and the bench: Learning Locker's statement service (xapi-statements) on a free
// port of 127.0.0.1, with in-memory models and local storage in a temporary folder. No MongoDB, no Redis.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const root = new URL('../../', import.meta.url).pathname;

/** The LRS the e2e config starts for the whole run (playwright.config.ts), for the classes of the journeys. */
export const CLASS_LRS_PORT = Number(process.env.E2E_LRS_PORT ?? 4311);
export const CLASS_LRS = `http://127.0.0.1:${CLASS_LRS_PORT}/xAPI/`;

/** The statement service's settings: in-memory models, local storage in `dir`, no MongoDB, no Redis. */
export function lrsEnv({
	port,
	dir,
	auth = 'test',
	clientInfoEndpoint
}: LrsOptions & { dir: string }): Record<string, string> {
	return {
		EXPRESS_PORT: String(port),
		AUTH_REPO: auth,
		EVENTS_REPO: 'test',
		MODELS_REPO: 'memory',
		STORAGE_REPO: 'local',
		FS_LOCAL_STORAGE_DIR: dir,
		EXPRESS_MORGAN_DIRECTORY: dir,
		WINSTON_CONSOLE_LEVEL: 'error',
		// The AWS SDK's end-of-support notice, on every start.
		NODE_NO_WARNINGS: '1',
		...(clientInfoEndpoint ? { LL_CLIENT_INFO_ENDPOINT: clientInfoEndpoint } : {})
	};
}

export interface LrsOptions {
	port: number;
	/** 'fetch' asks `clientInfoEndpoint` about each key, as Learning Locker does; 'test' takes any key. */
	auth?: 'test' | 'fetch';
	clientInfoEndpoint?: string;
}

export interface RunningLrs {
	/** The xAPI endpoint, with its trailing slash. */
	endpoint: string;
	stop(): Promise<void>;
}

const answers = async (url: string) => {
	try {
		await fetch(url, { signal: AbortSignal.timeout(2_000) });
		return true;
	} catch {
		return false;
	}
};

export async function startLrs({ port, auth = 'test', clientInfoEndpoint }: LrsOptions): Promise<RunningLrs> {
	const endpoint = `http://127.0.0.1:${port}/xAPI/`;
	// Another server on the port would be taken for this LRS, with its own store and its own rules.
	if (await answers(`${endpoint}about`))
		throw new Error(`Port ${port} is taken already (an LRS left running by an earlier run?)`);
	const dir = mkdtempSync(join(tmpdir(), 'h2-lrs-'));
	const child: ChildProcess = spawn(process.execPath, ['node_modules/xapi-statements/dist/server.js'], {
		cwd: root,
		env: { ...process.env, ...lrsEnv({ port, auth, clientInfoEndpoint, dir }) },
		stdio: ['ignore', 'ignore', 'pipe']
	});
	let stderr = '';
	child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
	const stop = async () => {
		if (child.exitCode === null && child.signalCode === null) {
			const exited = new Promise((r) => child.once('exit', r));
			child.kill('SIGTERM');
			await exited;
		}
		rmSync(dir, { recursive: true, force: true });
	};
	// Its start loads the AWS SDK among others: seconds on a busy machine.
	const deadline = Date.now() + 60_000;
	for (;;) {
		if (child.exitCode !== null) {
			await stop();
			throw new Error(`The LRS stopped at start: ${stderr}`);
		}
		try {
			if ((await fetch(`${endpoint}about`)).ok) break;
		} catch {
			/* not up yet */
		}
		if (Date.now() > deadline) {
			// Not left running: a later start on this port would find it.
			await stop();
			throw new Error(`The LRS did not start on port ${port}: ${stderr}`);
		}
		await new Promise((r) => setTimeout(r, 100));
	}
	return { endpoint, stop };
}

export const basic = (key: string, secret: string) =>
	`Basic ${Buffer.from(`${key}:${secret}`).toString('base64')}`;

/**
 * The client lookup Learning Locker's statement service makes with AUTH_REPO=fetch: 200 and the client for the
 * one right key, 404 for any other.
 */
export async function startAuthServer(rightAuth: string): Promise<{ url: string; close(): Promise<void> }> {
	const server: Server = createServer((req, res) => {
		if (req.headers.authorization !== rightAuth) {
			res.writeHead(404).end();
			return;
		}
		res.writeHead(200, { 'Content-Type': 'application/json' }).end(
			JSON.stringify({
				_id: '5988f0f00000000000000001',
				title: 'Test class client',
				organisation: '5988f0f00000000000000002',
				lrs_id: '5988f0f00000000000000003',
				authority: { objectType: 'Agent', name: 'Test class', mbox: 'mailto:class@example.org' },
				isTrusted: true,
				scopes: ['all']
			})
		);
	});
	await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
	const { port } = server.address() as AddressInfo;
	return {
		url: `http://127.0.0.1:${port}/auth`,
		close: () => new Promise((r) => server.close(() => r()))
	};
}

/** Every statement in the LRS, following `more`. */
export async function allStatements(endpoint: string, auth = basic('any', 'any')) {
	const statements: Record<string, unknown>[] = [];
	let next: string | undefined = `${endpoint}statements?limit=500`;
	while (next) {
		const response = await fetch(next, {
			headers: { Authorization: auth, 'X-Experience-API-Version': '1.0.3' }
		});
		if (!response.ok) throw new Error(`GET statements: ${response.status} ${await response.text()}`);
		const body = (await response.json()) as { statements: Record<string, unknown>[]; more?: string };
		statements.push(...body.statements);
		next = body.more ? new URL(body.more, endpoint).href : undefined;
	}
	return statements;
}
