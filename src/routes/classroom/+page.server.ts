import { exercises } from '$lib/exercises/load.server';

export const load = () => {
	const { isThisService, serviceMeans } = exercises();
	return {
		exercises: [isThisService, serviceMeans].map(({ id, title, summary }) => ({ id, title, summary }))
	};
};
