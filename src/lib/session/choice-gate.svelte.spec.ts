import { describe, expect, it } from 'vitest';
import { ChoiceGate, SETTLE_MS } from './choice-gate.svelte';

describe('ChoiceGate', () => {
	const clock = () => {
		const state = { now: 0, waited: [] as number[] };
		const gate = new ChoiceGate(
			() => state.now,
			async (ms) => {
				state.waited.push(ms);
				state.now += ms;
			}
		);
		return { state, gate };
	};

	it('takes one press and stays locked until the answer is drawn', async () => {
		const { state, gate } = clock();
		expect(gate.take()).toBe(true);
		expect(gate.locked).toBe(true);
		expect(gate.take()).toBe(false);
		state.now = 1000;
		await gate.release();
		expect(gate.locked).toBe(false);
		expect(gate.take()).toBe(true);
	});

	it('stays locked for the settle time, so a double press chooses once', async () => {
		const { state, gate } = clock();
		gate.take();
		state.now = 16;
		const released = gate.release();
		expect(gate.take()).toBe(false);
		await released;
		expect(state.waited).toEqual([SETTLE_MS - 16]);
		expect(gate.locked).toBe(false);
	});

	it("never takes a held key's repeat or a double click's second click", () => {
		const { gate } = clock();
		expect(gate.take({ repeat: true })).toBe(false);
		expect(gate.take({ detail: 2 })).toBe(false);
		expect(gate.locked).toBe(false);
		expect(gate.take({ detail: 1 })).toBe(true);
	});
});
