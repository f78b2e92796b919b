import { describe, expect, it } from 'vitest';
import {
	PBKDF2_ITERATIONS,
	backoffDelay,
	hashPasscode,
	isPasscodeFailures,
	isStoredPasscode,
	needsRehash,
	passcodeProblem,
	retryAt,
	verifyPasscode
} from './passcode';

describe('passcode', () => {
	it('stores a salted PBKDF2 hash, never the code', async () => {
		const stored = await hashPasscode('tea-and-biscuits');
		// OWASP Password Storage Cheat Sheet, 2023 on: PBKDF2-HMAC-SHA256 with 600,000 iterations.
		expect(stored.iterations).toBe(600_000);
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

	it('still opens with a hash stored at the older 210,000 iterations, and asks for it to be redone', async () => {
		const older = await hashPasscode('kept-from-2024', 210_000);
		expect(isStoredPasscode(older)).toBe(true);
		expect(await verifyPasscode('kept-from-2024', older)).toBe(true);
		expect(needsRehash(older)).toBe(true);
		expect(needsRehash(await hashPasscode('kept-from-2024'))).toBe(false);
	});

	it.each([
		['abc', 'abc', 'short'],
		['abcd', 'abcd', 'short'],
		['abcdefg', 'abcdefg', 'short'],
		['12345', '12345', 'short'],
		['1234567a', '1234567a', undefined],
		['123456', '123456', undefined],
		['x'.repeat(201), 'x'.repeat(201), 'long'],
		['abcdefgh', 'abcdefgi', 'mismatch'],
		['abcdefgh', 'abcdefgh', undefined],
		['密码四位', '密码四位', 'short'],
		['我的口令很长很长', '我的口令很长很长', undefined],
		// Characters, not UTF-16 units: four emoji are four characters.
		['🔑🔑🔑🔑', '🔑🔑🔑🔑', 'short']
	] as const)('a new code %j confirmed as %j: %s', (code, confirmation, problem) => {
		expect(passcodeProblem(code, confirmation)).toBe(problem);
	});

	it.each([
		[undefined],
		['plain text'],
		[{ salt: 'a', hash: 'b' }],
		[{ salt: 'a', hash: 'b', iterations: 1000 }],
		[{ salt: 'a', hash: 'b', iterations: 209_999 }],
		[{ salt: 1, hash: 'b', iterations: 210_000 }]
	])('treats %j as no stored passcode', (value) => {
		expect(isStoredPasscode(value)).toBe(false);
	});

	it.each([
		[0, 0],
		[1, 1_000],
		[2, 2_000],
		[3, 4_000],
		[4, 8_000],
		[6, 32_000],
		[7, 60_000],
		[1000, 60_000]
	])('after %i wrong code(s) the next try waits %i ms', (count, ms) => {
		expect(backoffDelay(count)).toBe(ms);
	});

	it('counts the wait from the last wrong code, and never more than the wait when the clock went back', () => {
		expect(retryAt(undefined, 5_000)).toBe(0);
		expect(retryAt({ count: 3, at: 10_000 }, 11_000)).toBe(14_000);
		// A clock set back an hour must not lock the area for an hour.
		expect(retryAt({ count: 3, at: 3_600_000 + 10_000 }, 10_000)).toBe(14_000);
	});

	it.each([[undefined], [{ count: 'x', at: 1 }], [{ count: -1, at: 1 }], [{ count: 2 }], ['2']])(
		'treats %j as no wrong codes',
		(value) => expect(isPasscodeFailures(value)).toBe(false)
	);
});
