// The dashboard's read from a class's LRS: the class's statements (related activities, `since` the last
// read, every `more` page), turned back into attempt logs, checked as a progress file is, and handed to the
// one import path (importParsedProgress), which replays them to score them and updates an attempt whose log
// went further. Statements never give scores: the engine does.
import { collectStatements, mergeLog, type Pulled } from '$lib/engine/xapi/from-statements';
import { iri } from '$lib/engine/xapi/statements';
import type { ProgressFile } from '$lib/persistence';
import { PROGRESS_FORMAT, PROGRESS_VERSION, validateProgress } from '$lib/persistence/progress-file';
import { progress } from '../progress.svelte';
import { importParsedProgress, type ImportReport } from '../progress-files';
import { getStatements, type LrsTarget, type SendOutcome } from './client';

export interface PullReport {
	outcome: SendOutcome;
	statements: number;
	/** Attempts new or longer than stored, handed to the import. */
	changed: number;
	import?: ImportReport;
}

/** Steps back from the last read: statements stored in the same moment as it are read again, not missed. */
const OVERLAP_MS = 2_000;

export async function pullClass(
	klass: { id: string; name: string },
	target: LrsTarget,
	options: { origin: string; since?: string; fetcher?: typeof fetch }
): Promise<PullReport & { latestStored?: string }> {
	const activity = iri.class(options.origin, klass.id);
	let pulled: Pulled = collectStatements([]);
	let statements = 0;
	const since = options.since && new Date(Date.parse(options.since) - OVERLAP_MS).toISOString();
	const outcome = await getStatements(
		target,
		{ activity, related_activities: true, ...(since ? { since } : {}), limit: 500 },
		(page) => {
			statements += page.length;
			pulled = collectStatements(page, pulled);
		},
		options.fetcher
	);
	if (outcome.kind !== 'sent') return { outcome, statements, changed: 0 };

	const store = await progress.ready();
	const file: ProgressFile = {
		format: PROGRESS_FORMAT,
		version: PROGRESS_VERSION,
		exportedAt: new Date().toISOString(),
		trainees: [],
		attempts: []
	};
	const traineeIds = new Set<string>();
	// One read for the whole class: a read per attempt is a transaction each, seconds for a class's 450.
	const storedById = new Map(
		(await store.attempts.getMany([...pulled.attempts.keys()])).map((a) => [a.id, a])
	);
	for (const attempt of pulled.attempts.values()) {
		const stored = storedById.get(attempt.id);
		let log = mergeLog(stored?.log ?? [], attempt.entries);
		if (!log) {
			// A gap: earlier entries this device never stored (a log an earlier import refused): read it whole.
			let whole = collectStatements([]);
			const full = await getStatements(
				target,
				{ registration: attempt.id, activity, related_activities: true },
				(page) => (whole = collectStatements(page, whole)),
				options.fetcher
			);
			const again = whole.attempts.get(attempt.id);
			log = full.kind === 'sent' && again ? mergeLog([], again.entries) : undefined;
		}
		if (!log?.length || (stored && log.length <= stored.log.length)) continue;
		traineeIds.add(attempt.traineeId);
		file.attempts.push({
			id: attempt.id,
			traineeId: attempt.traineeId,
			scenarioId: attempt.scenarioId,
			contentVersion: attempt.contentVersion,
			mode: attempt.mode,
			status: attempt.completed ? 'finished' : 'in-progress',
			startedAt: Math.min(attempt.startedAt, stored?.startedAt ?? Infinity),
			updatedAt: attempt.updatedAt,
			...(attempt.completed ? { finishedAt: attempt.updatedAt } : {}),
			log,
			...(attempt.classroom ? { classroom: true } : {}),
			...(attempt.seed !== undefined ? { seed: attempt.seed } : {}),
			notes: stored?.notes ?? ''
		});
	}
	for (const id of traineeIds) {
		const t = pulled.trainees.get(id)!;
		file.trainees.push({ id, name: t.name, createdAt: t.firstSeen });
	}
	const result: PullReport & { latestStored?: string } = {
		outcome,
		statements,
		changed: file.attempts.length,
		...(pulled.latestStored ? { latestStored: pulled.latestStored } : {})
	};
	if (!file.attempts.length) return result;
	// The LRS is untrusted input: the same checks as a file's (schema, cross-record rules, times).
	const checked = validateProgress(file);
	if (!checked.ok) {
		result.import = { ok: false, error: checked.error, problem: checked.problem };
		return result;
	}
	const [report] = await importParsedProgress([checked.data], {
		source: 'import',
		classOf: new Map([...traineeIds].map((id) => [id, klass.id]))
	});
	result.import = report;
	// The class is known here, not in the statements' trainee: the trainees go into it.
	if (report?.ok && report.traineeIds.length)
		await progress.write((s) => s.trainees.setClassOf(report.traineeIds, klass.id));
	return result;
}
