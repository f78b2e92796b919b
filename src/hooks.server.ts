import type { Handle } from '@sveltejs/kit';
import { paraglideMiddleware } from '$lib/paraglide/server';
import { shuffleIds } from '$lib/engine/order';
import { keyedChoice } from '$lib/session/choice-keys';

// The head script in app.html orders a fresh attempt's first replies with the engine's own function.
const ORDER_SOURCE = shuffleIds.toString();
// And tells which reply a key picks with the same function as the page.
const KEY_SOURCE = keyedChoice.toString();

export const handle: Handle = ({ event, resolve }) =>
	paraglideMiddleware(event.request, ({ request, locale }) => {
		event.request = request;
		return resolve(event, {
			transformPageChunk: ({ html }) =>
				html
					.replace('%paraglide.lang%', locale)
					.replace('%early.order%', ORDER_SOURCE)
					.replace('%early.key%', KEY_SOURCE)
		});
	});
