// The per-turn `answered` statement sent under a cmi5 launch ("cmi5 allowed": the launch's context template,
// with its session id, but not the cmi5 category, which marks the statements cmi5 itself defines).
// A stand-in for the class LRS's builder (issue 11) until the two are unified: same verb, response and extensions.
import type { Scenario } from '../schema';
import type { Turn } from '../transcript';

export const ANSWERED = { id: 'http://adlnet.gov/expapi/verbs/answered', display: { 'en-US': 'answered' } };

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
	const iri = extensionIris(input.course);
	const template = contextTemplate as { contextActivities?: Record<string, unknown[]> };
	const choice = scenario.nodes[turn.node]?.choices.find((c) => c.id === turn.choice);
	return {
		id: input.id,
		timestamp: input.timestamp,
		actor: input.actor,
		verb: ANSWERED,
		object: {
			objectType: 'Activity',
			id: `${input.activityId}/decisions/${encodeURIComponent(turn.node)}`,
			definition: {
				type: 'http://adlnet.gov/expapi/activities/cmi.interaction',
				interactionType: 'choice',
				name: { en: `${scenario.title.en} — ${turn.node}`, 'zh-CN': `${scenario.title.zh} — ${turn.node}` }
			}
		},
		result: {
			response: choice?.id ?? turn.choice,
			extensions: {
				[iri.style]: turn.style,
				[iri.steps]: [...turn.steps],
				[iri.moodBefore]: turn.moodBefore,
				[iri.moodAfter]: turn.moodAfter
			}
		},
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
	};
}
