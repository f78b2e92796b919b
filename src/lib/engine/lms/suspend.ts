// SCORM 1.2's cmi.suspend_data holds at most 4,096 characters: an attempt's seed and choice log, compactly.
//   v1;<seed, base 36>;<entry>,<entry>,…
// An entry is a choice id; "t:" a typed reply (choice~style~steps~lang~text); "^n" a rewind to turn n; "!" a restart.
import type { LogEntry } from '../compile';

export const SUSPEND_LIMIT = 4096;

export interface Suspended {
	seed: number;
	log: LogEntry[];
}

const enc = (s: string) => encodeURIComponent(s).replace(/[~!^]/g, (c) => `%${c.charCodeAt(0).toString(16)}`);

function entry(e: LogEntry, withText: boolean): string | undefined {
	switch (e.type) {
		case 'choice.select':
			return enc(e.choice);
		case 'choice.type':
			return `t:${[e.choice, e.style, e.steps.join('+'), e.typed.lang, withText ? e.typed.text : ''].map(enc).join('~')}`;
		case 'attempt.rewind':
			return `^${e.turn}`;
		case 'attempt.restart':
			return '!';
		default:
			// Classroom observations never run under an LMS.
			return undefined;
	}
}

/** The suspend_data for an attempt, or undefined if even without typed texts it is over the limit. */
export function encodeSuspend(seed: number, log: readonly LogEntry[]): string | undefined {
	for (const withText of [true, false]) {
		const parts = log.map((e) => entry(e, withText)).filter((p) => p !== undefined);
		const data = `v1;${(seed >>> 0).toString(36)};${parts.join(',')}`;
		if (data.length <= SUSPEND_LIMIT) return data;
	}
	return undefined;
}

/** Reads suspend_data back; undefined for anything this app did not write (another SCO's, or corrupted). */
export function decodeSuspend(data: string): Suspended | undefined {
	const match = /^v1;([0-9a-z]{1,7});(.*)$/s.exec(data);
	if (!match) return undefined;
	const seed = parseInt(match[1]!, 36);
	const log: LogEntry[] = [];
	try {
		for (const part of match[2] ? match[2].split(',') : []) {
			if (part === '!') log.push({ type: 'attempt.restart' });
			else if (part.startsWith('^')) {
				const turn = Number(part.slice(1));
				if (!Number.isInteger(turn) || turn < 0) return undefined;
				log.push({ type: 'attempt.rewind', turn });
			} else if (part.startsWith('t:')) {
				const fields = part.slice(2).split('~').map(decodeURIComponent);
				if (fields.length !== 5) return undefined;
				const [choice, style, steps, lang, text] = fields as [string, string, string, string, string];
				if (lang !== 'en' && lang !== 'zh') return undefined;
				log.push({
					type: 'choice.type',
					choice,
					style,
					steps: steps ? steps.split('+') : [],
					typed: { text, lang, evidence: [], confidence: 1 }
				});
			} else if (part) log.push({ type: 'choice.select', choice: decodeURIComponent(part) });
			else return undefined;
		}
	} catch {
		return undefined;
	}
	return { seed, log };
}
