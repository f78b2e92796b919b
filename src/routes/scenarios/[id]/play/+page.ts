// Play reads the mode from the URL and the saved attempt from the browser, so it renders on the client.
export const ssr = false;
