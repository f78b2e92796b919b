// The classifier's cue data for both languages, prerendered: the play page fetches it only when a trainee types a reply.
import { json } from '@sveltejs/kit';
import { cueSet } from '$lib/server/cues';

export const prerender = true;

export const GET = () => json(cueSet());
