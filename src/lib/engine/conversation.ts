// The chat a trainee sees, derived from the scenario and the transcript, so a resumed attempt looks the same.
import type { Scenario, Text } from './schema';
import type { Transcript } from './transcript';

export interface Message {
	speaker: 'customer' | 'narrator' | 'staff';
	text: Text;
	/** For staff messages: the 0-based turn, so practice mode can rewind to it. */
	turn?: number;
}

export function conversation(scenario: Scenario, transcript: Transcript, at: string): Message[] {
	const messages: Message[] = [];
	const linesOf = (id: string) => scenario.nodes[id]?.lines ?? scenario.endings[id]?.lines ?? [];
	transcript.forEach((turn, index) => {
		for (const line of linesOf(turn.node)) messages.push({ speaker: line.speaker, text: line.text });
		messages.push({ speaker: 'staff', text: turn.text, turn: index });
		const reaction = scenario.nodes[turn.node]?.choices.find((c) => c.id === turn.choice)?.reaction;
		if (reaction) messages.push({ speaker: 'customer', text: reaction });
	});
	for (const line of linesOf(at)) messages.push({ speaker: line.speaker, text: line.text });
	return messages;
}
