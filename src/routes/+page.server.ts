import { scenarios, summarise } from '$lib/server/content';
import { inLanguage } from '$lib/content/summary-types';
import { localeOfPath } from '$lib/i18n';

// The three founding cases first, then the rest, each in file order.
const CASE_ORDER = ['rice-shop', 'oriental-hotel', 'tokyo-disneyland'];
const rank = (caseId: string) =>
	CASE_ORDER.includes(caseId) ? CASE_ORDER.indexOf(caseId) : CASE_ORDER.length;

// '/' and '/zh/' prerender apart, so each page carries its own language's texts only.
export const load = ({ url }) => {
	const lang = localeOfPath(url.pathname);
	return {
		scenarios: scenarios()
			.map(summarise)
			.sort((a, b) => rank(a.case) - rank(b.case))
			.map((s) => inLanguage(s, lang))
	};
};
