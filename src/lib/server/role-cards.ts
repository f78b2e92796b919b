// What the classroom print view needs: the scenario walked along its model answers, seen from each role.
import { bestPath, currentNode, type Choice, type Rubric, type Scenario, type Text } from '$lib/engine';
import { caseReading, content } from './content';

export interface CardDecision {
	node: string;
	/** What the customer says before the staff member answers; empty when the staff member speaks first. */
	customer: Text[];
	/** How the customer takes an aggressive reply, and an assertive one (from the choices' reactions). */
	ifAggressive?: Text;
	ifAssertive?: Text;
}

export interface RoleCards {
	id: string;
	title: Text;
	summary: Text;
	persona: Scenario['persona'];
	readingTitle: Text;
	/** The scene as the staff member meets it: the narrator's lines at the start. */
	staffScene: Text[];
	rubrics: Rubric[];
	decisions: CardDecision[];
	ending?: Text;
}

export function roleCards(scenario: Scenario): RoleCards {
	const { rubrics } = content();
	const end = bestPath(scenario);
	const path = end ? end.context.transcript.map((turn) => turn.node) : [scenario.start];
	const reaction = (node: string, style: string) => {
		// The customer's own words: narration is the scene, not something the player acts out.
		const said = (c: Choice) => c.reaction?.find((l) => l.speaker === 'customer')?.text;
		const choices = scenario.nodes[node]!.choices.filter((c) => c.style === style && said(c));
		const chosen = choices.find((c) => c.best) ?? choices[0];
		return chosen && said(chosen);
	};
	const decisions = path.map((node): CardDecision => {
		const ifAggressive = reaction(node, 'aggressive');
		const ifAssertive = reaction(node, 'assertive');
		return {
			node,
			customer: (scenario.nodes[node]!.lines ?? [])
				.filter((l) => l.speaker === 'customer')
				.map((l) => l.text),
			...(ifAggressive ? { ifAggressive } : {}),
			...(ifAssertive ? { ifAssertive } : {})
		};
	});
	const ending = end ? scenario.endings[currentNode(end)]?.title : undefined;
	return {
		id: scenario.id,
		title: scenario.title,
		summary: scenario.summary,
		persona: scenario.persona,
		readingTitle: caseReading(scenario.case)!.title,
		staffScene: (scenario.nodes[scenario.start]!.lines ?? [])
			.filter((l) => l.speaker === 'narrator')
			.map((l) => l.text),
		rubrics: scenario.rubrics.map((id) => rubrics.get(id)!),
		decisions,
		...(ending ? { ending } : {})
	};
}
