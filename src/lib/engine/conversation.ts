// The chat a trainee sees, derived from the scenario and the transcript, so a resumed attempt looks the same.
import type { Choice, Line, Scenario, Text } from './schema';
import type { Transcript, Turn } from './transcript';
import { own } from './own';

export interface Message {
	/** Stable while the turn before it stands, so a view keyed by it redraws only the lines that are new. */
	key: string;
	/** `other` is someone in the scene besides the customer, named by `name`. */
	speaker: 'customer' | 'narrator' | 'staff' | 'other';
	text: Text;
	name?: Text;
	/** For staff messages: the 0-based turn, so practice mode can rewind to it. */
	turn?: number;
}

function message(scenario: Scenario, line: Line, key: string): Message {
	if (line.speaker === 'customer' || line.speaker === 'narrator')
		return { key, speaker: line.speaker, text: line.text };
	return { key, speaker: 'other', text: line.text, name: own(scenario.cast, line.speaker)?.name };
}

/** The trainee's reply at turn `index` and what is said straight after it, before the next decision's lines. */
function reply(scenario: Scenario, index: number, text: Text, choice: Choice | undefined): Message[] {
	return [
		{ key: `${index}.reply`, speaker: 'staff', text, turn: index },
		...(choice?.reaction ?? []).map((line, k) => message(scenario, line, `${index}.reaction.${k}`))
	];
}

/**
 * The answer to each reply of the first decision, as the chat will show it: prerendered, so that a reply clicked
 * before the app has started is answered at once (app.html's script shows it). The next decision's own lines
 * wait for the engine, since a mood branch may choose them.
 */
export function openingAnswers(scenario: Scenario): { choice: string; messages: Message[] }[] {
	return (own(scenario.nodes, scenario.start)?.choices ?? []).map((choice) => ({
		choice: choice.id,
		messages: reply(scenario, 0, choice.text, choice)
	}));
}

export function conversation(scenario: Scenario, transcript: Transcript, at: string): Message[] {
	return conversationOf(scenario)(transcript, at);
}

/**
 * `conversation` for one scenario, remembering what it built: a choice adds its own lines and keeps the same
 * message objects for every earlier turn, so a view keyed by `key` redraws only what is new and each choice
 * costs the same at turn 300 as at turn 1.
 */
export function conversationOf(scenario: Scenario): (transcript: Transcript, at: string) => Message[] {
	const linesOf = (id: string) => own(scenario.nodes, id)?.lines ?? own(scenario.endings, id)?.lines ?? [];
	// What decision `index` opens with depends only on its node; the reply and reaction only on the turn.
	const openings: { node: string; messages: Message[] }[] = [];
	const replies: { turn: Turn; messages: Message[] }[] = [];
	let last: { transcript: Transcript; at: string; messages: Message[] } | undefined;

	return (transcript, at) => {
		if (last && last.transcript === transcript && last.at === at) return last.messages;
		const messages: Message[] = [];
		for (let index = 0; index <= transcript.length; index++) {
			const turn = transcript[index];
			const node = turn ? turn.node : at;
			if (openings[index]?.node !== node)
				openings[index] = {
					node,
					messages: linesOf(node).map((line, k) => message(scenario, line, `${index}.${k}`))
				};
			messages.push(...openings[index]!.messages);
			if (!turn) break;
			if (replies[index]?.turn !== turn) {
				const choice = own(scenario.nodes, turn.node)?.choices.find((c) => c.id === turn.choice);
				replies[index] = { turn, messages: reply(scenario, index, turn.text, choice) };
			}
			messages.push(...replies[index]!.messages);
		}
		openings.length = transcript.length + 1;
		replies.length = transcript.length;
		last = { transcript, at, messages };
		return messages;
	};
}
