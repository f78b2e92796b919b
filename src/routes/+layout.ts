// Every page is static: content is compiled in at build time.
export const prerender = true;
export const trailingSlash = 'never';
