import type { Templates } from './sentences';

const article = (word: string) => (/^[aeiou]/i.test(word) ? 'an' : 'a');
const lower = (s: string) => s.toLowerCase();
/** "1 of 3 replies was", "0 of 1 reply was", "2 of 3 replies were". */
const share = (hits: number, total: number) =>
	`${hits} of ${total} ${total === 1 ? 'reply' : 'replies'} ${hits === 1 || total === 1 ? 'was' : 'were'}`;

export const en: Templates = {
	'style.share': ({ hits, total, target }) => `${share(hits, total)} ${lower(target)}.`,
	'style.turn': ({ turn, label }) => `Turn ${turn} was ${lower(label)}.`,
	'style.turn-with-best': ({ turn, label, target, best }) =>
		`Turn ${turn} was ${lower(label)}. ${article(target).replace(/^a/, 'A')} ${lower(target)} reply: “${best}”`,
	'steps.none': () => 'No step of this rubric was shown.',
	'steps.shown': ({ step, turn }) => `${step}: shown in turn ${turn}.`,
	'steps.out-of-order': ({ step, turn, previous, next }) =>
		`${step}: shown in turn ${turn}, but out of order — it belongs ${
			previous && next
				? `after ${previous} and before ${next}`
				: previous
					? `after ${previous}`
					: `before ${next}`
		}.`,
	'steps.missing': ({ step }) => `${step}: missing.`,
	'steps.missing-with-best': ({ step, turn, best }) =>
		`${step}: missing. In turn ${turn} you could have said: “${best}”`,
	'verdict.passed': () => 'Passed.',
	'verdict.not-yet': () => 'Not yet.',
	'verdict.raise': ({ rubric, score, mark }) => `${rubric}: ${score}, and a pass needs ${mark}.`,
	'verdict.ending': ({ ending }) =>
		`The customer was lost (“${ending}”): a pass needs an ending where they stay.`
};
