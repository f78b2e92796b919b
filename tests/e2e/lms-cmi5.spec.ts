// Journey: the cmi5 package under a test LMS, with statements to the real xapi-statements LRS. The test plays
// the LMS (registration, LMS.LaunchData, a one-time fetch URL), launches an AU with real parameters and plays.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import { unpacked } from '../lms/package-site';
import { SESSION_ID, TestCmi5Lms, type XStatement } from '../lms/cmi5-lms';
import { collectScripts, runtimeScripts } from '../lms/runtime-bytes';
import { pathBy, scenario } from './scenario-paths';

test.describe.configure({ mode: 'serial' });

const riceGrit = scenario('rice-grit');
/** The course id the package is built with (`npm run package -- --course-id`): the app's IRIs are under it. */
const COURSE = 'https://training.acme.test/courses/service';
const CMI5 = 'https://w3id.org/xapi/cmi5/context/categories/cmi5';
const MOVE_ON = 'https://w3id.org/xapi/cmi5/context/categories/moveon';
const verb = (s: XStatement) => s.verb.id.split('/').pop()!;
const categories = (s: XStatement) => (s.context?.contextActivities?.category ?? []).map((c) => c.id);
/** Every IRI a statement names: its verb, object and object type, context activities and extension keys. */
const irisOf = (s: XStatement) => [
	s.verb.id,
	s.object.id,
	...(s.object.definition?.type ? [s.object.definition.type] : []),
	...Object.values(s.context?.contextActivities ?? {}).flatMap((list) => list.map((a) => a.id)),
	...Object.keys(s.context?.extensions ?? {}),
	...Object.keys(s.result?.extensions ?? {})
];
/** The standards', the LMS's own (its activity ids) and the course's: no other domain. */
const OWNED = ['https://w3id.org/xapi/', 'http://adlnet.gov/expapi/', 'https://lms.test/', `${COURSE}/`];

let lms: TestCmi5Lms;
let au: { auId: string; url: string; masteryScore: number };

test.beforeAll(async () => {
	const pkg = unpacked('cmi5', { course: COURSE });
	const xml = readFileSync(join(pkg.dir, 'cmi5.xml'), 'utf8');
	const block =
		/<au id="([^"]+\/scenarios\/rice-grit)"[^>]*masteryScore="([\d.]+)"[\s\S]*?<url>([^<]+)<\/url>/.exec(
			xml
		)!;
	au = { auId: block[1]!, masteryScore: Number(block[2]), url: block[3]! };
	expect(au.auId).toBe(`${COURSE}/scenarios/rice-grit`);
	lms = new TestCmi5Lms(4333, 4334, pkg.dir);
	await lms.start();
});
test.afterAll(() => lms?.stop());

async function playThrough(page: Page, rule: Parameters<typeof pathBy>[1]) {
	const { picks } = pathBy(riceGrit, rule);
	for (const { choice } of picks) await page.getByRole('button', { name: choice.text.en }).click();
	await expect(page.getByRole('heading', { name: /^How it ended/ })).toBeVisible();
	return picks;
}

test('a Normal launch: initialized, answered per turn, completed, passed, terminated, in one session', async ({
	page
}) => {
	const launch = await lms.launch(au);
	await page.goto(launch.url);
	// The learner is the LMS's actor: no name asked for. Normal is an assessment.
	await expect(page.getByText('Trainee: Ada Okafor')).toBeVisible();
	await expect(page.getByText('Mode: Assessment')).toBeVisible();
	const picks = await playThrough(page, (c) => !!c.best);
	await expect(page.getByText('Sent to your course: passed, score 100 out of 100.')).toBeVisible();
	// The way back is where the ending is, in place of the app's library.
	const ending = page.getByRole('region', { name: /^How it ended/ });
	await expect(ending.getByRole('link', { name: 'Back to the library' })).toHaveCount(0);
	await ending.getByRole('button', { name: 'Return to course' }).click();
	await expect(page.getByRole('heading', { name: 'Back in the course' })).toBeVisible();

	const all = await lms.statements(launch.registration);
	const au5 = all.filter((s) => verb(s) !== 'launched');
	expect(au5.map(verb)).toEqual([
		'initialized',
		...picks.map(() => 'answered'),
		'completed',
		'passed',
		'terminated'
	]);
	for (const s of au5) {
		expect(s.context?.registration).toBe(launch.registration);
		expect(s.context?.extensions?.[SESSION_ID]).toBe(launch.session);
		// The LMS's context template is kept: its publisher id in grouping.
		expect(s.context?.contextActivities?.grouping?.map((g) => g.id)).toContain(au.auId);
		if (verb(s) === 'answered') {
			expect(categories(s)).not.toContain(CMI5);
			expect(s.object.id.startsWith(`${launch.activityId}/decisions/`)).toBe(true);
		} else {
			expect(categories(s)).toContain(CMI5);
			expect(s.object.id).toBe(launch.activityId);
		}
	}
	expect(au5.filter((s) => verb(s) === 'answered').map((s) => s.result?.response)).toEqual(
		picks.map((p) => p.choice.id)
	);
	// The app's own IRIs are under the course id it was packaged with; nothing names another domain.
	for (const s of au5) {
		const foreign = irisOf(s).filter((iri) => !OWNED.some((prefix) => iri.startsWith(prefix)));
		expect(foreign, verb(s)).toEqual([]);
	}
	const answered = au5.find((s) => verb(s) === 'answered')!;
	expect(Object.keys(answered.result?.extensions ?? {}).length).toBeGreaterThan(0);
	for (const key of Object.keys(answered.result!.extensions!))
		expect(key.startsWith(`${COURSE}/extensions/`), key).toBe(true);
	expect(lms.written(launch.registration)).toEqual([`${COURSE}/state/last-attempt`]);
	// cmi5's rules: one passed or failed per registration, its score scaled and at the mastery score.
	const verdicts = all.filter((s) => ['passed', 'failed'].includes(verb(s)));
	expect(verdicts).toHaveLength(1);
	const passed = verdicts[0]!;
	expect(passed.result?.score?.scaled).toBe(1);
	expect(passed.result!.score!.scaled!).toBeGreaterThanOrEqual(au.masteryScore);
	expect(passed.result?.success).toBe(true);
	expect(passed.context?.extensions?.['https://w3id.org/xapi/cmi5/context/extensions/masteryscore']).toBe(
		au.masteryScore
	);
	expect(categories(passed)).toContain(MOVE_ON);
	const completed = au5.find((s) => verb(s) === 'completed')!;
	expect(completed.result?.completion).toBe(true);
	expect(completed.result?.score).toBeUndefined();
	expect(au5.at(-1)!.result?.duration).toMatch(/^PT/);

	// Review, in the same registration: the debrief as it ended, read-only, with only initialized and terminated.
	const review = await lms.launch({ ...au, mode: 'Review', registration: launch.registration });
	await page.goto(review.url);
	await expect(page.getByText('Review: your last attempt as it ended.')).toBeVisible();
	await expect(page.getByRole('heading', { name: /^How it ended/ })).toBeVisible();
	await expect(page.getByRole('button', { name: picks[0]!.choice.text.en })).toHaveCount(0);
	// The way back is at the top, where Review opens, and under its ending.
	await expect(page.getByRole('button', { name: 'Return to course' })).toHaveCount(2);
	await page.getByRole('button', { name: 'Return to course' }).first().click();
	await expect(page.getByRole('heading', { name: 'Back in the course' })).toBeVisible();
	const reviewed = (await lms.statements(launch.registration)).filter(
		(s) => s.context?.extensions?.[SESSION_ID] === review.session && verb(s) !== 'launched'
	);
	expect(reviewed.map(verb)).toEqual(['initialized', 'terminated']);
});

test('a Normal launch below the mastery score is failed, with its score; Browse is practice with no verdict', async ({
	page
}) => {
	const launch = await lms.launch(au);
	await page.goto(launch.url);
	await playThrough(page, (c) => !c.best);
	await expect(page.getByText(/^Sent to your course: not passed, score \d+ out of 100\.$/)).toBeVisible();
	await page.getByRole('button', { name: 'Return to course' }).click();
	await expect(page.getByRole('heading', { name: 'Back in the course' })).toBeVisible();
	const failed = (await lms.statements(launch.registration)).filter((s) =>
		['passed', 'failed'].includes(verb(s))
	);
	expect(failed.map(verb)).toEqual(['failed']);
	expect(failed[0]!.result?.score?.scaled).toBeLessThan(au.masteryScore);
	expect(failed[0]!.result?.success).toBe(false);

	const browse = await lms.launch({ ...au, mode: 'Browse' });
	await page.goto(browse.url);
	await expect(page.getByText('Mode: Practice')).toBeVisible();
	const picks = await playThrough(page, (c) => !!c.best);
	await page.getByRole('button', { name: 'Return to course' }).click();
	await expect(page.getByRole('heading', { name: 'Back in the course' })).toBeVisible();
	const browsed = (await lms.statements(browse.registration)).filter((s) => verb(s) !== 'launched');
	expect(browsed.map(verb)).toEqual(['initialized', ...picks.map(() => 'answered'), 'terminated']);
});

test('leaving the page without "Return to course" sends terminated, once, after what was played', async ({
	page
}) => {
	const launch = await lms.launch(au);
	await page.goto(launch.url);
	const { picks } = pathBy(riceGrit, (c) => !!c.best);
	await page.getByRole('button', { name: picks[0]!.choice.text.en }).click();
	await expect(page.getByRole('button', { name: picks[1]!.choice.text.en })).toBeVisible();
	const sent = async () => (await lms.statements(launch.registration)).filter((s) => verb(s) !== 'launched');
	await expect.poll(async () => (await sent()).map(verb)).toEqual(['initialized', 'answered']);
	// The trainee closes the tab, or the LMS navigates its window away.
	await page.goto(`${lms.base}/return`);
	await expect.poll(async () => (await sent()).map(verb)).toEqual(['initialized', 'answered', 'terminated']);
	const terminated = (await sent()).at(-1)!;
	expect(terminated.context?.extensions?.[SESSION_ID]).toBe(launch.session);
	expect(categories(terminated)).toContain(CMI5);
	expect(terminated.object.id).toBe(launch.activityId);
	expect(terminated.result?.duration).toMatch(/^PT[\d.]+S$/);
});

test.describe('bad launches get a clear page, and nothing is stored', () => {
	const heading = 'This activity could not start from your course';

	async function nothingStored(page: Page, registration?: string) {
		await expect(page.getByText('Nothing was recorded, in your course or on this device.')).toBeVisible();
		await expect(page.getByText(/^Trainee: /)).toHaveCount(0);
		const databases = await page.evaluate(async () => (await indexedDB.databases()).map((d) => d.name));
		expect(databases).toEqual([]);
		if (registration) {
			const sent = (await lms.statements(registration)).filter((s) => verb(s) !== 'launched');
			expect(sent).toEqual([]);
		}
	}

	test('missing launch parameters', async ({ page }) => {
		const launch = await lms.launch(au);
		const url = new URL(launch.url);
		url.searchParams.delete('fetch');
		url.searchParams.delete('registration');
		await page.goto(url.href);
		await expect(page.getByRole('heading', { name: heading })).toBeVisible();
		await expect(page.getByText('The link your course opened is missing fetch, registration.')).toBeVisible();
		await nothingStored(page, launch.registration);
	});

	test('a fetch URL that was already used', async ({ page, browser }) => {
		const launch = await lms.launch(au);
		const first = await browser.newPage();
		await first.goto(launch.url);
		await expect(first.getByText('Trainee: Ada Okafor')).toBeVisible();
		await first.close();
		await page.goto(launch.url);
		await expect(page.getByRole('heading', { name: heading })).toBeVisible();
		await expect(page.getByText('This launch link has already been used')).toBeVisible();
		await nothingStored(page);
	});

	test('a Review launch with no attempt to show', async ({ page }) => {
		const launch = await lms.launch({ ...au, mode: 'Review' });
		await page.goto(launch.url);
		await expect(page.getByRole('heading', { name: heading })).toBeVisible();
		await expect(page.getByText('There is no attempt to review yet.')).toBeVisible();
		const databases = await page.evaluate(async () => (await indexedDB.databases()).map((d) => d.name));
		expect(databases).toEqual([]);
		// The session opened to look is closed again: initialized, terminated, nothing played.
		const sent = (await lms.statements(launch.registration)).filter((s) => verb(s) !== 'launched');
		expect(sent.map(verb)).toEqual(['initialized', 'terminated']);
	});

	test('an LRS that refuses the token', async ({ page }) => {
		const launch = await lms.launch({ ...au, refuseToken: true });
		await page.goto(launch.url);
		await expect(page.getByRole('heading', { name: heading })).toBeVisible();
		await expect(page.getByText("Your course's record store refused this launch's key.")).toBeVisible();
		await nothingStored(page, launch.registration);
	});
});

test('a normal visit downloads neither runtime; a cmi5 launch downloads the cmi5 one only', async ({
	page
}) => {
	const normal = collectScripts(page);
	await page.goto(`${lms.base}/pkg/${au.url}`);
	await expect(page.getByLabel('Your name')).toBeVisible();
	await page.waitForLoadState('networkidle');
	expect(runtimeScripts(normal, 'cmi5')).toEqual([]);
	expect(runtimeScripts(normal, 'scorm')).toEqual([]);

	const launched = await page.context().newPage();
	const scripts = collectScripts(launched);
	await launched.goto((await lms.launch(au)).url);
	await expect(launched.getByText('Trainee: Ada Okafor')).toBeVisible();
	await expect.poll(() => runtimeScripts(scripts, 'cmi5').length).toBeGreaterThan(0);
	expect(runtimeScripts(scripts, 'scorm')).toEqual([]);
});
