// The instructor's passcode: only a salted PBKDF2 hash is ever stored, never the code itself.
// Pure WebCrypto, so it runs the same in the browser and in node (globalThis.crypto.subtle).

/** OWASP's 2023 figure for PBKDF2-HMAC-SHA256; a wrong guess costs an attacker as much as the instructor. */
export const PBKDF2_ITERATIONS = 210_000;
export const SALT_BYTES = 16;
const HASH_BITS = 256;
export const PASSCODE_MIN = 4;
export const PASSCODE_MAX = 200;
export const PASSCODE_SETTING = 'instructorPasscode';

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
	if (passcode.length < PASSCODE_MIN) return 'short';
	if (passcode.length > PASSCODE_MAX) return 'long';
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
		v.iterations >= PBKDF2_ITERATIONS
	);
}
