import { textOf } from './client';

/**
 * The rows of the table with this caption, each as its cells' text. The headings that responsive
 * NHS tables repeat inside each cell (hidden from screen readers) are left out.
 */
export function tableRows(html: string, caption: string): string[][] {
  const tables = html.match(/<table[\s\S]*?<\/table>/g) ?? [];
  const table = tables.find((t) => {
    const c = /<caption[^>]*>([\s\S]*?)<\/caption>/.exec(t);
    return c ? textOf(c[1]!).trim() === caption : false;
  });
  if (!table) throw new Error(`No table with the caption "${caption}"`);
  const body = /<tbody[^>]*>([\s\S]*?)<\/tbody>/.exec(table)?.[1] ?? '';
  return (body.match(/<tr[\s\S]*?<\/tr>/g) ?? []).map((row) =>
    (row.match(/<t[hd][\s\S]*?<\/t[hd]>/g) ?? []).map((cell) =>
      textOf(cell.replace(/<span class="nhsuk-table-responsive__heading"[\s\S]*?<\/span>/g, ''))
        .replace(/\s+/g, ' ')
        .trim(),
    ),
  );
}
