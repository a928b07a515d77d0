import { describe, expect, it } from 'vitest';
import { plainText, renderMarkdown } from './markdown';

describe('community Markdown', () => {
  it('renders emphasis, lists and safe links', () => {
    const html = renderMarkdown('**Hello** _you_\n\n- one\n- two\n\n[NHS](https://www.nhs.uk)');
    expect(html).toContain('<strong>Hello</strong>');
    expect(html).toContain('<em>you</em>');
    expect(html).toContain('<li>one</li>');
    expect(html).toContain(
      '<a href="https://www.nhs.uk" rel="nofollow noopener noreferrer ugc">NHS</a>',
    );
  });

  it('shows raw HTML as text, never as markup', () => {
    const html = renderMarkdown('<script>alert(1)</script>\n\n<b onclick="x()">bold</b>');
    // Escaped: the attribute is visible text inside an escaped tag, not an attribute.
    expect(html).not.toMatch(/<script|<b[ >]/);
    expect(html).toContain('&lt;script&gt;');
    expect(html).toContain('&lt;b onclick');
  });

  it('drops unsafe link schemes', () => {
    for (const href of [
      'javascript:alert(1)',
      'data:text/html,hi',
      'vbscript:x',
      '//evil.example/x',
    ]) {
      const html = renderMarkdown(`[click](${href})`);
      expect(html, href).not.toContain(`href="${href}`);
    }
  });

  it('shows no images from anywhere', () => {
    const html = renderMarkdown('![a tracker](https://evil.example/pixel.gif)');
    expect(html).not.toContain('<img');
    expect(html).not.toContain('evil.example');
    expect(html).toContain('a tracker');
  });

  it('gives plain text for previews', () => {
    expect(plainText('**Hi** <i>there</i>')).toBe('Hi &lt;i&gt;there&lt;/i&gt;');
  });
});
