import { exercises } from '$lib/exercises/load.server';

export const load = () => ({ exercise: exercises().isThisService });
