import { exercises } from '$lib/exercises/load.server';
import { scenarios } from '$lib/server/content';

export const load = () => {
	const { isThisService, serviceMeans } = exercises();
	return {
		exercises: [isThisService, serviceMeans].map(({ id, title, summary }) => ({ id, title, summary })),
		scenarios: scenarios().map(({ id, title }) => ({ id, title }))
	};
};
