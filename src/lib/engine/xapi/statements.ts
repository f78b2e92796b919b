// xAPI statements for an attempt, built from its log by replaying it: pure, no fetch, no clock of its own.
// Each log entry gives its statements ids derived from the attempt id and the entry number, so building
// them again (a retry, a reload, a second tab) gives the same statements and an LRS keeps one of each.
import { initialTransition, transition } from 'xstate';
import { compileScenario, currentNode, type LogEntry, type ScenarioMachine } from '../compile';
import type { Rubric, Scenario, Text } from '../schema';
import type { Turn } from '../transcript';
import { scoreAttempt } from '../scoring';
import { passMarks, passes } from '../verdict';
import { uuidV5 } from './uuid';

/** Fixed forever: changing it would give every statement a new id and send them all again. */
export const STATEMENT_NAMESPACE = '3b6c5a1e-9f0d-4d59-8a8e-6f1f2c7d4b90';

export const VERBS = {
	answered: 'http://adlnet.gov/expapi/verbs/answered',
	initialized: 'http://adlnet.gov/expapi/verbs/initialized',
	completed: 'http://adlnet.gov/expapi/verbs/completed',
	passed: 'http://adlnet.gov/expapi/verbs/passed',
	failed: 'http://adlnet.gov/expapi/verbs/failed',
	terminated: 'http://adlnet.gov/expapi/verbs/terminated'
} as const;
export type StatementKind = keyof typeof VERBS | 'rewound' | 'restarted';

const SIMULATION = 'http://adlnet.gov/expapi/activities/simulation';
const INTERACTION = 'http://adlnet.gov/expapi/activities/cmi.interaction';
const CLASS_TYPE = 'http://adlnet.gov/expapi/activities/course';

export type LanguageMap = Record<string, string>;

export interface Statement {
	id: string;
	actor: {
		objectType: 'Agent';
		name: string;
		account: { homePage: string; name: string };
	};
	verb: { id: string; display: LanguageMap };
	object: {
		objectType: 'Activity';
		id: string;
		definition: { type: string; name: LanguageMap; interactionType?: 'choice' | 'long-fill-in' };
	};
	result?: {
		response?: string;
		completion?: boolean;
		success?: boolean;
		score?: { scaled: number; raw: number; min: number; max: number };
		extensions?: Record<string, unknown>;
	};
	context: {
		registration: string;
		language: string;
		contextActivities: {
			parent: { objectType: 'Activity'; id: string }[];
			grouping: { objectType: 'Activity'; id: string; definition: { type: string; name: LanguageMap } }[];
		};
		extensions: Record<string, unknown>;
	};
	timestamp?: string;
}

/** What the statements say about the attempt: as stored, with its whole log so far. */
export interface XapiAttempt {
	id: string;
	traineeId: string;
	traineeName: string;
	scenarioId: string;
	contentVersion: number;
	mode: 'practice' | 'assessment';
	classroom?: boolean;
	seed?: number;
	log: readonly LogEntry[];
}

export interface XapiClass {
	/** The app's own URL (origin and base path, no trailing slash): every IRI is built from it. */
	origin: string;
	classId: string;
	className: string;
	language: 'en' | 'zh';
}

export interface XapiContent {
	scenario: Scenario;
	rubrics: readonly Rubric[];
	/** Compiled once by the caller when it builds statements for many entries. */
	machine?: ScenarioMachine;
}

export interface BuildOptions {
	/** Only entries from this index on (the ones just saved). */
	from?: number;
	/** When each entry was made, epoch ms; the LRS stamps statements left without. */
	at?: (entry: number) => number | undefined;
}

export const iri = {
	scenario: (origin: string, scenario: string) => `${origin}/scenarios/${scenario}/`,
	decision: (origin: string, scenario: string, node: string) => `${origin}/scenarios/${scenario}/#${node}`,
	class: (origin: string, classId: string) => `${origin}/xapi/classes/${classId}`,
	verb: (origin: string, name: string) => `${origin}/xapi/verbs/${name}`,
	extension: (origin: string, name: string) => `${origin}/xapi/extensions/${name}`
};

export const statementId = (attemptId: string, entry: number, kind: StatementKind) =>
	uuidV5(`${attemptId}/${entry}/${kind}`, STATEMENT_NAMESPACE);

const XAPI_LANG = { en: 'en', zh: 'zh-CN' } as const;
const languageMap = (text: Text): LanguageMap => ({ en: text.en, 'zh-CN': text.zh });
const display = (en: string): LanguageMap => ({ en });

/** The overall score, 0–1: the mean of the rubrics' scores. */
export const overallScaled = (scores: readonly { score: number }[]) =>
	scores.length ? Math.round((scores.reduce((n, s) => n + s.score, 0) / scores.length / 100) * 1e4) / 1e4 : 0;

/** A decision's display name: the scenario's title and the node id, in both languages. */
export const decisionName = (scenario: Scenario, node: string): LanguageMap => ({
	en: `${scenario.title.en} — ${node}`,
	'zh-CN': `${scenario.title.zh} — ${node}`
});

export interface AnsweredParts<Actor, Context> {
	id: string;
	actor: Actor;
	/** Whoever carries the statement gives its context: the class's, or a cmi5 launch's template. */
	context: Context;
	/** The decision: its IRI and display name. */
	object: { id: string; name: LanguageMap };
	/** The IRI of one of this app's result extensions, by name (style, steps, mood-before…). */
	extension: (name: string) => string;
	turn: Pick<Turn, 'choice' | 'style' | 'steps' | 'moodBefore' | 'moodAfter' | 'typed'>;
	/** How the reply was given; a typed turn says so by itself. */
	input?: 'select' | 'type' | 'observe';
	timestamp?: string;
}

/**
 * The one per-turn `answered` statement: the response is the choice id, or for a typed reply the words typed
 * (a long fill-in, the language beside it); the choice id, style, steps and mood before and after are
 * extensions. The class LRS and the cmi5 launch both send it.
 */
export function answeredStatement<Actor, Context>(parts: AnsweredParts<Actor, Context>) {
	const { turn, extension: ext } = parts;
	const input = parts.input ?? (turn.typed ? 'type' : 'select');
	const typed = input === 'type' ? turn.typed : undefined;
	return {
		id: parts.id,
		actor: parts.actor,
		verb: { id: VERBS.answered, display: display('answered') },
		object: {
			objectType: 'Activity' as const,
			id: parts.object.id,
			definition: {
				type: INTERACTION,
				interactionType: typed ? ('long-fill-in' as const) : ('choice' as const),
				name: parts.object.name
			}
		},
		result: {
			response: typed ? typed.text : turn.choice,
			extensions: {
				[ext('input')]: input,
				[ext('choice')]: turn.choice,
				[ext('style')]: turn.style,
				[ext('steps')]: [...turn.steps],
				[ext('mood-before')]: turn.moodBefore,
				[ext('mood-after')]: turn.moodAfter,
				...(typed
					? {
							[ext('typed-lang')]: typed.lang,
							...(typed.picked ? { [ext('typed-picked')]: true } : {})
						}
					: {})
			} as Record<string, unknown>
		},
		context: parts.context,
		...(parts.timestamp ? { timestamp: parts.timestamp } : {})
	};
}

/** What every statement of the attempt shares: actor, verb, context, and the scenario as an object. */
function statementParts(
	attempt: XapiAttempt,
	scenario: Scenario,
	klass: XapiClass,
	options: Pick<BuildOptions, 'at'>
) {
	const { origin } = klass;
	const ext = (name: string) => iri.extension(origin, name);
	const scenarioActivity = {
		objectType: 'Activity' as const,
		id: iri.scenario(origin, scenario.id),
		definition: { type: SIMULATION, name: languageMap(scenario.title) }
	};
	const base = (entry: number, kind: StatementKind) => {
		const at = options.at?.(entry);
		return {
			id: statementId(attempt.id, entry, kind),
			actor: {
				objectType: 'Agent' as const,
				name: attempt.traineeName,
				account: { homePage: origin, name: attempt.traineeId }
			},
			verb: {
				id: kind in VERBS ? VERBS[kind as keyof typeof VERBS] : iri.verb(origin, kind),
				display: display(kind)
			},
			context: {
				registration: attempt.id,
				language: XAPI_LANG[klass.language],
				contextActivities: {
					parent: [{ objectType: 'Activity' as const, id: scenarioActivity.id }],
					grouping: [
						{
							objectType: 'Activity' as const,
							id: iri.class(origin, klass.classId),
							definition: { type: CLASS_TYPE, name: { en: klass.className } }
						}
					]
				},
				extensions: {
					[ext('scenario')]: scenario.id,
					[ext('content-version')]: attempt.contentVersion,
					[ext('mode')]: attempt.classroom ? 'classroom' : attempt.mode,
					[ext('entry')]: entry,
					...(attempt.seed !== undefined ? { [ext('seed')]: attempt.seed } : {})
				}
			},
			...(at !== undefined ? { timestamp: new Date(at).toISOString() } : {})
		};
	};
	const onScenario = (entry: number, kind: StatementKind, result?: Statement['result']): Statement => ({
		...base(entry, kind),
		object: scenarioActivity,
		...(result ? { result } : {})
	});
	return { ext, base, onScenario };
}

/** Every statement the attempt's log gives (from `options.from` on), in the order they happened. */
export function attemptStatements(
	attempt: XapiAttempt,
	content: XapiContent,
	klass: XapiClass,
	options: BuildOptions = {}
): Statement[] {
	const { scenario, rubrics } = content;
	const machine = content.machine ?? compileScenario(scenario);
	const { origin } = klass;
	const { ext, base, onScenario } = statementParts(attempt, scenario, klass, options);

	const out: Statement[] = [];
	const from = options.from ?? 0;
	let [snapshot] = initialTransition(machine);
	let rewinds = 0;
	for (const [i, entry] of attempt.log.entries()) {
		const node = currentNode(snapshot);
		const [next] = transition(machine, snapshot, entry);
		// A log the content cannot take any further says nothing more: its statements stop here.
		if (next === snapshot || next.context === snapshot.context) break;
		snapshot = next;
		if (entry.type === 'attempt.rewind') rewinds++;
		if (i < from) continue;
		if (i === 0) out.push(onScenario(i, 'initialized'));
		if (entry.type === 'attempt.rewind') {
			out.push(onScenario(i, 'rewound', { extensions: { [ext('rewind-to')]: entry.turn } }));
		} else if (entry.type === 'attempt.restart') {
			out.push(onScenario(i, 'restarted'));
		} else {
			const turn = snapshot.context.transcript.at(-1)!;
			const input =
				entry.type === 'choice.select' ? 'select' : entry.type === 'choice.type' ? 'type' : 'observe';
			const { actor, context, ...rest } = base(i, 'answered');
			out.push({
				...rest,
				...answeredStatement({
					id: rest.id,
					actor,
					context,
					object: { id: iri.decision(origin, scenario.id, node), name: decisionName(scenario, node) },
					extension: ext,
					turn,
					input
				})
			});
		}
		if (snapshot.status !== 'done') continue;
		const ending = currentNode(snapshot);
		// The one scoring path: the same function the session's debrief reports with.
		const report = scoreAttempt(rubrics, snapshot.context.transcript);
		const scores = Object.fromEntries(report.scores.map((s) => [s.rubric, s.score]));
		const scaled = overallScaled(report.scores);
		out.push(
			onScenario(i, 'completed', {
				completion: true,
				score: { scaled, raw: Math.round(scaled * 100), min: 0, max: 100 },
				extensions: {
					...Object.fromEntries(report.scores.map((s) => [ext(`score/${s.rubric}`), s.score])),
					[ext('ending')]: ending,
					[ext('mode')]: attempt.classroom ? 'classroom' : attempt.mode,
					[ext('rewinds')]: rewinds,
					[ext('content-version')]: attempt.contentVersion
				}
			})
		);
		if (attempt.mode === 'assessment' && !attempt.classroom) {
			const lost = scenario.endings[ending]?.outcome === 'lost';
			const success = passes(passMarks(scenario, rubrics), scores, lost);
			out.push(
				onScenario(i, success ? 'passed' : 'failed', {
					success,
					score: { scaled, raw: Math.round(scaled * 100), min: 0, max: 100 }
				})
			);
		}
		out.push(onScenario(i, 'terminated'));
	}
	return out;
}

/** The statements one log entry gives: what the recorder queues as it saves that entry. */
export function statementsForEntry(
	attempt: XapiAttempt,
	entry: number,
	content: XapiContent,
	klass: XapiClass,
	options: Omit<BuildOptions, 'from'> = {}
): Statement[] {
	const all = attemptStatements({ ...attempt, log: attempt.log.slice(0, entry + 1) }, content, klass, {
		...options,
		from: entry
	});
	return all;
}

/**
 * The `terminated` of a trainee who leaves an attempt before its ending: at its last entry, so leaving again
 * from the same place gives the same statement id, and the LRS keeps one. Undefined for an attempt with no
 * entry, or one that reached its ending (that gave its own `terminated`).
 */
export function leftStatement(
	attempt: XapiAttempt,
	content: XapiContent,
	klass: XapiClass,
	at?: number
): Statement | undefined {
	const last = attempt.log.length - 1;
	if (last < 0) return undefined;
	if (attemptStatements(attempt, content, klass).some((s) => s.verb.id === VERBS.terminated))
		return undefined;
	const { onScenario } = statementParts(attempt, content.scenario, klass, { at: () => at });
	return onScenario(last, 'terminated', { completion: false });
}
