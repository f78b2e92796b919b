// Helpers the bench modules share: numbers, the browser, and servers that are always cleaned up.
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { chromium } from '@playwright/test';
import { CHROMIUM_ARGS, chromiumExecutable } from '../chromium';

export const root = join(import.meta.dirname, '../..');

export const round = (n: number, digits = 1) => Number(n.toFixed(digits));
export const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
/** Nearest-rank percentile. */
export function percentile(values: number[], p: number) {
	const sorted = [...values].sort((a, b) => a - b);
	return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))]!;
}
export const spread = (values: number[]) => ({
	n: values.length,
	p50Ms: round(percentile(values, 50), 2),
	p95Ms: round(percentile(values, 95), 2),
	maxMs: round(Math.max(...values), 2)
});

/** Progress goes to stderr: stdout carries only the JSON. */
export const note = (message: string) => process.stderr.write(`bench: ${message}\n`);

export function launchBrowser() {
	return chromium.launch({
		executablePath: chromiumExecutable,
		args: CHROMIUM_ARGS
	});
}

// Everything started here is undone on exit, on Ctrl-C, and after an error.
const cleanups = new Set<() => void>();
export function onCleanup(fn: () => void) {
	cleanups.add(fn);
	return () => {
		cleanups.delete(fn);
		fn();
	};
}
function cleanupAll() {
	for (const fn of [...cleanups].reverse()) {
		cleanups.delete(fn);
		try {
			fn();
		} catch {
			// best effort: the rest still run
		}
	}
}
process.on('exit', cleanupAll);
for (const signal of ['SIGINT', 'SIGTERM'] as const)
	process.on(signal, () => {
		cleanupAll();
		process.exit(130);
	});

async function responds(url: string) {
	try {
		await fetch(url);
		return true;
	} catch {
		return false;
	}
}

/** `vite preview` of `cwd`'s build in its own process group, so stopping it also stops npx's child. */
export async function startPreview(cwd: string, port: number) {
	const url = `http://localhost:${port}`;
	if (await responds(url)) throw new Error(`port ${port} is already in use`);
	const server = spawn('npx', ['vite', 'preview', '--port', String(port), '--strictPort'], {
		cwd,
		stdio: 'ignore',
		detached: true
	});
	let exited = false;
	server.on('exit', () => (exited = true));
	const stop = onCleanup(() => {
		if (!exited && server.pid) process.kill(-server.pid, 'SIGTERM');
	});
	for (let i = 0; i < 150 && !exited; i++) {
		if (await responds(url)) return { url, stop };
		await new Promise((r) => setTimeout(r, 200));
	}
	stop();
	throw new Error(`vite preview in ${cwd} did not start on port ${port}`);
}
