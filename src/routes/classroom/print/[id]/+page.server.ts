import { error } from '@sveltejs/kit';
import { findScenario, scenarios } from '$lib/server/content';
import { roleCards } from '$lib/server/role-cards';

export const entries = () => scenarios().map((s) => ({ id: s.id }));

export const load = ({ params }) => {
	const scenario = findScenario(params.id);
	if (!scenario) error(404, 'No such scenario');
	return { cards: roleCards(scenario) };
};
