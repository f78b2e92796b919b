import { describe, expect, it } from 'vitest';
import { content, fixture } from '$lib/engine/test-helpers';
import { customerLine, decisionNumbers, layerNodes, layoutPathMap, wrapLabel } from './path-map-layout';

const tiny = fixture('tiny');

describe('layerNodes', () => {
	it('layers decisions by distance from the start and puts the endings last', () => {
		// Within a layer, nodes sit under the average position of the nodes leading to them.
		expect(layerNodes(tiny)).toEqual([['complaint'], ['fix'], ['walked-out', 'loyal', 'satisfied']]);
	});

	it('puts decisions the start cannot reach after the deepest one', () => {
		const orphan = structuredClone(tiny);
		orphan.nodes['orphan'] = structuredClone(tiny.nodes['fix']!);
		expect(layerNodes(orphan).slice(0, 3)).toEqual([['complaint'], ['fix'], ['orphan']]);
	});
});

describe('layoutPathMap', () => {
	const counts = {
		complaint: { 'hear-her-out': 6, 'so-sorry': 3, 'scales-are-right': 1 },
		fix: { 'top-up': 8 }
	};
	const layout = layoutPathMap(tiny, counts);

	it('draws one box per node and one edge per choice target; branches give one edge each', () => {
		expect(layout.nodes.map((n) => n.id).sort()).toEqual(
			['complaint', 'fix', 'loyal', 'satisfied', 'walked-out'].sort()
		);
		const edges = layout.edges.map((e) => `${e.from}/${e.choice}→${e.to}`);
		expect(edges.sort()).toEqual(
			[
				'complaint/hear-her-out→fix',
				'complaint/so-sorry→fix',
				'complaint/scales-are-right→walked-out',
				'fix/top-up→loyal',
				'fix/top-up→satisfied',
				'fix/maybe-later→walked-out'
			].sort()
		);
		const branches = layout.edges.filter((e) => e.choice === 'top-up');
		expect(branches.every((e) => e.conditional)).toBe(true);
		expect(branches.find((e) => e.to === 'loyal')!.moodAtLeast).toBe(2);
	});

	it('marks the model answers and sizes edges by their counts', () => {
		const edge = (choice: string) => layout.edges.find((e) => e.choice === choice)!;
		expect(edge('hear-her-out').best).toBe(true);
		expect(edge('so-sorry').best).toBe(false);
		expect(edge('hear-her-out').share).toBeCloseTo(0.6);
		expect(edge('top-up').width).toBeGreaterThan(edge('hear-her-out').width);
		expect(edge('hear-her-out').width).toBeGreaterThan(edge('so-sorry').width);
		expect(edge('maybe-later').count).toBe(0);
		expect(edge('maybe-later').share).toBe(0);
		expect(layout.labels.find((l) => l.choice === 'so-sorry')).toMatchObject({
			count: 3,
			share: 0.3,
			index: 1
		});
	});

	it('places every layer below the one before, boxes side by side without overlap, all inside the canvas', () => {
		const { box } = layout;
		for (const node of layout.nodes) {
			expect(node.x).toBeGreaterThanOrEqual(0);
			expect(node.x + box.width).toBeLessThanOrEqual(layout.width);
			expect(node.y + box.height).toBeLessThanOrEqual(layout.height);
		}
		const y = (id: string) => layout.nodes.find((n) => n.id === id)!.y;
		expect(y('complaint')).toBeLessThan(y('fix'));
		expect(y('fix')).toBeLessThan(y('loyal'));
		const endings = layout.nodes.filter((n) => n.kind === 'ending').sort((a, b) => a.x - b.x);
		for (let i = 1; i < endings.length; i++)
			expect(endings[i]!.x).toBeGreaterThanOrEqual(endings[i - 1]!.x + box.width);
	});

	it('routes an edge that skips a layer along a lane on the right', () => {
		const skip = layout.edges.find((e) => e.choice === 'scales-are-right')!;
		expect(skip.d).toMatch(/^M[\d.]+ [\d.]+ V[\d.]+ H[\d.]+ V[\d.]+ H[\d.]+ V[\d.]+$/);
		const curve = layout.edges.find((e) => e.choice === 'hear-her-out')!;
		expect(curve.d).toMatch(/ C/);
	});

	it('fits the largest content scenario within about 1000 px wide', () => {
		const largest = [...content.scenarios].sort(
			(a, b) =>
				Object.keys(b.nodes).length +
				Object.keys(b.endings).length -
				(Object.keys(a.nodes).length + Object.keys(a.endings).length)
		)[0]!;
		const big = layoutPathMap(largest, {});
		expect(big.width).toBeLessThanOrEqual(1000);
		expect(big.nodes).toHaveLength(Object.keys(largest.nodes).length + Object.keys(largest.endings).length);
		expect(big.edges.every((e) => e.count === 0 && e.share === 0)).toBe(true);
		for (const e of big.edges) expect(e.d).not.toMatch(/NaN|undefined/);
	});
});

describe('wrapLabel', () => {
	it('breaks words into lines and shortens what does not fit', () => {
		expect(wrapLabel('Problem solved', 22)).toEqual(['Problem solved']);
		expect(wrapLabel('He goes elsewhere, and says why', 22)).toEqual(['He goes elsewhere, and', 'says why']);
		expect(wrapLabel('one two three four five six seven', 10, 2)).toEqual(['one two', 'three fou…']);
		expect(wrapLabel('顾客流失了而且再也不会回来了还告诉了邻居', 16)).toHaveLength(2);
	});
});

describe('decisionNumbers and customerLine: what the instructor reads instead of node ids', () => {
	it('numbers decisions in the order they are first reached, as item analysis does', () => {
		expect([...decisionNumbers(tiny)]).toEqual([
			['complaint', 1],
			['fix', 2]
		]);
	});

	it('names a decision by the customer’s line there, or by nothing when it has no lines', () => {
		expect(customerLine(tiny, 'complaint')).toEqual(tiny.nodes['complaint']!.lines.at(-1)!.text);
		expect(customerLine(tiny, 'fix')).toBeUndefined();
	});
});
