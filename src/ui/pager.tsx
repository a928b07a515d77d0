/** NHS.UK pagination ("Previous" / "Next") for a list read `limit` rows at a time from `offset`. */
export function Pager({
  base,
  offset,
  limit,
  total,
}: {
  base: string;
  offset: number;
  limit: number;
  total: number;
}) {
  if (offset === 0 && offset + limit >= total) return null;
  const sep = base.includes('?') ? '&' : '?';
  return (
    <nav className="nhsuk-pagination" role="navigation" aria-label="Pagination">
      <ul className="nhsuk-list nhsuk-pagination__list">
        {offset > 0 ? (
          <li className="nhsuk-pagination-item--previous">
            <a
              className="nhsuk-pagination__link nhsuk-pagination__link--prev"
              href={`${base}${sep}offset=${Math.max(0, offset - limit)}`}
            >
              <span className="nhsuk-pagination__title">Previous</span>
            </a>
          </li>
        ) : null}
        {offset + limit < total ? (
          <li className="nhsuk-pagination-item--next">
            <a
              className="nhsuk-pagination__link nhsuk-pagination__link--next"
              href={`${base}${sep}offset=${offset + limit}`}
            >
              <span className="nhsuk-pagination__title">Next</span>
            </a>
          </li>
        ) : null}
      </ul>
    </nav>
  );
}

/** The `offset` query value of a paged list: a whole number, anything else means the first page. */
export function offsetFrom(query: { offset?: string }): number {
  const n = Number(query.offset ?? 0);
  return Number.isInteger(n) && n >= 0 && n < 1_000_000 ? n : 0;
}
