// The engine's public face: content in, machines, transcripts and scores out. No Svelte, no DOM.
export * from './schema';
export * from './transcript';
export * from './compile';
export * from './play';
export * from './scoring';
export * from './conversation';
export { validateScenario, validateRubric, formatError, ContentErrors, type ContentError } from './validate';
export * from './observe';
export * from './debrief';
export * from './verdict';
export * from './order';
