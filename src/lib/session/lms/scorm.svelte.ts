// SCORM 1.2 (window.API in a parent or opener frame): the learner's name, resume from cmi.suspend_data, the
// score and status at the ending, LMSCommit after each turn and LMSFinish on leaving.
import type { Rubric, Scenario } from '$lib/engine/schema';
import { overallScore } from '$lib/engine/lms/score';
import { decodeSuspend, encodeSuspend } from '$lib/engine/lms/suspend';
import { verdict } from '$lib/engine/verdict';
import type { ScenarioSession } from '../scenario-session.svelte';
import type { LmsAttempt, LmsLaunch, LmsLink, LmsMode, RuntimeProblem } from './link';

/** The calls of the SCORM 1.2 run-time API this SCO makes. Every value is a string. */
export interface Scorm12Api {
	LMSInitialize(arg: ''): string;
	LMSFinish(arg: ''): string;
	LMSGetValue(element: string): string;
	LMSSetValue(element: string, value: string): string;
	LMSCommit(arg: ''): string;
	LMSGetLastError(): string | number;
	LMSGetErrorString(code: string): string;
}

/** "Doe, Jane" (SCORM's Last, First) → "Jane Doe". */
export function displayName(studentName: string): string | undefined {
	const name = studentName.trim();
	if (!name) return undefined;
	const [last, first, ...rest] = name.split(',').map((s) => s.trim());
	return first && !rest.length ? `${first} ${last}` : name;
}

/** CMITimespan: HHHH:MM:SS.SS. */
export function timespan(ms: number): string {
	const s = Math.max(0, ms) / 1000;
	const h = Math.floor(s / 3600);
	const m = Math.floor((s % 3600) / 60);
	const sec = (s % 60).toFixed(2).padStart(5, '0');
	return `${String(Math.min(h, 9999)).padStart(4, '0')}:${String(m).padStart(2, '0')}:${sec}`;
}

const FINISHED = new Set(['passed', 'failed', 'completed']);

export class ScormLink implements LmsLink {
	readonly kind = 'scorm';
	readonly learner: string | undefined;
	readonly mode: LmsMode;
	readonly attempt: LmsAttempt | undefined;
	readonly returnUrl = undefined;
	problem = $state<RuntimeProblem>();
	result = $state<{ status: string; score?: number }>();
	#api: Scorm12Api;
	#scenario: Scenario;
	#rubrics: readonly Rubric[];
	#started = Date.now();
	#done = false;
	#finished = false;

	constructor(api: Scorm12Api, url: URL, scenario: Scenario, rubrics: readonly Rubric[]) {
		this.#api = api;
		this.#scenario = scenario;
		this.#rubrics = rubrics;
		this.#call(() => api.LMSInitialize(''), 'LMSInitialize');
		this.learner = displayName(this.#get('cmi.core.student_name'));
		const lessonMode = this.#get('cmi.core.lesson_mode');
		const status = this.#get('cmi.core.lesson_status');
		const saved = decodeSuspend(this.#get('cmi.suspend_data'));
		const finished = FINISHED.has(status);
		if (lessonMode === 'review') this.mode = 'review';
		else if (lessonMode === 'browse' || url.searchParams.get('mode') === 'practice') this.mode = 'practice';
		else this.mode = 'assessment';
		// Review shows the attempt as it ended; anything else resumes an attempt only while it is unfinished.
		const played = url.searchParams.get('mode') === 'practice' ? 'practice' : 'assessment';
		this.attempt = saved && (this.mode === 'review' || !finished) ? { ...saved, mode: played } : undefined;
		// The LMS closes the SCO's frame or window without a word: LMSFinish goes with the page.
		addEventListener('pagehide', () => void this.leave());
		if (this.mode !== 'review' && !this.attempt) {
			this.#set('cmi.core.lesson_status', 'incomplete');
			this.#call(() => this.#api.LMSCommit(''), 'LMSCommit');
		}
	}

	step(session: ScenarioSession) {
		if (this.mode === 'review' || this.#finished) return;
		const data = encodeSuspend(session.seed, session.log);
		if (data !== undefined) this.#set('cmi.suspend_data', data);
		else this.#note({ code: 'suspend_data', text: 'over 4,096 characters' });
		this.#set('cmi.core.lesson_location', session.at);
		this.#set('cmi.core.session_time', timespan(Date.now() - this.#started));
		if (session.done && session.report && session.ending) {
			this.#done = true;
			const score = Math.round(overallScore(session.report));
			this.#set('cmi.core.score.raw', String(score));
			this.#set('cmi.core.score.min', '0');
			this.#set('cmi.core.score.max', '100');
			const status =
				this.mode === 'assessment'
					? verdict(this.#scenario, this.#rubrics, session.report, session.ending).passed
						? 'passed'
						: 'failed'
					: 'completed';
			this.#set('cmi.core.lesson_status', status);
			this.result = { status, score };
		} else this.#set('cmi.core.lesson_status', 'incomplete');
		this.#set('cmi.core.exit', this.#done ? '' : 'suspend');
		this.#call(() => this.#api.LMSCommit(''), 'LMSCommit');
	}

	async leave() {
		if (this.#finished) return;
		this.#finished = true;
		if (this.mode !== 'review') {
			this.#set('cmi.core.session_time', timespan(Date.now() - this.#started));
			this.#set('cmi.core.exit', this.#done ? '' : 'suspend');
		}
		this.#call(() => this.#api.LMSFinish(''), 'LMSFinish');
	}

	#get(element: string): string {
		let value = '';
		this.#call(() => (value = String(this.#api.LMSGetValue(element) ?? '')), `LMSGetValue(${element})`);
		return value;
	}
	#set(element: string, value: string) {
		this.#call(() => this.#api.LMSSetValue(element, value), `LMSSetValue(${element})`);
	}
	/** Any call that throws or leaves an error code: noted once, and the SCO goes on. */
	#call(call: () => unknown, what: string) {
		try {
			call();
			const code = String(this.#api.LMSGetLastError() ?? '0');
			if (code !== '0' && code !== '') {
				this.#note({
					code,
					text: `${what}: error ${code}, ${String(this.#api.LMSGetErrorString(code) ?? '')}`
				});
			}
		} catch (error) {
			this.#note({ code: 'exception', text: `${what}: ${String(error)}` });
		}
	}
	#note(problem: RuntimeProblem) {
		this.problem ??= problem;
	}
}

export function openScorm(api: unknown, url: URL, scenario: Scenario, rubrics: readonly Rubric[]): LmsLaunch {
	return { ok: true, link: new ScormLink(api as Scorm12Api, url, scenario, rubrics) };
}
