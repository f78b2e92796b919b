import { describe, expect, it } from 'vitest';
import { conversation } from './conversation';
import type { Scenario } from './schema';
import { fixture } from './test-helpers';
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
});
