// A small cache of who is playing and how each scenario stands, kept in localStorage so the library and the
// first choice of play need no IndexedDB (and no Dexie download). The store stays the truth: the app rewrites
// this summary from it whenever the store is open.
import type { Attempt, AttemptRow, Trainee } from './db';

export interface SummaryAttempt {
	id: string;
	scenarioId: string;
	mode: Attempt['mode'];
	status: Attempt['status'];
	/** The mean of the attempt's rubric scores, when finished. */
	score?: number;
	/** Each rubric's score and the ending, when finished: what the library's verdict is read from. */
	scores?: Record<string, number>;
	ending?: string;
}

export interface ProgressSummary {
	trainee?: { id: string; name: string };
	attempts: SummaryAttempt[];
}

/** An attempt closed by closeAsChanged (store.ts): it never reached an ending, and its copy carries on. */
export function closedAsChanged(attempt: Pick<AttemptRow, 'status' | 'ending'>): boolean {
	return attempt.status === 'finished' && attempt.ending === undefined;
}

const KEY = 'service-roleplay:summary';

export function summarise(trainee: Trainee | undefined, attempts: readonly Attempt[]): ProgressSummary {
	return {
		...(trainee ? { trainee: { id: trainee.id, name: trainee.name } } : {}),
		// One closed because its content changed was neither finished nor is it open: its copy stands for it.
		attempts: attempts
			.filter((a) => !closedAsChanged(a))
			.map((a) => {
				const values = Object.values(a.scores ?? {});
				return {
					id: a.id,
					scenarioId: a.scenarioId,
					mode: a.mode,
					status: a.status,
					...(a.status === 'finished' && values.length
						? {
								score: Math.round(values.reduce((x, y) => x + y, 0) / values.length),
								scores: { ...a.scores },
								...(a.ending ? { ending: a.ending } : {})
							}
						: {})
				};
			})
	};
}

/** Undefined when there is none, storage is blocked, or what is there is not a summary. */
export function readSummary(): ProgressSummary | undefined {
	try {
		const parsed: unknown = JSON.parse(localStorage.getItem(KEY) ?? 'null');
		if (!parsed || typeof parsed !== 'object' || !Array.isArray((parsed as ProgressSummary).attempts))
			return undefined;
		const summary = parsed as ProgressSummary;
		const trainee = summary.trainee;
		if (trainee && (typeof trainee.id !== 'string' || typeof trainee.name !== 'string')) return undefined;
		return summary;
	} catch {
		return undefined;
	}
}

/** Writes the summary; one that cannot be written (too big, storage blocked) is cleared, never left stale. */
export function writeSummary(summary: ProgressSummary): void {
	try {
		localStorage.setItem(KEY, JSON.stringify(summary));
	} catch {
		// A stale summary would show the library another trainee's scores: none is the truth until the store opens.
		try {
			localStorage.removeItem(KEY);
		} catch {
			// Storage is blocked: then there was nothing to read either.
		}
	}
}
