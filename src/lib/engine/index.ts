// The engine's public face: content in, machines, transcripts and scores out. No Svelte, no DOM.
export * from './schema';
export * from './transcript';
export * from './compile';
export * from './play';
export * from './scoring';
export * from './conversation';
// Validation is not re-exported: it brings valibot, which only the build and the tools need ('./validate').
export * from './observe';
export * from './debrief';
export * from './verdict';
export * from './order';
