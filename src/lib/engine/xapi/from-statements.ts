// Statements read back from an LRS, turned into attempt logs (choice ids, in entry order). The LRS is
// untrusted input like a file: only the log is kept from it, and the app replays the log to score it.
import type { LogEntry } from '../compile';

export interface PulledAttempt {
	id: string;
	traineeId: string;
	scenarioId: string;
	contentVersion: number;
	mode: 'practice' | 'assessment';
	classroom: boolean;
	seed?: number;
	/** Entry number → entry, as far as the statements tell. */
	entries: Map<number, LogEntry>;
	/** Whether a `completed` statement was among them. */
	completed: boolean;
	startedAt: number;
	updatedAt: number;
}

export interface PulledTrainee {
	id: string;
	name: string;
	firstSeen: number;
	lastSeen: number;
}

export interface Pulled {
	trainees: Map<string, PulledTrainee>;
	attempts: Map<string, PulledAttempt>;
	/** The latest `stored` time among the statements, for the next pull's `since`. */
	latestStored?: string;
	/** Statements that were not the app's, or not whole: left out, and counted. */
	ignored: number;
}

type Loose = Record<string, unknown>;
const obj = (v: unknown): Loose | undefined =>
	v && typeof v === 'object' && !Array.isArray(v) ? (v as Loose) : undefined;
const str = (v: unknown) => (typeof v === 'string' ? v : undefined);
const int = (v: unknown) => (typeof v === 'number' && Number.isInteger(v) ? v : undefined);

/** An extension by its name, whatever origin the trainee's app had: devices may reach it by other URLs. */
function extension(extensions: unknown, name: string): unknown {
	const record = obj(extensions);
	if (!record) return undefined;
	const suffix = `/xapi/extensions/${name}`;
	for (const [key, value] of Object.entries(record)) if (key.endsWith(suffix)) return value;
	return undefined;
}

const verbName = (id: string) => id.slice(id.lastIndexOf('/') + 1);

function entryOf(verb: string, result: Loose | undefined): LogEntry | undefined {
	const ext = result?.extensions;
	if (verb === 'rewound') {
		const turn = int(extension(ext, 'rewind-to'));
		return turn !== undefined && turn >= 0 ? { type: 'attempt.rewind', turn } : undefined;
	}
	if (verb === 'restarted') return { type: 'attempt.restart' };
	if (verb !== 'answered') return undefined;
	const input = extension(ext, 'input');
	// A typed reply's response is its words; the choice the story went on with is an extension of every turn.
	const choice = str(extension(ext, 'choice')) ?? (input === 'type' ? undefined : str(result?.response));
	if (!choice) return undefined;
	const style = str(extension(ext, 'style')) ?? '';
	const stepsValue = extension(ext, 'steps');
	const steps = Array.isArray(stepsValue) ? stepsValue.filter((s): s is string => typeof s === 'string') : [];
	if (input === 'observe') return { type: 'choice.observe', choice, style, steps };
	if (input === 'type') {
		const text = str(result?.response);
		const lang = extension(ext, 'typed-lang');
		if (!text || (lang !== 'en' && lang !== 'zh')) return undefined;
		// The import reads the words again: labels, evidence and confidence are worked out there.
		const picked = extension(ext, 'typed-picked') === true;
		return {
			type: 'choice.type',
			choice,
			style,
			steps,
			typed: { text, lang, evidence: [], confidence: 0, ...(picked ? { picked } : {}) }
		};
	}
	return { type: 'choice.select', choice };
}

/** Adds statements to what earlier pages gave: an attempt's statements may come in several pages. */
export function collectStatements(statements: readonly unknown[], into?: Pulled): Pulled {
	const pulled: Pulled = into ?? { trainees: new Map(), attempts: new Map(), ignored: 0 };
	for (const raw of statements) {
		const s = obj(raw);
		const context = obj(s?.context);
		const account = obj(obj(s?.actor)?.account);
		const verb = str(obj(s?.verb)?.id);
		const registration = str(context?.registration);
		const traineeId = str(account?.name);
		const scenarioId = str(extension(context?.extensions, 'scenario'));
		const entry = int(extension(context?.extensions, 'entry'));
		const contentVersion = int(extension(context?.extensions, 'content-version'));
		if (!s || !verb || !registration || !traineeId || !scenarioId || entry === undefined || !contentVersion) {
			pulled.ignored++;
			continue;
		}
		const time = Date.parse(str(s.timestamp) ?? str(s.stored) ?? '') || 0;
		const stored = str(s.stored);
		if (stored && (!pulled.latestStored || Date.parse(stored) > Date.parse(pulled.latestStored)))
			pulled.latestStored = stored;
		const name = str(obj(s.actor)?.name) ?? traineeId;
		const trainee = pulled.trainees.get(traineeId);
		if (!trainee) pulled.trainees.set(traineeId, { id: traineeId, name, firstSeen: time, lastSeen: time });
		else {
			// The newest statement's name: a trainee renamed since is shown by the new name.
			if (time >= trainee.lastSeen) [trainee.name, trainee.lastSeen] = [name, time];
			trainee.firstSeen = Math.min(trainee.firstSeen, time);
		}
		const mode = extension(context!.extensions, 'mode');
		const seed = int(extension(context!.extensions, 'seed'));
		let attempt = pulled.attempts.get(registration);
		if (!attempt) {
			attempt = {
				id: registration,
				traineeId,
				scenarioId,
				contentVersion,
				mode: mode === 'assessment' ? 'assessment' : 'practice',
				classroom: mode === 'classroom',
				...(seed !== undefined ? { seed } : {}),
				entries: new Map(),
				completed: false,
				startedAt: time,
				updatedAt: time
			};
			pulled.attempts.set(registration, attempt);
		}
		attempt.startedAt = Math.min(attempt.startedAt, time);
		attempt.updatedAt = Math.max(attempt.updatedAt, time);
		const kind = verbName(verb);
		if (kind === 'completed') attempt.completed = true;
		const logEntry = entryOf(kind, obj(s.result));
		if (logEntry) attempt.entries.set(entry, logEntry);
	}
	return pulled;
}

/**
 * The attempt's whole log: what is stored already, followed by the entries pulled now. Undefined when an
 * entry is missing in between (a statement the LRS does not have yet): the attempt waits for a later pull.
 */
export function mergeLog(
	stored: readonly LogEntry[],
	entries: ReadonlyMap<number, LogEntry>
): LogEntry[] | undefined {
	const log = [...stored];
	const last = Math.max(-1, ...entries.keys());
	for (let i = stored.length; i <= last; i++) {
		const entry = entries.get(i);
		if (!entry) return undefined;
		log.push(entry);
	}
	return log;
}
