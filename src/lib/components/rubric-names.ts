// Names of labels and steps in the page's language, looked up in the rubric definitions.
import type { Rubric } from '$lib/engine';
import { m, tr } from '$lib/i18n';

export function labelName(rubrics: Rubric[], label: string): string {
	for (const rubric of rubrics) {
		if (rubric.kind !== 'labels') continue;
		const found = rubric.labels.find((l) => l.id === label);
		if (found) return tr(found.name);
	}
	return label;
}

export function stepNames(rubrics: Rubric[], refs: string[]): string[] {
	return refs.map((ref) => {
		const [rubricId, stepId] = ref.split('.');
		const rubric = rubrics.find((r) => r.id === rubricId);
		const step = rubric?.kind === 'steps' ? rubric.steps.find((s) => s.id === stepId) : undefined;
		return step ? m.rubric_step({ rubric: shortName(rubric!), step: tr(step.name) }) : ref;
	});
}

/** The rubric's own short name, for column headers and chips: "Style", "3F", "LAST". */
export const shortName = (rubric: Pick<Rubric, 'shortName'>): string => tr(rubric.shortName);

/** "Assertive · LAST: Listen · LAST: Apologise" */
export const describeReply = (rubrics: Rubric[], style: string, steps: string[]): string =>
	[labelName(rubrics, style), ...stepNames(rubrics, steps)].join(' · ');
