// Whether the instructor area is open. Held in this module's memory only, on purpose: a reload, a new tab
// or closing the browser locks it again, and nothing on disk (sessionStorage included) can open it.
import { peekSettings } from '$lib/persistence/peek';
import { progress } from '$lib/session/progress.svelte';
import {
	FAILURES_SETTING,
	PASSCODE_SETTING,
	hashPasscode,
	isPasscodeFailures,
	isStoredPasscode,
	needsRehash,
	retryAt,
	verifyPasscode
} from './passcode';

export type GateStatus = 'checking' | 'first-use' | 'locked' | 'unlocked';
export type UnlockResult = 'unlocked' | 'wrong' | 'wait';

class Instructor {
	status = $state<GateStatus>('checking');
	/** When the next passcode may be tried (epoch ms), after wrong ones; 0 when it may be tried now. */
	#retryAt = $state(0);
	#now = $state(Date.now());
	#ticker: ReturnType<typeof setInterval> | undefined;

	/** Whole seconds left of that wait, counted down for the gate and the delete dialog alike; 0 when over. */
	get waitSeconds() {
		return Math.max(0, Math.ceil((this.#retryAt - this.#now) / 1000));
	}

	#waitUntil(at: number) {
		this.#retryAt = at;
		this.#now = Date.now();
		clearInterval(this.#ticker);
		if (at <= this.#now) return;
		this.#ticker = setInterval(() => {
			this.#now = Date.now();
			if (this.#now >= at) clearInterval(this.#ticker);
		}, 250);
	}

	/** Reads whether a passcode was chosen; the area stays shut until `unlock` or `choose` succeeds. */
	async check() {
		if (this.status === 'unlocked') return;
		// Read without the store where the browser allows, so the gate stays a light page until a code is typed.
		const peeked = await peekSettings([PASSCODE_SETTING, FAILURES_SETTING]);
		const store = peeked ? undefined : await progress.ready();
		const stored = peeked ? peeked.get(PASSCODE_SETTING) : await store!.settings.get(PASSCODE_SETTING);
		const failures = peeked ? peeked.get(FAILURES_SETTING) : await store!.settings.get(FAILURES_SETTING);
		this.#waitUntil(this.#storedRetryAt(failures));
		this.status = isStoredPasscode(stored) ? 'locked' : 'first-use';
	}

	/** The wait after wrong codes, as stored: a reload does not reset it. */
	#storedRetryAt(failures: unknown): number {
		return retryAt(isPasscodeFailures(failures) ? failures : undefined, Date.now());
	}

	/** First use: stores only the salted hash; wrong codes tried against an earlier passcode no longer count. */
	async choose(passcode: string) {
		const stored = await hashPasscode(passcode);
		const saved = await progress.write(async (store) => {
			await store.settings.set(PASSCODE_SETTING, stored);
			await store.settings.set(FAILURES_SETTING, undefined);
		});
		if (saved === undefined && progress.notice === 'full') return false;
		this.#waitUntil(0);
		this.status = 'unlocked';
		return true;
	}

	/**
	 * Each wrong code makes the next try wait longer (1 s, 2 s, 4 s … 60 s). The try is counted before the
	 * code is checked, so closing the tab mid-check does not escape the count; a right code clears it.
	 */
	async unlock(passcode: string): Promise<UnlockResult> {
		const result = await this.confirmPasscode(passcode);
		if (result === 'unlocked') this.status = 'unlocked';
		return result;
	}

	/**
	 * Checks the passcode again, as deleting an instructor's record asks even in the open area: counted and
	 * slowed like the gate, so the area left open on a desk is not a way to guess it.
	 */
	async confirmPasscode(passcode: string): Promise<UnlockResult> {
		const store = await progress.ready();
		const failures = await store.settings.get(FAILURES_SETTING);
		const before = isPasscodeFailures(failures) ? failures : undefined;
		const now = Date.now();
		this.#waitUntil(retryAt(before, now));
		if (this.#retryAt > now) return 'wait';
		const counted = { count: (before?.count ?? 0) + 1, at: now };
		await progress.write((s) => s.settings.set(FAILURES_SETTING, counted));
		const stored = await store.settings.get(PASSCODE_SETTING);
		if (!isStoredPasscode(stored) || !(await verifyPasscode(passcode, stored))) {
			this.#waitUntil(retryAt(counted, Date.now()));
			return 'wrong';
		}
		// Stored at an older, lower iteration count: stored again at today's, now that the code is known.
		const rehashed = needsRehash(stored) ? await hashPasscode(passcode) : undefined;
		await progress.write(async (s) => {
			await s.settings.set(FAILURES_SETTING, undefined);
			if (rehashed) await s.settings.set(PASSCODE_SETTING, rehashed);
		});
		this.#waitUntil(0);
		return 'unlocked';
	}

	lock() {
		this.status = 'locked';
	}

	/**
	 * What clearing deletes: every class, and the instructor's trainees (the ones the instructor's import brought
	 * in, and any placed in a class) with their attempts; with `everyone`, every trainee on the device.
	 */
	async resetPlan(everyone = false, countAttempts = true): Promise<ResetPlan> {
		const store = await progress.ready();
		const trainees = (await store.trainees.list())
			.filter((t) => everyone || t.source === 'import' || t.classId !== undefined)
			.map((t) => t.id);
		const classes = (await store.classes.list()).length;
		if (!countAttempts) return { trainees, classes };
		// Only the trainees that go: reading every attempt on the device could be a hundred thousand rows.
		const attempts = await Promise.all(trainees.map((id) => store.attempts.listByTrainee(id)));
		return { trainees, classes, attempts: attempts.reduce((n, list) => n + list.length, 0) };
	}

	/**
	 * The only way back from a forgotten passcode, so it must not be a free pass to the instructor's records: it
	 * deletes them. A trainee's own profile the instructor never touched stays; it is open in the trainee area
	 * anyway. The passcode goes last, so a clear that fails part way still leaves the area locked.
	 */
	async clear(everyone: boolean) {
		const plan = await this.resetPlan(everyone);
		await progress.write(async (store) => {
			for (const id of plan.trainees) await store.trainees.remove(id);
			for (const c of await store.classes.list()) await store.classes.remove(c.id);
			await store.settings.set(PASSCODE_SETTING, undefined);
		});
		const active = await (await progress.ready()).settings.get('activeTrainee');
		if (active && plan.trainees.includes(active))
			await progress.write((store) => store.settings.set('activeTrainee', undefined));
		await progress.refresh();
		this.status = 'first-use';
	}
}

/** Ids of the trainees a clear deletes, with how many classes and (when counted) attempts go with them. */
export interface ResetPlan {
	trainees: string[];
	classes: number;
	attempts?: number;
}

export const instructor = new Instructor();
