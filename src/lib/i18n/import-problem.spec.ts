import { describe, expect, it } from 'vitest';
import { parseProgressFile, type ImportProblem } from '$lib/persistence/progress-file';
import { describeImportProblem } from './import-problem';

function rejected(text: string, size = text.length) {
	const result = parseProgressFile(text, size);
	if (result.ok) throw new Error('expected the file to be rejected');
	return result;
}

const file = (extra: object) =>
	JSON.stringify({
		format: 'service-roleplay-progress',
		version: 1,
		exportedAt: '2026-01-01T00:00:00.000Z',
		trainees: [],
		attempts: [],
		...extra
	});

// One real rejection for each thing the parser can say.
const parserRejections = {
	'too-large': rejected('{}', 30 * 1024 * 1024),
	'not-json': rejected('{"format": '),
	'forbidden-key': rejected('{"__proto__": {}}'),
	'too-deep': rejected(`{"trainees": ${'['.repeat(100)}${']'.repeat(100)}}`),
	'not-export': rejected('[1, 2]'),
	'newer-version': rejected(file({ version: 2 })),
	'unknown-version': rejected(file({ version: '1' })),
	damaged: rejected(file({ cheat: true })),
	'future-time': rejected(file({ exportedAt: '3000-01-01T00:00:00.000Z' }))
};

describe('describeImportProblem', () => {
	it.each(Object.entries(parserRejections))(
		'words "%s" in English exactly as the parser does',
		(code, result) => {
			expect(result.problem.code).toBe(code);
			expect(describeImportProblem(result.problem, 'fallback', 'en')).toBe(result.error);
		}
	);

	it.each(Object.entries(parserRejections))('words "%s" in Chinese, keeping its details', (_code, result) => {
		const zh = describeImportProblem(result.problem, 'fallback', 'zh');
		expect(zh).not.toBe(result.error);
		expect(zh).toMatch(/[\u4e00-\u9fff]/);
		for (const value of Object.values(result.problem).slice(1)) expect(zh).toContain(String(value));
	});

	it("names the top level of the file in the reader's language", () => {
		const { problem } = parserRejections['forbidden-key'];
		expect(problem).toEqual({ code: 'forbidden-key', key: '__proto__', at: '' });
		expect(describeImportProblem(problem, 'fallback', 'zh')).toContain('它在最外层处含有键“__proto__”');
	});

	it('words the problems found when re-scoring and storing', () => {
		const problems: [ImportProblem, string, string][] = [
			[
				{ code: 'unknown-scenario', scenario: 'refund' },
				'no scenario "refund" in this version of the app',
				'本版本的应用中没有情景“refund”'
			],
			[
				{ code: 'missing-choice', turn: 3, scenario: 'refund' },
				'its choice 3 does not exist in scenario "refund"',
				'它的第 3 个选择在情景“refund”中已不存在'
			],
			[
				{ code: 'past-ending', turn: 7, scenario: 'refund' },
				'its entry 7 comes after the conversation ended in scenario "refund"',
				'它的第 7 条记录出现在情景“refund”的对话结束之后'
			],
			[
				{ code: 'bad-rewind', turn: 2, to: 6, scenario: 'refund' },
				'its entry 2 goes back to turn 6, which it had not reached, in scenario "refund"',
				'它的第 2 条记录要退回到第 6 轮，可情景“refund”中还没走到那一轮'
			],
			[
				{ code: 'bad-observation', turn: 1, label: 'charming', scenario: 'refund' },
				'its entry 1 records "charming", which is no style or step of scenario "refund"',
				'它的第 1 条记录写着“charming”，而这不是情景“refund”中的任何风格或步骤'
			],
			[
				{ code: 'storage-full' },
				"This device's storage is full. Free some space, or export your progress first, then try again.",
				'这台设备的存储空间已满。请腾出一些空间，或先导出进度，然后再试。'
			]
		];
		for (const [problem, en, zh] of problems) {
			expect(describeImportProblem(problem, 'fallback', 'en')).toBe(en);
			expect(describeImportProblem(problem, 'fallback', 'zh')).toBe(zh);
		}
	});

	it("falls back to an unexpected error's own message", () => {
		expect(describeImportProblem(undefined, 'The database was closed.')).toBe('The database was closed.');
	});
});
