import {
  Children,
  Fragment,
  createContext,
  isValidElement,
  useContext,
  type ReactElement,
  type ReactNode,
} from 'react';

/**
 * The one staff table, with the same parts as nhsuk-react-components' Table (`Table.Head`,
 * `Table.Body`, `Table.Row`, `Table.Cell`), so switching a view is a change of import.
 *
 * Why not that Table: on small screens an NHS.UK responsive table hides its header row and shows
 * each cell's heading beside its value, which needs the heading written into every cell. The
 * library collects headings in an effect, which never runs when pages are rendered on the
 * server, so our tables lost their headings at 390 px. Here the headings are read from the head
 * row while rendering and written into every body cell.
 */

interface TableSettings {
  responsive: boolean;
  firstCellIsHeader: boolean;
  headings: readonly ReactNode[];
}

const SettingsContext = createContext<TableSettings>({
  responsive: false,
  firstCellIsHeader: false,
  headings: [],
});
const SectionContext = createContext<'head' | 'body' | 'none'>('none');
const IndexContext = createContext(-1);

type Format = 'numeric';

interface CellProps {
  children?: ReactNode;
  format?: Format;
  className?: string;
  colSpan?: number;
}

type Element = ReactElement<{ children?: ReactNode }>;

/** The elements among `children`, with fragments opened (a helper may return several cells). */
function elements(children: ReactNode): Element[] {
  return (Children.toArray(children).filter(isValidElement) as Element[]).flatMap((child) =>
    child.type === Fragment ? elements(child.props.children) : [child],
  );
}

/** The words of each column, from the cells of the head row. */
function headingsOf(children: ReactNode): ReactNode[] {
  const head = elements(children).find((c) => c.type === TableHead);
  const row = head ? elements(head.props.children).find((c) => c.type === TableRow) : undefined;
  return row ? elements(row.props.children).map((cell) => cell.props.children) : [];
}

function TableRoot({
  caption,
  responsive = false,
  firstCellIsHeader = false,
  className,
  children,
}: {
  caption?: ReactNode;
  responsive?: boolean;
  firstCellIsHeader?: boolean;
  className?: string;
  children?: ReactNode;
}) {
  const classes = ['nhsuk-table', responsive ? 'nhsuk-table--responsive' : null, className]
    .filter(Boolean)
    .join(' ');
  return (
    <SettingsContext.Provider
      value={{ responsive, firstCellIsHeader, headings: responsive ? headingsOf(children) : [] }}
    >
      <table className={classes} role={responsive ? 'table' : undefined}>
        {caption ? <caption className="nhsuk-table__caption">{caption}</caption> : null}
        {children}
      </table>
    </SettingsContext.Provider>
  );
}

function TableHead({ children }: { children?: ReactNode }) {
  const { responsive } = useContext(SettingsContext);
  return (
    <SectionContext.Provider value="head">
      <thead className="nhsuk-table__head" role={responsive ? 'rowgroup' : undefined}>
        {children}
      </thead>
    </SectionContext.Provider>
  );
}

function TableBody({ children }: { children?: ReactNode }) {
  return (
    <SectionContext.Provider value="body">
      <tbody className="nhsuk-table__body">{children}</tbody>
    </SectionContext.Provider>
  );
}

function TableRow({ children, className }: { children?: ReactNode; className?: string }) {
  const { responsive } = useContext(SettingsContext);
  return (
    <tr
      className={className ? `nhsuk-table__row ${className}` : 'nhsuk-table__row'}
      role={responsive ? 'row' : undefined}
    >
      {elements(children).map((cell, i) => (
        <IndexContext.Provider value={i} key={cell.key ?? i}>
          {cell}
        </IndexContext.Provider>
      ))}
    </tr>
  );
}

/** A cell's classes; most cells have only the base class (a caseload page has 360 cells). */
function classNames(base: string, format: Format | undefined, className: string | undefined) {
  if (!format && !className) return base;
  return [base, format ? `${base}--${format}` : null, className].filter(Boolean).join(' ');
}

function TableCell({ children, format, className, colSpan }: CellProps) {
  const { responsive, firstCellIsHeader, headings } = useContext(SettingsContext);
  const section = useContext(SectionContext);
  const index = useContext(IndexContext);
  if (section === 'head') {
    return (
      <th
        className={classNames('nhsuk-table__header', format, className)}
        scope="col"
        role={responsive ? 'columnheader' : undefined}
        colSpan={colSpan}
      >
        {children}
      </th>
    );
  }
  const heading = responsive ? headings[index] : undefined;
  const content =
    heading !== undefined && heading !== null && heading !== '' ? (
      <>
        {/* The name nhsuk-react-components writes (nhsuk-frontend 10 styles it and its newer
            name, nhsuk-table__heading, alike); tests/support/tables.ts strips it by this name. */}
        <span className="nhsuk-table-responsive__heading" aria-hidden="true">
          {heading}{' '}
        </span>
        <span>{children}</span>
      </>
    ) : (
      children
    );
  if (firstCellIsHeader && index === 0)
    return (
      <th
        className={classNames('nhsuk-table__header', undefined, className)}
        scope="row"
        role={responsive ? 'rowheader' : undefined}
        colSpan={colSpan}
      >
        {content}
      </th>
    );
  return (
    <td
      className={classNames('nhsuk-table__cell', format, className)}
      role={responsive ? 'cell' : undefined}
      colSpan={colSpan}
    >
      {content}
    </td>
  );
}

export const Table = Object.assign(TableRoot, {
  Head: TableHead,
  Body: TableBody,
  Row: TableRow,
  Cell: TableCell,
});
