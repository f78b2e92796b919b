// The per-turn `answered` statement sent under a cmi5 launch: the class LRS's builder (xapi/statements.ts), with
// the launch's actor, registration and context template (its session id and publisher grouping) on top. It is
// "cmi5 allowed", so it carries no cmi5 category: that marks the statements cmi5 itself defines, and an LMS
// refuses an `answered` that has it.
import type { Scenario } from '../schema';
import type { Turn } from '../transcript';
import { answeredStatement as buildAnswered, decisionName, VERBS } from '../xapi/statements';

export const ANSWERED = { id: VERBS.answered, display: { en: 'answered' } };

/** The IRIs of this app's result extensions, under the course's id. */
export const extensionIris = (course: string) => ({
	style: `${course}/extensions/style`,
	steps: `${course}/extensions/steps`,
	moodBefore: `${course}/extensions/mood-before`,
	moodAfter: `${course}/extensions/mood-after`,
	rubricScore: (rubric: string) => `${course}/extensions/score/${rubric}`
});

export interface AnsweredInput {
	id: string;
	timestamp: string;
	actor: unknown;
	registration: string;
	/** The LMS's LMS.LaunchData contextTemplate, used as is: cmi5 forbids overwriting anything in it. */
	contextTemplate: Record<string, unknown>;
	/** The launch's activityId: each decision's IRI is under it. */
	activityId: string;
	/** The course id the extensions are named under (the publisher id's course). */
	course: string;
	scenario: Scenario;
	turn: Turn;
	language: 'en' | 'zh';
}

export function answeredStatement(input: AnsweredInput) {
	const { turn, scenario, contextTemplate } = input;
	const template = contextTemplate as { contextActivities?: Record<string, unknown[]> };
	return buildAnswered({
		id: input.id,
		timestamp: input.timestamp,
		actor: input.actor,
		object: {
			id: `${input.activityId}/decisions/${encodeURIComponent(turn.node)}`,
			name: decisionName(scenario, turn.node)
		},
		extension: (name) => `${input.course}/extensions/${name}`,
		turn,
		context: {
			...contextTemplate,
			registration: input.registration,
			language: input.language === 'zh' ? 'zh-CN' : 'en',
			contextActivities: {
				...template.contextActivities,
				parent: [
					...(template.contextActivities?.parent ?? []),
					{ objectType: 'Activity', id: input.activityId }
				]
			}
		}
	});
}
