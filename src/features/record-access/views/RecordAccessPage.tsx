import { Table } from 'nhsuk-react-components';
import { formatLondonDateTime } from '../../../domain/calendar';
import { Pager } from '../../../ui/pager';
import type { RecordAccessEntry } from '../record-access.service';

export interface RecordAccessPageProps {
  /** The patient's own page, or a service manager's view of one patient. */
  own: boolean;
  patientName: string;
  entries: RecordAccessEntry[];
  total: number;
  offset: number;
  limit: number;
  pagerBase: string;
}

export function RecordAccessPage(props: RecordAccessPageProps) {
  const { own, patientName, entries, total, offset, limit, pagerBase } = props;
  return (
    <>
      <h1>{own ? 'Who has viewed your record' : `Who has viewed ${patientName}’s record`}</h1>
      {own ? (
        <>
          <p>
            This is every time a member of our staff, or another system connected to ours (such as
            your GP’s), opened your record or saw your details, newest first. It includes lists that
            showed your name, such as a list of referrals.
          </p>
          <p>
            Staff look at your record to arrange and give your care. If you see something you do not
            expect, please contact us and we will look into it.
          </p>
        </>
      ) : (
        <p>
          Every time a member of staff opened this record or saw it on a list, newest first, as the
          patient sees it. The patient’s own looks are not listed. Your look at this page is added
          to the list.
        </p>
      )}
      {entries.length === 0 ? (
        <p>
          {own ? 'No member of staff has viewed your record yet.' : 'No one has viewed it yet.'}
        </p>
      ) : (
        <Table responsive>
          <Table.Head>
            <Table.Row>
              <Table.Cell>When</Table.Cell>
              <Table.Cell>Who</Table.Cell>
              <Table.Cell>Their role</Table.Cell>
              <Table.Cell>What they did</Table.Cell>
            </Table.Row>
          </Table.Head>
          <Table.Body>
            {entries.map((e, i) => (
              <Table.Row key={`${e.at.toISOString()}-${String(i)}`}>
                <Table.Cell>{formatLondonDateTime(e.at)}</Table.Cell>
                <Table.Cell>{e.who}</Table.Cell>
                <Table.Cell>{e.role}</Table.Cell>
                <Table.Cell>{e.what}</Table.Cell>
              </Table.Row>
            ))}
          </Table.Body>
        </Table>
      )}
      {total > 0 ? (
        <p>
          Showing {offset + 1} to {Math.min(offset + limit, total)} of {total}.
        </p>
      ) : null}
      <Pager base={pagerBase} offset={offset} limit={limit} total={total} />
    </>
  );
}
