import type { Reroute } from '@sveltejs/kit';
import { delocalizePath } from '$lib/i18n';

/** /zh/… serves the same route as /…; the URL's prefix only picks the language. */
export const reroute: Reroute = ({ url }) => delocalizePath(url.pathname);
