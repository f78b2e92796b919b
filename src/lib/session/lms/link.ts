// What the play screen needs from an LMS that launched it, whichever standard it speaks. Types only, and the
// launch detection: neither runtime is downloaded unless the page was launched by an LMS.
import type { LogEntry } from '$lib/engine/compile';
import type { Rubric, Scenario } from '$lib/engine/schema';
import type { ScenarioSession } from '../scenario-session.svelte';

/** Review shows the last attempt read-only: nothing is played, nothing is recorded. */
export type LmsMode = 'practice' | 'assessment' | 'review';

/** Why an LMS launch could not start. Nothing is stored and nothing is sent for any of them. */
export type LaunchProblem =
	| { kind: 'missing'; params: string[] }
	| { kind: 'fetch-used' }
	| { kind: 'fetch-refused'; detail: string }
	| { kind: 'token-refused' }
	| { kind: 'no-launch-data' }
	| { kind: 'unreachable'; detail: string }
	| { kind: 'nothing-to-review' };

/** What went wrong while playing: shown once, and play goes on, saved on this device. */
export interface RuntimeProblem {
	code: string;
	text: string;
}

export interface LmsAttempt {
	seed: number;
	log: LogEntry[];
	/** The mode it was played in, for Review. */
	mode?: 'practice' | 'assessment';
}

export interface LmsLink {
	readonly kind: 'cmi5' | 'scorm';
	/** The learner's name as the LMS has it; undefined when the LMS did not say (the app then asks). */
	readonly learner: string | undefined;
	readonly mode: LmsMode;
	/** An unfinished attempt to go on with (SCORM), or the attempt review shows. */
	readonly attempt: LmsAttempt | undefined;
	/** The first problem the LMS had while playing, if any. */
	readonly problem: RuntimeProblem | undefined;
	/** Where "Return to course" goes (cmi5's returnURL); undefined when the LMS gave none. */
	readonly returnUrl: string | undefined;
	/** What the gradebook got at the ending, once it is sent. */
	readonly result: { status: string; score?: number } | undefined;
	/** After every step the session takes. */
	step(session: ScenarioSession, entry: LogEntry): void;
	/** The trainee leaves: the session is ended with the LMS (terminated, LMSFinish). Safe to call twice. */
	leave(): Promise<void>;
}

export type LmsLaunch = { ok: true; link: LmsLink } | { ok: false; problem: LaunchProblem };

/** A statement's timestamp (UTC, as cmi5 wants). */
export const isoNow = () => new Date().toISOString();

export const CMI5_PARAMS = ['endpoint', 'fetch', 'actor', 'registration', 'activityId'] as const;

interface ScormWindow {
	API?: unknown;
	parent: ScormWindow;
	opener?: ScormWindow | null;
}

/** SCORM 1.2's search for the LMS's API: up the parent frames, then the opener's (ADL's findAPI, bounded). */
export function findScormApi(win: ScormWindow): unknown {
	const climb = (start: ScormWindow | null | undefined) => {
		let w = start;
		for (let i = 0; w && i < 8; i++) {
			try {
				if (w.API) return w.API;
				if (w.parent === w) return undefined;
				w = w.parent;
			} catch {
				// A frame from another origin: the API cannot be there.
				return undefined;
			}
		}
		return undefined;
	};
	return climb(win.parent === win ? undefined : win.parent) ?? climb(win.opener);
}

/** undefined for a normal visit: nothing is imported. Otherwise the launch, with its runtime loaded. */
export function lmsLaunch(
	url: URL,
	win: Window | undefined,
	scenario: Scenario,
	rubrics: readonly Rubric[]
): Promise<LmsLaunch> | undefined {
	if (CMI5_PARAMS.some((p) => url.searchParams.has(p)))
		return import('./cmi5.svelte').then((m) => m.openCmi5(url, scenario, rubrics));
	const api = win && findScormApi(win as unknown as ScormWindow);
	if (api) return import('./scorm.svelte').then((m) => m.openScorm(api, url, scenario, rubrics));
	return undefined;
}
