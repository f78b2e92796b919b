import type { Handle } from '@sveltejs/kit';
import { paraglideMiddleware } from '$lib/paraglide/server';
import { shuffleIds } from '$lib/engine/order';

// The head script in app.html orders a fresh attempt's first replies with the engine's own function.
const ORDER_SOURCE = shuffleIds.toString();

export const handle: Handle = ({ event, resolve }) =>
	paraglideMiddleware(event.request, ({ request, locale }) => {
		event.request = request;
		return resolve(event, {
			transformPageChunk: ({ html }) =>
				html.replace('%paraglide.lang%', locale).replace('%early.order%', ORDER_SOURCE)
		});
	});
