import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { Table } from './ResponsiveTable';

const COLUMNS = ['Name', 'Measures', 'Next'];

function render(responsive: boolean, firstCellIsHeader = false): string {
  return renderToStaticMarkup(
    <Table caption="People" responsive={responsive} firstCellIsHeader={firstCellIsHeader}>
      <Table.Head>
        <Table.Row>
          {COLUMNS.map((c) => (
            <Table.Cell key={c}>{c}</Table.Cell>
          ))}
        </Table.Row>
      </Table.Head>
      <Table.Body>
        {['Ada', 'Bo'].map((name) => (
          <Table.Row key={name}>
            <Table.Cell>
              <a href={`/x/${name}`}>{name}</a>
            </Table.Cell>
            {/* Cells a helper returns together, as a fragment. */}
            <>
              <Table.Cell format="numeric">12</Table.Cell>
              {null}
            </>
            <Table.Cell>Monday</Table.Cell>
          </Table.Row>
        ))}
      </Table.Body>
    </Table>,
  );
}

describe('the shared table', () => {
  it('writes each column heading into every body cell of a responsive table, on the server', () => {
    const html = render(true);
    const headings = [
      ...html.matchAll(/<span class="nhsuk-table-responsive__heading"[^>]*>([^<]*)</g),
    ].map((m) => m[1]?.trim());
    expect(headings).toEqual([...COLUMNS, ...COLUMNS]);
    expect(html).toContain('class="nhsuk-table nhsuk-table--responsive" role="table"');
    expect(html).toContain(
      '<th class="nhsuk-table__header" scope="col" role="columnheader">Name</th>',
    );
    expect(html).toContain('<td class="nhsuk-table__cell nhsuk-table__cell--numeric" role="cell">');
    // Headings are for sighted readers on small screens; screen readers have the header row.
    expect(html).toContain('aria-hidden="true"');
  });

  it('marks the first cell as the row header when asked', () => {
    const html = render(true, true);
    expect(html).toContain('<th class="nhsuk-table__header" scope="row" role="rowheader">');
  });

  it('leaves a table that is not responsive as a plain NHS table', () => {
    const html = render(false);
    expect(html).not.toContain('nhsuk-table-responsive__heading');
    expect(html).not.toContain('role=');
    expect(html).toContain('<caption class="nhsuk-table__caption">People</caption>');
  });
});
