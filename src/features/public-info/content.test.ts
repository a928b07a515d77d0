import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadContentPages, parseContentPage } from './content';

describe('content pages', () => {
  it('reads front matter and renders Markdown', () => {
    const page = parseContentPage(
      'x',
      '---\ntitle: Hello\ndescription: A page\norder: 2\n---\n## Heading\n\nSome *text*.',
    );
    expect(page).toMatchObject({ slug: 'x', title: 'Hello', description: 'A page', order: 2 });
    expect(page.html).toContain('<h2');
    expect(page.html).toContain('<em>text</em>');
  });
  it('shows raw HTML as text, never as markup', () => {
    const page = parseContentPage(
      'x',
      '---\ntitle: T\n---\n<script>alert(1)</script>\n\nHi <b>there</b>',
    );
    expect(page.html).not.toContain('<script>');
    expect(page.html).toContain('&lt;script&gt;');
  });
  it('drops links to other sites over http or javascript', () => {
    const page = parseContentPage(
      'x',
      '---\ntitle: T\n---\n[a](javascript:alert(1)) [b](http://x.example) [c](/ipt) [d](tel:111)',
    );
    expect(page.html).not.toContain('javascript:');
    expect(page.html).not.toContain('http://x.example');
    expect(page.html).toContain('href="/ipt"');
    expect(page.html).toContain('href="tel:111"');
  });
  it('ships every page the site links to', () => {
    const pages = loadContentPages(resolve(__dirname, '../../../content/pages'));
    for (const slug of [
      'what-is-ipt',
      'treatment',
      'preparing',
      'video-sessions',
      'how-its-offered',
      'who-delivers-it',
      'faqs',
      'after-treatment',
      'urgent-help',
      'accessibility',
      'privacy',
    ]) {
      expect(pages.get(slug)?.title, slug).toBeTruthy();
    }
    expect(pages.get('urgent-help')?.html).toContain('116 123');
    expect(pages.get('urgent-help')?.html).toContain('85258');
  });
});
