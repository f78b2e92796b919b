import { error } from '@sveltejs/kit';
import { caseReading, findScenario, scenarios, summarise } from '$lib/server/content';

export const entries = () => scenarios().map((s) => ({ id: s.id }));

export const load = ({ params }) => {
	const scenario = findScenario(params.id);
	if (!scenario) error(404, 'No such scenario');
	return { summary: summarise(scenario), persona: scenario.persona, reading: caseReading(scenario.case)! };
};
