import { beforeEach, describe, expect, it, vi } from 'vitest';
import { content } from '$lib/engine/test-helpers';
import { ScenarioSession } from '../scenario-session.svelte';
import { displayName, ScormLink, timespan, type Scorm12Api } from './scorm.svelte';

const scenario = content.scenarios.find((s) => s.id === 'rice-grit')!;
const rubrics = scenario.rubrics.map((id) => content.rubrics.get(id)!);
const url = new URL('https://lms.example.com/sco/scenarios/rice-grit/play/index.html?mode=assessment');

// The page's window, for pagehide.
let page: EventTarget;
beforeEach(() => {
	page = new EventTarget();
	vi.stubGlobal('addEventListener', page.addEventListener.bind(page));
	vi.stubGlobal('removeEventListener', page.removeEventListener.bind(page));
});

/** A SCORM 1.2 LMS in memory: what the SCO read and wrote, in order; `fail` makes one call leave an error. */
function fakeLms(start: Record<string, string> = {}, fail?: string) {
	const data: Record<string, string> = { 'cmi.core.student_name': 'Okafor, Ada', ...start };
	const calls: string[] = [];
	let error = '0';
	const api: Scorm12Api = {
		LMSInitialize: () => (calls.push('LMSInitialize'), 'true'),
		LMSFinish: () => (calls.push('LMSFinish'), 'true'),
		LMSCommit: () => {
			calls.push('LMSCommit');
			if (fail === 'LMSCommit') error = '101';
			return fail === 'LMSCommit' ? 'false' : 'true';
		},
		LMSGetValue: (element) => {
			error = '0';
			return data[element] ?? '';
		},
		LMSSetValue: (element, value) => {
			error = '0';
			calls.push(`set ${element}`);
			data[element] = value;
			return 'true';
		},
		LMSGetLastError: () => error,
		LMSGetErrorString: (code) => (code === '101' ? 'General exception' : '')
	};
	return { api, data, calls };
}

function play(link: ScormLink, session: ScenarioSession, rule: (c: { best: boolean }) => boolean) {
	session.onEntry(() => link.step(session));
	while (!session.done) session.select(session.scenario.nodes[session.at]!.choices.find(rule)!.id);
}

describe('a SCORM 1.2 launch', () => {
	it('reads the name, sets incomplete, then at the ending the score, passed and the session time', async () => {
		const { api, data, calls } = fakeLms();
		const link = new ScormLink(api, url, scenario, rubrics);
		expect(link.learner).toBe('Ada Okafor');
		expect(link.mode).toBe('assessment');
		expect(data['cmi.core.lesson_status']).toBe('incomplete');
		const session = new ScenarioSession(scenario, 'assessment', { seed: 42, rubrics });
		play(link, session, (c) => c.best);
		expect(data['cmi.core.lesson_status']).toBe('passed');
		expect([data['cmi.core.score.raw'], data['cmi.core.score.min'], data['cmi.core.score.max']]).toEqual([
			'100',
			'0',
			'100'
		]);
		expect(data['cmi.core.session_time']).toMatch(/^\d{4}:\d{2}:\d{2}\.\d{2}$/);
		expect(data['cmi.suspend_data']).toMatch(/^v1;/);
		// One commit per turn, after the launch's own.
		expect(calls.filter((c) => c === 'LMSCommit')).toHaveLength(1 + session.log.length);
		await link.leave();
		await link.leave();
		// Leaving reports the session's time, then finishes, once.
		expect(calls.slice(-3)).toEqual(['set cmi.core.session_time', 'set cmi.core.exit', 'LMSFinish']);
		expect(calls.filter((c) => c === 'LMSFinish')).toHaveLength(1);
		expect(data['cmi.core.exit']).toBe('');
	});

	it('resumes an unfinished attempt from suspend_data, and leaves as suspended', async () => {
		const first = fakeLms();
		const link = new ScormLink(first.api, url, scenario, rubrics);
		const session = new ScenarioSession(scenario, 'assessment', { seed: 7, rubrics });
		session.onEntry(() => link.step(session));
		session.select(scenario.nodes[session.at]!.choices[0]!.id);
		// The LMS closes the SCO's frame: LMSFinish goes with the page, the attempt left suspended.
		page.dispatchEvent(new Event('pagehide'));
		expect(first.calls.at(-1)).toBe('LMSFinish');
		expect(first.data['cmi.core.exit']).toBe('suspend');
		expect(first.data['cmi.core.session_time']).toMatch(/^\d{4}:\d{2}:\d{2}\.\d{2}$/);

		const again = fakeLms({
			'cmi.suspend_data': first.data['cmi.suspend_data']!,
			'cmi.core.lesson_status': 'incomplete',
			'cmi.core.entry': 'resume'
		});
		const resumed = new ScormLink(again.api, url, scenario, rubrics);
		expect(resumed.attempt).toEqual({ seed: 7, log: session.log, mode: 'assessment' });
	});

	it('a browse launch is practice, completed at the ending; review writes nothing', () => {
		const browse = fakeLms({ 'cmi.core.lesson_mode': 'browse' });
		const link = new ScormLink(browse.api, url, scenario, rubrics);
		expect(link.mode).toBe('practice');
		play(link, new ScenarioSession(scenario, 'practice', { rubrics }), (c) => !c.best);
		expect(browse.data['cmi.core.lesson_status']).toBe('completed');

		const review = fakeLms({
			'cmi.core.lesson_mode': 'review',
			'cmi.core.lesson_status': 'passed',
			'cmi.suspend_data': browse.data['cmi.suspend_data']!
		});
		const shown = new ScormLink(review.api, url, scenario, rubrics);
		expect(shown.mode).toBe('review');
		expect(shown.attempt?.log.length).toBeGreaterThan(0);
		expect(review.calls.filter((c) => c.startsWith('set '))).toEqual([]);
	});

	it('an LMS that answers with an error is noted once, and the SCO goes on', () => {
		const { api, data } = fakeLms({}, 'LMSCommit');
		const link = new ScormLink(api, url, scenario, rubrics);
		expect(link.problem).toEqual({ code: '101', text: 'LMSCommit: error 101, General exception' });
		play(link, new ScenarioSession(scenario, 'assessment', { rubrics }), (c) => c.best);
		expect(link.problem?.code).toBe('101');
		expect(data['cmi.core.lesson_status']).toBe('passed');
	});

	it('names and times as SCORM 1.2 writes them', () => {
		expect(displayName('Okafor, Ada')).toBe('Ada Okafor');
		expect(displayName('Ada')).toBe('Ada');
		expect(displayName('  ')).toBeUndefined();
		expect(timespan(3_723_450)).toBe('0001:02:03.45');
		expect(timespan(0)).toBe('0000:00:00.00');
	});
});
