// Journeys: a trainee types replies in their own words, in English and in Chinese, and sees which words earned
// which label; an unclear reply asks which written reply it was closest to; a reload keeps the typed text.
import { readFileSync, writeFileSync } from 'node:fs';
import { expect, test, type Page } from '@playwright/test';
import { expectNoViolations } from './axe';

const REPLIES_EN = [
	"I'm so sorry about this. Could you tell me what happened?",
	"I understand how upsetting that is. I'll sort it out for you right now.",
	'Thank you for telling us about this. I will have it fixed within ten minutes.'
];
const REPLIES_ZH = [
	'真对不起，让您受委屈了。您能跟我说说是怎么回事吗？',
	'我现在就帮您处理，十分钟内给您答复。',
	'谢谢您告诉我们这件事。'
];

async function giveName(page: Page, label = 'Your name', button = 'Save and start') {
	await page.getByLabel(label).fill('Mei Lin');
	await page.getByRole('button', { name: button }).click();
}

/** Types a reply and sends it with Enter; if the app asks which written reply was meant, picks the first. */
async function typeReply(page: Page, text: string, open: RegExp, box: RegExp) {
	await page.getByRole('button', { name: open }).click();
	const field = page.getByRole('textbox', { name: box });
	await expect(field).toBeFocused();
	await field.fill(text);
	await field.press('Enter');
	// The box closes once the reply is read: the story moved on, or the app asks which written reply was meant.
	// (The feedback on the turn before may still be on screen, so it says nothing about this reply.)
	await expect(field).toBeHidden({ timeout: 15_000 });
	const closest = page.getByRole('heading', { name: /closest to what you meant|最接近你想表达的意思/ });
	if (await closest.isVisible()) {
		await page
			.getByRole('region', { name: /closest|最接近/ })
			.getByRole('button')
			.first()
			.click();
	}
}

test('practice in English by typing: every reply is read, its evidence shown, and the debrief keeps it', async ({
	page
}) => {
	await page.goto('/scenarios/oriental-bill/play?mode=practice');
	await giveName(page);
	await expect(page.getByText('Trainee: Mei Lin')).toBeVisible();
	const ending = page.getByRole('heading', { name: /^How it ended/ });
	const typeOwn = page.getByRole('button', { name: /Type my own reply/ });
	for (let turn = 0; turn < 14; turn++) {
		// The ending's part loads on its first use: wait for it or for the next decision, not for either alone.
		await expect(typeOwn.or(ending)).toBeVisible();
		if (await ending.isVisible()) break;
		await typeReply(page, REPLIES_EN[turn % REPLIES_EN.length]!, /Type my own reply/, /in your own words/);
		const feedback = page.getByRole('region', { name: 'Feedback on your reply' });
		await expect(feedback.getByText('You wrote')).toBeVisible();
		// The evidence is marked in the text and named in words beside it, not by colour alone.
		await expect(feedback.locator('mark').first()).toBeVisible();
		await expect(feedback.getByRole('list', { name: 'The words behind each label' })).toBeVisible();
		await expect(feedback.getByText(/^Read as: /)).toBeVisible();
		await expect(feedback.getByRole('heading', { name: 'The model answer' })).toBeVisible();
		if (turn === 0) await expectNoViolations(page);
	}
	await expect(ending).toBeVisible();
	const debrief = page.getByRole('region', { name: 'Debrief' });
	await expect(debrief.getByText('You wrote').first()).toBeVisible();
	await expect(debrief.locator('mark').first()).toBeVisible();
	await expect(debrief.getByRole('list', { name: 'The words behind each label' }).first()).toBeVisible();
	await expect(page.getByRole('log').getByText(REPLIES_EN[0]!).first()).toBeVisible();
});

test('Chinese through an input method: Enter while composing picks the candidate and never sends', async ({
	page
}) => {
	await page.goto('/zh/scenarios/oriental-bill/play?mode=practice');
	await giveName(page, '你的名字', '保存并开始');
	await page.getByRole('button', { name: /自己输入回应/ }).click();
	const field = page.getByRole('textbox', { name: /用自己的话回应/ });
	await expect(field).toBeFocused();
	const cdp = await page.context().newCDPSession(page);
	// What a pinyin IME does: compose, press Enter to choose the candidate, then commit the text.
	await cdp.send('Input.imeSetComposition', { text: 'zhen dui bu qi', selectionStart: 14, selectionEnd: 14 });
	await field.press('Enter');
	await cdp.send('Input.insertText', { text: REPLIES_ZH[0]! });
	// (CDP's simulated Enter may also leave a new line; a real IME keeps that key to itself.)
	await expect(field).toHaveValue(new RegExp(`^${REPLIES_ZH[0]!}\\n?$`));
	await expect(page.getByRole('region', { name: /回应的反馈/ })).toHaveCount(0);
	// Shift+Enter is a new line, Enter sends.
	await field.fill(REPLIES_ZH[0]!);
	await field.press('Shift+Enter');
	await expect(field).toHaveValue(`${REPLIES_ZH[0]!}\n`);
	await field.press('Enter');
	const closest = page.getByRole('heading', { name: /最接近你想表达的意思/ });
	const feedback = page.getByRole('region', { name: /回应的反馈/ });
	await expect(closest.or(feedback).first()).toBeVisible();
	if (await closest.isVisible())
		await page
			.getByRole('region', { name: /最接近/ })
			.getByRole('button')
			.first()
			.click();
	await expect(feedback.getByText('你写的是')).toBeVisible();
	await expect(feedback.locator('mark').first()).toBeVisible();

	// A reload resumes the attempt with the typed words intact.
	await page.reload();
	await expect(page.getByRole('log').getByText(REPLIES_ZH[0]!)).toBeVisible();
	await expect(page.getByRole('region', { name: /回应的反馈/ }).getByText('你写的是')).toBeVisible();
});

test('a reply the classifier cannot read with confidence asks which written reply was meant', async ({
	page
}) => {
	await page.goto('/scenarios/oriental-bill/play?mode=practice');
	await giveName(page);
	await page.getByRole('button', { name: /Type my own reply/ }).click();
	const field = page.getByRole('textbox', { name: /in your own words/ });
	await expectNoViolations(page);
	// Sending nothing sends nothing.
	await field.press('Enter');
	await expect(page.getByRole('region', { name: 'Feedback on your reply' })).toHaveCount(0);
	await field.fill('hmm');
	await field.press('Enter');
	const ask = page.getByRole('region', { name: 'Which of these is closest to what you meant?' });
	await expect(ask).toBeVisible();
	await expect(page.getByRole('log').getByText('hmm')).toHaveCount(0);
	const first = ask.getByRole('button').first();
	const picked = (await first.innerText()).replace(/^\d\s*/, '').trim();
	await first.click();
	const feedback = page.getByRole('region', { name: 'Feedback on your reply' });
	// The pick is named beside the typed words (the model answer may show the same text again below).
	await expect(
		feedback.getByRole('paragraph').filter({ hasText: 'The written reply you picked as closest:' })
	).toContainText(picked);
	await expect(page.getByRole('log').getByText('hmm')).toBeVisible();
});

test('classroom: observers type what was said, get a suggestion, and change it before recording', async ({
	page
}) => {
	await page.goto('/classroom/roleplay/rice-grit');
	await page.getByLabel('or a new name').fill('Spoken Sam');
	await page.getByLabel('Seconds per reply (0 for no timer)').fill('0');
	await page.getByRole('button', { name: 'Start the role-play' }).click();
	await page
		.getByLabel('What the staff player said (optional)')
		.fill('Stop wasting my time, the rice was fine when it left here.');
	await page.getByRole('button', { name: 'Suggest a classification' }).click();
	const suggestion = page.getByRole('status').filter({ hasText: 'Suggested:' });
	await expect(suggestion).toBeVisible();
	await expect(suggestion.getByText(/only a suggestion/)).toBeVisible();
	// The form is filled in with the suggestion, and nothing is recorded until the observers confirm.
	const checked = page.getByRole('radio', { checked: true });
	await expect(checked).toHaveCount(1);
	await expect(page.getByRole('log', { name: 'Conversation' }).getByText(/^Spoken reply/)).toHaveCount(0);
	await page.getByRole('radio', { name: /^Passive —/ }).check();
	await page.getByRole('button', { name: 'Record the reply' }).click();
	await expect(
		page.getByRole('log', { name: 'Conversation' }).getByText(/^Spoken reply, closest to:/)
	).toBeVisible();
});

test('export and import carry the typed replies, read again on import', async ({ page }, testInfo) => {
	await page.goto('/scenarios/oriental-bill/play?mode=practice');
	await giveName(page);
	await typeReply(page, REPLIES_EN[0]!, /Type my own reply/, /in your own words/);
	await page.getByRole('link', { name: 'Profile & data' }).click();
	const download = page.waitForEvent('download');
	await page.getByRole('button', { name: "Export Mei Lin's progress" }).click();
	const file = testInfo.outputPath('typed.json');
	await (await download).saveAs(file);
	const exported = JSON.parse(readFileSync(file, 'utf8'));
	const entry = exported.attempts[0].log[0];
	expect(entry).toMatchObject({ type: 'choice.type', typed: { text: REPLIES_EN[0] } });

	// A file that says the reply was something else: the words are read again, the claim is dropped.
	page.once('dialog', (dialog) => void dialog.accept());
	await page.getByRole('button', { name: 'Delete Mei Lin and their attempts' }).click();
	entry.style = 'aggressive';
	entry.steps = [];
	entry.typed.evidence = [{ label: 'style.aggressive', text: 'forged', start: 0, end: 6 }];
	const forged = testInfo.outputPath('typed-forged.json');
	writeFileSync(forged, JSON.stringify(exported));
	await page.getByLabel('Import a progress file (.json)').setInputFiles(forged);
	await expect(page.getByText('Imported 1 attempt; skipped 0 already here.')).toBeVisible();
	await page.getByRole('link', { name: 'History' }).click();
	await page
		.getByRole('link', { name: /Open debrief|Resume/ })
		.first()
		.click();
	await expect(page.getByRole('log').getByText(REPLIES_EN[0]!).first()).toBeVisible();
	const feedback = page.getByRole('region', { name: 'Feedback on your reply' });
	await expect(feedback.getByText('You wrote')).toBeVisible();
	await expect(feedback.getByText('forged')).toHaveCount(0);
	await expect(feedback.getByText(/^Read as: Assertive/)).toBeVisible();
});
