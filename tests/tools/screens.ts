// npm run screens -- --url http://localhost:4300 --out test-output/screens/before [--only library,case] [--lang zh]
// Full-page screenshots of every screen, at 1280×800 and at 390×844 (touch), in English and Chinese, reached as a
// person reaches them: links, clicks, typing, files picked for an import. Nothing is read from the app's inside;
// progress files are made from the scenarios the served build itself publishes (/content/<id>.json).
// Files are named <screen>-<en|zh>-<w>x<h>.png. A screen this build does not have (an older build, say) is
// skipped with a line saying why, so the same script runs against any build. It prints the files it wrote.
// Caveat: Chromium's full-page capture of a phone (touch) page draws it with a fine pointer, so what a
// `(hover: hover) and (pointer: fine)` query shows (the "Press 1–4" hint) appears in the PNG though the phone hides it.
import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { chromium, type Browser, type Locator } from '@playwright/test';
import { CHROMIUM_ARGS, chromiumExecutable } from '../chromium';
import { initialTransition, transition } from 'xstate';
import { compileScenario, currentNode } from '../../src/lib/engine/compile';
import type { Choice, Scenario } from '../../src/lib/engine/schema';
import enMessages from '../../src/lib/i18n/messages/en.json' with { type: 'json' };
import zhMessages from '../../src/lib/i18n/messages/zh.json' with { type: 'json' };

const SIZES = [
	{ width: 1280, height: 800, phone: false },
	{ width: 390, height: 844, phone: true }
];
const LANGS = ['en', 'zh'] as const;
type Lang = (typeof LANGS)[number];
type Messages = Record<string, string | unknown>;
const MESSAGES: Record<Lang, Messages> = { en: enMessages, zh: zhMessages };
const SCENARIO = 'rice-grit';
const OTHER_SCENARIO = 'disney-closed-ride';
const PASSCODE = 'chalk-and-talk-42';
/** How long a step waits for what it expects before it is skipped. */
const WAIT = 15_000;

function option(name: string): string | undefined {
	const args = process.argv.slice(2);
	const i = args.indexOf(`--${name}`);
	return i >= 0 ? args[i + 1] : args.find((a) => a.startsWith(`--${name}=`))?.slice(name.length + 3);
}
const base = (option('url') ?? 'http://localhost:4173').replace(/\/$/, '');
const out = resolve(option('out') ?? 'test-output/screens/after');
const only = option('only')?.split(',');
const langs = LANGS.filter((l) => !option('lang') || option('lang') === l);

const written: string[] = [];
const skipped: string[] = [];

/** A UI string of the current tree, with any {placeholder} filled in. */
function text(lang: Lang, key: string, values: Record<string, string> = {}): string {
	const message = MESSAGES[lang][key];
	if (typeof message !== 'string') throw new Error(`no message ${key}`);
	return message.replace(/\{(\w+)\}/g, (_, k: string) => values[k] ?? '');
}
/** A text to put in a RegExp, matched as it is. */
const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** The choices a rule picks along a scenario, with the ending reached. */
function pathBy(scenario: Scenario, rule: (choice: Choice) => boolean) {
	const machine = compileScenario(scenario);
	let [snapshot] = initialTransition(machine);
	const picks: Choice[] = [];
	while (snapshot.status === 'active') {
		const choice = scenario.nodes[currentNode(snapshot)]!.choices.find(rule)!;
		picks.push(choice);
		[snapshot] = transition(machine, snapshot, { type: 'choice.select', choice: choice.id });
	}
	return { picks, ending: currentNode(snapshot) };
}
const best = (c: Choice) => c.best === true;
const worst = (c: Choice) => !c.best && c.style !== 'assertive';

async function served(id: string): Promise<Scenario> {
	const response = await fetch(`${base}/content/${id}.json`);
	if (!response.ok) throw new Error(`${base}/content/${id}.json: HTTP ${response.status}`);
	return ((await response.json()) as { scenario: Scenario }).scenario;
}

/** A trainee's progress file, as "Export" in Profile & data writes it, for the instructor's import. */
function progressFile(id: string, name: string, attempts: [Scenario, typeof best, number, boolean][]) {
	const list = attempts.map(([scenario, rule, day, finished], n) => {
		const path = pathBy(scenario, rule);
		const startedAt = Date.UTC(2025, 2, day, 9);
		return {
			id: `${id}-${n + 1}`,
			traineeId: id,
			scenarioId: scenario.id,
			contentVersion: scenario.version,
			mode: 'practice',
			status: finished ? 'finished' : 'in-progress',
			startedAt,
			updatedAt: startedAt + 60_000,
			...(finished ? { finishedAt: startedAt + 60_000, ending: path.ending } : {}),
			log: (finished ? path.picks : path.picks.slice(0, 1)).map((c) => ({
				type: 'choice.select',
				choice: c.id
			})),
			notes: ''
		};
	});
	const file = {
		format: 'service-roleplay-progress',
		version: 1,
		exportedAt: '2025-03-10T12:00:00.000Z',
		trainees: [{ id, name, createdAt: Date.UTC(2025, 2, 1) }],
		attempts: list
	};
	return { name: `${id}.json`, mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(file)) };
}

/** One journey through every screen, in one language at one size. */
async function journey(browser: Browser, lang: Lang, size: (typeof SIZES)[number]) {
	const context = await browser.newContext({
		viewport: { width: size.width, height: size.height },
		isMobile: size.phone,
		hasTouch: size.phone,
		locale: lang === 'zh' ? 'zh-CN' : 'en-US',
		serviceWorkers: 'block'
	});
	context.setDefaultTimeout(WAIT);
	const page = await context.newPage();
	const prefix = lang === 'zh' ? '/zh' : '';
	const t = (key: string, values?: Record<string, string>) => text(lang, key, values);
	const go = (path: string) => page.goto(`${base}${prefix}${path}`, { waitUntil: 'load' });
	const [scenario, other] = [await served(SCENARIO), await served(OTHER_SCENARIO)];
	const title = scenario.title[lang];
	const reply = (choice: Choice) => page.getByRole('button', { name: choice.text[lang] }).first();
	const suffix = `${lang}-${size.width}x${size.height}`;

	/** Runs a step and photographs the page; a step that cannot be done here is skipped with its reason. */
	async function screen(name: string, step: () => Promise<unknown>) {
		const file = `${name}-${suffix}.png`;
		try {
			await step();
			if (only && !only.includes(name)) return;
			// Back to the top as a person scrolls, so sticky bars sit where they belong in a full-page picture.
			await page.mouse.wheel(0, -100_000);
			await page.waitForTimeout(400); // fonts, scrolling and transitions settle
			await page.screenshot({ path: join(out, file), fullPage: true, animations: 'disabled' });
			written.push(file);
		} catch (error) {
			const reason = String((error as Error).message ?? error).split('\n')[0];
			skipped.push(`${file}: skipped (${reason})`);
			console.error(`skipped ${file}: ${reason}`);
		}
	}
	/** The step needs a page this build may not have. */
	async function needs(path: string) {
		const response = await fetch(`${base}${prefix}${path}`);
		if (!response.ok) throw new Error(`this build has no ${path} (HTTP ${response.status})`);
	}
	const heading = (name: string | RegExp) => page.getByRole('heading', { name }).first().waitFor();
	const instructorLink = (name: string) =>
		page.getByRole('navigation', { name: t('instructor_nav') }).getByRole('link', { name, exact: true });
	/** A click, or where something covers the target (an older phone layout), focus and Enter. */
	async function press(locator: Locator) {
		try {
			await locator.click({ timeout: 5000 });
		} catch {
			await locator.focus();
			await page.keyboard.press('Enter');
		}
	}
	const visible = async (locator: Locator) => (await locator.count()) > 0 && locator.first().isVisible();

	// The trainee's side.
	await screen('library', async () => {
		await go('/');
		await page.getByRole('link', { name: title }).first().waitFor();
	});
	await screen('case', async () => {
		await page.getByRole('link', { name: title }).first().click();
		await heading(title);
	});
	await screen('play-name', async () => {
		await page.getByRole('link', { name: t('play_start', { mode: t('mode_practice') }) }).click();
		await page.getByLabel(t('trainee_name_label')).waitFor();
	});
	const model = pathBy(scenario, best).picks;
	await screen('play-start', async () => {
		await page.getByLabel(t('trainee_name_label')).fill(lang === 'zh' ? '李文' : 'Ana Lima');
		await page.getByRole('button', { name: t('trainee_name_save') }).click();
		await reply(model[0]!).waitFor();
		await page.waitForFunction(() => !document.querySelector('[aria-keyshortcuts="1"]:disabled'));
	});
	await screen('play-feedback', async () => {
		for (const choice of model.slice(0, 2)) {
			await reply(choice).click();
			await page
				.getByRole('heading', { name: t('feedback_heading') })
				.last()
				.waitFor();
		}
		await reply(model[2]!).waitFor();
	});
	await screen('play-ending', async () => {
		for (const choice of model.slice(2)) await reply(choice).click();
		await heading(/^(How it ended|结局)/);
	});
	// An assessment left after one reply, so History has an unfinished attempt too.
	await screen('play-assessment', async () => {
		await go(`/scenarios/${SCENARIO}/`);
		await page.getByRole('link', { name: t('play_start', { mode: t('mode_assessment') }) }).click();
		await reply(model[0]!).click();
		await page.waitForURL(/[?&]attempt=/);
		await page.waitForTimeout(500);
	});
	await screen('history', async () => {
		await go('/history/');
		await page
			.getByRole('link', { name: t('history_open') })
			.first()
			.waitFor();
	});
	await screen('debrief', async () => {
		await press(page.getByRole('link', { name: t('history_open') }).first());
		await page
			.getByRole('heading', { name: t('debrief_heading') })
			.first()
			.waitFor();
	});
	await screen('profile', async () => {
		await go('/profile/');
		await page.getByLabel(t('data_import_label')).waitFor();
	});

	// The classroom.
	await screen('classroom', async () => {
		await go('/classroom/');
		await page
			.getByRole('heading', { name: t('classroom_title') })
			.first()
			.waitFor();
	});
	await screen('roleplay-setup', async () => {
		await go(`/classroom/roleplay/${SCENARIO}/`);
		await page.getByLabel(t('roleplay_new_player')).waitFor();
	});
	await screen('roleplay', async () => {
		await page.getByLabel(t('roleplay_new_player')).fill(lang === 'zh' ? '王强' : 'Kai');
		await page.getByRole('button', { name: t('roleplay_start') }).click();
		await page.getByRole('button', { name: t('roleplay_record') }).waitFor();
	});
	await screen('exercise-is-this-service', async () => {
		await go('/classroom/exercises/is-this-service/');
		await page
			.getByRole('button', { name: t('exercise_yes'), exact: true })
			.first()
			.click();
		await page
			.getByText(new RegExp(escape(t('exercise_class_said'))))
			.first()
			.waitFor();
	});
	await screen('exercise-service-means', async () => {
		await go('/classroom/exercises/service-means/');
		await page.getByRole('button', { name: t('exercise_means_check') }).waitFor();
	});
	await screen('print', async () => {
		await go(`/classroom/print/${SCENARIO}/`);
		await page
			.getByRole('heading', { name: t('print_customer_card') })
			.first()
			.waitFor();
	});

	// The instructor's side: its pages are reached by its own links, since a new load locks it again.
	await screen('instructor-gate', async () => {
		await go('/instructor/');
		await page.getByLabel(t('instructor_new_passcode')).waitFor();
	});
	await screen('instructor-import', async () => {
		await page.getByLabel(t('instructor_new_passcode')).fill(PASSCODE);
		await page.getByLabel(t('instructor_confirm_passcode')).fill(PASSCODE);
		await page.getByRole('button', { name: t('instructor_choose_submit') }).click();
		await instructorLink(t('instructor_nav_import')).click();
		await page.getByLabel(t('instructor_import_files')).setInputFiles([
			progressFile('trainee-ana', 'Ana', [
				[scenario, worst, 1, true],
				[scenario, best, 2, true],
				[other, best, 3, true]
			]),
			progressFile('trainee-ben', lang === 'zh' ? '陈北' : 'Ben', [
				[scenario, best, 4, true],
				[other, worst, 5, true]
			]),
			progressFile('trainee-chen', lang === 'zh' ? '张晨' : 'Chen', [[scenario, worst, 6, false]])
		]);
		await page
			.getByRole('region', { name: t('instructor_report_heading') })
			.getByText('trainee-chen.json')
			.first()
			.waitFor();
	});
	await screen('instructor-dashboard', async () => {
		await instructorLink(t('instructor_nav_dashboard')).click();
		await page.locator('table').first().waitFor();
		await page.waitForTimeout(1000); // the item analysis and path map follow the matrix
	});
	await screen('instructor-pathmap', async () => {
		const map = page.locator('.path-map, figure:has(svg)').first();
		await map.scrollIntoViewIfNeeded();
		const summary = map.locator('summary');
		if (await visible(summary)) await press(summary.first());
	});
	await screen('instructor-drilldown', async () => {
		await page.locator('table.matrix, table').first().getByRole('button').first().click();
		await page.locator('section.drill, [role="log"]').first().waitFor();
	});
	await screen('instructor-roster', async () => {
		await instructorLink(t('instructor_nav_roster')).click();
		await page.getByLabel(t('instructor_class_new_label')).fill(lang === 'zh' ? '早班' : 'Morning group');
		await page.getByRole('button', { name: t('instructor_class_add') }).click();
		await page
			.getByText(lang === 'zh' ? '早班' : 'Morning group')
			.first()
			.waitFor();
	});
	await screen('instructor-backup', async () => {
		await needs('/instructor/backup/');
		await instructorLink(t('instructor_nav_backup')).click();
		await page.getByRole('heading', { level: 1 }).waitFor();
	});
	let joinLink = '';
	await screen('instructor-lrs', async () => {
		await needs('/instructor/lrs/');
		await instructorLink(t('lrs_config_nav')).click();
		await page.getByLabel(t('lrs_config_endpoint')).fill('https://lrs.example.org/xapi/');
		await page.getByLabel(t('lrs_config_key'), { exact: true }).fill('class-key');
		await page.getByLabel(t('lrs_config_secret'), { exact: true }).fill('class-secret');
		await page.getByRole('button', { name: t('lrs_config_save'), exact: true }).click();
		joinLink = await page.getByLabel(t('lrs_join_link'), { exact: true }).inputValue();
	});
	await screen('join', async () => {
		await needs('/join/');
		if (!joinLink) throw new Error('no join link from the class LRS page');
		await page.goto(joinLink, { waitUntil: 'load' });
		await page.getByRole('heading', { name: t('join_heading') }).waitFor();
	});

	// An LMS launch that lacks its parameters.
	await screen('lms-error', async () => {
		await go(`/scenarios/${SCENARIO}/play/?endpoint=${encodeURIComponent('https://lms.example.org/xapi/')}`);
		const error = page.getByRole('heading', { name: t('lms_error_heading') });
		await error.waitFor({ timeout: 8000 }).catch(() => {
			throw new Error('no LMS launch error page: this build does not read LMS launches');
		});
	});
	// The site menu, where the header folds it away (a phone).
	await screen('menu', async () => {
		await go('/');
		const menu = page.getByRole('button', { name: t('nav_menu'), exact: true });
		if (!(await visible(menu))) throw new Error('no menu button at this size in this build');
		await menu.click();
		await page
			.getByRole('link', { name: t('nav_history') })
			.first()
			.waitFor();
	});
	await context.close();
}

async function main() {
	mkdirSync(out, { recursive: true });
	const browser = await chromium.launch({ executablePath: chromiumExecutable, args: CHROMIUM_ARGS });
	try {
		for (const lang of langs) for (const size of SIZES) await journey(browser, lang, size);
	} finally {
		await browser.close();
	}
	console.log(`wrote ${written.length} files to ${out}:`);
	for (const file of written) console.log(`  ${file}`);
	if (skipped.length) console.log(`skipped ${skipped.length}:\n${skipped.map((s) => `  ${s}`).join('\n')}`);
}

await main();
