import type { ReactNode } from 'react';

/** A column heading: its words, and `numeric` for right-aligned figures. */
export type TableHeading = string | { text: string; format?: 'numeric'; visuallyHidden?: boolean };

export interface TableRow {
  key: string;
  cells: readonly ReactNode[];
}

const headingText = (h: TableHeading) => (typeof h === 'string' ? h : h.text);
const headingFormat = (h: TableHeading | undefined) =>
  h !== undefined && typeof h !== 'string' ? h.format : undefined;

/**
 * The one staff table. On small screens NHS.UK responsive tables hide the header row and show
 * each cell's heading beside its value; that needs the heading written into every cell, which the
 * nhsuk-react-components Table only does in the browser after hydration (its headings are
 * collected in an effect), so server-rendered pages lost them. Here the headings are known up
 * front and written into every cell on the server.
 */
export function ResponsiveTable({
  caption,
  headings,
  rows,
  firstCellIsHeader = false,
  className,
}: {
  caption?: ReactNode;
  headings: readonly TableHeading[];
  rows: readonly TableRow[];
  /** The first cell names the row (a person, a date): a row header for screen readers. */
  firstCellIsHeader?: boolean;
  className?: string;
}) {
  return (
    <table
      className={`nhsuk-table nhsuk-table--responsive${className ? ` ${className}` : ''}`}
      role="table"
    >
      {caption ? <caption className="nhsuk-table__caption">{caption}</caption> : null}
      <thead className="nhsuk-table__head" role="rowgroup">
        <tr className="nhsuk-table__row" role="row">
          {headings.map((h, i) => {
            const format = headingFormat(h);
            const text = headingText(h);
            return (
              <th
                key={i}
                className={`nhsuk-table__header${format ? ` nhsuk-table__header--${format}` : ''}`}
                scope="col"
                role="columnheader"
              >
                {typeof h !== 'string' && h.visuallyHidden ? (
                  <span className="nhsuk-u-visually-hidden">{text}</span>
                ) : (
                  text
                )}
              </th>
            );
          })}
        </tr>
      </thead>
      <tbody className="nhsuk-table__body">
        {rows.map((row) => (
          <tr className="nhsuk-table__row" role="row" key={row.key}>
            {row.cells.map((cell, i) => {
              const heading = headings[i];
              const format = headingFormat(heading);
              const content = (
                <>
                  {heading !== undefined ? (
                    // Both class names: nhsuk-frontend 10 styles `nhsuk-table__heading`, and
                    // `nhsuk-table-responsive__heading` is the older name it still styles.
                    <span
                      className="nhsuk-table__heading nhsuk-table-responsive__heading"
                      aria-hidden="true"
                    >
                      {headingText(heading)}{' '}
                    </span>
                  ) : null}
                  <span>{cell}</span>
                </>
              );
              if (firstCellIsHeader && i === 0)
                return (
                  <th key={i} className="nhsuk-table__header" scope="row" role="rowheader">
                    {content}
                  </th>
                );
              return (
                <td
                  key={i}
                  className={`nhsuk-table__cell${format ? ` nhsuk-table__cell--${format}` : ''}`}
                  role="cell"
                >
                  {content}
                </td>
              );
            })}
          </tr>
        ))}
      </tbody>
    </table>
  );
}
