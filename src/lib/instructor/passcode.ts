// The instructor's passcode: only a salted PBKDF2 hash is ever stored, never the code itself.
// Pure WebCrypto, so it runs the same in the browser and in node (globalThis.crypto.subtle).
//
// None of this can be perfect on a device the attacker holds: whoever can open the browser's storage can
// delete the count of wrong codes below, or copy the hash and guess offline at full speed. The wait slows
// guessing at the screen; the length and the iterations are what make an offline guess expensive.

/**
 * OWASP Password Storage Cheat Sheet (2023 on) for PBKDF2-HMAC-SHA256; a guess costs an attacker as much as
 * an unlock costs the instructor (about 0.1–0.3 s on a laptop).
 */
export const PBKDF2_ITERATIONS = 600_000;
/** What hashes were stored with before 600,000: they still open the area, and are redone on the next unlock. */
export const PBKDF2_MIN_ITERATIONS = 210_000;
export const SALT_BYTES = 16;
const HASH_BITS = 256;
/** In characters (code points), so a Chinese passcode counts as many as it shows. */
export const PASSCODE_MIN = 8;
/** A passcode of digits only (a PIN, as a keypad invites) may be shorter. */
export const PIN_MIN = 6;
export const PASSCODE_MAX = 200;
export const PASSCODE_SETTING = 'instructorPasscode';
/** Wrong codes in a row and when the last was tried, so the wait survives a reload. */
export const FAILURES_SETTING = 'instructorPasscodeFailures';
export const BACKOFF_MAX_MS = 60_000;

/** What the settings table keeps. Base64 text, so it reads back unchanged from IndexedDB and from JSON. */
export interface StoredPasscode {
	salt: string;
	hash: string;
	iterations: number;
}

function toBase64(bytes: Uint8Array): string {
	let text = '';
	for (const byte of bytes) text += String.fromCharCode(byte);
	return btoa(text);
}

function fromBase64(text: string): Uint8Array<ArrayBuffer> {
	const raw = atob(text);
	const bytes = new Uint8Array(raw.length);
	for (let i = 0; i < raw.length; i++) bytes[i] = raw.charCodeAt(i);
	return bytes;
}

async function derive(
	passcode: string,
	salt: Uint8Array<ArrayBuffer>,
	iterations: number
): Promise<Uint8Array> {
	const key = await crypto.subtle.importKey('raw', new TextEncoder().encode(passcode), 'PBKDF2', false, [
		'deriveBits'
	]);
	const bits = await crypto.subtle.deriveBits(
		{ name: 'PBKDF2', hash: 'SHA-256', salt, iterations },
		key,
		HASH_BITS
	);
	return new Uint8Array(bits);
}

/** Why a new passcode cannot be used, or undefined when it can. */
export function passcodeProblem(
	passcode: string,
	confirmation: string
): 'short' | 'long' | 'mismatch' | undefined {
	const length = [...passcode].length;
	if (length < (/^[0-9]+$/.test(passcode) ? PIN_MIN : PASSCODE_MIN)) return 'short';
	if (length > PASSCODE_MAX) return 'long';
	if (passcode !== confirmation) return 'mismatch';
	return undefined;
}

/** A fresh random salt each time: two instructors with the same code get different hashes. */
export async function hashPasscode(
	passcode: string,
	iterations = PBKDF2_ITERATIONS
): Promise<StoredPasscode> {
	const salt = crypto.getRandomValues(new Uint8Array(SALT_BYTES));
	const hash = await derive(passcode, salt, iterations);
	return { salt: toBase64(salt), hash: toBase64(hash), iterations };
}

/** Compares in constant time over the whole hash, so timing tells nothing about how close a guess was. */
export async function verifyPasscode(passcode: string, stored: StoredPasscode): Promise<boolean> {
	const expected = fromBase64(stored.hash);
	const actual = await derive(passcode, fromBase64(stored.salt), stored.iterations);
	if (actual.length !== expected.length) return false;
	let difference = 0;
	for (let i = 0; i < actual.length; i++) difference |= actual[i]! ^ expected[i]!;
	return difference === 0;
}

/** A stored value read back from the settings table is untrusted: anything not of this shape counts as none. */
export function isStoredPasscode(value: unknown): value is StoredPasscode {
	if (!value || typeof value !== 'object') return false;
	const v = value as Record<string, unknown>;
	return (
		typeof v.salt === 'string' &&
		typeof v.hash === 'string' &&
		typeof v.iterations === 'number' &&
		Number.isInteger(v.iterations) &&
		v.iterations >= PBKDF2_MIN_ITERATIONS
	);
}

/** A hash from before today's iteration count: a successful unlock stores it again at the new count. */
export const needsRehash = (stored: StoredPasscode) => stored.iterations < PBKDF2_ITERATIONS;

export interface PasscodeFailures {
	/** Wrong codes since the last right one. */
	count: number;
	/** When the last one was tried, in epoch ms. */
	at: number;
}

export function isPasscodeFailures(value: unknown): value is PasscodeFailures {
	if (!value || typeof value !== 'object') return false;
	const v = value as Record<string, unknown>;
	return Number.isInteger(v.count) && (v.count as number) >= 0 && Number.isFinite(v.at);
}

/** 1 s after the first wrong code, doubling with each one after it (2 s, 4 s …), at most a minute. */
export function backoffDelay(count: number): number {
	return count <= 0 ? 0 : Math.min(BACKOFF_MAX_MS, 1000 * 2 ** (count - 1));
}

/**
 * When the next code may be tried (epoch ms; 0 for now). A last try dated in the future (the clock was set
 * back) counts as now, so a wrong clock never locks the area for longer than the wait itself.
 */
export function retryAt(failures: PasscodeFailures | undefined, now: number): number {
	if (!failures || failures.count === 0) return 0;
	return Math.min(failures.at, now) + backoffDelay(failures.count);
}
