// The app's import path end to end: the attack files of tests/fixtures/progress/ go through parsing,
// re-scoring against the real content (served by a stubbed fetch) and the IndexedDB store.
import 'fake-indexeddb/auto';
import { readFileSync } from 'node:fs';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { nearestChoice } from '$lib/engine';
import { content, projectRoot } from '$lib/engine/test-helpers';
import { progress } from './progress.svelte';
import { importProgressFile, importProgressFiles, type ImportProgress } from './progress-files';
import { readCues } from '$lib/content/read-cues';

const scenarioData = (id: string) => {
	const scenario = content.scenarios.find((s) => s.id === id);
	return scenario && { scenario, summary: {}, rubrics: scenario.rubrics.map((r) => content.rubrics.get(r)!) };
};
vi.stubGlobal('fetch', async (url: string) => {
	if (url.endsWith('/content/cues.json')) return new Response(JSON.stringify(readCues(projectRoot).cues));
	const data = scenarioData(/\/content\/([^/]+)\.json$/.exec(url)?.[1] ?? '');
	return data ? new Response(JSON.stringify(data)) : new Response('', { status: 404 });
});

const fixtureText = (name: string) => readFileSync(`${projectRoot}tests/fixtures/progress/${name}`, 'utf8');
const fixture = (name: string) => new File([fixtureText(name)], name, { type: 'application/json' });

async function importOne(name: string) {
	const [report] = await importProgressFiles([fixture(name)]);
	return report!;
}
function okReport(report: Awaited<ReturnType<typeof importOne>>) {
	if (!report.ok) throw new Error(`expected the file to be read: ${report.error}`);
	return report;
}
const stored = async () => {
	const store = await progress.ready();
	return { trainees: await store.trainees.list(), attempts: await store.attempts.listAll() };
};

beforeEach(async () => {
	const store = await progress.ready();
	for (const t of await store.trainees.list()) await store.trainees.remove(t.id);
	await store.settings.set('activeTrainee', undefined);
	await progress.refresh();
});
afterEach(() => vi.useRealTimers());

describe('observed replies in a progress file (issue 15, item 5)', () => {
	it('refuses an assessment that "observes" the worst reply as assertive with every LAST step', async () => {
		const report = await importOne('forged-observe-assessment.json');
		expect(report.ok).toBe(false);
		expect(!report.ok && report.problem).toMatchObject({
			code: 'damaged',
			detail: expect.stringMatching(/attempt "forged-1" has an observed reply .*only a classroom/)
		});
		expect((await stored()).attempts).toEqual([]);
	});

	it('refuses a style no rubric of the scenario has, and a step that is not one of its rubric steps', async () => {
		const style = okReport(await importOne('observe-invented-style.json'));
		expect(style.imported).toBe(0);
		expect(style.rejected.map((r) => r.problem)).toEqual([
			{ code: 'bad-observation', turn: 1, label: 'charming', scenario: 'rice-grit' }
		]);
		const step = okReport(await importOne('observe-unknown-step.json'));
		expect(step.rejected.map((r) => r.problem)).toEqual([
			{ code: 'bad-observation', turn: 1, label: 'last.charm', scenario: 'rice-grit' }
		]);
		expect((await stored()).attempts).toEqual([]);
	});

	it('refuses HTML as a step before it can reach a transcript', async () => {
		const report = await importOne('observe-html-step.json');
		expect(!report.ok && report.problem).toMatchObject({
			code: 'damaged',
			detail: expect.stringContaining('attempts[0].log[0].steps[0]')
		});
		expect((await stored()).attempts).toEqual([]);
	});

	it('works out the nearest written choice again instead of taking the one the file names', async () => {
		const report = okReport(await importOne('observe-worst-as-best.json'));
		expect(report.imported).toBe(1);
		const [attempt] = (await stored()).attempts;
		const stones = content.scenarios.find((s) => s.id === 'rice-grit')!.nodes.stones!.choices;
		const entry = JSON.parse(fixtureText('observe-worst-as-best.json')).attempts[0].log[0];
		const nearest = nearestChoice(stones, entry.style, entry.steps).id;
		expect(entry.choice).toBe('not-from-us');
		expect(nearest).not.toBe('not-from-us');
		expect(attempt!.log).toEqual([{ ...entry, choice: nearest }]);
		// One assertive turn does not end the conversation: nothing claims the "lost" ending.
		expect(attempt).toMatchObject({ status: 'in-progress', classroom: true });
		expect(attempt!.ending).toBeUndefined();
	});
});

describe('validation gaps (issue 15, item 7)', () => {
	it('replays against the content whatever version the file claims: an unknown choice is refused', async () => {
		const report = okReport(await importOne('unknown-choice-old-version.json'));
		expect(report.imported).toBe(0);
		expect(report.rejected.map((r) => r.problem)).toEqual([
			{ code: 'missing-choice', turn: 2, scenario: 'rice-grit' }
		]);
	});

	it('names an entry after the ending and a rewind to a turn never reached, each in its own words', async () => {
		const after = okReport(await importOne('past-ending.json'));
		expect(after.rejected.map((r) => r.problem)).toEqual([
			{ code: 'past-ending', turn: 7, scenario: 'rice-grit' }
		]);
		expect(after.rejected[0]!.reason).toBe(
			'its entry 7 comes after the conversation ended in scenario "rice-grit"'
		);
		const rewind = okReport(await importOne('bad-rewind.json'));
		expect(rewind.rejected.map((r) => r.problem)).toEqual([
			{ code: 'bad-rewind', turn: 2, to: 6, scenario: 'rice-grit' }
		]);
		expect(rewind.rejected[0]!.reason).toBe(
			'its entry 2 goes back to turn 6, which it had not reached, in scenario "rice-grit"'
		);
	});

	it('refuses times in the future and an attempt updated before it started', async () => {
		const future = await importOne('future-dates.json');
		expect(!future.ok && future.problem).toMatchObject({
			code: 'future-time',
			at: 'attempts[0].startedAt',
			time: '3000-01-01T00:00:00.000Z'
		});
		const backwards = await importOne('updated-before-started.json');
		expect(!backwards.ok && backwards.problem).toMatchObject({
			code: 'damaged',
			detail: expect.stringContaining('attempt "backwards-1" was updated before it started')
		});
		expect(await stored()).toEqual({ trainees: [], attempts: [] });
	});

	it('allows a few minutes of clock skew between devices', async () => {
		vi.useFakeTimers({ toFake: ['Date'] });
		const data = JSON.parse(fixtureText('valid.json'));
		// Exported right after the attempt, by a device whose clock runs five minutes ahead of ours.
		data.exportedAt = new Date(data.attempts[0].updatedAt).toISOString();
		vi.setSystemTime(data.attempts[0].updatedAt - 5 * 60_000);
		const file = new File([JSON.stringify(data)], 'skewed.json');
		const [report] = await importProgressFiles([file]);
		expect(report).toMatchObject({ ok: true, imported: 1 });
		// Fifteen minutes ahead is more than a clock drifts.
		vi.setSystemTime(data.attempts[0].updatedAt - 15 * 60_000);
		const [late] = await importProgressFiles([new File([JSON.stringify(data)], 'ahead.json')]);
		expect(late).toMatchObject({ ok: false, problem: { code: 'future-time' } });
	});

	it('adds no profile from a file with no attempt that can be imported', async () => {
		const report = okReport(await importOne('no-valid-attempt.json'));
		expect(report).toMatchObject({ imported: 0, traineeIds: [] });
		expect(report.rejected).toHaveLength(1);
		expect(await stored()).toEqual({ trainees: [], attempts: [] });
		// The trainee's own import does not switch to a profile that was never added.
		const own = await importProgressFile(fixture('no-valid-attempt.json'));
		expect(own.ok).toBe(true);
		expect(progress.trainee).toBeUndefined();
	});

	it('strips right-to-left overrides, NUL and zero-width characters from names', async () => {
		const report = okReport(await importOne('name-invisible-characters.json'));
		expect(report.imported).toBe(3);
		const names = (await stored()).trainees.map((t) => t.name).sort();
		expect(names).toEqual(['Anagnp.exe', 'Bob', 'Chris']);
	});

	it('imports the clean file the attack files are made from', async () => {
		const report = okReport(await importOne('valid.json'));
		expect(report).toMatchObject({ imported: 1, rejected: [], traineeIds: ['trainee-mo'] });
		expect((await stored()).attempts[0]).toMatchObject({ status: 'finished', ending: 'loyal' });
	});
});

/** Many files in the export format, each one trainee with `per` copies of the valid attempt. */
function manyFiles(count: number, per: number) {
	const base = JSON.parse(fixtureText('valid.json'));
	return Array.from({ length: count }, (_, f) => {
		const traineeId = `trainee-${f}`;
		const data = {
			...base,
			trainees: [{ ...base.trainees[0], id: traineeId, name: `Trainee ${f}` }],
			attempts: Array.from({ length: per }, (_, a) => ({ ...base.attempts[0], id: `a-${f}-${a}`, traineeId }))
		};
		return new File([JSON.stringify(data)], `trainee-${f}.json`);
	});
}

describe('a long import (issue 15, item 16)', () => {
	it('reports progress in attempts, reading, checking then saving, up to the total', async () => {
		const seen: ImportProgress[] = [];
		const reports = await importProgressFiles(manyFiles(20, 300), { onProgress: (p) => seen.push({ ...p }) });
		expect(reports.every((r) => r.ok)).toBe(true);
		expect([...new Set(seen.map((p) => p.phase))]).toEqual(['reading', 'checking', 'saving']);
		const saving = seen.filter((p) => p.phase === 'saving');
		expect(saving.at(-1)).toEqual({ phase: 'saving', done: 6000, total: 6000 });
		expect(seen.filter((p) => p.phase === 'checking').at(-1)).toEqual({
			phase: 'checking',
			done: 6000,
			total: 6000
		});
		// More than one step while saving: the bar moves during the write, not only at its end.
		expect(saving.length).toBeGreaterThan(2);
		expect((await stored()).attempts).toHaveLength(6000);
	});

	it.each(['checking', 'saving'] as const)('writes nothing when cancelled while %s', async (phase) => {
		const controller = new AbortController();
		const run = importProgressFiles(manyFiles(20, 300), {
			signal: controller.signal,
			onProgress: (p) => {
				if (p.phase === phase && p.done > 0) controller.abort();
			}
		});
		await expect(run).rejects.toMatchObject({ name: 'AbortError' });
		expect(controller.signal.aborted).toBe(true);
		expect(await stored()).toEqual({ trainees: [], attempts: [] });
	});

	it("marks the trainees the instructor's import adds, and not those of a trainee's own import", async () => {
		await importProgressFiles(manyFiles(1, 1), { source: 'import' });
		await importProgressFile(fixture('valid.json'));
		const trainees = (await stored()).trainees;
		expect(trainees.find((t) => t.id === 'trainee-0')).toMatchObject({ source: 'import' });
		expect(trainees.find((t) => t.id === 'trainee-mo')).not.toHaveProperty('source');
	});
});

describe('typed replies in a progress file (issue 13)', () => {
	it('reads the words again: the labels, evidence and choice the file claims are not kept', async () => {
		const report = okReport(await importOne('typed-forged-labels.json'));
		expect(report.imported).toBe(1);
		const [attempt] = (await stored()).attempts;
		const [entry] = attempt!.log;
		if (entry?.type !== 'choice.type') throw new Error('expected the typed reply to be kept');
		expect(entry.typed.text).toBe(
			'Not my problem, lady. The rice was fine when it left here, so stop wasting my time.'
		);
		expect(entry.style).not.toBe('assertive');
		expect(entry.steps).toEqual([]);
		expect(entry.typed.confidence).toBeLessThan(1);
		// Evidence points into the typed words, never at text the file made up.
		for (const e of entry.typed.evidence) expect(entry.typed.text.slice(e.start, e.end)).toBe(e.text);
		expect(entry.typed.evidence.some((e) => e.text.includes('<img'))).toBe(false);
		// Not picked by the trainee, so the story moves on with the written reply nearest to the words.
		const scenario = content.scenarios.find((s) => s.id === 'rice-grit')!;
		const model = scenario.nodes[scenario.start]!.choices.find((c) => c.best)!;
		expect(entry.choice).not.toBe(model.id);
	});
});

/** valid.json as exported after its first `entries` replies, by trainee `name`, on March `day`. */
function export_(entries: number, name = 'Mo', day = 10) {
	const data = JSON.parse(fixtureText('valid.json'));
	const [a] = data.attempts;
	data.exportedAt = new Date(Date.UTC(2025, 2, day, 12)).toISOString();
	data.trainees[0].name = name;
	if (entries < a.log.length) {
		a.log = a.log.slice(0, entries);
		a.status = 'in-progress';
		delete a.finishedAt;
		delete a.ending;
		delete a.scores;
	}
	return new File([JSON.stringify(data)], `mo-${entries}.json`);
}

describe('a newer file updates what it holds (issue 11)', () => {
	it('an unfinished attempt, then the file after it was finished: updated, and finished, in the report', async () => {
		const [first] = await importProgressFiles([export_(2)], { source: 'import' });
		expect(first).toMatchObject({ ok: true, imported: 1, updated: 0 });
		expect((await stored()).attempts[0]).toMatchObject({ status: 'in-progress' });

		const [second] = await importProgressFiles([export_(6, 'Mo Chen', 11)], { source: 'import' });
		const report = okReport(second!);
		expect(report).toMatchObject({ imported: 0, updated: 1, skipped: 0 });
		expect(report.trainees).toEqual([
			expect.objectContaining({
				id: 'trainee-mo',
				name: 'Mo Chen',
				previousName: 'Mo',
				updated: ['valid-1']
			})
		]);
		const { trainees, attempts } = await stored();
		expect(attempts).toHaveLength(1);
		expect(attempts[0]).toMatchObject({
			status: 'finished',
			ending: 'loyal',
			scores: { style: 100, last: 100 }
		});
		expect(trainees.map((t) => t.name)).toEqual(['Mo Chen']);
	});

	it('a full disk: nothing is written, and the report says why', async () => {
		await importProgressFiles([export_(2)], { source: 'import' });
		const before = await stored();
		// The disk fills up while the import writes: every add fails as a full disk does.
		const add = vi.spyOn(IDBObjectStore.prototype, 'add').mockImplementation(() => {
			throw new DOMException('The quota has been exceeded.', 'QuotaExceededError');
		});
		const put = vi.spyOn(IDBObjectStore.prototype, 'put').mockImplementation(() => {
			throw new DOMException('The quota has been exceeded.', 'QuotaExceededError');
		});
		const reports = await importProgressFiles([export_(6, 'Mo Chen', 11), ...manyFiles(2, 50)], {
			source: 'import'
		});
		add.mockRestore();
		put.mockRestore();
		expect(reports.map((r) => !r.ok && r.problem)).toEqual([
			{ code: 'storage-full' },
			{ code: 'storage-full' },
			{ code: 'storage-full' }
		]);
		expect(await stored()).toEqual(before);
		expect(progress.notice).toBe('full');
		progress.notice = undefined;
	});
});
