// Geometry for the path map: the scenario's decisions layered top-down by their distance from the start,
// the endings on a last layer of their own, and one edge per choice target. Pure, so it can be unit tested.
import type { Scenario, Text } from '$lib/engine/schema';
import { decisionOrder } from '$lib/instructor/dashboard';

/** How often each choice was taken: node id → choice id → count. */
export type ChoiceCounts = Record<string, Record<string, number>>;

export interface MapNode {
	id: string;
	kind: 'decision' | 'ending';
	layer: number;
	x: number;
	y: number;
	/** Where each choice leaves the box (decisions only), in choice order. */
	ports: { choice: string; index: number; x: number; y: number }[];
}

export interface MapEdge {
	from: string;
	choice: string;
	/** 0-based position of the choice at its decision. */
	index: number;
	to: string;
	best: boolean;
	/** The edge is one of several mood-dependent branches. */
	conditional: boolean;
	moodAtLeast?: number;
	count: number;
	/** Share of this decision's answers that took the choice, 0–1 (0 when nobody answered). */
	share: number;
	/** Stroke width, proportional to the count against the busiest choice in the map. */
	width: number;
	/** SVG path data. */
	d: string;
}

export interface MapLabel {
	from: string;
	choice: string;
	index: number;
	best: boolean;
	count: number;
	share: number;
	x: number;
	y: number;
}

export interface PathMapLayout {
	width: number;
	height: number;
	/** A decision's box; an ending's box is as wide and `endingHeight` tall, to hold its wrapped title. */
	box: { width: number; height: number; endingHeight: number };
	layers: string[][];
	nodes: MapNode[];
	edges: MapEdge[];
	/** One count label per choice, just below the port it leaves from and beside its line (text starts at x). */
	labels: MapLabel[];
}

const BOX_W = 180;
const BOX_H = 52;
const GAP_X = 28;
const MARGIN = 16;
const LANE_GAP = 10;
const RUN_GAP = 5;
const LABEL_SPACE = 34;
const LINE_H = 18;
const MIN_STROKE = 1.5;
const MAX_STROKE = 9;

export const targetsOf = (next: Scenario['nodes'][string]['choices'][number]['next']) =>
	typeof next === 'string'
		? [{ to: next, moodAtLeast: undefined }]
		: next.map((b) => ({ to: b.to, moodAtLeast: b.if?.moodAtLeast }));

/**
 * Decisions by breadth-first distance from the start; decisions the start cannot reach come after the deepest.
 * Endings always form the last layer, so every edge into an ending points down.
 */
export function layerNodes(scenario: Scenario): string[][] {
	const distance = new Map<string, number>([[scenario.start, 0]]);
	const queue = [scenario.start];
	while (queue.length) {
		const id = queue.shift()!;
		for (const choice of scenario.nodes[id]?.choices ?? [])
			for (const { to } of targetsOf(choice.next))
				if (!distance.has(to) && to in scenario.nodes) {
					distance.set(to, distance.get(id)! + 1);
					queue.push(to);
				}
	}
	const deepest = Math.max(0, ...distance.values());
	const layers: string[][] = [];
	for (const id of Object.keys(scenario.nodes)) {
		const layer = distance.get(id) ?? deepest + 1;
		(layers[layer] ??= []).push(id);
	}
	const decisions = layers.filter((layer) => layer?.length);
	const endings = Object.keys(scenario.endings);
	const ordered = orderLayers(scenario, decisions);
	return endings.length ? [...ordered, orderByParents(scenario, ordered.flat(), endings)] : ordered;
}

/** Each node's position among the nodes that lead to it, to keep crossings down (one barycentre pass). */
function orderByParents(scenario: Scenario, above: string[], layer: string[]): string[] {
	const position = new Map(above.map((id, i) => [id, i]));
	const centre = (id: string) => {
		const parents = above.filter((p) =>
			scenario.nodes[p]?.choices.some((c) => targetsOf(c.next).some((t) => t.to === id))
		);
		return parents.length ? parents.reduce((sum, p) => sum + position.get(p)!, 0) / parents.length : Infinity;
	};
	return layer
		.map((id, i) => ({ id, key: centre(id), i }))
		.sort((a, b) => a.key - b.key || a.i - b.i)
		.map((n) => n.id);
}

function orderLayers(scenario: Scenario, layers: string[][]): string[][] {
	const ordered: string[][] = [];
	for (const layer of layers)
		ordered.push(ordered.length ? orderByParents(scenario, ordered.at(-1)!, layer) : layer);
	return ordered;
}

/** `endingLines`: the most lines an ending's title is wrapped into; its box grows to hold them. */
export function layoutPathMap(
	scenario: Scenario,
	counts: ChoiceCounts,
	{ endingLines = 2 }: { endingLines?: number } = {}
): PathMapLayout {
	const layers = layerNodes(scenario);
	const endingHeight = Math.max(BOX_H, 16 + endingLines * LINE_H);
	const layerOf = new Map(layers.flatMap((layer, i) => layer.map((id) => [id, i] as const)));
	const widest = Math.max(1, ...layers.map((l) => l.length));
	const mainWidth = widest * BOX_W + (widest - 1) * GAP_X;
	const maxCount = Math.max(1, ...Object.values(counts).flatMap((byChoice) => Object.values(byChoice ?? {})));

	// Edges between neighbouring layers are drawn as curves; all others run down (or up) a lane on the right,
	// one lane per target, leaving below their source and arriving just above their target.
	interface Plan {
		from: string;
		to: string;
		choice: string;
		index: number;
		best: boolean;
		conditional: boolean;
		moodAtLeast?: number;
		lane: boolean;
	}
	const plans: Plan[] = [];
	for (const id of layers.flat()) {
		const node = scenario.nodes[id];
		if (!node) continue;
		node.choices.forEach((choice, index) => {
			const targets = targetsOf(choice.next);
			for (const { to, moodAtLeast } of targets) {
				const lane = layerOf.get(to) !== layerOf.get(id)! + 1;
				plans.push({
					from: id,
					to,
					choice: choice.id,
					index,
					best: choice.best,
					conditional: targets.length > 1,
					moodAtLeast,
					lane
				});
			}
		});
	}
	const laneTargets = [...new Set(plans.filter((p) => p.lane).map((p) => p.to))].sort(
		(a, b) => layerOf.get(a)! - layerOf.get(b)!
	);
	const laneX = (to: string) => MARGIN + mainWidth + 20 + laneTargets.indexOf(to) * LANE_GAP;

	// The gap below each layer holds the count labels, the lane runs out of it and the lane runs into the next.
	const exitsBelow = layers.map((_, i) => plans.filter((p) => p.lane && layerOf.get(p.from) === i).length);
	const entriesAbove = layers.map((_, i) => laneTargets.filter((t) => layerOf.get(t) === i).length);
	const gaps = layers.map((_, i) =>
		Math.max(96, LABEL_SPACE + 8 + exitsBelow[i]! * RUN_GAP + (entriesAbove[i + 1] ?? 0) * RUN_GAP + 24)
	);
	const layerY: number[] = [];
	let y = MARGIN;
	for (let i = 0; i < layers.length; i++) {
		layerY.push(y);
		y += BOX_H + gaps[i]!;
	}
	const lastIsEndings = Object.keys(scenario.endings).length > 0;
	const height = layerY.at(-1)! + (lastIsEndings ? endingHeight : BOX_H) + MARGIN;
	const width = MARGIN + mainWidth + (laneTargets.length ? 20 + laneTargets.length * LANE_GAP : 0) + MARGIN;

	const nodes: MapNode[] = [];
	const byId = new Map<string, MapNode>();
	layers.forEach((layer, i) => {
		const rowWidth = layer.length * BOX_W + (layer.length - 1) * GAP_X;
		const left = MARGIN + (mainWidth - rowWidth) / 2;
		layer.forEach((id, j) => {
			const x = left + j * (BOX_W + GAP_X);
			const choices = scenario.nodes[id]?.choices ?? [];
			const node: MapNode = {
				id,
				kind: id in scenario.nodes ? 'decision' : 'ending',
				layer: i,
				x,
				y: layerY[i]!,
				ports: choices.map((c, index) => ({
					choice: c.id,
					index,
					x: x + (BOX_W * (index + 1)) / (choices.length + 1),
					y: layerY[i]! + BOX_H
				}))
			};
			nodes.push(node);
			byId.set(id, node);
		});
	});

	// Where curves arrive: spread across the top of the target, leaving the right end for the lane.
	const curvesInto = new Map<string, Plan[]>();
	for (const p of plans.filter((p) => !p.lane)) curvesInto.set(p.to, [...(curvesInto.get(p.to) ?? []), p]);
	for (const list of curvesInto.values())
		list.sort((a, b) => byId.get(a.from)!.ports[a.index]!.x - byId.get(b.from)!.ports[b.index]!.x);
	const exitRank = new Map<Plan, number>();
	layers.forEach((_, i) => {
		plans
			.filter((p) => p.lane && layerOf.get(p.from) === i)
			.sort((a, b) => laneX(b.to) - laneX(a.to))
			.forEach((p, k) => exitRank.set(p, k));
	});
	const entryRank = (to: string) => laneTargets.filter((t) => layerOf.get(t) === layerOf.get(to)).indexOf(to);

	const edges: MapEdge[] = plans.map((p) => {
		const source = byId.get(p.from)!;
		const target = byId.get(p.to)!;
		const port = source.ports[p.index]!;
		const byChoice = counts[p.from] ?? {};
		const count = byChoice[p.choice] ?? 0;
		const total = Object.values(byChoice).reduce((a, b) => a + b, 0);
		let d: string;
		if (!p.lane) {
			const list = curvesInto.get(p.to)!;
			const inX = target.x + ((BOX_W - 24) * (list.indexOf(p) + 1)) / (list.length + 1);
			const inY = target.y - 2;
			const bend = (inY - port.y) / 2;
			d = `M${port.x} ${port.y} C${port.x} ${port.y + bend} ${inX} ${inY - bend} ${inX} ${inY}`;
		} else {
			const runY = port.y + LABEL_SPACE + 8 + exitRank.get(p)! * RUN_GAP;
			const lane = laneX(p.to);
			const inY = target.y - 12 - entryRank(p.to) * RUN_GAP;
			const inX = target.x + BOX_W - 12;
			d = `M${port.x} ${port.y} V${runY} H${lane} V${inY} H${inX} V${target.y - 2}`;
		}
		return {
			from: p.from,
			choice: p.choice,
			index: p.index,
			to: p.to,
			best: p.best,
			conditional: p.conditional,
			...(p.moodAtLeast === undefined ? {} : { moodAtLeast: p.moodAtLeast }),
			count,
			share: total ? count / total : 0,
			width: MIN_STROKE + ((MAX_STROKE - MIN_STROKE) * count) / maxCount,
			d
		};
	});

	// A label starts just right of the widest line leaving its port, so it never sits on a line.
	const strokeAt = new Map<string, number>();
	for (const e of edges)
		strokeAt.set(`${e.from}/${e.index}`, Math.max(strokeAt.get(`${e.from}/${e.index}`) ?? 0, e.width));
	const labels: MapLabel[] = nodes.flatMap((node) =>
		node.ports.map((port) => {
			const choice = scenario.nodes[node.id]!.choices[port.index]!;
			const byChoice = counts[node.id] ?? {};
			const count = byChoice[choice.id] ?? 0;
			const total = Object.values(byChoice).reduce((a, b) => a + b, 0);
			return {
				from: node.id,
				choice: choice.id,
				index: port.index,
				best: choice.best,
				count,
				share: total ? count / total : 0,
				x: port.x + (strokeAt.get(`${node.id}/${port.index}`) ?? MIN_STROKE) / 2 + 3,
				// Neighbouring labels alternate in height so they do not run into each other.
				y: port.y + 14 + (port.index % 2) * 15
			};
		})
	);

	return { width, height, box: { width: BOX_W, height: BOX_H, endingHeight }, layers, nodes, edges, labels };
}

/** Breaks a label into at most `maxLines` lines of about `maxChars` (CJK characters count double). */
export function wrapLabel(text: string, maxChars: number, maxLines = 2): string[] {
	const widthOf = (s: string) => [...s].reduce((w, ch) => w + (/[\u2e80-\uffff]/.test(ch) ? 2 : 1), 0);
	const tokens = text.match(/[\u2e80-\uffff]|[^\s\u2e80-\uffff]+|\s+/g) ?? [];
	const lines: string[] = [];
	let line = '';
	for (const token of tokens) {
		if (/^\s+$/.test(token)) {
			if (line) line += ' ';
			continue;
		}
		if (line && widthOf(line + token) > maxChars) {
			lines.push(line.trimEnd());
			line = '';
		}
		line += token;
	}
	if (line.trim()) lines.push(line.trimEnd());
	if (lines.length <= maxLines) return lines;
	const kept = lines.slice(0, maxLines);
	kept[maxLines - 1] = kept[maxLines - 1]!.replace(/.$/u, '…');
	return kept;
}

/**
 * What an instructor knows a decision by: its number in the order decisions are first reached (as item
 * analysis counts them), never the node id the author wrote.
 */
export function decisionNumbers(scenario: Scenario): Map<string, number> {
	return new Map(decisionOrder(scenario).map((id, i) => [id, i + 1]));
}

/** The customer's line that a decision answers (else its last line); none when the node has no lines. */
export function customerLine(scenario: Scenario, node: string): Text | undefined {
	const lines = scenario.nodes[node]?.lines ?? [];
	return (lines.findLast((l) => l.speaker === 'customer') ?? lines.at(-1))?.text;
}
