import { scenarios, summarise } from '$lib/server/content';

export const load = () => ({ scenarios: scenarios().map(summarise) });
