// The instructor dashboard's numbers: pure functions of trainees, classes, attempts and the content.
// No Svelte and no Dexie here, so every aggregate is tested on plain data (dashboard.spec.ts).
// Ids come from content and from imported files: every lookup by id reads own keys (`own`) or a Map, and the
// records handed to the page have no prototype, so "constructor" or "__proto__" is an id like any other.
import type { Attempt, AttemptSummary, Trainee, TraineeClass } from '$lib/persistence';
import type { LogEntry, Rubric, Scenario } from '$lib/engine';
import { own } from '$lib/engine/own';

/** The content an attempt is scored against: the same shape the prerendered /content/[id].json gives. */
export interface ScenarioContent {
	scenario: Scenario;
	rubrics: Rubric[];
}

/** One decision taken on the way an attempt went (after rewinds): the path map and item analysis count these. */
export interface PathStep {
	node: string;
	choice: string;
}

/** What replaying a log on today's content gives; the session's `rescore` supplies it. */
export type Replay = (
	content: ScenarioContent,
	log: readonly LogEntry[]
) => {
	scores: Record<string, number>;
	ending?: string;
	path: PathStep[];
	/** The first pick at each decision, rewound or not: what item analysis counts. */
	firstPicks: PathStep[];
};

export interface ScoredAttempt {
	/** The attempt's summary row (no log): a whole Attempt is one too. */
	attempt: AttemptSummary;
	/** Rubric id → score, for finished attempts whose scenario this app still has. */
	scores?: Readonly<Record<string, number>>;
	ending?: string;
}

/**
 * Scores are recomputed from the log; the stored scores are a cache, trusted only when the attempt was
 * played on the scenario's current version (the same content gives the same scores).
 */
export function scoreAttempt(
	attempt: Attempt,
	content: ScenarioContent | undefined,
	replay: Replay
): ScoredAttempt {
	if (!content || attempt.status !== 'finished') return { attempt };
	if (attempt.scores && attempt.ending && attempt.contentVersion === content.scenario.version)
		return { attempt, scores: attempt.scores, ending: attempt.ending };
	const result = replay(content, attempt.log);
	return result.ending ? { attempt, scores: result.scores, ending: result.ending } : { attempt };
}

/**
 * A summary's cached scores stand when its attempt was played on the scenario's current version; undefined
 * means they do not, and the log must be loaded and replayed (scoreAttempt).
 */
export function scoreSummary(
	summary: AttemptSummary,
	version: number | undefined
): ScoredAttempt | undefined {
	if (version === undefined || summary.status !== 'finished') return { attempt: summary };
	if (summary.scores && summary.ending && summary.contentVersion === version)
		return { attempt: summary, scores: summary.scores, ending: summary.ending };
	return undefined;
}

export interface Filter {
	/** A class id; '' for every class, NO_CLASS for trainees in none. */
	classId: string;
	/** Dates as the date inputs give them (yyyy-mm-dd, local time); '' for no bound. */
	from: string;
	to: string;
}

export const NO_CLASS = '-';
export const ALL: Filter = { classId: '', from: '', to: '' };

/** The filter's date range as epoch ms, from the start of `from` to the end of `to`, in local time. */
export function dateRange(filter: Pick<Filter, 'from' | 'to'>): { start: number; end: number } {
	const day = (text: string) => {
		const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
		return match ? new Date(Number(match[1]), Number(match[2]) - 1, Number(match[3])).getTime() : undefined;
	};
	const start = day(filter.from) ?? -Infinity;
	const toDay = day(filter.to);
	// The day after `to`, at midnight, less 1 ms: DST days are 23 or 25 hours long, so no fixed 24 h.
	const end =
		toDay === undefined
			? Infinity
			: new Date(new Date(toDay).setDate(new Date(toDay).getDate() + 1)).getTime() - 1;
	return { start, end };
}

export function traineesInClass(trainees: readonly Trainee[], classId: string): Trainee[] {
	if (!classId) return [...trainees];
	if (classId === NO_CLASS) return trainees.filter((t) => t.classId === undefined);
	return trainees.filter((t) => t.classId === classId);
}

/** Attempts of the given trainees started within the filter's dates. */
export function filterAttempts(
	scored: readonly ScoredAttempt[],
	trainees: readonly Trainee[],
	filter: Filter
): ScoredAttempt[] {
	const ids = new Set(trainees.map((t) => t.id));
	const { start, end } = dateRange(filter);
	return scored.filter(
		(s) => ids.has(s.attempt.traineeId) && s.attempt.startedAt >= start && s.attempt.startedAt <= end
	);
}

// Summaries carry finishedAt for every finished attempt; the start stands in for one that has none.
const finishedAt = (a: AttemptSummary) => a.finishedAt ?? a.startedAt;

export interface MatrixCell {
	/** The score of the most recently finished attempt that this rubric applied to. */
	latest: number;
	best: number;
	/** How many finished attempts the rubric was scored on. */
	count: number;
}

/** A record with no prototype: reading an id nobody set gives undefined, whatever the id. */
const record = <T>(): Record<string, T> => Object.create(null) as Record<string, T>;

export interface MatrixRow {
	trainee: Trainee;
	cells: Record<string, MatrixCell | undefined>;
	attempts: number;
}

/** One row per trainee (in the order given), one cell per rubric: latest and best. */
export function traineeMatrix(
	trainees: readonly Trainee[],
	scored: readonly ScoredAttempt[],
	rubricIds: readonly string[]
): MatrixRow[] {
	const rows = new Map<string, MatrixRow>();
	// When each cell's latest score was finished; kept beside the cells so they stay plain data.
	const latestAt = new WeakMap<MatrixCell, number>();
	for (const trainee of trainees) rows.set(trainee.id, { trainee, cells: record(), attempts: 0 });
	for (const s of scored) {
		const row = rows.get(s.attempt.traineeId);
		if (!row) continue;
		row.attempts += 1;
		if (!s.scores) continue;
		const at = finishedAt(s.attempt);
		for (const rubric of rubricIds) {
			const score = own(s.scores, rubric);
			if (score === undefined) continue;
			const cell = own(row.cells, rubric);
			if (!cell) {
				const created = { latest: score, best: score, count: 1 };
				row.cells[rubric] = created;
				latestAt.set(created, at);
				continue;
			}
			cell.count += 1;
			cell.best = Math.max(cell.best, score);
			if (at >= latestAt.get(cell)!) {
				cell.latest = score;
				latestAt.set(cell, at);
			}
		}
	}
	return [...rows.values()];
}

export type Band = 'good' | 'fair' | 'poor';
/** The colour band a score is shown in; the number is always shown beside it. */
export const band = (score: number): Band => (score >= 80 ? 'good' : score >= 50 ? 'fair' : 'poor');

export interface ScenarioResult {
	scenarioId: string;
	attempts: number;
	finished: number;
	/** Endings reached, most often first. */
	endings: { ending: string; count: number }[];
	/** Rubric id → mean score over finished attempts, rounded. */
	averages: Record<string, number>;
}

export function scenarioResults(scored: readonly ScoredAttempt[]): ScenarioResult[] {
	const byScenario = new Map<
		string,
		{ attempts: number; finished: number; endings: Map<string, number>; sums: Map<string, [number, number]> }
	>();
	for (const s of scored) {
		const id = s.attempt.scenarioId;
		let entry = byScenario.get(id);
		if (!entry)
			byScenario.set(id, (entry = { attempts: 0, finished: 0, endings: new Map(), sums: new Map() }));
		entry.attempts += 1;
		if (!s.scores || !s.ending) continue;
		entry.finished += 1;
		entry.endings.set(s.ending, (entry.endings.get(s.ending) ?? 0) + 1);
		for (const [rubric, score] of Object.entries(s.scores)) {
			const [sum, n] = entry.sums.get(rubric) ?? [0, 0];
			entry.sums.set(rubric, [sum + score, n + 1]);
		}
	}
	return [...byScenario.entries()]
		.map(([scenarioId, e]) => ({
			scenarioId,
			attempts: e.attempts,
			finished: e.finished,
			endings: [...e.endings.entries()]
				.map(([ending, count]) => ({ ending, count }))
				.sort((a, b) => b.count - a.count || (a.ending < b.ending ? -1 : 1)),
			averages: Object.fromEntries([...e.sums.entries()].map(([r, [sum, n]]) => [r, Math.round(sum / n)]))
		}))
		.sort((a, b) => (a.scenarioId < b.scenarioId ? -1 : a.scenarioId > b.scenarioId ? 1 : 0));
}

/** Node id → choice id → how many attempts took that choice there: what the path map draws. */
export type PathCounts = Record<string, Record<string, number>>;

/** Remembers each attempt's path: replays are the slow part, and a filter change must not redo them. */
export function memoisePaths<T = PathStep[]>(pathOf: (attempt: Attempt) => T): (attempt: Attempt) => T {
	const cache = new Map<string, T>();
	return (attempt) => {
		let path = cache.get(attempt.id);
		if (!path) cache.set(attempt.id, (path = pathOf(attempt)));
		return path;
	};
}

export function pathCounts(paths: Iterable<readonly PathStep[]>): PathCounts {
	const counts = record<Record<string, number>>();
	for (const path of paths)
		for (const { node, choice } of path) {
			const at = (counts[node] ??= record<number>());
			at[choice] = (at[choice] ?? 0) + 1;
		}
	return counts;
}

export interface ChoiceStat {
	choice: string;
	style: string;
	count: number;
	/** Share of the decision's picks, in whole percent. */
	percent: number;
}

export interface DecisionStat {
	node: string;
	total: number;
	choices: ChoiceStat[];
	/** The non-assertive choice picked most often, if any was picked: where trainees go wrong. */
	commonMistake?: ChoiceStat;
}

/** Every decision in the scenario, in the order they are first reached from the start (breadth first). */
export function decisionOrder(scenario: Scenario): string[] {
	const order: string[] = [];
	const seen = new Set<string>();
	const queue = [scenario.start];
	while (queue.length) {
		const id = queue.shift()!;
		const node = own(scenario.nodes, id);
		if (seen.has(id) || !node) continue;
		seen.add(id);
		order.push(id);
		for (const choice of node.choices)
			for (const next of typeof choice.next === 'string' ? [choice.next] : choice.next.map((b) => b.to))
				queue.push(next);
	}
	for (const id of Object.keys(scenario.nodes)) if (!seen.has(id)) order.push(id);
	return order;
}

/** Which choices trainees pick at each decision, and the most common pick that is not `target` in style. */
export function itemAnalysis(scenario: Scenario, counts: PathCounts, target = 'assertive'): DecisionStat[] {
	return decisionOrder(scenario).map((node) => {
		const at = own(counts, node) ?? {};
		const choices = own(scenario.nodes, node)!.choices;
		const total = choices.reduce((sum, c) => sum + (own(at, c.id) ?? 0), 0);
		const stats = choices.map((c) => {
			const count = own(at, c.id) ?? 0;
			return {
				choice: c.id,
				style: c.style,
				count,
				percent: total ? Math.round((100 * count) / total) : 0
			};
		});
		let commonMistake: ChoiceStat | undefined;
		for (const s of stats)
			if (s.style !== target && s.count > 0 && (!commonMistake || s.count > commonMistake.count))
				commonMistake = s;
		return { node, total, choices: stats, ...(commonMistake ? { commonMistake } : {}) };
	});
}

// CSV: what spreadsheets open. Quoted per RFC 4180, and safe against formula injection: a trainee's name
// like "=HYPERLINK(…)" must show as text, never run, so text starting with = + - @ (or tab/CR) gets a '.
// A spreadsheet whose list separator is ";" (many European locales) splits a comma file at each ";" and reads
// the quotes that then sit mid-field as plain text, so quoting alone cannot keep "Li;=cmd" whole there: the
// guard also goes at the start of every piece a ";", tab or CR could cut a cell into.

export type CsvValue = string | number | undefined;

/** Characters that split a cell in some spreadsheet: the separator, a list separator, a tab import, line ends. */
const SPLITS = /[",;\t\r\n]/;

export function csvCell(value: CsvValue): string {
	if (value === undefined) return '';
	let text = typeof value === 'number' ? String(value) : value;
	if (typeof value === 'string') text = text.replace(/(^|[;\t\r\n])(?=[=+\-@\t\r])/g, "$1'");
	return SPLITS.test(text) || /^\s|\s$/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

/** Rows of cells to CSV text, with CRLF line ends as RFC 4180 asks. */
export function toCsv(rows: readonly (readonly CsvValue[])[]): string {
	return rows.map((row) => row.map(csvCell).join(',')).join('\r\n') + '\r\n';
}

const iso = (ms: number | undefined) => (ms === undefined ? undefined : new Date(ms).toISOString());

export interface CsvContext {
	trainees: ReadonlyMap<string, Trainee>;
	classes: ReadonlyMap<string, TraineeClass>;
	rubricIds: readonly string[];
}

/** Oldest first, then by id: a stable order for both exports. */
function ordered(scored: readonly ScoredAttempt[]) {
	return [...scored].sort(
		(a, b) =>
			a.attempt.startedAt - b.attempt.startedAt ||
			(a.attempt.id < b.attempt.id ? -1 : a.attempt.id > b.attempt.id ? 1 : 0)
	);
}

/** A classroom role-play is practice to the engine; the CSV names it, as History does. */
const modeOf = (a: Pick<Attempt, 'mode' | 'classroom'>) => (a.classroom ? 'classroom' : a.mode);

export function attemptsCsv(scored: readonly ScoredAttempt[], context: CsvContext): string {
	const header = [
		'attempt',
		'trainee',
		'trainee id',
		'class',
		'scenario',
		'mode',
		'started',
		'finished',
		'ending',
		...context.rubricIds
	];
	const rows = ordered(scored).map(({ attempt, scores, ending }) => {
		const trainee = context.trainees.get(attempt.traineeId);
		const cls = trainee?.classId ? context.classes.get(trainee.classId) : undefined;
		return [
			attempt.id,
			trainee?.name ?? attempt.traineeId,
			attempt.traineeId,
			cls?.name,
			attempt.scenarioId,
			modeOf(attempt),
			iso(attempt.startedAt),
			scores ? iso(finishedAt(attempt)) : undefined,
			ending,
			...context.rubricIds.map((r) => (scores ? own(scores, r) : undefined))
		];
	});
	return toCsv([header, ...rows]);
}

export function scoresCsv(scored: readonly ScoredAttempt[], context: CsvContext): string {
	const rows: CsvValue[][] = [['attempt', 'trainee', 'trainee id', 'scenario', 'mode', 'rubric', 'score']];
	for (const { attempt, scores } of ordered(scored)) {
		if (!scores) continue;
		const name = context.trainees.get(attempt.traineeId)?.name ?? attempt.traineeId;
		for (const rubric of context.rubricIds) {
			const score = own(scores, rubric);
			if (score !== undefined)
				rows.push([attempt.id, name, attempt.traineeId, attempt.scenarioId, modeOf(attempt), rubric, score]);
		}
	}
	return toCsv(rows);
}
