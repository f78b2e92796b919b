// The README's scenario catalogue names every scenario, so it cannot silently fall behind the content.
import { readFileSync } from 'node:fs';
import { expect, it } from 'vitest';
import { content, projectRoot } from '../../src/lib/engine/test-helpers';

it('the README catalogue lists every scenario', () => {
	const readme = readFileSync(`${projectRoot}README.md`, 'utf8');
	const missing = content.scenarios.filter((s) => !readme.includes(`\`${s.id}\``)).map((s) => s.id);
	expect(missing).toEqual([]);
});
