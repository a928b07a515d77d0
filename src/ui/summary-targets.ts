/**
 * For tests of rendered form pages: the error summary's links and those that name no element
 * of the page (a link that moves focus nowhere fails people using keyboards and screen readers).
 */
export function summaryTargets(html: string): { hrefs: string[]; missing: string[] } {
  const summary = /<div class="nhsuk-error-summary"[\s\S]*?<\/ul>/.exec(html)?.[0] ?? '';
  const hrefs = [...summary.matchAll(/href="#([^"]*)"/g)].map((m) => m[1] ?? '');
  const ids = new Set([...html.matchAll(/\sid="([^"]*)"/g)].map((m) => m[1]));
  return { hrefs, missing: hrefs.filter((h) => !ids.has(h)) };
}
