// Replies can't run ahead of the story: one choice at a time, answered and drawn before the next is taken.

/** The replies stay locked at least this long after a choice, so a double press or a bounce chooses once. */
export const SETTLE_MS = 250;

export interface Press {
	/** A held key's repeat (KeyboardEvent.repeat). */
	repeat?: boolean;
	/** The click count (MouseEvent.detail): 2 and more is the second click of a double click. */
	detail?: number;
}

export class ChoiceGate {
	/** True from an accepted choice until the customer's answer is drawn and the settle time has passed. */
	locked = $state(false);
	#at = -Infinity;
	#now: () => number;
	#wait: (ms: number) => Promise<void>;

	constructor(
		now: () => number = () => performance.now(),
		wait: (ms: number) => Promise<void> = (ms) => new Promise((resolve) => setTimeout(resolve, ms))
	) {
		this.#now = now;
		this.#wait = wait;
	}

	/** Whether a press may choose: not while locked, not a held key's repeat, not a double click's second click. */
	take(press: Press = {}): boolean {
		if (this.locked || press.repeat || (press.detail ?? 1) > 1) return false;
		this.#at = this.#now();
		this.locked = true;
		return true;
	}

	/** Called once the answer is on screen; the replies open when the settle time is over too. */
	async release(): Promise<void> {
		const left = this.#at + SETTLE_MS - this.#now();
		if (left > 0) await this.#wait(left);
		this.locked = false;
	}
}

/** Resolves after the next frame has been painted. */
export const afterNextPaint = (): Promise<void> =>
	new Promise((resolve) => requestAnimationFrame(() => setTimeout(resolve, 0)));
