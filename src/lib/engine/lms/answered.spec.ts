import validate from '@learninglocker/xapi-validation';
import { initialTransition, transition } from 'xstate';
import { describe, expect, it } from 'vitest';
import { compileScenario } from '../compile';
import { fixture, rubric } from '../test-helpers';
import type { Turn } from '../transcript';
import { attemptStatements } from '../xapi/statements';
import { answeredStatement } from './answered';

const tiny = fixture('tiny');
const SESSION_ID = 'https://w3id.org/xapi/cmi5/context/extensions/sessionid';
const CMI5 = 'https://w3id.org/xapi/cmi5/context/categories/cmi5';
const course = 'https://train.example.org/courses/shop';
const activityId = `${course}/scenarios/tiny`;
const template = {
	contextActivities: { grouping: [{ objectType: 'Activity', id: activityId }] },
	extensions: { [SESSION_ID]: 'session-7' }
};

/** The first turn of the tiny scenario, as the session reports it. */
function firstTurn(): Turn {
	const machine = compileScenario(tiny);
	const [start] = initialTransition(machine);
	const [next] = transition(machine, start, { type: 'choice.select', choice: 'hear-her-out' });
	return next.context.transcript[0]!;
}

const statement = () =>
	answeredStatement({
		id: '9a0b8f6e-3c1d-4b2a-8e7f-1d2c3b4a5f60',
		timestamp: '2026-01-05T09:00:00.000Z',
		actor: { objectType: 'Agent', account: { homePage: 'https://lms.example.org', name: 'ada' } },
		registration: '0f8fad5b-d9cb-469f-a165-70867728950e',
		contextTemplate: template,
		activityId,
		course,
		scenario: tiny,
		turn: firstTurn(),
		language: 'en'
	});

describe('the cmi5 `answered`', () => {
	it('is valid xAPI', () => {
		expect(validate(statement()).map((w) => JSON.stringify(w))).toEqual([]);
	});

	it('keeps the launch’s context template, session id among it, and carries no cmi5 category', () => {
		const s = statement() as ReturnType<typeof statement> & { context: typeof template };
		expect(s.context.extensions[SESSION_ID]).toBe('session-7');
		expect(s.context.contextActivities.grouping).toEqual(template.contextActivities.grouping);
		expect(s.context.contextActivities.parent).toEqual([{ objectType: 'Activity', id: activityId }]);
		expect(JSON.stringify(s)).not.toContain(CMI5);
		expect(s.context.registration).toBe('0f8fad5b-d9cb-469f-a165-70867728950e');
	});

	it('says what the class LRS’s `answered` says: the same builder, under the course’s extension IRIs', () => {
		const lrs = attemptStatements(
			{
				id: 'a',
				traineeId: 't',
				traineeName: 't',
				scenarioId: 'tiny',
				contentVersion: 1,
				mode: 'practice',
				log: [{ type: 'choice.select', choice: 'hear-her-out' }]
			},
			{ scenario: tiny, rubrics: [rubric('style'), rubric('last')] },
			{ origin: course, classId: 'c', className: 'c', language: 'en' }
		).find((s) => s.verb.id.endsWith('/answered'))!;
		const s = statement();
		expect(s.verb).toEqual(lrs.verb);
		expect(s.result.response).toBe('hear-her-out');
		expect(s.object.definition).toEqual(lrs.object.definition);
		// The same extensions by name; only the root of their IRIs differs.
		const byName = (extensions: Record<string, unknown>, root: string) =>
			Object.fromEntries(Object.entries(extensions).map(([k, v]) => [k.slice(root.length), v]));
		expect(byName(s.result.extensions, `${course}/extensions/`)).toEqual(
			byName(lrs.result!.extensions!, `${course}/xapi/extensions/`)
		);
		expect(s.result.extensions[`${course}/extensions/style`]).toBe('assertive');
	});
});
