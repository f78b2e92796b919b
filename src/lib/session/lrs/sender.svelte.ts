// Delivers the outbox to the class's LRS, in queue order, in batches, in the background: play never waits on
// it. Down or offline, it backs off and tries again (and at once when the browser says it is back online); a
// reload starts it again. A refused key or request stops it until the trainee retries: retrying would not help.
import type { Outbox } from '$lib/persistence/outbox';
import { sendStatements, type LrsTarget, type SendOutcome } from './client';

export type SenderState = 'idle' | 'sending' | 'waiting' | 'refused' | 'version' | 'rejected';

export interface SenderOptions {
	batch?: number;
	fetcher?: typeof fetch;
	/** Backoff bounds, ms. */
	minDelay?: number;
	maxDelay?: number;
}

const LOCK = 'service-roleplay-outbox';

export class LrsSender {
	pending = $state(0);
	state = $state<SenderState>('idle');
	/** The LRS's own words, when it refused a request. */
	detail = $state<string>();
	/** The page is going: requests are made to outlive it (small ones only: browsers cap them at 64 KB). */
	leaving = false;
	readonly target: LrsTarget;
	#outbox: Outbox;
	#options: Required<Omit<SenderOptions, 'fetcher'>> & { fetcher?: typeof fetch };
	#delay = 0;
	#timer: ReturnType<typeof setTimeout> | undefined;
	#running: Promise<void> | undefined;
	#again = false;
	#stopped = false;

	constructor(target: LrsTarget, outbox: Outbox, options: SenderOptions = {}) {
		this.target = target;
		this.#outbox = outbox;
		this.#options = { batch: 50, minDelay: 2_000, maxDelay: 5 * 60_000, ...options };
	}

	/** Sends what is waiting now; a call while sending makes the running flush go round once more. */
	kick(): Promise<void> {
		if (this.#stopped) return Promise.resolve();
		if (this.#running) {
			this.#again = true;
			return this.#running;
		}
		clearTimeout(this.#timer);
		this.#timer = undefined;
		this.#running = this.#locked()
			.catch((error: unknown) => {
				console.error(error);
				this.#backoff();
			})
			.finally(() => {
				this.#running = undefined;
				if (this.#again) {
					this.#again = false;
					void this.kick();
				}
			});
		return this.#running;
	}

	/** The header's retry: after a refusal, or to skip the backoff's wait. */
	retry(): Promise<void> {
		this.#delay = 0;
		if (this.state === 'refused' || this.state === 'version' || this.state === 'rejected')
			this.state = 'idle';
		return this.kick();
	}

	stop() {
		this.#stopped = true;
		clearTimeout(this.#timer);
	}

	async refreshCount() {
		this.pending = await this.#outbox.pending();
	}

	// One tab sends at a time: two would send the same statements twice (harmless, but twice the traffic).
	async #locked() {
		const locks = (globalThis.navigator as Navigator | undefined)?.locks;
		if (!locks) return this.#flush();
		await locks.request(LOCK, { ifAvailable: true }, async (lock) => {
			if (lock) return this.#flush();
			// Another tab is sending: look again in a while, for the count and for anything it left.
			await this.refreshCount();
			this.#schedule(this.#options.minDelay);
		});
	}

	async #flush() {
		await this.refreshCount();
		if (this.state === 'refused' || this.state === 'version' || this.state === 'rejected') return;
		while (!this.#stopped) {
			const batch = await this.#outbox.next(this.#options.batch);
			if (!batch.length) {
				this.state = 'idle';
				this.#delay = 0;
				return;
			}
			this.state = 'sending';
			const statements = batch.map((b) => b.statement as { id: string });
			const { sent, outcome } = await sendStatements(this.target, statements, this.#options.fetcher, {
				keepalive: this.leaving
			});
			if (sent.length) await this.#outbox.markSent(sent);
			await this.refreshCount();
			if (outcome.kind !== 'sent') return this.#failed(outcome);
		}
	}

	#failed(outcome: Exclude<SendOutcome, { kind: 'sent' }>) {
		if (outcome.kind === 'refused') this.state = 'refused';
		else if (outcome.kind === 'rejected') {
			this.detail = outcome.message;
			this.state = /version/i.test(outcome.message) ? 'version' : 'rejected';
		} else this.#backoff();
	}

	#backoff() {
		this.state = 'waiting';
		this.#delay = Math.min(this.#options.maxDelay, this.#delay ? this.#delay * 2 : this.#options.minDelay);
		this.#schedule(this.#delay);
	}

	#schedule(ms: number) {
		clearTimeout(this.#timer);
		if (!this.#stopped) this.#timer = setTimeout(() => void this.kick(), ms);
	}
}
