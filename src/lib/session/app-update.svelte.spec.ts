import { describe, expect, it } from 'vitest';
import { AppUpdate, type WorkerMessage } from './app-update.svelte';
import { UpdateWatch, type UpdateNews } from './app-update-watch';

/** A service worker as the page sees it: its state, and the messages posted to it. */
class FakeWorker extends EventTarget {
	posted: WorkerMessage[] = [];
	constructor(public state: ServiceWorkerState) {
		super();
	}
	postMessage(message: WorkerMessage) {
		this.posted.push(message);
	}
	become(state: ServiceWorkerState) {
		this.state = state;
		this.dispatchEvent(new Event('statechange'));
	}
}

class FakeRegistration extends EventTarget {
	waiting: FakeWorker | null = null;
	installing: FakeWorker | null = null;
	update = async () => {};
	/** A new build arrives: it installs, then waits while the old one is in control. */
	install() {
		const worker = new FakeWorker('installing');
		this.installing = worker;
		this.dispatchEvent(new Event('updatefound'));
		this.installing = null;
		this.waiting = worker;
		worker.become('installed');
		return worker;
	}
}

class FakeContainer extends EventTarget {
	registration = new FakeRegistration();
	ready = Promise.resolve(this.registration);
	constructor(public controller: FakeWorker | null) {
		super();
	}
	startMessages() {}
	/** The waiting worker activates and takes this tab over. */
	takeOver() {
		this.controller = this.registration.waiting ?? new FakeWorker('activated');
		this.registration.waiting = null;
		this.dispatchEvent(new Event('controllerchange'));
	}
}

function setup(controlled = true) {
	const container = new FakeContainer(controlled ? new FakeWorker('activated') : null);
	const calls: string[] = [];
	let release!: () => void;
	let saving = Promise.resolve();
	let unsaved = 0;
	const update = new AppUpdate({
		whenSaved: () => {
			calls.push('whenSaved');
			return saving;
		},
		unsaved: () => unsaved,
		reload: () => calls.push('reload')
	});
	const stop = update.start('build-a', container as unknown as ServiceWorkerContainer);
	return {
		container,
		calls,
		update,
		stop,
		/** Makes the next whenSaved wait until `release()`: a turn is being written. */
		holdSave: () => {
			saving = new Promise<void>((resolve) => (release = resolve));
		},
		release: () => release(),
		setUnsaved: (n: number) => (unsaved = n)
	};
}

const settle = () => new Promise((resolve) => setTimeout(resolve, 0));

describe('AppUpdate', () => {
	it('offers a new build once it has installed and waits', async () => {
		const { container, update } = setup();
		await settle();
		expect(update.state).toBe('current');
		container.registration.install();
		expect(update.state).toBe('ready');
	});

	it('offers a build that was already waiting when the page opened', async () => {
		const container = new FakeContainer(new FakeWorker('activated'));
		container.registration.waiting = new FakeWorker('installed');
		const update = new AppUpdate({ whenSaved: async () => {}, unsaved: () => 0, reload: () => {} });
		update.start('build-a', container as unknown as ServiceWorkerContainer);
		await settle();
		expect(update.state).toBe('ready');
	});

	it('offers nothing on the first visit: the first worker taking control is no update', async () => {
		const { container, update, calls } = setup(false);
		await settle();
		container.registration.install();
		container.takeOver();
		expect(update.state).toBe('current');
		expect(update.behind).toBe(false);
		expect(calls).toEqual([]);
	});

	it('"Update now" waits for the turn being saved, then lets the new worker take over, then reloads', async () => {
		const { container, update, calls, holdSave, release } = setup();
		await settle();
		const waiting = container.registration.install();
		holdSave();
		const applying = update.apply();
		expect(update.state).toBe('saving');
		await settle();
		// The save is still under way: the old worker stays, nothing reloads.
		expect(waiting.posted).toEqual([]);
		expect(calls).toEqual(['whenSaved']);
		release();
		await applying;
		expect(waiting.posted).toEqual([{ type: 'skip-waiting' }]);
		expect(calls).not.toContain('reload');
		container.takeOver();
		await settle();
		expect(calls).toEqual(['whenSaved', 'whenSaved', 'reload']);
		// The new worker hears which build this tab runs until it reloads.
		expect(container.controller!.posted).toContainEqual({ type: 'build', version: 'build-a' });
	});

	it('does not reload while a step is not saved: it says so and waits for another press', async () => {
		const { container, update, calls, setUnsaved } = setup();
		await settle();
		const waiting = container.registration.install();
		setUnsaved(1);
		await update.apply();
		expect(update.state).toBe('unsaved');
		expect(waiting.posted).toEqual([]);
		setUnsaved(0);
		await update.apply();
		expect(waiting.posted).toEqual([{ type: 'skip-waiting' }]);
		expect(calls).not.toContain('reload');
	});

	it('a tab updated from another tab says it is behind, and reloads only when asked, after its saves', async () => {
		const { container, update, calls } = setup();
		await settle();
		container.registration.install();
		container.takeOver();
		expect(update.state).toBe('elsewhere');
		expect(update.behind).toBe(true);
		expect(calls).toEqual([]);
		await update.apply();
		expect(calls).toEqual(['whenSaved', 'reload']);
	});

	it('answers the worker which build this tab runs, and tells its worker at the start', async () => {
		const { container } = setup();
		expect(container.controller!.posted).toEqual([{ type: 'build', version: 'build-a' }]);
		const channel = new MessageChannel();
		const answer = new Promise((resolve) => (channel.port2.onmessage = (e) => resolve(e.data)));
		container.dispatchEvent(
			new MessageEvent('message', { data: { type: 'which-build' }, ports: [channel.port1] })
		);
		expect(await answer).toEqual({ type: 'build', version: 'build-a' });
		channel.port2.close();
	});

	it('a waiting build replaced by a newer one before anyone pressed is no longer offered', async () => {
		const { container, update } = setup();
		await settle();
		const first = container.registration.install();
		first.become('redundant');
		expect(update.state).toBe('current');
		container.registration.install();
		expect(update.state).toBe('ready');
	});
});

describe('AppUpdate started late, by the watcher', () => {
	it('after another tab took over, says it is behind and reloads when asked', async () => {
		const container = new FakeContainer(new FakeWorker('activated'));
		const calls: string[] = [];
		const update = new AppUpdate({
			whenSaved: async () => {},
			unsaved: () => 0,
			reload: () => calls.push('reload')
		});
		update.start('build-a', container as unknown as ServiceWorkerContainer, 'taken-over');
		expect(update.state).toBe('elsewhere');
		expect(update.behind).toBe(true);
		await update.apply();
		expect(calls).toEqual(['reload']);
	});
});

describe('UpdateWatch', () => {
	function watch(controlled = true) {
		const container = new FakeContainer(controlled ? new FakeWorker('activated') : null);
		const news: UpdateNews[] = [];
		const watcher = new UpdateWatch();
		const stop = watcher.start(
			'build-a',
			(n) => news.push(n),
			container as unknown as ServiceWorkerContainer
		);
		return { container, news, watcher, stop };
	}
	/** The watcher's answer to the worker's question, or undefined when it does not answer. */
	const ask = async (container: FakeContainer) => {
		const channel = new MessageChannel();
		const answer = new Promise((resolve) => {
			channel.port2.onmessage = (e) => resolve(e.data);
			setTimeout(() => resolve(undefined), 50);
		});
		container.dispatchEvent(
			new MessageEvent('message', { data: { type: 'which-build' }, ports: [channel.port1] })
		);
		const found = await answer;
		channel.port2.close();
		return found;
	};

	it('tells the worker which build this tab runs and answers when asked, with nothing to report', async () => {
		const { container, news } = watch();
		await settle();
		expect(container.controller!.posted).toEqual([{ type: 'build', version: 'build-a' }]);
		expect(await ask(container)).toEqual({ type: 'build', version: 'build-a' });
		expect(news).toEqual([]);
	});

	it('reports a new build once it has installed and waits, once', async () => {
		const { container, news, watcher } = watch();
		await settle();
		container.registration.install();
		container.registration.install();
		expect(news).toEqual(['waiting']);
		expect(watcher.behind).toBe(false);
		// Still answered, should AppUpdate's code not load.
		expect(await ask(container)).toEqual({ type: 'build', version: 'build-a' });
	});

	it('reports a build that was already waiting when the page opened', async () => {
		const container = new FakeContainer(new FakeWorker('activated'));
		container.registration.waiting = new FakeWorker('installed');
		const news: UpdateNews[] = [];
		new UpdateWatch().start('build-a', (n) => news.push(n), container as unknown as ServiceWorkerContainer);
		await settle();
		expect(news).toEqual(['waiting']);
	});

	it('on the first visit reports nothing, and tells the new worker the build and what the tab has loaded', async () => {
		const { container, news, watcher } = watch(false);
		await settle();
		container.registration.install();
		container.takeOver();
		expect(news).toEqual([]);
		expect(watcher.behind).toBe(false);
		expect(container.controller!.posted).toEqual([
			{ type: 'build', version: 'build-a' },
			{ type: 'loaded', paths: [] }
		]);
	});

	it("a tab taken over by another tab's update is behind, and says so when it had not seen the build wait", async () => {
		const { container, news, watcher } = watch();
		await settle();
		container.takeOver();
		expect(news).toEqual(['taken-over']);
		expect(watcher.behind).toBe(true);
	});

	it('stays behind after a takeover it had already reported as a waiting build', async () => {
		const { container, news, watcher } = watch();
		await settle();
		container.registration.install();
		container.takeOver();
		expect(news).toEqual(['waiting']);
		expect(watcher.behind).toBe(true);
	});

	it('stops', async () => {
		const { container, news, stop } = watch();
		await settle();
		stop();
		container.takeOver();
		expect(news).toEqual([]);
	});
});
