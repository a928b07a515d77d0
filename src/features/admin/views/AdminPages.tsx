import { DateRangeFields } from '../../../ui/DateRangeFields';
import { Button, Table, Tag } from 'nhsuk-react-components';
import type { OutboxStatus } from '../../../db/schema';
import { CheckboxesField, TextField } from '../../../ui/fields';
import { CsrfField, ErrorSummaryBox, type FieldError } from '../../../ui/forms';
import { roleName } from '../../auth';
import type { AuditRow } from '../admin.repository';
import type { AuditFilterValues, InviteValues } from '../admin.forms';

const dateTime = new Intl.DateTimeFormat('en-GB', {
  dateStyle: 'medium',
  timeStyle: 'short',
  timeZone: 'Europe/London',
});

export function formatDateTime(d: Date | null): string {
  return d ? dateTime.format(d) : '';
}

function Pager({
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

export interface AuditPageProps {
  values: AuditFilterValues;
  errors: FieldError[];
  rows: AuditRow[];
  total: number;
  offset: number;
  limit: number;
  pagerBase: string;
}

export function AuditPage({
  values,
  errors,
  rows,
  total,
  offset,
  limit,
  pagerBase,
}: AuditPageProps) {
  return (
    <>
      <ErrorSummaryBox errors={errors} />
      <h1>Audit log</h1>
      <p>Every sign-in, and every time someone looks at or changes a patient’s record.</p>
      <form method="get" action="/admin/audit" noValidate>
        <TextField form={{ values, errors }} name="user" label="User (email address)" width={30} />
        <TextField
          form={{ values, errors }}
          name="patient"
          label="Patient record number"
          hint="Shown on the patient’s record page"
          width={30}
        />
        <DateRangeFields
          values={values}
          errors={errors}
          from={{ legend: 'From date', hint: 'For example, 27 3 2026' }}
          to={{ legend: 'To date', hint: 'Includes the whole of this day' }}
        />
        <Button type="submit">Search</Button>
      </form>
      <h2>
        {total} {total === 1 ? 'entry' : 'entries'}
      </h2>
      {rows.length > 0 ? (
        <Table responsive>
          <Table.Head>
            <Table.Row>
              <Table.Cell>When</Table.Cell>
              <Table.Cell>Who</Table.Cell>
              <Table.Cell>Action</Table.Cell>
              <Table.Cell>Patient</Table.Cell>
              <Table.Cell>Outcome</Table.Cell>
              <Table.Cell>From</Table.Cell>
            </Table.Row>
          </Table.Head>
          <Table.Body>
            {rows.map((r) => (
              <Table.Row key={r.id}>
                <Table.Cell>{formatDateTime(r.at)}</Table.Cell>
                <Table.Cell>
                  {r.userName ?? 'Not signed in'}
                  {r.role ? ` (${r.role.split(',').map(roleName).join(', ')})` : ''}
                </Table.Cell>
                <Table.Cell>
                  {r.action}
                  {r.reason ? ` – ${r.reason}` : ''}
                </Table.Cell>
                <Table.Cell>
                  {r.patientId ? (
                    <a href={`/patients/${r.patientId}`}>{r.patientId.slice(0, 8)}</a>
                  ) : (
                    ''
                  )}
                </Table.Cell>
                <Table.Cell>{r.outcome}</Table.Cell>
                <Table.Cell>{r.ip ?? ''}</Table.Cell>
              </Table.Row>
            ))}
          </Table.Body>
        </Table>
      ) : (
        <p>No entries match this search.</p>
      )}
      <Pager base={pagerBase} offset={offset} limit={limit} total={total} />
    </>
  );
}

export interface MessageRow {
  id: string;
  channel: string;
  recipient: string;
  subject: string | null;
  body: string;
  template: string;
  status: OutboxStatus;
  attempts: number;
  createdAt: Date;
  sentAt: Date | null;
  notBefore: Date;
  lastError: string | null;
}

const STATUS_TAG: Record<
  OutboxStatus,
  { text: string; modifier: 'green' | 'blue' | 'grey' | 'red' | 'yellow' }
> = {
  pending: { text: 'Waiting to send', modifier: 'yellow' },
  sent: { text: 'Sent', modifier: 'green' },
  logged: { text: 'Not sent (no provider)', modifier: 'blue' },
  failed: { text: 'Failed', modifier: 'red' },
  cancelled: { text: 'Cancelled', modifier: 'grey' },
};

export function MessagesPage({
  rows,
  total,
  offset,
  limit,
  providers,
}: {
  rows: MessageRow[];
  total: number;
  offset: number;
  limit: number;
  providers: string;
}) {
  return (
    <>
      <h1>Sent messages</h1>
      <p>
        Emails and texts go through a queue and are retried if a provider fails. Providers:{' '}
        {providers}.
      </p>
      {rows.length === 0 ? <p>No messages yet.</p> : null}
      {rows.map((m) => (
        <div className="nhsuk-card" key={m.id}>
          <div className="nhsuk-card__content">
            <h2 className="nhsuk-card__heading nhsuk-heading-s">
              {m.channel === 'email' ? 'Email' : 'Text message'} to {m.recipient}
            </h2>
            <p>
              <Tag modifier={STATUS_TAG[m.status].modifier}>{STATUS_TAG[m.status].text}</Tag> Queued{' '}
              {formatDateTime(m.createdAt)}
              {m.notBefore > m.createdAt ? `, due ${formatDateTime(m.notBefore)}` : ''}
              {m.sentAt ? `, handled ${formatDateTime(m.sentAt)}` : ''}. Attempts: {m.attempts}.
            </p>
            {m.lastError ? <p>Last error: {m.lastError}</p> : null}
            {m.subject ? <p className="nhsuk-u-font-weight-bold">{m.subject}</p> : null}
            <p className="rapport-pre-wrap">{m.body}</p>
          </div>
        </div>
      ))}
      <Pager base="/admin/messages" offset={offset} limit={limit} total={total} />
    </>
  );
}

export interface UserRow {
  id: string;
  displayName: string;
  email: string;
  roles: string[];
  active: boolean;
  hasPassword: boolean;
}

export function UsersPage({
  users,
  csrfToken,
  values,
  errors,
  invited,
  roleOptions,
  currentUserId,
}: {
  /** The manager looking: they cannot reset their own two-step sign-in, so no link for them. */
  currentUserId?: string;
  users: UserRow[];
  csrfToken: string;
  values: InviteValues;
  errors?: FieldError[];
  invited?: string;
  roleOptions: readonly string[];
}) {
  return (
    <>
      <ErrorSummaryBox errors={errors} />
      <h1>Users</h1>
      {invited ? (
        <div className="nhsuk-inset-text">
          <p>We have sent an invitation to {invited}. The link works for 7 days.</p>
        </div>
      ) : null}
      <Table caption="People with access to this service" responsive>
        <Table.Head>
          <Table.Row>
            <Table.Cell>Name</Table.Cell>
            <Table.Cell>Email</Table.Cell>
            <Table.Cell>Roles</Table.Cell>
            <Table.Cell>Status</Table.Cell>
            <Table.Cell>Two-step sign-in</Table.Cell>
          </Table.Row>
        </Table.Head>
        <Table.Body>
          {users.map((u) => (
            <Table.Row key={u.id}>
              <Table.Cell>{u.displayName}</Table.Cell>
              <Table.Cell>{u.email}</Table.Cell>
              <Table.Cell>{u.roles.map(roleName).join(', ')}</Table.Cell>
              <Table.Cell>
                {!u.active ? 'Inactive' : u.hasPassword ? 'Active' : 'Invited'}
              </Table.Cell>
              <Table.Cell>
                {u.roles.some((r) => r !== 'patient' && r !== 'community_member') &&
                currentUserId !== undefined &&
                u.id !== currentUserId ? (
                  <a href={`/admin/users/${u.id}/second-factor`}>
                    Reset<span className="nhsuk-u-visually-hidden"> for {u.displayName}</span>
                  </a>
                ) : null}
              </Table.Cell>
            </Table.Row>
          ))}
        </Table.Body>
      </Table>
      <h2>Invite a member of staff</h2>
      <form method="post" action="/admin/users" noValidate>
        <CsrfField token={csrfToken} />
        <TextField form={{ values, errors }} name="displayName" label="Full name" />
        <TextField
          form={{ values, errors }}
          name="email"
          type="email"
          label="Email address"
          spellCheck={false}
        />
        <CheckboxesField
          form={{ values, errors }}
          name="roles"
          legend="Roles"
          hint="Select all that apply"
          choices={roleOptions.map((r) => ({ value: r, label: roleName(r) }))}
        />
        <Button type="submit">Send invitation</Button>
      </form>
    </>
  );
}

const HUB_LINKS: { href: string; title: string; description: string }[] = [
  { href: '/admin/users', title: 'Users', description: 'Invite staff and see who has access.' },
  {
    href: '/therapists',
    title: 'Therapists',
    description: 'Accreditation, supervision, therapies, locations and working patterns.',
  },
  {
    href: '/locations',
    title: 'Locations and rooms',
    description: 'Addresses, rooms, opening hours and access information.',
  },
  {
    href: '/courses/allocate',
    title: 'Allocate from the waiting list',
    description: 'Start a course of IPT with a therapist.',
  },
  {
    href: '/diary/all',
    title: 'All diaries',
    description: 'Every therapist’s appointments by day or week.',
  },
  { href: '/diary/rooms', title: 'Rooms', description: 'Which rooms are booked and when.' },
  {
    href: '/diary/settings',
    title: 'Diary settings',
    description: 'Extra closures, reminders and planned sessions.',
  },
  {
    href: '/admin/outcomes',
    title: 'Service outcomes',
    description: 'Recovery, reliable improvement and waiting times for courses that ended.',
  },
  {
    href: '/admin/audit',
    title: 'Audit log',
    description: 'Who looked at or changed which record, and when.',
  },
  {
    href: '/admin/messages',
    title: 'Sent messages',
    description: 'Emails and texts the service has sent or queued.',
  },
];

export function AdminHubPage() {
  return (
    <>
      <h1>Manage the service</h1>
      <ul className="nhsuk-grid-row nhsuk-card-group">
        {HUB_LINKS.map((l) => (
          <li className="nhsuk-grid-column-one-third nhsuk-card-group__item" key={l.href}>
            <div className="nhsuk-card nhsuk-card--clickable">
              <div className="nhsuk-card__content">
                <h2 className="nhsuk-card__heading nhsuk-heading-m">
                  <a className="nhsuk-card__link" href={l.href}>
                    {l.title}
                  </a>
                </h2>
                <p className="nhsuk-card__description">{l.description}</p>
              </div>
            </div>
          </li>
        ))}
      </ul>
    </>
  );
}
