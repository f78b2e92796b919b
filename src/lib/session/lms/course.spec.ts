import { describe, expect, it } from 'vitest';
import { attemptStateId, courseIri } from './course';

const template = (...ids: string[]) => ({
	contextActivities: { grouping: ids.map((id) => ({ objectType: 'Activity', id })) }
});

describe('the course id a cmi5 launch names its IRIs under', () => {
	const app = 'https://lms.example.com/pluginfile/42/';

	it('is the package’s course id, from the AU’s publisher id in the grouping', () => {
		expect(
			courseIri(
				template('https://lms.example.com/course/7', 'https://acme.test/courses/service/scenarios/rice-grit'),
				'rice-grit',
				app
			)
		).toBe('https://acme.test/courses/service');
		expect(attemptStateId('https://acme.test/courses/service')).toBe(
			'https://acme.test/courses/service/state/last-attempt'
		);
	});

	it('is the app’s own address when the LMS gave no publisher id of this scenario', () => {
		expect(courseIri(template('https://acme.test/courses/service/scenarios/other'), 'rice-grit', app)).toBe(
			'https://lms.example.com/pluginfile/42'
		);
		expect(courseIri({}, 'rice-grit', app)).toBe('https://lms.example.com/pluginfile/42');
		expect(courseIri(undefined, 'rice-grit', app)).toBe('https://lms.example.com/pluginfile/42');
		// A publisher id that is not an absolute IRI gives no course.
		expect(courseIri(template('/scenarios/rice-grit', 'x/scenarios/rice-grit'), 'rice-grit', app)).toBe(
			'https://lms.example.com/pluginfile/42'
		);
	});
});
