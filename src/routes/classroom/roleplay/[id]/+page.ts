// The setup form is useless before the page runs, so it renders in the browser only.
export const ssr = false;
