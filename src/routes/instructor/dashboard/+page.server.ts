// Every scenario with its rubrics, compiled in at build time: the dashboard scores all attempts on the client.
import { content, scenarios, summarise } from '$lib/server/content';

export const load = () => {
	const { rubrics } = content();
	// The style rubric first: it applies to every scenario; the rest in the order content lists them.
	const ordered = [...rubrics.values()].sort((a, b) => Number(b.id === 'style') - Number(a.id === 'style'));
	return {
		scenarios: scenarios().map((scenario) => ({
			scenario,
			summary: summarise(scenario),
			rubrics: scenario.rubrics.map((id) => rubrics.get(id)!)
		})),
		rubrics: ordered
	};
};
