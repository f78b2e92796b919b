// A plain static host, as GitHub Pages, nginx or `python -m http.server` are at their simplest: a URL is a file,
// a URL ending in "/" is that folder's index.html, and anything else is a 404. No redirects, no rewrites, no
// fallback page, so a link the app makes that only works through one of those fails here.
// The same build is served at the root and under a sub-path, as if copied to https://example.org/training/.
//   npx tsx tests/static-server.ts <dir> <port> <sub-path>
import { createReadStream, statSync } from 'node:fs';
import { createServer } from 'node:http';
import { extname, join, normalize, resolve } from 'node:path';

const [dir = 'build', port = '4194', subPath = '/training'] = process.argv.slice(2);
const root = resolve(dir);

const TYPES: Record<string, string> = {
	'.html': 'text/html; charset=utf-8',
	'.js': 'text/javascript; charset=utf-8',
	'.css': 'text/css; charset=utf-8',
	'.json': 'application/json; charset=utf-8',
	'.svg': 'image/svg+xml',
	'.png': 'image/png',
	'.webmanifest': 'application/manifest+json',
	'.txt': 'text/plain; charset=utf-8'
};

/** The file a URL path names, or undefined: never a guess at what was meant. */
function fileFor(pathname: string): string | undefined {
	const inside =
		pathname === subPath || pathname.startsWith(`${subPath}/`) ? pathname.slice(subPath.length) : pathname;
	const relative = inside.endsWith('/') ? `${inside}index.html` : inside;
	const file = normalize(join(root, relative));
	if (!file.startsWith(root)) return undefined;
	try {
		return statSync(file).isFile() ? file : undefined;
	} catch {
		return undefined;
	}
}

createServer((request, response) => {
	let pathname: string;
	try {
		pathname = decodeURIComponent(new URL(request.url ?? '/', 'http://host').pathname);
	} catch {
		pathname = '';
	}
	const file = request.method === 'GET' || request.method === 'HEAD' ? fileFor(pathname) : undefined;
	if (!file) {
		response.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' });
		response.end(`404: no file at ${pathname}\n`);
		return;
	}
	response.writeHead(200, {
		'content-type': TYPES[extname(file)] ?? 'application/octet-stream',
		'cache-control': 'no-cache'
	});
	if (request.method === 'HEAD') response.end();
	else createReadStream(file).pipe(response);
}).listen(Number(port), () =>
	console.log(`static host: ${root} at http://localhost:${port}/ and ${subPath}/`)
);
