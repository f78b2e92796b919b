// Build-time loading of the classroom exercises. Any error throws, which fails the prerender and so the build.
import { parseIsThisService, parseServiceMeans, type IsThisService, type ServiceMeans } from './schema';

const files = import.meta.glob('/content/exercises/*.yaml', {
	query: '?raw',
	import: 'default',
	eager: true
}) as Record<string, string>;

export interface Exercises {
	isThisService: IsThisService;
	serviceMeans: ServiceMeans;
}

const readers = {
	'is-this-service': parseIsThisService,
	'service-means': parseServiceMeans
} as const;

let cached: Exercises | undefined;

export function exercises(): Exercises {
	if (cached) return cached;
	const found: Partial<Record<keyof typeof readers, unknown>> = {};
	for (const [path, source] of Object.entries(files)) {
		const file = path.slice(1);
		const name = file.slice('content/exercises/'.length).replace(/\.yaml$/, '');
		if (!(name in readers))
			throw new Error(
				`${file}: (top): no exercise is called "${name}"; the files are ${Object.keys(readers).join(', ')}`
			);
		found[name as keyof typeof readers] = readers[name as keyof typeof readers](file, source);
	}
	for (const name of Object.keys(readers))
		if (!(name in found)) throw new Error(`content/exercises/${name}.yaml: (top): the file is missing`);
	cached = {
		isThisService: found['is-this-service'] as IsThisService,
		serviceMeans: found['service-means'] as ServiceMeans
	};
	return cached;
}
