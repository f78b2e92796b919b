// A progress file's problem in the reader's language; the persistence layer gives it as data.
import type { ImportProblem } from '$lib/persistence';
import { m, type Locale } from './index';

/** The problem in words, or `fallback` (an unexpected error's own message) when there is none. */
export function describeImportProblem(
	problem: ImportProblem | undefined,
	fallback: string,
	locale?: Locale
): string {
	const options = locale ? { locale } : {};
	switch (problem?.code) {
		case 'too-large':
			return m.import_too_large({ mb: problem.mb }, options);
		case 'not-json':
			return m.import_not_json({ detail: problem.detail }, options);
		case 'forbidden-key':
			return m.import_forbidden_key(
				{ key: problem.key, at: problem.at || m.import_top_level({}, options) },
				options
			);
		case 'too-deep':
			return m.import_too_deep({ limit: problem.limit, exportDepth: problem.exportDepth }, options);
		case 'not-export':
			return m.import_not_export({ format: problem.format }, options);
		case 'newer-version':
			return m.import_newer_version({ version: problem.version }, options);
		case 'unknown-version':
			return m.import_unknown_version({ version: problem.version, supported: problem.supported }, options);
		case 'damaged':
			return m.import_damaged({ detail: problem.detail }, options);
		case 'future-time':
			return m.import_future_time({ time: problem.time, at: problem.at }, options);
		case 'unknown-scenario':
			return m.import_unknown_scenario({ scenario: problem.scenario }, options);
		case 'missing-choice':
			return m.import_missing_choice({ turn: problem.turn, scenario: problem.scenario }, options);
		case 'past-ending':
			return m.import_past_ending({ turn: problem.turn, scenario: problem.scenario }, options);
		case 'bad-rewind':
			return m.import_bad_rewind({ turn: problem.turn, to: problem.to, scenario: problem.scenario }, options);
		case 'bad-observation':
			return m.import_bad_observation(
				{ turn: problem.turn, label: problem.label, scenario: problem.scenario },
				options
			);
		case 'storage-full':
			return m.import_storage_full({}, options);
		default:
			return fallback;
	}
}
