// Every scenario's title, version, rubrics and endings, and every rubric's short name, prerendered: a few KB that
// History and the dashboard read instead of each scenario's full JSON. A scenario id cannot be "index" here
// without a clash, so the build refuses it (see GET).
import { error, json } from '@sveltejs/kit';
import { content, scenarios } from '$lib/server/content';
import type { ContentIndex } from '$lib/content/index-types';

export const prerender = true;

export const GET = () => {
	const list = scenarios();
	if (list.some((s) => s.id === 'index'))
		error(500, 'content/scenarios/index.yaml: the id "index" is taken by /content/index.json; rename the scenario.');
	const ordered = [...content().rubrics.values()].sort(
		(a, b) => Number(b.id === 'style') - Number(a.id === 'style')
	);
	const index: ContentIndex = {
		rubrics: ordered.map((r) => ({ id: r.id, shortName: r.shortName })),
		scenarios: list.map((s) => ({
			id: s.id,
			version: s.version,
			title: s.title,
			rubrics: [...s.rubrics],
			endings: Object.fromEntries(
				Object.entries(s.endings).map(([id, e]) => [id, { title: e.title, outcome: e.outcome }])
			)
		}))
	};
	return json(index);
};
