import { Table } from '../../../ui/ResponsiveTable';
import type { WaitingRow } from '../triage.service';
import { daysText } from '../waiting';
import { londonDate, UrgentTag, WaitTag } from './ReferralTags';

export interface WaitingListPageProps {
  rows: WaitingRow[];
  /** Service managers and supervisors allocate courses from the list. */
  canAllocate: boolean;
}

export function WaitingListPage({ rows, canAllocate }: WaitingListPageProps) {
  return (
    <>
      <h1>IPT waiting list</h1>
      <p>
        People offered interpersonal therapy who have not started yet: urgent referrals first, then
        the longest waiting. Waits count from the day the referral arrived. The standards are 6
        weeks (42 days) and 18 weeks (126 days).
      </p>
      {rows.length === 0 ? (
        <p>Nobody is waiting for IPT.</p>
      ) : (
        <Table
          caption={`${rows.length} ${rows.length === 1 ? 'person' : 'people'} waiting for IPT`}
          responsive
        >
          <Table.Head>
            <Table.Row>
              <Table.Cell>Name and reference</Table.Cell>
              <Table.Cell>Referral received</Table.Cell>
              <Table.Cell>Offered IPT</Table.Cell>
              <Table.Cell>Waiting</Table.Cell>
              <Table.Cell>Against the standards</Table.Cell>
              <Table.Cell>Responsible clinician</Table.Cell>
              {canAllocate ? <Table.Cell>Action</Table.Cell> : null}
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
                  {r.urgent ? (
                    <>
                      {' '}
                      <UrgentTag />
                    </>
                  ) : null}
                </Table.Cell>
                <Table.Cell>{londonDate(r.receivedAt)}</Table.Cell>
                <Table.Cell>{r.decidedAt ? londonDate(r.decidedAt) : ''}</Table.Cell>
                <Table.Cell>{daysText(r.daysWaiting)}</Table.Cell>
                <Table.Cell>
                  <WaitTag days={r.daysWaiting} />
                </Table.Cell>
                <Table.Cell>{r.clinicianName ?? 'None yet'}</Table.Cell>
                {canAllocate ? (
                  <Table.Cell>
                    {r.patientId ? (
                      <a href={`/courses/allocate/${r.id}`}>
                        Allocate
                        <span className="nhsuk-u-visually-hidden">
                          {' '}
                          {r.givenName} {r.familyName} to a therapist
                        </span>
                      </a>
                    ) : (
                      'Needs a patient record first'
                    )}
                  </Table.Cell>
                ) : null}
              </Table.Row>
            ))}
          </Table.Body>
        </Table>
      )}
    </>
  );
}
