// Progress files built from the real content, in the export format: how the journeys seed a device with
// finished and unfinished attempts without playing them all.
import type { Choice, Scenario } from '../../src/lib/engine/schema';
import { pathBy } from './scenario-paths';

export interface AttemptSpec {
	id: string;
	scenario: Scenario;
	/** Which reply is picked at each decision. */
	rule: (choice: Choice) => boolean;
	/** Days into March 2025 it started. */
	day: number;
	/** Unfinished: only the first decision is played. */
	finished?: boolean;
	mode?: 'practice' | 'assessment';
}

export function attempt(traineeId: string, spec: AttemptSpec) {
	const path = pathBy(spec.scenario, spec.rule);
	const finished = spec.finished ?? true;
	const startedAt = Date.UTC(2025, 2, spec.day, 9);
	const ending = Object.entries(spec.scenario.endings).find(([, e]) => e === path.ending)![0];
	return {
		id: spec.id,
		traineeId,
		scenarioId: spec.scenario.id,
		contentVersion: spec.scenario.version,
		mode: spec.mode ?? 'practice',
		status: finished ? 'finished' : 'in-progress',
		startedAt,
		updatedAt: startedAt + 60_000,
		...(finished ? { finishedAt: startedAt + 60_000, ending } : {}),
		log: (finished ? path.picks : path.picks.slice(0, 1)).map(({ choice }) => ({
			type: 'choice.select',
			choice: choice.id
		})),
		notes: ''
	};
}

/** A file for setInputFiles: one trainee and their attempts. */
export function progressFile(trainee: { id: string; name: string }, specs: AttemptSpec[]) {
	return {
		name: `${trainee.id}.json`,
		mimeType: 'application/json',
		buffer: Buffer.from(
			JSON.stringify({
				format: 'service-roleplay-progress',
				version: 1,
				exportedAt: '2025-03-10T12:00:00.000Z',
				trainees: [{ ...trainee, createdAt: Date.UTC(2025, 2, 1) }],
				attempts: specs.map((spec) => attempt(trainee.id, spec))
			})
		)
	};
}

export const best = (c: Choice) => c.best;
/** A wrong reply at every decision, never an assertive one. */
export const worst = (c: Choice) => !c.best && c.style !== 'assertive';
