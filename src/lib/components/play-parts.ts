// The parts of the play screen a first visit does not show, each its own chunk, loaded when first needed:
// the ending and debrief, the typing box, and what only an LMS launch shows.
export const loadEnding = () => import('./PlayEnding.svelte');
export const loadTyping = () => import('./TypedReplyForm.svelte');
export const loadLmsParts = async () => {
	const [error, status] = await Promise.all([
		import('./LmsLaunchError.svelte'),
		import('./LmsStatus.svelte')
	]);
	return { LmsLaunchError: error.default, LmsStatus: status.default };
};
