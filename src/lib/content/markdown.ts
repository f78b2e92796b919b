// Markdown to HTML at build time only: marked never ships to the browser.
import { Marked } from 'marked';

const escapeHtml = (text: string) =>
	text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');

const SAFE_URL = /^(https?:|mailto:|\/|#|\.\/|\.\.\/|[^:]*$)/i;

// Raw HTML in the source is shown as text, and only plain links are kept: the output needs no further sanitising.
const marked = new Marked({
	gfm: true,
	renderer: {
		html: ({ text }) => escapeHtml(text),
		link({ href, title, tokens }) {
			const label = this.parser.parseInline(tokens);
			if (!SAFE_URL.test(href)) return label;
			return `<a href="${escapeHtml(href)}"${title ? ` title="${escapeHtml(title)}"` : ''}>${label}</a>`;
		},
		image: ({ text }) => escapeHtml(text)
	}
});

export function renderMarkdown(source: string): string {
	return marked.parse(source, { async: false });
}
