import { describe, expect, it } from 'vitest';
import { compileScenario, currentNode } from './compile';
import { conversation, conversationOf, openingAnswers } from './conversation';
import { replay } from './play';
import type { Scenario } from './schema';
import { content, fixture } from './test-helpers';
import type { Turn } from './transcript';

const tiny = fixture('tiny');

describe('conversation', () => {
	it('shows narration as narration and names every other speaker', () => {
		const scenario: Scenario = {
			...tiny,
			cast: { son: { name: { en: 'Ken', zh: '阿健' } } },
			nodes: {
				...tiny.nodes,
				complaint: {
					...tiny.nodes.complaint!,
					choices: tiny.nodes.complaint!.choices.map((c) =>
						c.id === 'hear-her-out'
							? {
									...c,
									reaction: [
										{ speaker: 'narrator', text: { en: 'She sighs.', zh: '她叹了口气。' } },
										{ speaker: 'son', text: { en: 'Mum, tell him.', zh: '妈，跟他说。' } },
										{ speaker: 'customer', text: { en: 'Half a catty.', zh: '少了半斤。' } }
									]
								}
							: c
					)
				}
			}
		};
		const turn: Turn = {
			node: 'complaint',
			choice: 'hear-her-out',
			text: { en: 'x', zh: 'x' },
			style: 'assertive',
			steps: [],
			moodBefore: -1,
			moodAfter: 0
		};
		const messages = conversation(scenario, [turn], 'fix');
		expect(messages.map((m) => [m.speaker, m.name?.en, m.text.en])).toEqual([
			['customer', undefined, 'This bag is short. I weighed it myself!'],
			['staff', undefined, 'x'],
			['narrator', undefined, 'She sighs.'],
			['other', 'Ken', 'Mum, tell him.'],
			['customer', undefined, 'Half a catty.']
		]);
	});

	it('takes a plain reaction as the customer speaking', () => {
		const reaction = tiny.nodes.complaint!.choices.find((c) => c.id === 'hear-her-out')!.reaction;
		expect(reaction).toEqual([
			{ speaker: 'customer', text: { en: 'Half a catty short.', zh: '少了半斤。' } }
		]);
	});

	describe('built turn by turn', () => {
		const turnAt = (node: string, choice: string): Turn => {
			const c = tiny.nodes[node]!.choices.find((x) => x.id === choice)!;
			return {
				node,
				choice,
				text: c.text,
				style: c.style,
				steps: c.steps ?? [],
				moodBefore: 0,
				moodAfter: 0
			};
		};
		const turns = [turnAt('complaint', 'hear-her-out'), turnAt('fix', 'maybe-later')];
		const ending = 'walked-out';
		const nodeAfter = (i: number) => (i < turns.length ? turns[i]!.node : ending);

		it('gives what a fresh build gives, with keys unique in the chat', () => {
			const build = conversationOf(tiny);
			for (let n = 0; n <= turns.length; n++) {
				const messages = build(turns.slice(0, n), nodeAfter(n));
				expect(messages).toEqual(conversation(tiny, turns.slice(0, n), nodeAfter(n)));
				expect(new Set(messages.map((m) => m.key)).size).toBe(messages.length);
			}
		});

		it('keeps the same message objects for earlier turns, so a view redraws only the new lines', () => {
			const build = conversationOf(tiny);
			const before = build(turns.slice(0, 1), nodeAfter(1));
			const after = build(turns.slice(0, 2), nodeAfter(2));
			// The decision the trainee was at is now a turn: its opening lines are the very same objects.
			for (let i = 0; i < before.length; i++) expect(after[i]).toBe(before[i]);
			expect(after.length).toBeGreaterThan(before.length);
		});

		it('drops the later turns on a rewind and builds the new branch afresh', () => {
			const build = conversationOf(tiny);
			const full = build(turns, ending);
			const rewound = build(turns.slice(0, 1), nodeAfter(1));
			expect(rewound).toEqual(conversation(tiny, turns.slice(0, 1), nodeAfter(1)));
			expect(rewound[0]).toBe(full[0]);
			const other = turnAt('complaint', 'scales-are-right');
			const branched = build([other], ending);
			expect(branched.find((m) => m.speaker === 'staff')!.text).toEqual(other.text);
			expect(branched).toEqual(conversation(tiny, [other], ending));
		});
	});

	it("answers each first reply ahead of the engine with the very lines the engine's chat then shows", () => {
		expect(content.scenarios.length).toBeGreaterThan(0);
		for (const scenario of content.scenarios) {
			const machine = compileScenario(scenario);
			const opening = conversation(scenario, [], scenario.start);
			for (const { choice, messages } of openingAnswers(scenario)) {
				const { snapshot } = replay(machine, [{ type: 'choice.select', choice }]);
				const played = conversation(scenario, snapshot.context.transcript, currentNode(snapshot));
				// Same keys too, so nothing is drawn twice when the app takes over.
				expect(played.slice(opening.length, opening.length + messages.length)).toEqual(messages);
				expect(messages[0]!.speaker).toBe('staff');
				// Every first reply in the library is answered by someone: the early answer is never the trainee alone.
				expect(messages.length).toBeGreaterThan(1);
			}
		}
	});
});
