// A reply the trainee types instead of picking: the classifier and its cues load on the first "Type my own reply",
// so a trainee who only picks never downloads them.
import { resolve } from '$app/paths';
import type { Choice, Rubric } from '$lib/engine/schema';
import type { TypedReply } from '$lib/engine/transcript';

type Classifier = typeof import('$lib/engine/classify');
type Cues = import('$lib/engine/classify').CueSet;

let loading: Promise<{ classifier: Classifier; cues: Cues }> | undefined;

/** One download for the whole tab; a failed one may be tried again. */
export function loadClassifier(fetcher: typeof fetch = fetch) {
	loading ??= Promise.all([
		import('$lib/engine/classify'),
		fetcher(resolve('/content/cues.json')).then((r) => {
			if (!r.ok) throw new Error(`cues.json: HTTP ${r.status}`);
			return r.json() as Promise<Cues>;
		})
	])
		.then(([classifier, cues]) => ({ classifier, cues }))
		.catch((error) => {
			loading = undefined;
			throw error;
		});
	return loading;
}

/** What the engine's `choice.type` event carries, minus the choice the story moves on with. */
export interface ReadReply {
	style: string;
	steps: string[];
	typed: TypedReply;
	/** The written reply nearest to what the classifier read. */
	nearest: Choice;
	/** High enough to move on at once; otherwise the trainee picks the closest written reply. */
	confident: boolean;
}

export async function readReply(
	text: string,
	lang: 'en' | 'zh',
	rubrics: readonly Rubric[],
	choices: readonly Choice[]
): Promise<ReadReply> {
	const { classifier, cues } = await loadClassifier();
	const result = classifier.classify({ text, lang, rubrics, cues });
	const nearest = classifier.nearestChoice(result, choices, rubrics);
	return {
		style: result.style,
		steps: result.steps,
		typed: { text, lang, evidence: result.evidence, confidence: result.confidence },
		nearest,
		confident: result.confidence >= classifier.CONFIDENCE_THRESHOLD
	};
}

export type TypingPhase = 'closed' | 'typing' | 'checking' | 'confirm';

/** The typing box at one decision: open, check the reply, and ask for the closest written reply when unsure. */
export class TypedTurn {
	phase = $state<TypingPhase>('closed');
	problem = $state<'empty' | 'unavailable'>();
	read = $state.raw<ReadReply>();

	open() {
		this.phase = 'typing';
		this.problem = undefined;
		// Start the download while the trainee types.
		void loadClassifier().catch(() => undefined);
	}

	close() {
		this.phase = 'closed';
		this.read = undefined;
		this.problem = undefined;
	}

	/** Resolves with the reading when the story can move on at once, or undefined when the trainee must confirm. */
	async submit(
		text: string,
		lang: 'en' | 'zh',
		rubrics: readonly Rubric[],
		choices: readonly Choice[]
	): Promise<ReadReply | undefined> {
		if (!text.trim()) {
			this.problem = 'empty';
			return undefined;
		}
		this.phase = 'checking';
		this.problem = undefined;
		try {
			const read = await readReply(text.trim(), lang, rubrics, choices);
			this.read = read;
			if (read.confident) {
				this.close();
				return read;
			}
			this.phase = 'confirm';
			return undefined;
		} catch {
			this.phase = 'typing';
			this.problem = 'unavailable';
			return undefined;
		}
	}
}
