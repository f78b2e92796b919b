// The two course descriptions an LMS imports: cmi5.xml (cmi5) and imsmanifest.xml (SCORM 1.2).
import type { Rubric, Scenario } from '../../../src/lib/engine/schema';
import { masteryScore } from '../../../src/lib/engine/lms/score';

export const COURSE_TITLE = { en: 'Service Role-Play', zh: '客户服务情景演练' };
export const COURSE_SUMMARY = {
	en: 'Customer-service role-plays scored for communication style, 3F and LAST, with a debrief.',
	zh: '客户服务情景演练：按沟通风格、3F 和 LAST 评分，并附讲评。'
};

/** Where the package launches a scenario: its play page, as a file (an LMS serves files, not folders). */
export const launchPath = (id: string) => `scenarios/${id}/play/index.html`;
/** The AU's publisher id: an IRI under the course id. */
export const auId = (course: string, id: string) => `${course}/scenarios/${id}`;

const esc = (s: string) =>
	s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
const langstrings = (text: { en: string; zh: string }, indent: string) =>
	`${indent}<langstring lang="en">${esc(text.en)}</langstring>\n${indent}<langstring lang="zh-CN">${esc(text.zh)}</langstring>`;

export interface PackageScenario {
	scenario: Scenario;
	rubrics: Rubric[];
}

export function cmi5Xml(course: string, items: readonly PackageScenario[]): string {
	const aus = items.map(({ scenario, rubrics }) =>
		[
			`\t<au id="${esc(auId(course, scenario.id))}" moveOn="CompletedAndPassed" masteryScore="${masteryScore(scenario, rubrics)}" launchMethod="AnyWindow">`,
			`\t\t<title>\n${langstrings(scenario.title, '\t\t\t')}\n\t\t</title>`,
			`\t\t<description>\n${langstrings(scenario.summary, '\t\t\t')}\n\t\t</description>`,
			`\t\t<url>${esc(launchPath(scenario.id))}</url>`,
			`\t</au>`
		].join('\n')
	);
	return [
		'<?xml version="1.0" encoding="utf-8"?>',
		'<courseStructure xmlns="https://w3id.org/xapi/profiles/cmi5/v1/CourseStructure.xsd">',
		`\t<course id="${esc(course)}">`,
		`\t\t<title>\n${langstrings(COURSE_TITLE, '\t\t\t')}\n\t\t</title>`,
		`\t\t<description>\n${langstrings(COURSE_SUMMARY, '\t\t\t')}\n\t\t</description>`,
		'\t</course>',
		...aus,
		'</courseStructure>',
		''
	].join('\n');
}

/** xs:ID: a letter first, then letters, digits, dots, dashes and underscores. */
const xmlId = (prefix: string, id: string) => `${prefix}-${id.replace(/[^A-Za-z0-9._-]/g, '_')}`;

/**
 * SCORM 1.2: one SCO per scenario, each launching its play page in assessment mode, and one asset resource with
 * every file of the app, which each SCO depends on. No adlcp:masteryscore: the SCO sets passed or failed itself
 * by the scenario's own rule, and a mastery score would let the LMS override it with a rule of its own.
 */
export function scormManifest(items: readonly PackageScenario[], files: readonly string[]): string {
	const title = `${COURSE_TITLE.en} · ${COURSE_TITLE.zh}`;
	const one = items.length === 1 ? items[0]!.scenario : undefined;
	const entries = items.map(({ scenario }) =>
		[
			`\t\t\t<item identifier="${xmlId('item', scenario.id)}" identifierref="${xmlId('sco', scenario.id)}" isvisible="true" parameters="?mode=assessment">`,
			`\t\t\t\t<title>${esc(`${scenario.title.en} · ${scenario.title.zh}`)}</title>`,
			`\t\t\t</item>`
		].join('\n')
	);
	const scos = items.map(({ scenario }) =>
		[
			`\t\t<resource identifier="${xmlId('sco', scenario.id)}" type="webcontent" adlcp:scormtype="sco" href="${esc(launchPath(scenario.id))}">`,
			`\t\t\t<file href="${esc(launchPath(scenario.id))}"/>`,
			`\t\t\t<dependency identifierref="app"/>`,
			`\t\t</resource>`
		].join('\n')
	);
	return [
		'<?xml version="1.0" encoding="UTF-8"?>',
		`<manifest identifier="${xmlId('manifest', one ? one.id : 'service-roleplay')}" version="1.0"`,
		'\txmlns="http://www.imsproject.org/xsd/imscp_rootv1p1p2"',
		'\txmlns:adlcp="http://www.adlnet.org/xsd/adlcp_rootv1p2"',
		'\txmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"',
		'\txsi:schemaLocation="http://www.imsproject.org/xsd/imscp_rootv1p1p2 imscp_rootv1p1p2.xsd http://www.adlnet.org/xsd/adlcp_rootv1p2 adlcp_rootv1p2.xsd">',
		'\t<metadata>',
		'\t\t<schema>ADL SCORM</schema>',
		'\t\t<schemaversion>1.2</schemaversion>',
		'\t</metadata>',
		'\t<organizations default="org">',
		'\t\t<organization identifier="org">',
		`\t\t\t<title>${esc(one ? `${one.title.en} · ${one.title.zh}` : title)}</title>`,
		...entries,
		'\t\t</organization>',
		'\t</organizations>',
		'\t<resources>',
		...scos,
		'\t\t<resource identifier="app" type="webcontent" adlcp:scormtype="asset">',
		...files.map((f) => `\t\t\t<file href="${esc(f)}"/>`),
		'\t\t</resource>',
		'\t</resources>',
		'</manifest>',
		''
	].join('\n');
}
