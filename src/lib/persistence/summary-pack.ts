// Every attempt's summary in one record, column by column, for the dashboard: reading 50,000 summary rows
// costs IndexedDB a record each and the page an object with a dozen named fields each, which at 4× CPU took
// over a second; one record of typed arrays and a few short lists reads in a fraction of that. The pack is a
// copy, never the truth: any write of an attempt leaves a marker beside it, in the same transaction
// (attempt-summaries.ts), and the next read of all summaries takes those attempts' rows in place of what the
// pack says. Many markers, or a clear, mean building the pack again from the rows.
import type { AttemptSummaryRow } from './attempt-summaries';

export const SUMMARY_PACK = 'summaryPack';
export const PACK_ID = 'all';
/** The key of the marker an attempt write leaves in the pack's table: the pack is out of date for that attempt. */
export const STALE_PREFIX = 'changed:';
export const staleKey = (attemptId: string) => `${STALE_PREFIX}${attemptId}`;
export interface StaleMarker {
	id: string;
}
// 2: kept up to date by markers. A tab still on a build that knew only format 1 reads this pack as none (it
// does not know the markers), so it never shows what a marker says has changed.
const FORMAT = 2;

/** Fields whose few distinct values are kept once, each row holding an index into them (0: absent). */
const CODED = ['traineeId', 'scenarioId', 'contentVersion', 'mode', 'status', 'ending'] as const;
type Coded = (typeof CODED)[number];

/** Every field a summary has, packed below: a field added to the summary and not here fails to compile. */
export const PACKED_FIELDS: Record<keyof AttemptSummaryRow, true> = {
	id: true,
	traineeId: true,
	scenarioId: true,
	contentVersion: true,
	mode: true,
	status: true,
	startedAt: true,
	finishedAt: true,
	ending: true,
	scores: true,
	classroom: true,
	typedReplies: true
};

export interface SummaryPackRow {
	id: typeof PACK_ID;
	format: typeof FORMAT;
	ids: string[];
	/** The distinct values of the coded fields, after a leading placeholder for "absent". */
	values: unknown[];
	coded: Record<Coded, Uint32Array>;
	startedAt: Float64Array;
	/** NaN where absent. */
	finishedAt: Float64Array;
	rubrics: string[];
	/** 1 where the row has a scores record (possibly empty). */
	hasScores: Uint8Array;
	/** rows × rubrics, row-major; NaN where that rubric is absent. */
	scores: Float64Array;
	/** 0 absent, 1 false, 2 true. */
	classroom: Uint8Array;
	/** NaN where absent. */
	typedReplies: Float64Array;
}

export function packSummaries(rows: readonly AttemptSummaryRow[]): SummaryPackRow {
	const n = rows.length;
	const values: unknown[] = [undefined];
	const codeOf = new Map<unknown, number>();
	const code = (value: unknown) => {
		if (value === undefined) return 0;
		let c = codeOf.get(value);
		if (c === undefined) {
			c = values.push(value) - 1;
			codeOf.set(value, c);
		}
		return c;
	};
	const rubrics = [...new Set(rows.flatMap((r) => (r.scores ? Object.keys(r.scores) : [])))];
	const coded = Object.fromEntries(CODED.map((f) => [f, new Uint32Array(n)])) as Record<Coded, Uint32Array>;
	const pack: SummaryPackRow = {
		id: PACK_ID,
		format: FORMAT,
		ids: new Array<string>(n),
		values,
		coded,
		startedAt: new Float64Array(n),
		finishedAt: new Float64Array(n).fill(NaN),
		rubrics,
		hasScores: new Uint8Array(n),
		scores: new Float64Array(n * rubrics.length).fill(NaN),
		classroom: new Uint8Array(n),
		typedReplies: new Float64Array(n).fill(NaN)
	};
	rows.forEach((row, i) => {
		pack.ids[i] = row.id;
		for (const f of CODED) coded[f][i] = code(row[f]);
		pack.startedAt[i] = row.startedAt;
		if (row.finishedAt !== undefined) pack.finishedAt[i] = row.finishedAt;
		if (row.scores) {
			pack.hasScores[i] = 1;
			rubrics.forEach((rubric, j) => {
				const score = Object.hasOwn(row.scores!, rubric) ? row.scores![rubric] : undefined;
				if (score !== undefined) pack.scores[i * rubrics.length + j] = score;
			});
		}
		if (row.classroom !== undefined) pack.classroom[i] = row.classroom ? 2 : 1;
		if (row.typedReplies !== undefined) pack.typedReplies[i] = row.typedReplies;
	});
	return pack;
}

/** The rows again, field for field: absent fields stay absent. Undefined for a pack of another format. */
export function unpackSummaries(
	record: SummaryPackRow | StaleMarker | undefined
): AttemptSummaryRow[] | undefined {
	if (!record || !('format' in record) || record.format !== FORMAT) return undefined;
	const pack = record;
	const { ids, values, coded, rubrics, scores } = pack;
	const width = rubrics.length;
	const rows = new Array<AttemptSummaryRow>(ids.length);
	for (let i = 0; i < ids.length; i++) {
		const row = {
			id: ids[i],
			traineeId: values[coded.traineeId[i]!],
			scenarioId: values[coded.scenarioId[i]!],
			contentVersion: values[coded.contentVersion[i]!],
			mode: values[coded.mode[i]!],
			status: values[coded.status[i]!],
			startedAt: pack.startedAt[i]
		} as Record<string, unknown>;
		if (!Number.isNaN(pack.finishedAt[i])) row.finishedAt = pack.finishedAt[i];
		if (coded.ending[i]) row.ending = values[coded.ending[i]!];
		if (pack.hasScores[i]) {
			const own: Record<string, number> = {};
			for (let j = 0; j < width; j++) {
				const score = scores[i * width + j]!;
				if (!Number.isNaN(score)) own[rubrics[j]!] = score;
			}
			row.scores = own;
		}
		if (pack.classroom[i]) row.classroom = pack.classroom[i] === 2;
		if (!Number.isNaN(pack.typedReplies[i])) row.typedReplies = pack.typedReplies[i];
		rows[i] = row as unknown as AttemptSummaryRow;
	}
	return rows;
}

/**
 * The pack's rows brought up to date: each changed attempt's row in place of the packed one, added when new,
 * left out when deleted (undefined). Kept in id order, as the rows themselves are read.
 */
export function withChanges(
	packed: readonly AttemptSummaryRow[],
	changed: ReadonlyMap<string, AttemptSummaryRow | undefined>
): AttemptSummaryRow[] {
	const rows: AttemptSummaryRow[] = [];
	const found = new Set<string>();
	for (const row of packed) {
		if (!changed.has(row.id)) {
			rows.push(row);
			continue;
		}
		found.add(row.id);
		const now = changed.get(row.id);
		if (now) rows.push(now);
	}
	// IndexedDB orders string keys by code unit, as < does. The few new rows are sorted and merged in, not the
	// whole list sorted again.
	const byId = (a: AttemptSummaryRow, b: AttemptSummaryRow) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
	const added = [...changed]
		.filter(([id, row]) => row !== undefined && !found.has(id))
		.map(([, row]) => row!)
		.sort(byId);
	if (!added.length) return rows;
	const merged: AttemptSummaryRow[] = [];
	let i = 0;
	for (const row of added) {
		while (i < rows.length && rows[i]!.id < row.id) merged.push(rows[i++]!);
		merged.push(row);
	}
	while (i < rows.length) merged.push(rows[i++]!);
	return merged;
}
