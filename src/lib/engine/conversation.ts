// The chat a trainee sees, derived from the scenario and the transcript, so a resumed attempt looks the same.
import type { Line, Scenario, Text } from './schema';
import type { Transcript } from './transcript';
import { own } from './own';

export interface Message {
	/** `other` is someone in the scene besides the customer, named by `name`. */
	speaker: 'customer' | 'narrator' | 'staff' | 'other';
	text: Text;
	name?: Text;
	/** For staff messages: the 0-based turn, so practice mode can rewind to it. */
	turn?: number;
}

function message(scenario: Scenario, line: Line): Message {
	if (line.speaker === 'customer' || line.speaker === 'narrator')
		return { speaker: line.speaker, text: line.text };
	return { speaker: 'other', text: line.text, name: own(scenario.cast, line.speaker)?.name };
}

export function conversation(scenario: Scenario, transcript: Transcript, at: string): Message[] {
	const messages: Message[] = [];
	const linesOf = (id: string) => own(scenario.nodes, id)?.lines ?? own(scenario.endings, id)?.lines ?? [];
	const say = (lines: readonly Line[]) => {
		for (const line of lines) messages.push(message(scenario, line));
	};
	transcript.forEach((turn, index) => {
		say(linesOf(turn.node));
		messages.push({ speaker: 'staff', text: turn.text, turn: index });
		say(own(scenario.nodes, turn.node)?.choices.find((c) => c.id === turn.choice)?.reaction ?? []);
	});
	say(linesOf(at));
	return messages;
}
