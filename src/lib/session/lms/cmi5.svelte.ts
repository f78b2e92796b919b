// cmi5: one POST to the fetch URL for the token, LMS.LaunchData for the mode, the mastery score and the return
// URL, then the cmi5 statements (@xapi/cmi5 builds them) and an `answered` per turn, all in one session.
import Cmi5, { type LaunchData } from '@xapi/cmi5';
import { resolve } from '$app/paths';
import type { LogEntry } from '$lib/engine/compile';
import type { Rubric, Scenario } from '$lib/engine/schema';
import { answeredStatement } from '$lib/engine/lms/answered';
import { cmi5Outcome, scaledScore } from '$lib/engine/lms/score';
import { verdict } from '$lib/engine/verdict';
import { getLocale } from '$lib/i18n';
import type { ScenarioSession } from '../scenario-session.svelte';
import {
	CMI5_PARAMS,
	isoNow,
	type LaunchProblem,
	type LmsAttempt,
	type LmsLaunch,
	type LmsLink,
	type LmsMode,
	type RuntimeProblem
} from './link';
import { attemptStateId, courseIri } from './course';

const CMI5_CATEGORY = { id: 'https://w3id.org/xapi/cmi5/context/categories/cmi5' };

/** The course id this launch's IRIs are under: the package's, from the publisher id, or the app's address. */
const courseOf = (cmi5: Cmi5, scenario: Scenario) =>
	courseIri(cmi5.getLaunchData().contextTemplate, scenario.id, new URL(resolve('/'), location.href).href);

interface Agent {
	name?: string;
	account?: { name?: string; homePage?: string };
	mbox?: string;
}
type Launch = ConstructorParameters<typeof Cmi5>[0] & object;

class LaunchError extends Error {
	constructor(readonly problem: LaunchProblem) {
		super(problem.kind);
	}
}

/** An axios error's HTTP status, if the request got an answer. */
const statusOf = (error: unknown) => (error as { response?: { status?: number } })?.response?.status;

export class Cmi5Link implements LmsLink {
	readonly kind = 'cmi5';
	readonly learner: string | undefined;
	readonly mode: LmsMode;
	readonly attempt: LmsAttempt | undefined;
	readonly returnUrl: string | undefined;
	problem = $state<RuntimeProblem>();
	result = $state<{ status: string; score?: number }>();
	#cmi5: Cmi5;
	#launch: Launch;
	#data: LaunchData;
	#scenario: Scenario;
	#rubrics: readonly Rubric[];
	#course: string;
	#queue: Promise<unknown> = Promise.resolve();
	#ended = false;
	#terminated = false;
	/** terminated went out as the page was hidden: nothing more is sent, even if the page comes back. */
	#gone = false;
	#onPageHide = () => this.#terminateNow();

	constructor(
		cmi5: Cmi5,
		launch: Launch,
		attempt: LmsAttempt | undefined,
		scenario: Scenario,
		rubrics: readonly Rubric[]
	) {
		this.#cmi5 = cmi5;
		this.#launch = launch;
		this.#data = cmi5.getLaunchData();
		this.#scenario = scenario;
		this.#rubrics = rubrics;
		this.#course = courseOf(cmi5, scenario);
		const actor = launch.actor as Agent;
		this.learner = actor.name?.trim() || actor.account?.name?.trim() || undefined;
		const mode = this.#data.launchMode;
		this.mode = mode === 'Review' ? 'review' : mode === 'Browse' ? 'practice' : 'assessment';
		this.attempt = attempt;
		this.returnUrl = this.#data.returnURL || undefined;
		addEventListener('pagehide', this.#onPageHide);
	}

	step(session: ScenarioSession, entry: LogEntry) {
		if (this.mode === 'review' || this.#terminated) return;
		const turn = session.lastTurn;
		if ((entry.type === 'choice.select' || entry.type === 'choice.type') && turn) {
			const context = this.#data.contextTemplate as Record<string, unknown>;
			const statement = answeredStatement({
				id: crypto.randomUUID(),
				timestamp: isoNow(),
				actor: this.#launch.actor,
				registration: this.#launch.registration,
				contextTemplate: context,
				activityId: this.#launch.activityId,
				course: this.#course,
				scenario: this.#scenario,
				turn,
				language: getLocale()
			});
			this.#send('answered', () => this.#cmi5.sendXapiStatement(statement as never));
		}
		if (session.done && session.report && session.ending && !this.#ended) {
			this.#ended = true;
			const report = session.report;
			const ending = session.ending;
			const state = {
				seed: session.seed,
				log: session.log,
				mode: this.mode,
				version: this.#scenario.version
			};
			this.#send('state', () =>
				this.#cmi5.xapi!.setState({
					agent: this.#launch.actor,
					activityId: this.#launch.activityId,
					registration: this.#launch.registration,
					stateId: attemptStateId(this.#course),
					state
				} as never)
			);
			// Browse is practice: cmi5 forbids completed, passed and failed outside Normal.
			if (this.mode !== 'assessment') return;
			const scaled = scaledScore(report);
			const passed = verdict(this.#scenario, this.#rubrics, report, ending).passed;
			const outcome = cmi5Outcome(scaled, this.#data.masteryScore, passed);
			this.#send('completed', () => this.#cmi5.complete());
			this.#send(outcome.verb, () =>
				outcome.verb === 'passed' ? this.#cmi5.pass(outcome.scaled) : this.#cmi5.fail(outcome.scaled)
			);
			this.result = { status: outcome.verb, score: Math.round(scaled * 100) };
		}
	}

	async leave() {
		if (this.#terminated) return;
		this.#terminated = true;
		removeEventListener('pagehide', this.#onPageHide);
		await this.#queue;
		try {
			await this.#cmi5.terminate();
		} catch (error) {
			this.#note('terminated', error);
		}
	}

	/**
	 * The page is going away without "Return to course": terminated goes out at once, with keepalive, as the page
	 * cannot wait for the queue. What is still queued is dropped: cmi5 allows nothing after terminated.
	 */
	#terminateNow() {
		if (this.#terminated) return;
		this.#terminated = true;
		this.#gone = true;
		const template = this.#data.contextTemplate as { contextActivities?: Record<string, unknown[]> };
		const seconds = (Date.now() - this.#cmi5.getInitializedDate().getTime()) / 1000;
		const statement = {
			id: crypto.randomUUID(),
			timestamp: isoNow(),
			actor: this.#launch.actor,
			verb: { id: 'http://adlnet.gov/expapi/verbs/terminated', display: { 'en-US': 'terminated' } },
			object: { objectType: 'Activity', id: this.#launch.activityId },
			result: { duration: `PT${Math.round(seconds * 100) / 100}S` },
			context: {
				...template,
				registration: this.#launch.registration,
				contextActivities: {
					...template.contextActivities,
					category: [...(template.contextActivities?.category ?? []), CMI5_CATEGORY]
				}
			}
		};
		void fetch(`${this.#launch.endpoint.replace(/\/?$/, '/')}statements`, {
			method: 'POST',
			keepalive: true,
			headers: {
				'Content-Type': 'application/json',
				'X-Experience-API-Version': '1.0.3',
				Authorization: `Basic ${this.#cmi5.getAuthToken()}`
			},
			body: JSON.stringify(statement)
		}).catch(() => undefined);
	}

	/** Statements go one after another, in the order played; a failed one is noted once and play goes on. */
	#send(what: string, send: () => Promise<unknown>) {
		this.#queue = this.#queue
			.then(() => (this.#gone ? undefined : send()))
			.catch((error: unknown) => this.#note(what, error));
	}
	#note(what: string, error: unknown) {
		const status = statusOf(error);
		this.problem ??= { code: status ? String(status) : 'network', text: `${what}: ${String(error)}` };
	}
}

async function token(fetchUrl: string): Promise<string> {
	let response: Response;
	try {
		response = await fetch(fetchUrl, { method: 'POST' });
	} catch (error) {
		throw new LaunchError({ kind: 'unreachable', detail: String(error) });
	}
	const body = (await response.json().catch(() => ({}))) as Record<string, unknown>;
	// cmi5 8.2.3: error-code 1 is a fetch URL already used; the LMS answers 200 with the error in the body.
	if (body['error-code'] !== undefined) {
		if (String(body['error-code']) === '1') throw new LaunchError({ kind: 'fetch-used' });
		throw new LaunchError({
			kind: 'fetch-refused',
			detail: String(body['error-text'] ?? body['error-code'])
		});
	}
	if (!response.ok || typeof body['auth-token'] !== 'string')
		throw new LaunchError({ kind: 'fetch-refused', detail: `HTTP ${response.status}` });
	return body['auth-token'];
}

export async function openCmi5(url: URL, scenario: Scenario, rubrics: readonly Rubric[]): Promise<LmsLaunch> {
	const missing = CMI5_PARAMS.filter((p) => !url.searchParams.get(p));
	let actor: Agent | undefined;
	try {
		actor = JSON.parse(url.searchParams.get('actor') ?? '') as Agent;
	} catch {
		// Reported as missing below: an actor that is not JSON names nobody.
	}
	if (!missing.includes('actor') && (!actor || typeof actor !== 'object')) missing.push('actor');
	if (missing.length) return { ok: false, problem: { kind: 'missing', params: missing } };
	const launch = {
		endpoint: url.searchParams.get('endpoint')!,
		fetch: url.searchParams.get('fetch')!,
		actor: actor!,
		registration: url.searchParams.get('registration')!,
		activityId: url.searchParams.get('activityId')!
	} as Launch;
	const cmi5 = new Cmi5(launch);
	// The library reads the token with axios and takes an error answer for a token: read it here, once.
	(cmi5 as unknown as { getAuthTokenFromLMS: (u: string) => Promise<string> }).getAuthTokenFromLMS = token;
	try {
		const data = await cmi5Data(cmi5, launch, scenario);
		return { ok: true, link: new Cmi5Link(cmi5, launch, data, scenario, rubrics) };
	} catch (error) {
		if (error instanceof LaunchError) return { ok: false, problem: error.problem };
		const status = statusOf(error);
		if (status === 401 || status === 403) return { ok: false, problem: { kind: 'token-refused' } };
		if (status === 404) return { ok: false, problem: { kind: 'no-launch-data' } };
		return { ok: false, problem: { kind: 'unreachable', detail: String(error) } };
	}
}

/** Token, launch data and `initialized` (the library's); in Review, then the attempt to show. */
async function cmi5Data(cmi5: Cmi5, launch: Launch, scenario: Scenario): Promise<LmsAttempt | undefined> {
	await cmi5.initialize();
	if (cmi5.getLaunchData().launchMode !== 'Review') return undefined;
	const saved = await cmi5
		.xapi!.getState({
			agent: launch.actor,
			activityId: launch.activityId,
			registration: launch.registration,
			stateId: attemptStateId(courseOf(cmi5, scenario))
		} as never)
		.then((r) => r.data as { seed?: unknown; log?: unknown; mode?: unknown })
		.catch((error: unknown) => {
			if (statusOf(error) === 404) return undefined;
			throw error;
		});
	if (saved && typeof saved.seed === 'number' && Array.isArray(saved.log))
		return {
			seed: saved.seed,
			log: saved.log as LogEntry[],
			mode: saved.mode === 'practice' ? 'practice' : 'assessment'
		};
	// The session was opened: it is closed again before the page says there is nothing to review.
	await cmi5.terminate().catch(() => undefined);
	throw new LaunchError({ kind: 'nothing-to-review' });
}
