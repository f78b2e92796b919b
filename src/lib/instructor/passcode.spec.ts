import { describe, expect, it } from 'vitest';
import {
	PBKDF2_ITERATIONS,
	hashPasscode,
	isStoredPasscode,
	passcodeProblem,
	verifyPasscode
} from './passcode';

describe('passcode', () => {
	it('stores a salted PBKDF2 hash, never the code', async () => {
		const stored = await hashPasscode('tea-and-biscuits');
		expect(stored.iterations).toBeGreaterThanOrEqual(210_000);
		expect(stored.iterations).toBe(PBKDF2_ITERATIONS);
		expect(atob(stored.salt)).toHaveLength(16);
		expect(atob(stored.hash)).toHaveLength(32);
		expect(JSON.stringify(stored)).not.toContain('tea-and-biscuits');
		expect(isStoredPasscode(stored)).toBe(true);
	});

	it('accepts the right code and refuses a wrong one', async () => {
		const stored = await hashPasscode('1234-abcd');
		expect(await verifyPasscode('1234-abcd', stored)).toBe(true);
		expect(await verifyPasscode('1234-abce', stored)).toBe(false);
		expect(await verifyPasscode('', stored)).toBe(false);
		expect(await verifyPasscode('1234-abcd ', stored)).toBe(false);
	});

	it('salts each hash afresh', async () => {
		const [a, b] = await Promise.all([hashPasscode('same code'), hashPasscode('same code')]);
		expect(a.salt).not.toBe(b.salt);
		expect(a.hash).not.toBe(b.hash);
	});

	it('verifies with the iterations stored, not the current default', async () => {
		const stored = await hashPasscode('older code', 300_000);
		expect(stored.iterations).toBe(300_000);
		expect(await verifyPasscode('older code', stored)).toBe(true);
	});

	it.each([
		['abc', 'abc', 'short'],
		['x'.repeat(201), 'x'.repeat(201), 'long'],
		['abcd', 'abce', 'mismatch'],
		['abcd', 'abcd', undefined],
		['密码四位', '密码四位', undefined]
	] as const)('a new code %j confirmed as %j: %s', (code, confirmation, problem) => {
		expect(passcodeProblem(code, confirmation)).toBe(problem);
	});

	it.each([
		[undefined],
		['plain text'],
		[{ salt: 'a', hash: 'b' }],
		[{ salt: 'a', hash: 'b', iterations: 1000 }],
		[{ salt: 1, hash: 'b', iterations: 210_000 }]
	])('treats %j as no stored passcode', (value) => {
		expect(isStoredPasscode(value)).toBe(false);
	});
});
