// Code that runs inside the page. Every time is the page's own performance.now(): milliseconds since
// its navigation started. Functions here are serialised by Playwright, so they use nothing from outside.
import type { BrowserContext } from '@playwright/test';

export interface BenchState {
	/** When `ready` first held and was shown: the start of the next frame (requestAnimationFrame). */
	readyAt?: number;
	/** With `clickWhenReady`: when the button was clicked, and when a staff reply answered it in the log. */
	clickedAt?: number;
	answeredAt?: number;
	/** Readwrite transactions touching `turns` still open. */
	pendingSaves: number;
	/** Duration of each such transaction, from its creation to `complete`. */
	saves: number[];
	failedSaves: number;
}
export type BenchWindow = Window & { __bench: BenchState };

export interface ReadyWhen {
	/** An enabled element matching this selector… */
	button: string;
	/** …and at least this many staff replies in the conversation log. */
	staffReplies?: number;
	/** Click the button in that frame and time the answer, as a trainee who clicks the moment it shows. */
	clickWhenReady?: boolean;
}

// tsx compiles with esbuild's keepNames, which wraps named functions in __name(); the page needs it too.
const SHIM = 'globalThis.__name ??= (fn) => fn;';

/** Installs the probes in every document the context opens, before the page's own scripts run. */
export async function installProbes(context: BrowserContext, ready: ReadyWhen) {
	await context.addInitScript({ content: `${SHIM}\n(${probes.toString()})(${JSON.stringify(ready)});` });
}

function probes(ready: ReadyWhen) {
	const state: BenchState = { pendingSaves: 0, saves: [], failedSaves: 0 };
	(window as unknown as BenchWindow).__bench = state;

	const staffReplies = () => document.querySelectorAll('[role="log"] li.staff').length;
	const isReady = () => {
		const button = document.querySelector<HTMLButtonElement>(ready.button);
		if (!button || button.disabled) return false;
		return staffReplies() >= (ready.staffReplies ?? 0);
	};
	const clickAndTime = () => {
		const before = staffReplies();
		const answered = new MutationObserver(() => {
			if (staffReplies() <= before) return;
			state.answeredAt = performance.now();
			answered.disconnect();
		});
		answered.observe(document, { subtree: true, childList: true });
		state.clickedAt = performance.now();
		document.querySelector<HTMLButtonElement>(ready.button)!.click();
	};
	let held = false;
	const observer = new MutationObserver(() => {
		if (held || !isReady()) return;
		held = true;
		observer.disconnect();
		// Enabled is not yet seen: the time is the frame that paints it.
		requestAnimationFrame(() => {
			state.readyAt = performance.now();
			if (ready.clickWhenReady) clickAndTime();
		});
	});
	observer.observe(document, {
		subtree: true,
		childList: true,
		attributes: true,
		attributeFilter: ['disabled']
	});

	if (typeof IDBDatabase === 'undefined') return;
	const transaction = IDBDatabase.prototype.transaction;
	IDBDatabase.prototype.transaction = function (this: IDBDatabase, ...args: Parameters<typeof transaction>) {
		const tx = transaction.apply(this, args);
		const [stores, mode] = args;
		const names = typeof stores === 'string' ? [stores] : [...stores];
		if (mode === 'readwrite' && names.includes('turns')) {
			const start = performance.now();
			state.pendingSaves++;
			tx.addEventListener('complete', () => {
				state.pendingSaves--;
				state.saves.push(performance.now() - start);
			});
			tx.addEventListener('abort', () => {
				state.pendingSaves--;
				state.failedSaves++;
			});
		}
		return tx;
	};
}

/**
 * Plays by clicking the first choice until `count` choices are timed, pressing 'Try again' at each ending.
 * A choice is timed from just before its click to the mutation that adds the next line to the conversation
 * log; then the loop waits for the turn's save to complete and a short pause, as a trainee would.
 */
export async function playChoices({ count, retry }: { count: number; retry: string }) {
	const state = (window as unknown as BenchWindow).__bench;
	const until = (condition: () => boolean, what: string) =>
		new Promise<void>((resolve, reject) => {
			const deadline = performance.now() + 10_000;
			const poll = () => {
				if (condition()) resolve();
				else if (performance.now() > deadline) reject(new Error(`timed out waiting for ${what}`));
				else setTimeout(poll, 2);
			};
			poll();
		});
	const choice = () => document.querySelector<HTMLButtonElement>('[aria-keyshortcuts="1"]');
	const latencies: number[] = [];
	let playthroughs = 0;
	while (latencies.length < count) {
		const button = choice();
		// The replies stay locked for a moment after each choice (the choice gate): wait, as a trainee would.
		if (button?.disabled) {
			await until(() => !choice()?.disabled, 'the replies to open');
			continue;
		}
		if (!button) {
			const again = [...document.querySelectorAll('button')].find((b) => b.textContent?.trim() === retry);
			if (!again) throw new Error('neither a choice nor the retry button is on the page');
			again.click();
			playthroughs++;
			await until(() => choice() !== null, 'the first choice after retrying');
			continue;
		}
		const log = document.querySelector('[role="log"]')!;
		const before = log.querySelectorAll('li').length;
		const savesBefore = state.saves.length;
		const shown = new Promise<number>((resolve) => {
			const observer = new MutationObserver(() => {
				if (log.querySelectorAll('li').length > before) {
					observer.disconnect();
					resolve(performance.now());
				}
			});
			observer.observe(log, { childList: true, subtree: true });
		});
		const start = performance.now();
		button.click();
		latencies.push((await shown) - start);
		await until(() => state.saves.length > savesBefore && state.pendingSaves === 0, 'the turn to be saved');
		await new Promise((r) => setTimeout(r, 20));
	}
	return { latencies, playthroughs };
}
