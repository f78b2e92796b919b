import { error } from '@sveltejs/kit';
import { content, findScenario, scenarios, summarise } from '$lib/server/content';

export const entries = () => scenarios().map((s) => ({ id: s.id }));

export const load = ({ params }) => {
	const scenario = findScenario(params.id);
	if (!scenario) error(404, 'No such scenario');
	const { rubrics } = content();
	return {
		scenario,
		summary: summarise(scenario),
		rubrics: scenario.rubrics.map((id) => rubrics.get(id)!),
		// What the ending's "Next scenario" chooses from: each scenario's title and rubrics, in library order.
		library: scenarios().map((s) => ({ id: s.id, title: s.title, rubrics: s.rubrics }))
	};
};
