// A class's LRS as the instructor configured it: stored in the instructor's settings, behind the passcode.
import { progress } from '$lib/session/progress.svelte';
import {
	basicAuth,
	joinFragment,
	normaliseEndpoint,
	XAPI_VERSIONS,
	type XapiVersion
} from '$lib/session/lrs/connection';

export interface ClassLrs {
	endpoint: string;
	key: string;
	secret: string;
	version: XapiVersion;
	/** A second key the dashboard reads with, when the trainees' key may only write. */
	readKey?: string;
	readSecret?: string;
}

const settingOf = (classId: string) => `classLrs:${classId}`;
export const cursorOf = (classId: string) => `classLrsSince:${classId}`;

const text = (v: unknown) => (typeof v === 'string' ? v : '');

function parse(value: unknown): ClassLrs | undefined {
	const v = value as Record<string, unknown> | undefined;
	const endpoint = normaliseEndpoint(text(v?.endpoint));
	const version = XAPI_VERSIONS.find((x) => x === v?.version) ?? '1.0.3';
	if (!endpoint || !text(v?.key)) return undefined;
	return {
		endpoint,
		key: text(v!.key),
		secret: text(v!.secret),
		version,
		...(text(v!.readKey) ? { readKey: text(v!.readKey), readSecret: text(v!.readSecret) } : {})
	};
}

export async function readClassLrs(classId: string): Promise<ClassLrs | undefined> {
	const store = await progress.ready();
	return parse(await store.settings.get(settingOf(classId)));
}

export type ConfigProblem = 'endpoint' | 'key';

/** Checks and stores the form; undefined removes the class's LRS. */
export async function saveClassLrs(
	classId: string,
	config: ClassLrs | undefined
): Promise<ConfigProblem | undefined> {
	if (config) {
		if (!normaliseEndpoint(config.endpoint)) return 'endpoint';
		if (!config.key.trim()) return 'key';
	}
	const clean = config && parse({ ...config, key: config.key.trim(), readKey: config.readKey?.trim() });
	await progress.write(async (store) => {
		await store.settings.set(settingOf(classId), clean);
		// Another LRS: the next refresh reads it from the start.
		await store.settings.set(cursorOf(classId), undefined);
	});
	return undefined;
}

/** The trainees' target: the class key, which the join link carries. */
export const writeTarget = (c: ClassLrs) => ({
	endpoint: normaliseEndpoint(c.endpoint)!,
	auth: basicAuth(c.key, c.secret),
	version: c.version
});

/** The dashboard's target: the read key if there is one. */
export const readTarget = (c: ClassLrs) => ({
	...writeTarget(c),
	...(c.readKey ? { auth: basicAuth(c.readKey, c.readSecret ?? '') } : {})
});

/** The join link: the app's join page, with the class and the LRS in its fragment. */
export function joinLink(pageHref: string, klass: { id: string; name: string }, c: ClassLrs): string {
	const target = writeTarget(c);
	return (
		new URL(pageHref, location.href).href +
		joinFragment({ classId: klass.id, className: klass.name, ...target })
	);
}
