// One scenario with its rubrics as JSON, prerendered: history, import and re-scoring fetch what they need.
import { error, json } from '@sveltejs/kit';
import { content, findScenario, scenarios, summarise } from '$lib/server/content';

export const prerender = true;
export const entries = () => scenarios().map((s) => ({ id: s.id }));

export const GET = ({ params }) => {
	const scenario = findScenario(params.id);
	if (!scenario) error(404, 'No such scenario');
	const { rubrics } = content();
	return json({ scenario, summary: summarise(scenario), rubrics: scenario.rubrics.map((id) => rubrics.get(id)!) });
};
