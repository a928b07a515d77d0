import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import matter from 'gray-matter';
import { Marked, type Tokens } from 'marked';

export interface ContentPage {
  slug: string;
  title: string;
  description: string;
  order: number;
  html: string;
}

function escapeHtml(s: string): string {
  return s.replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] ?? c,
  );
}

// Content is edited by the service, not by developers: raw HTML is shown as text, never run,
// and links may only go to our own pages, https, tel: or sms:.
const marked = new Marked({
  gfm: true,
  renderer: {
    html(token: Tokens.HTML | Tokens.Tag) {
      return escapeHtml(token.text);
    },
    link(this: { parser: { parseInline(tokens: Tokens.Generic[]): string } }, token: Tokens.Link) {
      const text = this.parser.parseInline(token.tokens);
      const href = token.href;
      if (!/^(\/(?!\/)|https:\/\/|tel:|sms:|mailto:|#)/.test(href)) return text;
      return `<a href="${escapeHtml(href)}">${text}</a>`;
    },
  },
});

export function parseContentPage(slug: string, source: string): ContentPage {
  const { data, content } = matter(source);
  const title = typeof data.title === 'string' ? data.title : slug;
  return {
    slug,
    title,
    description: typeof data.description === 'string' ? data.description : '',
    order: typeof data.order === 'number' ? data.order : 999,
    html: marked.parse(content, { async: false }),
  };
}

export function loadContentPages(dir: string): Map<string, ContentPage> {
  const pages = new Map<string, ContentPage>();
  for (const file of readdirSync(dir)) {
    if (!file.endsWith('.md')) continue;
    const slug = file.slice(0, -3);
    pages.set(slug, parseContentPage(slug, readFileSync(join(dir, file), 'utf8')));
  }
  return pages;
}
