// Journey: a trainer runs the two classroom exercises on a shared screen, in English and in Chinese.
import { readFileSync } from 'node:fs';
import { expect, test, type Page } from '@playwright/test';
import { expectNoViolations } from './axe';
import { parse } from 'yaml';

type Text = { en: string; zh: string };
type Locale = keyof Text;
const read = (name: string) =>
	parse(readFileSync(new URL(`../../content/exercises/${name}.yaml`, import.meta.url), 'utf8'));
const isThisService = read('is-this-service') as {
	title: Text;
	situations: { text: Text; notes: Text; answer: 'yes' | 'no' }[];
	conclusion: Text;
};
const serviceMeans = read('service-means') as {
	title: Text;
	stem: Text;
	statements: { phrases: Record<Locale, string[]> }[];
	discussion: Text[];
};

/** Builds every statement in its own slot by clicking its phrases in order. */
async function assembleAll(page: Page, locale: Locale, statementName: (n: number) => string) {
	const pool = page.getByRole('region', { name: locale === 'en' ? 'Phrases' : '短语' });
	for (const [i, statement] of serviceMeans.statements.entries()) {
		const slot = page.getByRole('group', { name: statementName(i + 1), exact: true });
		await slot.getByRole('button', { name: serviceMeans.stem[locale] }).click();
		await expect(slot.getByRole('button', { name: serviceMeans.stem[locale] })).toHaveAttribute(
			'aria-pressed',
			'true'
		);
		for (const phrase of statement.phrases[locale])
			await pool.getByRole('button', { name: phrase, exact: true }).click();
	}
}

test('"Is this customer service?": eight situations, notes after each answer, a tally, start again', async ({
	page
}) => {
	await page.goto('/classroom');
	await expect(page.getByRole('heading', { level: 1, name: 'Classroom' })).toBeVisible();
	await expectNoViolations(page);
	await page.getByRole('link', { name: isThisService.title.en }).click();
	await expect(page.getByRole('heading', { level: 1, name: isThisService.title.en })).toBeVisible();
	await expectNoViolations(page);
	await page.screenshot({ path: 'test-results/exercise-is-this-service.png', fullPage: true });

	const total = isThisService.situations.length;
	for (const [i, situation] of isThisService.situations.entries()) {
		await expect(page.getByRole('heading', { name: `Situation ${i + 1} of ${total}` })).toBeVisible();
		await expect(page.getByText(situation.text.en)).toBeVisible();
		// The class says No once, to see a disagreement and the tally count it.
		const said = i === 2 ? 'No' : 'Yes';
		await page
			.getByRole('group', { name: "The class's answer" })
			.getByRole('button', { name: said, exact: true })
			.click();
		await expect(page.getByText(`The class said: ${said}`)).toBeVisible();
		await expect(page.getByText("The text's answer: Yes, this is customer service.")).toBeVisible();
		await expect(
			page.getByText(i === 2 ? 'Different from the text: talk about why.' : 'Same as the text.')
		).toBeVisible();
		const notes = page.getByRole('region', { name: 'Discussion notes' });
		await expect(notes.getByText(situation.notes.en)).toBeVisible();
		if (i === 0) {
			await expectNoViolations(page);
			await page.screenshot({ path: 'test-results/exercise-is-this-service-notes.png', fullPage: true });
		}
		const next = page.getByRole('button', { name: i + 1 < total ? 'Next situation' : 'See the results' });
		await expect(next).toBeFocused();
		await next.click();
	}

	await expect(page.getByRole('heading', { name: 'Results' })).toBeVisible();
	await expect(page.getByText('Yes: 7', { exact: true })).toBeVisible();
	await expect(page.getByText('No: 1', { exact: true })).toBeVisible();
	await expect(page.getByText(`Same answer as the text: 7 of ${total}`)).toBeVisible();
	await expect(page.getByText(isThisService.conclusion.en)).toBeVisible();
	await expect(page.getByText('Class: No · Text: Yes')).toBeVisible();
	await expectNoViolations(page);
	await page.screenshot({ path: 'test-results/exercise-is-this-service-results.png', fullPage: true });

	await page.getByRole('button', { name: 'Start again' }).click();
	await expect(page.getByRole('heading', { name: `Situation 1 of ${total}` })).toBeFocused();
	await expect(page.getByText(isThisService.situations[0]!.text.en)).toBeVisible();
});

test('"Customer service means…": take a wrong phrase back out, build all seven, check, and discuss', async ({
	page
}) => {
	await page.goto('/classroom/exercises/service-means');
	await expect(page.getByRole('heading', { level: 1, name: serviceMeans.title.en })).toBeVisible();
	await expectNoViolations(page);
	const pool = page.getByRole('region', { name: 'Phrases' });
	const phraseCount = serviceMeans.statements.flatMap((s) => s.phrases.en).length;
	await expect(pool.getByRole('button')).toHaveCount(phraseCount);

	// The first order is the same on every load; Shuffle changes it and keeps every phrase.
	const before = await pool.getByRole('button').allTextContents();
	await page.reload();
	expect(await pool.getByRole('button').allTextContents()).toEqual(before);
	await page.getByRole('button', { name: 'Shuffle' }).click();
	const after = await pool.getByRole('button').allTextContents();
	expect(after).not.toEqual(before);
	expect([...after].sort()).toEqual([...before].sort());

	// A wrong statement is marked, then the phrase goes back to the pool.
	const [first, second] = serviceMeans.statements;
	const slot1 = page.getByRole('group', { name: 'Statement 1', exact: true });
	await pool.getByRole('button', { name: first!.phrases.en[0]!, exact: true }).click();
	await pool.getByRole('button', { name: second!.phrases.en[2]!, exact: true }).click();
	await page.getByRole('button', { name: 'Check' }).click();
	await expect(slot1.getByText('Not one of the statements yet')).toBeVisible();
	await expect(page.getByRole('status')).toContainText(`Right: 0 of ${serviceMeans.statements.length}.`);
	await expect(page.getByRole('status')).toContainText(`Phrases not used yet: ${phraseCount - 2}.`);
	await expectNoViolations(page);
	await page.screenshot({ path: 'test-results/exercise-service-means-wrong.png', fullPage: true });
	await slot1.getByRole('button', { name: `Remove: ${second!.phrases.en[2]!}` }).click();
	await slot1.getByRole('button', { name: `Remove: ${first!.phrases.en[0]!}` }).click();
	await expect(slot1.getByRole('button', { name: /^Remove:/ })).toHaveCount(0);
	await expect(pool.getByRole('button')).toHaveCount(phraseCount);

	await assembleAll(page, 'en', (n) => `Statement ${n}`);
	await expect(page.getByText('Every phrase is in use.')).toBeVisible();
	await page.getByRole('button', { name: 'Check' }).click();
	await expect(page.getByRole('status')).toHaveText(
		`All ${serviceMeans.statements.length} statements are right!`
	);
	for (const n of serviceMeans.statements.keys())
		await expect(page.getByRole('group', { name: `Statement ${n + 1}`, exact: true })).toContainText(
			'✓ Right'
		);

	const ending = page.getByRole('region', { name: 'The statements' });
	for (const statement of serviceMeans.statements)
		await expect(
			ending.getByText(`${serviceMeans.stem.en} ${statement.phrases.en.join(' ')}.`, { exact: true })
		).toBeVisible();
	await expect(page.getByRole('heading', { name: 'Discuss' })).toBeVisible();
	for (const question of serviceMeans.discussion) await expect(ending.getByText(question.en)).toBeVisible();
	await expectNoViolations(page);
	await page.screenshot({ path: 'test-results/exercise-service-means-solved.png', fullPage: true });

	await page.getByRole('button', { name: 'Start again' }).click();
	await expect(pool.getByRole('button')).toHaveCount(phraseCount);
	await expect(ending).toHaveCount(0);
});

test('both exercises in Chinese, from the classroom page', async ({ page }) => {
	await page.goto('/zh/classroom');
	await expect(page.getByRole('heading', { level: 1, name: '课堂' })).toBeVisible();
	await page.getByRole('link', { name: isThisService.title.zh }).click();
	await expect(page).toHaveURL(/\/zh\/classroom\/exercises\/is-this-service\/$/);
	const total = isThisService.situations.length;
	for (const [i, situation] of isThisService.situations.entries()) {
		await expect(page.getByRole('heading', { name: `第 ${i + 1} 题，共 ${total} 题` })).toBeVisible();
		await expect(page.getByText(situation.text.zh)).toBeVisible();
		await page
			.getByRole('group', { name: '全班的答案' })
			.getByRole('button', { name: '是', exact: true })
			.click();
		await expect(page.getByRole('region', { name: '讨论要点' }).getByText(situation.notes.zh)).toBeVisible();
		await page.getByRole('button', { name: i + 1 < total ? '下一题' : '查看结果' }).click();
	}
	await expect(page.getByText(`与教材答案一致：${total} / ${total}`)).toBeVisible();
	await expectNoViolations(page);

	await page.getByRole('link', { name: '课堂' }).first().click();
	await page.getByRole('link', { name: serviceMeans.title.zh }).click();
	await expect(page.getByRole('heading', { level: 1, name: serviceMeans.title.zh })).toBeVisible();
	await assembleAll(page, 'zh', (n) => `第 ${n} 句`);
	await page.getByRole('button', { name: '检查' }).click();
	await expect(page.getByRole('status')).toHaveText(`全部 ${serviceMeans.statements.length} 句都拼对了！`);
	const ending = page.getByRole('region', { name: '完整的句子' });
	for (const statement of serviceMeans.statements)
		await expect(
			ending.getByText(`${serviceMeans.stem.zh}${statement.phrases.zh.join('')}。`, { exact: true })
		).toBeVisible();
	await expectNoViolations(page);
	await page.screenshot({ path: 'test-results/exercise-service-means-zh.png', fullPage: true });
});

test('the phrase game works from the keyboard alone', async ({ page }) => {
	await page.goto('/classroom/exercises/service-means');
	const pool = page.getByRole('region', { name: 'Phrases' });
	const [first] = serviceMeans.statements;
	// Focus stays in the pool after a phrase is placed, so Enter can follow Enter.
	const phrase = pool.getByRole('button', { name: first!.phrases.en[0]!, exact: true });
	await expect(phrase).toBeEnabled();
	await phrase.focus();
	await page.keyboard.press('Enter');
	const slot1 = page.getByRole('group', { name: 'Statement 1', exact: true });
	await expect(slot1.getByRole('button', { name: `Remove: ${first!.phrases.en[0]!}` })).toBeVisible();
	// Enter again places whichever phrase took its place in the pool.
	await page.keyboard.press('Enter');
	const placed = slot1.getByRole('button', { name: /^Remove: / });
	await expect(placed).toHaveCount(2);
	// Taking phrases out keeps focus in the statement, then on the statement's own button.
	await placed.first().focus();
	await page.keyboard.press('Space');
	await expect(placed).toHaveCount(1);
	await expect(placed.first()).toBeFocused();
	await page.keyboard.press('Space');
	await expect(placed).toHaveCount(0);
	await expect(slot1.getByRole('button', { name: serviceMeans.stem.en })).toBeFocused();
	await expect(pool.getByRole('button')).toHaveCount(
		serviceMeans.statements.flatMap((x) => x.phrases.en).length
	);
});
