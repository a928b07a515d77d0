import { Button, Select } from 'nhsuk-react-components';
import { Table } from '../../../ui/ResponsiveTable';
import { QUEUE_FILTERS, type QueueFilter } from '../triage.forms';
import type { QueueRow } from '../triage.service';
import { STATUS_LABELS } from '../referral-labels';
import { QUEUE_LIMIT } from '../triage.repository';
import { daysText } from '../waiting';
import { londonDate, StatusTag, UrgentTag } from './ReferralTags';

function filterLabel(filter: QueueFilter): string {
  if (filter === 'open') return 'Waiting for triage or assessment';
  if (filter === 'all') return 'All referrals';
  return STATUS_LABELS[filter];
}

export function ReferralQueuePage({ filter, rows }: { filter: QueueFilter; rows: QueueRow[] }) {
  return (
    <>
      <h1>Referrals</h1>
      <p>Urgent referrals come first, then the people who have waited longest.</p>
      <form method="get" action="/staff/referrals" noValidate>
        <Select id="status" name="status" label="Show" defaultValue={filter}>
          {QUEUE_FILTERS.map((f) => (
            <Select.Option key={f} value={f}>
              {filterLabel(f)}
            </Select.Option>
          ))}
        </Select>
        <Button type="submit" secondary>
          Apply filter
        </Button>
      </form>
      {rows.length >= QUEUE_LIMIT ? (
        <p>
          <strong>Showing the first {QUEUE_LIMIT} referrals.</strong> Choose a status to see the
          rest.
        </p>
      ) : null}
      {rows.length === 0 ? (
        <p>There are no referrals to show.</p>
      ) : (
        <Table
          caption={`${filterLabel(filter)}: ${rows.length} ${rows.length === 1 ? 'referral' : 'referrals'}`}
          responsive
        >
          <Table.Head>
            <Table.Row>
              <Table.Cell>Name and reference</Table.Cell>
              <Table.Cell>Received</Table.Cell>
              <Table.Cell>Waiting</Table.Cell>
              <Table.Cell>Urgency</Table.Cell>
              <Table.Cell>Status</Table.Cell>
              <Table.Cell>Open risk alerts</Table.Cell>
            </Table.Row>
          </Table.Head>
          <Table.Body>
            {rows.map((r) => (
              <Table.Row key={r.id}>
                <Table.Cell>
                  <a href={`/staff/referrals/${r.id}`}>
                    {r.givenName} {r.familyName}
                  </a>
                  <br />
                  <span className="nhsuk-body-s">{r.reference}</span>
                </Table.Cell>
                <Table.Cell>{londonDate(r.receivedAt)}</Table.Cell>
                <Table.Cell>
                  {r.daysWaiting === null ? STATUS_LABELS[r.status] : daysText(r.daysWaiting)}
                </Table.Cell>
                <Table.Cell>{r.urgent ? <UrgentTag /> : 'Routine'}</Table.Cell>
                <Table.Cell>
                  <StatusTag status={r.status} />
                </Table.Cell>
                <Table.Cell>{r.openAlerts > 0 ? r.openAlerts : 'None'}</Table.Cell>
              </Table.Row>
            ))}
          </Table.Body>
        </Table>
      )}
    </>
  );
}
