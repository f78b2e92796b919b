import { scenarios, summarise } from '$lib/server/content';

// The three founding cases first, then the rest, each in file order.
const CASE_ORDER = ['rice-shop', 'oriental-hotel', 'tokyo-disneyland'];
const rank = (caseId: string) =>
	CASE_ORDER.includes(caseId) ? CASE_ORDER.indexOf(caseId) : CASE_ORDER.length;

export const load = () => ({
	scenarios: scenarios()
		.map(summarise)
		.sort((a, b) => rank(a.case) - rank(b.case))
});
