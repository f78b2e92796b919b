// Reads content/ from disk for scripts and unit tests (the app uses import.meta.glob instead).
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import type { ContentFiles } from './load';

/** Reads every file under `root/content`, keyed by its path relative to `root`. */
export function readContentDir(root: string): ContentFiles {
	const files: ContentFiles = {};
	const walk = (dir: string) => {
		for (const entry of readdirSync(dir, { withFileTypes: true })) {
			const path = join(dir, entry.name);
			if (entry.isDirectory()) walk(path);
			else if (/\.(ya?ml|md)$/.test(entry.name)) files[relative(root, path).split('\\').join('/')] = readFileSync(path, 'utf8');
		}
	};
	walk(join(root, 'content'));
	return files;
}
