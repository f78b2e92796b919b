import type { Templates } from './sentences';

export const zh: Templates = {
	'style.share': ({ hits, total, target }) => `${total} 次回应中有 ${hits} 次属于“${target}”。`,
	'style.turn': ({ turn, label }) => `第 ${turn} 轮属于“${label}”。`,
	'style.turn-with-best': ({ turn, label, target, best }) =>
		`第 ${turn} 轮属于“${label}”。更好的“${target}”说法：“${best}”`,
	'steps.none': () => '这一项的步骤一个也没有做到。',
	'steps.shown': ({ step, turn }) => `${step}：第 ${turn} 轮做到了。`,
	'steps.out-of-order': ({ step, turn, previous, next }) =>
		`${step}：第 ${turn} 轮做到了，但顺序不对——它应该${
			previous && next
				? `放在“${previous}”之后、“${next}”之前`
				: previous
					? `放在“${previous}”之后`
					: `放在“${next}”之前`
		}。`,
	'steps.missing': ({ step }) => `${step}：没有做到。`,
	'steps.missing-with-best': ({ step, turn, best }) =>
		`${step}：没有做到。第 ${turn} 轮可以这样说：“${best}”`,
	'verdict.passed': () => '通过。',
	'verdict.not-yet': () => '尚未通过。',
	'verdict.raise': ({ rubric, score, mark }) => `${rubric}：${score} 分，通过需要 ${mark} 分。`,
	'verdict.ending': ({ ending }) => `顾客流失了（“${ending}”）：通过需要一个让顾客留下的结局。`
};
