// Build-time cue data for the typed-reply classifier: read and checked here, served as /content/cues.json.
import { loadCues } from '$lib/content/cues';
import type { CueSet } from '$lib/engine/classify/types';
import { ContentErrors } from '$lib/engine/validate';
import { content } from './content';

const files = import.meta.glob('/content/rubrics/*.cues.yaml', {
	query: '?raw',
	import: 'default',
	eager: true
}) as Record<string, string>;
// The learned weights (npm run train); without them the cues decide alone.
const learned = import.meta.glob('/content/rubrics/learned.json', {
	query: '?raw',
	import: 'default',
	eager: true
}) as Record<string, string>;

let cached: CueSet | undefined;

export function cueSet(): CueSet {
	if (!cached) {
		const relative = Object.fromEntries(
			Object.entries({ ...files, ...learned }).map(([path, source]) => [path.slice(1), source])
		);
		const { cues, errors } = loadCues(relative, content().rubrics);
		if (errors.length || !cues) throw new ContentErrors(errors);
		cached = cues;
	}
	return cached;
}
