import type { Handle } from '@sveltejs/kit';
import { paraglideMiddleware } from '$lib/paraglide/server';
import { shuffleIds } from '$lib/engine/order';
import { keyedChoice } from '$lib/session/choice-keys';

// The head script in app.html orders a fresh attempt's first replies with the engine's own function.
const ORDER_SOURCE = shuffleIds.toString();
// And tells which reply a key picks with the same function as the page.
const KEY_SOURCE = keyedChoice.toString();
// SvelteKit's start script imports the app at once. On a play page whose first replies app.html answers, it waits
// for that script's word (early.started) instead, so the app's start is not in the way of a first click.
const START = /Promise\.all\(\[\s*import\(/;
const WAIT_FOR_EARLY = '(window.__earlyChoice?.started ?? Promise.resolve()).then(() => Promise.all([import(';
const START_END = /\]\)\.then\(\(\[kit, app\]\)/;
const HELD_END = '])).then(([kit, app])';
// And lists the app's modules inert: app.html's script preloads them as the app starts.
const MODULEPRELOAD = /<link href="([^"]+)" rel="modulepreload">/g;

export const handle: Handle = ({ event, resolve }) =>
	paraglideMiddleware(event.request, ({ request, locale }) => {
		event.request = request;
		const play = /\/play\/?$/.test(event.url.pathname);
		return resolve(event, {
			transformPageChunk: ({ html }) => {
				const page = html
					.replace('%paraglide.lang%', locale)
					.replace('%early.order%', ORDER_SOURCE)
					.replace('%early.key%', KEY_SOURCE);
				return play ? holdTheStart(page) : page;
			}
		});
	});

/** The play page's start script waits for app.html's word, and its modules are listed for later. */
function holdTheStart(html: string): string {
	if (!html.includes('kit.start(')) return html;
	const held = html
		.replace(START, WAIT_FOR_EARLY)
		.replace(START_END, HELD_END)
		.replace(MODULEPRELOAD, '<link href="$1" data-modulepreload>');
	// A SvelteKit that writes its start script otherwise must fail the build here, not start the app early.
	if (!held.includes(WAIT_FOR_EARLY) || !held.includes(HELD_END) || held.includes('rel="modulepreload"'))
		throw new Error(
			"hooks.server.ts: SvelteKit's start script has changed; update START, START_END and MODULEPRELOAD"
		);
	return held;
}
