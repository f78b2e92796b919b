// Each mechanism of the typed-reply classifier, on replies written for these tests, with the real cue files.
import { describe, expect, it } from 'vitest';
import { readCues } from '../../content/read-cues';
import { projectRoot } from '../test-helpers';
import { classify } from './classify';
import { analyse } from './text';
import type { CueLang } from './types';

const { rubrics, cues } = readCues(projectRoot);
const all = ['style', 'last', '3f'].map((id) => rubrics.get(id)!);
const run = (text: string, lang: CueLang = 'en') => classify({ text, lang, rubrics: all, cues });

describe('negation and its scope', () => {
	it.each([
		["I'm not sorry, that is simply how it works.", 'en'],
		['There is nothing to apologise for here.', 'en'],
		['我没什么好道歉的，这是规定。', 'zh'],
		['我不道歉，这本来就不是我的问题。', 'zh']
	] as const)('a negated apology is no apology: %s', (text, lang) => {
		expect(run(text, lang).steps).not.toContain('last.apologise');
	});

	it.each([
		// Each apology comes with an owned fix: by the scoring contract an apology with nothing done is passive.
		["I'm sorry this happened, it should not have. I'll replace it for you right now.", 'en'],
		["Not a problem to ask, and I am sorry for the wait. I'll have it sorted in five minutes.", 'en'],
		['真不好意思，让您久等了，本来不该这样。我现在就给您办好。', 'zh']
	] as const)('a negator after the apology, or in another clause, leaves it standing: %s', (text, lang) => {
		expect(run(text, lang).steps).toContain('last.apologise');
	});

	it.each([
		["It's not our fault the delivery was late, the courier messed up.", 'en'],
		['不是我们的错，是快递公司送晚了。', 'zh']
	] as const)('denying the fault is blame, not an apology: %s', (text, lang) => {
		const result = run(text, lang);
		expect(result.style).toBe('aggressive');
		expect(result.steps).toEqual([]);
	});

	it('a negated blame word is no blame: "this is not your fault"', () => {
		const result = run("This is not your fault at all. I'm sorry, let me replace it right now.");
		expect(result.style).toBe('assertive');
		expect(result.steps).toEqual(expect.arrayContaining(['last.apologise', 'last.solve']));
	});
});

describe('question versus statement', () => {
	it.each([
		['What happened when you opened the box?', 'en'],
		['Could you walk me through what the driver said', 'en'],
		['您能跟我说说，打开盒子的时候是什么样子吗？', 'zh']
	] as const)('an open question is listening: %s', (text, lang) => {
		expect(run(text, lang).steps).toContain('last.listen');
	});

	it.each([
		['What happened is that the courier was late.', 'en'],
		['Is the parcel damaged?', 'en'],
		['我知道了，快递晚了一天。', 'zh']
	] as const)('a statement, or a closed question, is not: %s', (text, lang) => {
		expect(run(text, lang).steps).not.toContain('last.listen');
	});

	it('marks sentences as questions, open or closed', () => {
		const a = analyse('How can I help? Is it cold. What a mess.', 'en', cues.language.en);
		expect(a.sentences.map((s) => [s.question, s.open])).toEqual([
			[true, true],
			[true, false],
			[false, false]
		]);
	});
});

describe('a concrete commitment versus a vague one', () => {
	it.each([
		["I'll have a fresh one sent up to your room by six.", 'en'],
		['Let me swap it for you right now.', 'en'],
		['我现在就给您换一份新的。', 'zh'],
		['明天上午十点前我把新的送到您家。', 'zh']
	] as const)('a concrete fix is a solve: %s', (text, lang) => {
		expect(run(text, lang).steps).toContain('last.solve');
	});

	it.each([
		["I'll see what I can do.", 'en'],
		["I'll try to look into it at some point.", 'en'],
		['我尽量帮您问问吧。', 'zh'],
		['我帮您反映一下，回头再说。', 'zh']
	] as const)('a vague promise is no solve, and passive: %s', (text, lang) => {
		const result = run(text, lang);
		expect(result.steps).not.toContain('last.solve');
		expect(result.style).toBe('passive');
	});
});

describe('sarcasm and passive-aggressive markers', () => {
	it.each([
		['As I already said, the pool closes at eight.', 'en'],
		["Fine, whatever, I'll change it for you.", 'en'],
		['Oh great, another complaint. Obviously you did not see the sign.', 'en'],
		['又来了，随便你吧。', 'zh'],
		['我刚才已经说过了，泳池八点关门。', 'zh']
	] as const)('%s → passive-aggressive, and no step counts', (text, lang) => {
		const result = run(text, lang);
		expect(result.style).toBe('passive-aggressive');
		expect(result.steps).toEqual([]);
	});
});

describe('thanks that close the door versus thanks for raising it', () => {
	it.each([
		['Thank you for telling me about this. Most guests would just leave without a word.', 'en'],
		['谢谢您告诉我们，这对我们很重要。', 'zh']
	] as const)('thanks for raising it is the thank step: %s', (text, lang) => {
		expect(run(text, lang).steps).toContain('last.thank');
	});

	it.each([
		['Thank you for your understanding. Next, please.', 'en'],
		['Thanks for nothing, then.', 'en'],
		['谢谢配合，慢走。', 'zh']
	] as const)('a thank-you that shows the door is not: %s', (text, lang) => {
		expect(run(text, lang).steps).not.toContain('last.thank');
	});
});

describe('blame and threats', () => {
	it.each([
		['You should have read the sign. Calm down or I will call security.', 'en'],
		["That's our policy, take it or leave it.", 'en'],
		['你自己没看清楚，再闹我就叫保安了。', 'zh'],
		['规定就是这样，爱要不要。', 'zh']
	] as const)('%s → aggressive, no steps', (text, lang) => {
		const result = run(text, lang);
		expect(result.style).toBe('aggressive');
		expect(result.steps).toEqual([]);
	});
});

describe('over-apology without action', () => {
	it('apologising again and again with nothing behind it is passive', () => {
		expect(run("I'm so sorry. I'm really sorry about this, I'm so sorry.").style).toBe('passive');
		expect(run('对不起对不起，真的很抱歉，实在不好意思。', 'zh').style).toBe('passive');
	});

	it('one apology with a concrete fix is assertive', () => {
		const result = run("I'm so sorry — I'll replace it right now.");
		expect(result.style).toBe('assertive');
		expect(result.steps).toEqual(expect.arrayContaining(['last.apologise', 'last.solve']));
	});
});

describe('Chinese segmentation', () => {
	it('splits with Intl.Segmenter, so a negator inside a word negates nothing', () => {
		const a = analyse('真不好意思，这不是我们的错。', 'zh', cues.language.zh);
		expect(a.tokens.map((t) => t.word)).toEqual(['真', '不好意思', '这', '不是', '我们', '的', '错']);
		expect(a.negated).toEqual([false, false, false, false, true, true, true]);
	});

	it('keeps offsets into the text as typed', () => {
		const text = '林嫂，对不起！我现在就给您换。';
		const result = run(text, 'zh');
		expect(result.evidence.length).toBeGreaterThan(0);
		for (const e of result.evidence) expect(text.slice(e.start, e.end)).toBe(e.text);
		expect(result.evidence.find((e) => e.label === 'last.apologise')?.text).toBe('对不起');
	});
});

describe('typos degrade gracefully', () => {
	it.each([
		['Im sory, let me fix that rigth now.', ['last.apologise', 'last.solve']],
		['I appologise, I will replce it imediately.', ['last.apologise', 'last.solve']],
		['Thank you for leting me know.', ['last.thank']]
	])('%s', (text, steps) => {
		expect(run(text).steps).toEqual(expect.arrayContaining(steps));
	});
});

describe('the result', () => {
	it('has evidence spans that are offsets into the reply, labelled style.<label> or <rubric>.<step>', () => {
		const text = "Mrs Lin, I'm sorry. Please tell me what happened?";
		const result = run(text);
		expect(result.style).toBe('assertive');
		for (const e of result.evidence) {
			expect(text.slice(e.start, e.end)).toBe(e.text);
			expect(e.label).toMatch(/^(style\.(assertive)|last\.(listen|apologise))$/);
		}
		// The open question as a whole shows the listening, not its question word alone.
		expect(result.evidence.find((e) => e.label === 'last.listen')?.text).toBe(
			'Please tell me what happened?'
		);
	});

	it('performs only the steps of the rubrics that apply', () => {
		const styleOnly = classify({
			text: "I'm sorry, tell me what happened?",
			lang: 'en',
			rubrics: [rubrics.get('style')!],
			cues
		});
		expect(styleOnly.steps).toEqual([]);
	});

	it('is unsure when nothing in the reply says anything about its style', () => {
		const result = run('The weather was nice yesterday.');
		expect(result.confidence).toBeLessThan(0.5);
		expect(
			run("You should have read the sign, that's our policy, take it or leave it.").confidence
		).toBeGreaterThan(0.8);
	});
});
