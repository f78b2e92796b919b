// The attempts live in this browser, so the page renders on the client.
export const ssr = false;
