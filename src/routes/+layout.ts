// Every page is static: content is compiled in at build time.
export const prerender = true;
// Every page is a folder with an index.html, which any static host serves for '/zh/' or '/history/' as it is.
export const trailingSlash = 'always';
