// Code that runs inside the page. Every time is the page's own performance.now(): milliseconds since
// its navigation started. Functions here are serialised by Playwright, so they use nothing from outside.
import type { BrowserContext } from '@playwright/test';

export interface BenchState {
	/** When `ready` first held and was shown: the start of the next frame (requestAnimationFrame). */
	readyAt?: number;
	/** Readwrite transactions touching `turns` still open. */
	pendingSaves: number;
	/** Duration of each such transaction, from its creation to `complete`. */
	saves: number[];
	/** When each such transaction completed (committed). */
	savedAt: number[];
	failedSaves: number;
}
export type BenchWindow = Window & { __bench: BenchState };

export interface ReadyWhen {
	/** An enabled element matching this selector… */
	button: string;
	/** …and at least this many staff replies in the conversation log. */
	staffReplies?: number;
}

// tsx compiles with esbuild's keepNames, which wraps named functions in __name(); the page needs it too.
const SHIM = 'globalThis.__name ??= (fn) => fn;';

/** Installs the probes in every document the context opens, before the page's own scripts run. */
export async function installProbes(context: BrowserContext, ready: ReadyWhen) {
	await context.addInitScript({ content: `${SHIM}\n(${probes.toString()})(${JSON.stringify(ready)});` });
}

function probes(ready: ReadyWhen) {
	const state: BenchState = { pendingSaves: 0, saves: [], savedAt: [], failedSaves: 0 };
	(window as unknown as BenchWindow).__bench = state;

	const staffReplies = () => document.querySelectorAll('[role="log"] li.staff').length;
	const isReady = () => {
		const button = document.querySelector<HTMLButtonElement>(ready.button);
		if (!button || button.disabled) return false;
		return staffReplies() >= (ready.staffReplies ?? 0);
	};
	let held = false;
	const observer = new MutationObserver(() => {
		if (held || !isReady()) return;
		held = true;
		observer.disconnect();
		// Enabled is not yet seen: the time is the frame that paints it.
		requestAnimationFrame(() => {
			state.readyAt = performance.now();
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
				state.savedAt.push(performance.now());
			});
			tx.addEventListener('abort', () => {
				state.pendingSaves--;
				state.failedSaves++;
			});
		}
		return tx;
	};
}
