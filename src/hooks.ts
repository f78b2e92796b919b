import type { Reroute } from '@sveltejs/kit';
import { deLocalizeUrl } from '$lib/paraglide/runtime';

/** /zh/… serves the same route as /…; the URL's prefix only picks the language. */
export const reroute: Reroute = (request) => deLocalizeUrl(request.url).pathname;
