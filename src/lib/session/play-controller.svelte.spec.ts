// The play screen's orchestration without the screen: a fresh attempt, an early choice, resuming from the URL,
// keys 1–4, the ending's report and "Try again". Each test gets a fresh `progress` over its own IndexedDB.
import 'fake-indexeddb/auto';
import { IDBFactory } from 'fake-indexeddb';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { fixture, rubric } from '$lib/engine/test-helpers';
import type { PlayController as Controller } from './play-controller.svelte';

const tiny = fixture('tiny');
const rubrics = [rubric('style'), rubric('last')];

function memoryStorage() {
	const items = new Map<string, string>();
	return {
		getItem: (key: string) => items.get(key) ?? null,
		setItem: (key: string, value: string) => void items.set(key, value),
		removeItem: (key: string) => void items.delete(key),
		clear: () => items.clear(),
		key: (i: number) => [...items.keys()][i] ?? null,
		get length() {
			return items.size;
		}
	};
}

beforeEach(() => {
	vi.resetModules();
	vi.stubGlobal('indexedDB', new IDBFactory());
	vi.stubGlobal('localStorage', memoryStorage());
	vi.stubGlobal('requestAnimationFrame', (run: () => void) => setTimeout(run, 0));
});
const controllers: Controller[] = [];
afterEach(async () => {
	for (const c of controllers.splice(0)) c.destroy();
	const { progress } = await import('./progress.svelte');
	await progress.whenSaved?.();
	progress.store?.close();
	vi.unstubAllGlobals();
});

/** A play page at `href`, as a tab loads it; the URL follows replaceUrl as the page's does. */
async function page(href = 'https://app.test/scenarios/tiny/play?mode=practice') {
	const { PlayController } = await import('./play-controller.svelte');
	const { progress } = await import('./progress.svelte');
	let url = new URL(href);
	const play = new PlayController({
		scenario: tiny,
		rubrics,
		url: () => url,
		replaceUrl: (next) => (url = next),
		openingSeed: 7,
		locale: () => 'en'
	});
	controllers.push(play);
	return { play, progress, url: () => url };
}

const unlocked = (play: Controller) => vi.waitFor(() => expect(play.gate.locked).toBe(false));
const saved = async () => (await import('./progress.svelte')).progress.whenSaved();
const key = (k: string, extra: Partial<KeyboardEvent> = {}) =>
	({
		key: k,
		altKey: false,
		ctrlKey: false,
		metaKey: false,
		repeat: false,
		target: null,
		preventDefault() {},
		...extra
	}) as unknown as KeyboardEvent;

describe('PlayController', () => {
	it('asks for a name first, then plays the choice made before the app started and puts the attempt in the URL', async () => {
		const { play, progress, url } = await page();
		await play.begin('hear-her-out');
		expect(play.phase).toBe('name');
		expect(play.session?.transcript).toHaveLength(0);
		await play.saveName('Ana');
		expect(play.phase).toBe('play');
		expect(play.session?.transcript.map((t) => t.choice)).toEqual(['hear-her-out']);
		expect(play.decisionNumber).toBe(2);
		await saved();
		await vi.waitFor(() => expect(url().searchParams.get('attempt')).toBeTruthy());
		expect(url().searchParams.get('mode')).toBe('practice');
		expect(progress.trainee?.name).toBe('Ana');
	});

	it('resumes the attempt in the URL where it stood, in its own mode and order', async () => {
		const first = await page('https://app.test/scenarios/tiny/play?mode=assessment');
		await first.play.begin();
		await first.play.saveName('Ana');
		first.play.select('hear-her-out');
		await saved();
		await vi.waitFor(() => expect(first.url().searchParams.get('attempt')).toBeTruthy());
		const order = first.play.choices.map((c) => c.id);
		first.play.destroy();

		const again = await page(first.url().href);
		await again.play.begin();
		expect(again.play.resumed).toBe(true);
		expect(again.play.mode).toBe('assessment');
		expect(again.play.session?.at).toBe('fix');
		expect(again.play.choices.map((c) => c.id)).toEqual(order);
	});

	it('keys 1–4 pick the replies as shown, not with a modifier, a held key or in a field', async () => {
		const { play } = await page();
		await play.begin();
		await play.saveName('Ana');
		const second = play.choices[1]!.id;
		expect(play.keydown(key('1', { ctrlKey: true }))).toBe(false);
		expect(play.keydown(key('5'))).toBe(false);
		expect(play.keydown(key('2', { repeat: true }))).toBe(false);
		const field = { closest: (s: string) => (s.includes('textarea') ? {} : null) };
		expect(play.keydown(key('2', { target: field as unknown as EventTarget }))).toBe(false);
		expect(play.session?.transcript).toHaveLength(0);
		expect(play.keydown(key('2'))).toBe(true);
		expect(play.session?.transcript.map((t) => t.choice)).toEqual([second]);
		// Locked until the answer is drawn: a quick second key is not a second choice.
		expect(play.keydown(key('1'))).toBe(false);
		await unlocked(play);
	});

	it('at the ending the report is the session’s, earlier attempts load, and "Try again" starts afresh', async () => {
		const { play, url } = await page();
		await play.begin();
		await play.saveName('Ana');
		for (const id of ['hear-her-out', 'top-up']) {
			await unlocked(play);
			expect(play.select(id)).toBe(true);
		}
		expect(play.session?.done).toBe(true);
		expect(play.report?.scores.map((s) => s.rubric)).toEqual(['style', 'last']);
		expect(play.report).toEqual(play.session?.report);
		await saved();
		const finished = url().searchParams.get('attempt');
		expect(finished).toBeTruthy();

		play.retry();
		expect(url().searchParams.get('attempt')).toBeNull();
		expect(play.session?.transcript).toHaveLength(0);
		expect(play.report).toBeUndefined();
		for (const id of ['hear-her-out', 'top-up']) {
			await unlocked(play);
			play.select(id);
		}
		await saved();
		await vi.waitFor(() => expect(play.earlier.map((e) => e.id)).toEqual([finished]));
	});
});
