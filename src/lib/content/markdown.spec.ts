import { describe, expect, it } from 'vitest';
import { renderMarkdown } from './markdown';

describe('renderMarkdown', () => {
	it('renders the Markdown a case reading uses', () => {
		expect(renderMarkdown('## Facts\n\n- **1931**: a rice shop\n\n[more](https://example.org)')).toBe(
			'<h2>Facts</h2>\n<ul>\n<li><strong>1931</strong>: a rice shop</li>\n</ul>\n<p><a href="https://example.org">more</a></p>\n'
		);
	});

	it('shows raw HTML as text, so no script or handler reaches the page', () => {
		const html = renderMarkdown('Hello <script>alert(1)</script>\n\n<img src=x onerror="alert(2)">');
		expect(html).not.toMatch(/<script|<img/);
		expect(html).toContain('&lt;script&gt;');
	});

	it('drops javascript: links but keeps their text', () => {
		const html = renderMarkdown('[click](javascript:alert(1)) and ![x](javascript:alert(2))');
		expect(html).not.toContain('javascript:');
		expect(html).toContain('click');
	});
});
