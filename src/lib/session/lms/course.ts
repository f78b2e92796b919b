// The IRIs this app names under a cmi5 launch (its result extensions, its state document) are under the course
// id the package was built with (`npm run package -- --course-id`), which the LMS hands back as the AU's publisher
// id in the context template's grouping; failing that, under the app's own address. Never a domain of our own
// invention.

interface Template {
	contextActivities?: { grouping?: { id?: unknown }[] };
}

/**
 * The course id: the AU's publisher id (`<course>/scenarios/<id>`, see tests/tools/lms/manifests.ts) less its
 * scenario part, or `appRoot` when the LMS gave no such id.
 */
export function courseIri(contextTemplate: unknown, scenarioId: string, appRoot: string): string {
	const suffix = `/scenarios/${scenarioId}`;
	const grouping = (contextTemplate as Template | undefined)?.contextActivities?.grouping ?? [];
	for (const g of grouping) {
		const id = g?.id;
		if (typeof id !== 'string' || !id.endsWith(suffix)) continue;
		const course = id.slice(0, -suffix.length);
		// An absolute IRI, with a scheme: anything else would give relative, meaningless extension ids.
		if (/^[a-z][a-z0-9+.-]*:./i.test(course)) return course;
	}
	return appRoot.replace(/\/+$/, '');
}

/** The state document the last attempt of a registration is kept in, for Review. */
export const attemptStateId = (course: string) => `${course}/state/last-attempt`;
