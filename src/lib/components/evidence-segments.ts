// Cuts a typed reply at every evidence boundary, so overlapping evidence is highlighted once with all its labels.
export interface EvidenceSpan {
	label: string;
	start: number;
	end: number;
}

export interface Segment {
	text: string;
	labels: string[];
}

export function evidenceSegments(text: string, evidence: readonly EvidenceSpan[]): Segment[] {
	const spans = evidence.filter((e) => e.start >= 0 && e.end <= text.length && e.start < e.end);
	const cuts = [...new Set([0, text.length, ...spans.flatMap((e) => [e.start, e.end])])].sort(
		(a, b) => a - b
	);
	const segments: Segment[] = [];
	for (let i = 0; i < cuts.length - 1; i++) {
		const [from, to] = [cuts[i]!, cuts[i + 1]!];
		const labels = [...new Set(spans.filter((e) => e.start <= from && e.end >= to).map((e) => e.label))];
		const last = segments.at(-1);
		// Neighbours with the same labels are one highlight.
		if (last && last.labels.join() === labels.join()) last.text += text.slice(from, to);
		else segments.push({ text: text.slice(from, to), labels });
	}
	return segments;
}
