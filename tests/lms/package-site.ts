// The test LMSs' side of things: a package built from build/ (the app is not rebuilt), unzipped, and served
// by a small HTTP server together with whatever the LMS under test needs (a harness page, cmi5 endpoints).
import { mkdirSync, mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { tmpdir } from 'node:os';
import { dirname, extname, join, normalize, resolve } from 'node:path';
import { unzipSync } from 'fflate';
import { buildPackages } from '../tools/lms/package';

export const repo = resolve(new URL('../..', import.meta.url).pathname);

/** Builds both packages from build/ into a temp folder and unzips the one asked for. */
export function unpacked(which: 'cmi5' | 'scorm12', options: { scenario?: string; course?: string } = {}) {
	const out = mkdtempSync(join(tmpdir(), `lms-${which}-`));
	const built = buildPackages({ root: repo, build: join(repo, 'build'), out, ...options });
	const zip = readFileSync(built.paths[which]);
	const dir = join(out, which);
	for (const [name, bytes] of Object.entries(unzipSync(zip))) {
		if (name.endsWith('/')) continue;
		const file = join(dir, name);
		mkdirSync(dirname(file), { recursive: true });
		writeFileSync(file, bytes);
	}
	return { dir, bytes: built.bytes, zip: built.paths[which] };
}

const TYPES: Record<string, string> = {
	'.html': 'text/html; charset=utf-8',
	'.js': 'text/javascript; charset=utf-8',
	'.css': 'text/css; charset=utf-8',
	'.json': 'application/json; charset=utf-8',
	'.svg': 'image/svg+xml',
	'.png': 'image/png',
	'.xml': 'application/xml',
	'.webmanifest': 'application/manifest+json'
};

/** Serves `dir` under `prefix` as plain files, as an LMS serves an unzipped package. */
export function serveFile(dir: string, prefix: string, pathname: string, response: ServerResponse): boolean {
	if (!pathname.startsWith(prefix)) return false;
	const inside = decodeURIComponent(pathname.slice(prefix.length));
	// A folder is its index.html, as on a plain static host.
	const file = normalize(join(dir, inside === '' || inside.endsWith('/') ? `${inside}index.html` : inside));
	let ok = false;
	try {
		ok = file.startsWith(dir) && statSync(file).isFile();
	} catch {
		ok = false;
	}
	if (!ok) {
		response.writeHead(404).end('not found');
		return true;
	}
	response.writeHead(200, { 'content-type': TYPES[extname(file)] ?? 'application/octet-stream' });
	response.end(readFileSync(file));
	return true;
}

export const body = (request: IncomingMessage) =>
	new Promise<Buffer>((done) => {
		const chunks: Buffer[] = [];
		request.on('data', (c: Buffer) => chunks.push(c));
		request.on('end', () => done(Buffer.concat(chunks)));
	});

export function listen(
	port: number,
	handle: (request: IncomingMessage, response: ServerResponse, url: URL) => void | Promise<void>
): Promise<Server> {
	const server = createServer((request, response) => {
		const url = new URL(request.url ?? '/', `http://127.0.0.1:${port}`);
		Promise.resolve(handle(request, response, url)).catch((error: unknown) => {
			if (!response.headersSent) response.writeHead(500);
			response.end(String(error));
		});
	});
	return new Promise((done) => server.listen(port, '127.0.0.1', () => done(server)));
}
