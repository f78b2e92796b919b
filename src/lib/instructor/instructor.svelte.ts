// Whether the instructor area is open. Held in this module's memory only, on purpose: a reload, a new tab
// or closing the browser locks it again, and nothing on disk (sessionStorage included) can open it.
import { progress } from '$lib/session/progress.svelte';
import { PASSCODE_SETTING, hashPasscode, isStoredPasscode, verifyPasscode } from './passcode';

export type GateStatus = 'checking' | 'first-use' | 'locked' | 'unlocked';

class Instructor {
	status = $state<GateStatus>('checking');

	/** Reads whether a passcode was chosen; the area stays shut until `unlock` or `choose` succeeds. */
	async check() {
		if (this.status === 'unlocked') return;
		const store = await progress.ready();
		const stored = await store.settings.get(PASSCODE_SETTING);
		this.status = isStoredPasscode(stored) ? 'locked' : 'first-use';
	}

	/** First use: stores only the salted hash. */
	async choose(passcode: string) {
		const stored = await hashPasscode(passcode);
		const saved = await progress.write((store) => store.settings.set(PASSCODE_SETTING, stored));
		if (saved === undefined && progress.notice === 'full') return false;
		this.status = 'unlocked';
		return true;
	}

	async unlock(passcode: string): Promise<boolean> {
		const store = await progress.ready();
		const stored = await store.settings.get(PASSCODE_SETTING);
		if (!isStoredPasscode(stored) || !(await verifyPasscode(passcode, stored))) return false;
		this.status = 'unlocked';
		return true;
	}

	lock() {
		this.status = 'locked';
	}

	/**
	 * The only way back from a forgotten passcode: forget it with the roster. Trainees and their attempts
	 * are their own and stay, unless the instructor explicitly asks to remove them too.
	 */
	async clear(alsoTrainees: boolean) {
		await progress.write(async (store) => {
			await store.settings.set(PASSCODE_SETTING, undefined);
			for (const c of await store.classes.list()) await store.classes.remove(c.id);
			if (alsoTrainees) for (const t of await store.trainees.list()) await store.trainees.remove(t.id);
		});
		if (alsoTrainees) await progress.write((store) => store.settings.set('activeTrainee', undefined));
		await progress.refresh();
		this.status = 'first-use';
	}
}

export const instructor = new Instructor();
