import type { ReactNode } from 'react';
import { DateRangeFields } from '../../../ui/DateRangeFields';
import type { DateRangeValues } from '../../../ui/date-range';
import { Button, Tag } from 'nhsuk-react-components';
import {
  OUTBOX_STATUSES,
  type OidcKind,
  type OutboxStatus,
  type SecondFactorKind,
} from '../../../db/schema';
import { CheckboxesField, SelectField, TextareaField, TextField } from '../../../ui/fields';
import { CsrfField, ErrorSummaryBox, type FieldError } from '../../../ui/forms';
import { roleName } from '../../auth';
import { Table } from '../../../ui/ResponsiveTable';
import { auditActionLabel, auditOutcomeLabel, auditReasonLabel } from '../audit-labels';
import type { AuditLogRow } from '../admin.service';
import type {
  AuditFilterValues,
  ContactValues,
  InviteValues,
  MessageFilterValues,
} from '../admin.forms';

const dateTime = new Intl.DateTimeFormat('en-GB', {
  dateStyle: 'medium',
  timeStyle: 'short',
  timeZone: 'Europe/London',
});

export function formatDateTime(d: Date | null): string {
  return d ? dateTime.format(d) : '';
}

/** Which page of a log search a page shows. */
interface Paging {
  total: number;
  offset: number;
  limit: number;
  /** The filters (and the cut-off time of the first page), so every page lists the same entries. */
  pagerQuery: URLSearchParams;
}

/** Previous and next pages, keeping the search. */
function Pager({
  path,
  noun,
  total,
  offset,
  limit,
  pagerQuery,
}: Paging & { path: string; noun: string }) {
  if (total === 0) return null;
  const href = (to: number) => {
    const q = new URLSearchParams(pagerQuery);
    q.delete('offset');
    if (to > 0) q.set('offset', String(to));
    const s = q.toString();
    return s ? `${path}?${s}` : path;
  };
  const pages = Math.max(1, Math.ceil(total / limit));
  const page = Math.floor(offset / limit) + 1;
  const last = Math.min(offset + limit, total);
  return (
    <>
      <p className="nhsuk-body-s">
        Showing {offset + 1} to {last} of {total} {noun}
        {pages > 1 ? ` (page ${page} of ${pages})` : ''}
      </p>
      {pages > 1 ? (
        <nav className="nhsuk-pagination" role="navigation" aria-label="Pagination">
          <ul className="nhsuk-list nhsuk-pagination__list">
            {offset > 0 ? (
              <li className="nhsuk-pagination-item--previous">
                <a
                  className="nhsuk-pagination__link nhsuk-pagination__link--prev"
                  href={href(Math.max(0, offset - limit))}
                >
                  <span className="nhsuk-pagination__title">Previous</span>
                  <span className="nhsuk-u-visually-hidden">:</span>
                  <span className="nhsuk-pagination__page">
                    Page {page - 1} of {pages}
                  </span>
                </a>
              </li>
            ) : null}
            {offset + limit < total ? (
              <li className="nhsuk-pagination-item--next">
                <a
                  className="nhsuk-pagination__link nhsuk-pagination__link--next"
                  href={href(offset + limit)}
                >
                  <span className="nhsuk-pagination__title">Next</span>
                  <span className="nhsuk-u-visually-hidden">:</span>
                  <span className="nhsuk-pagination__page">
                    Page {page + 1} of {pages}
                  </span>
                </a>
              </li>
            ) : null}
          </ul>
        </nav>
      ) : null}
    </>
  );
}

/**
 * A search of one of the service's logs, the audit log or the sent messages: its own fields, then
 * the dates and the button.
 */
function LogSearchForm({
  action,
  values,
  errors,
  dates,
  children,
}: {
  action: string;
  values: DateRangeValues;
  errors: FieldError[];
  /** The legends of the two dates. */
  dates: { from: string; to: string };
  children: ReactNode;
}) {
  return (
    <form method="get" action={action} noValidate>
      {children}
      <DateRangeFields
        values={values}
        errors={errors}
        from={{ legend: dates.from, hint: 'For example, 27 3 2026' }}
        to={{ legend: dates.to, hint: 'Includes the whole of this day' }}
      />
      <Button type="submit">Search</Button>
    </form>
  );
}

export interface AuditPageProps extends Paging {
  values: AuditFilterValues;
  errors: FieldError[];
  rows: AuditLogRow[];
}

function roleWords(role: string | null): string {
  return role ? ` (${role.split(',').map(roleName).join(', ')})` : '';
}

export function AuditPage({ values, errors, rows, ...paging }: AuditPageProps) {
  const { total } = paging;
  return (
    <>
      <ErrorSummaryBox errors={errors} />
      <h1>Audit log</h1>
      <p>Every sign-in, and every time someone looks at or changes a patient’s record.</p>
      <LogSearchForm
        action="/admin/audit"
        values={values}
        errors={errors}
        dates={{ from: 'From date', to: 'To date' }}
      >
        <TextField form={{ values, errors }} name="user" label="User (email address)" width={30} />
        <TextField
          form={{ values, errors }}
          name="patient"
          label="Patient record number"
          hint="Shown on the patient’s record page"
          width={30}
        />
        <TextField
          form={{ values, errors }}
          name="referral"
          label="Referral reference"
          hint="For example, RAP-4KX9-M2QD"
          width={20}
          spellCheck={false}
        />
      </LogSearchForm>
      <h2>
        {total} {total === 1 ? 'entry' : 'entries'}
      </h2>
      {rows.length > 0 ? (
        <Table caption="Audit log entries, newest first" responsive>
          <Table.Head>
            <Table.Row>
              <Table.Cell>When</Table.Cell>
              <Table.Cell>Who</Table.Cell>
              <Table.Cell>What they did</Table.Cell>
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
                  {roleWords(r.role)}
                </Table.Cell>
                <Table.Cell>
                  {auditActionLabel(r.action)}
                  {r.subjectName ? `: ${r.subjectName}` : ''}
                  {r.reason ? ` – ${auditReasonLabel(r.reason)}` : ''}
                </Table.Cell>
                <Table.Cell>
                  {r.patientId === null ? (
                    ''
                  ) : r.patientName !== null ? (
                    <a href={`/patients/${r.patientId}`}>{r.patientName}</a>
                  ) : (
                    'A patient you cannot open'
                  )}
                  {r.referral ? (
                    <>
                      {r.patientId === null ? '' : <br />}
                      {'Referral '}
                      {r.referral.id ? (
                        <a href={`/staff/referrals/${r.referral.id}`}>{r.referral.reference}</a>
                      ) : (
                        r.referral.reference
                      )}
                    </>
                  ) : null}
                </Table.Cell>
                <Table.Cell>{auditOutcomeLabel(r.outcome)}</Table.Cell>
                <Table.Cell>{r.ip ?? ''}</Table.Cell>
              </Table.Row>
            ))}
          </Table.Body>
        </Table>
      ) : (
        <p>No entries match this search.</p>
      )}
      <Pager path="/admin/audit" noun="entries" {...paging} />
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
  values,
  errors,
  rows,
  providers,
  ...paging
}: Paging & {
  values: MessageFilterValues;
  errors: FieldError[];
  rows: MessageRow[];
  providers: string;
}) {
  const { total } = paging;
  const form = { values, errors };
  return (
    <>
      <ErrorSummaryBox errors={errors} />
      <h1>Sent messages</h1>
      <p>
        Emails and texts go through a queue and are retried if a provider fails. Providers:{' '}
        {providers}.
      </p>
      <LogSearchForm
        action="/admin/messages"
        values={values}
        errors={errors}
        dates={{ from: 'Queued from', to: 'Queued up to' }}
      >
        <TextField
          form={form}
          name="recipient"
          label="Recipient"
          hint="All or part of an email address or mobile number"
          width={30}
          spellCheck={false}
        />
        <SelectField form={form} name="channel" label="Kind">
          <option value="">All kinds</option>
          <option value="email">Email</option>
          <option value="sms">Text message</option>
        </SelectField>
        <SelectField form={form} name="status" label="Status">
          <option value="">Any status</option>
          {OUTBOX_STATUSES.map((st) => (
            <option value={st} key={st}>
              {STATUS_TAG[st].text}
            </option>
          ))}
        </SelectField>
      </LogSearchForm>
      <h2>
        {total} {total === 1 ? 'message' : 'messages'}
      </h2>
      {rows.length === 0 ? <p>No messages match this search.</p> : null}
      {rows.map((m) => (
        <div className="nhsuk-card" key={m.id}>
          <div className="nhsuk-card__content">
            <h3 className="nhsuk-card__heading nhsuk-heading-s">
              {m.channel === 'email' ? 'Email' : 'Text message'} to {m.recipient}
            </h3>
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
      <Pager path="/admin/messages" noun="messages" {...paging} />
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
  /** The providers the account signs in with besides its password. */
  signInLinks: OidcKind[];
  /** Its second factors for two-step sign-in, by kind (an authenticator app, passkeys). */
  secondFactors: SecondFactorKind[];
}

/** "Authenticator app and 2 passkeys": what a colleague has set up, so a reset is not a guess. */
export function secondFactorWords(kinds: readonly SecondFactorKind[]): string {
  const apps = kinds.filter((k) => k === 'totp').length;
  const passkeys = kinds.filter((k) => k === 'passkey').length;
  const parts = [
    ...(apps > 0 ? ['Authenticator app'] : []),
    ...(passkeys === 1 ? ['1 passkey'] : passkeys > 1 ? [`${String(passkeys)} passkeys`] : []),
  ];
  return parts.length > 0 ? parts.join(' and ') : 'Not set up yet';
}

const LINK_NAMES: Record<OidcKind, string> = {
  nhs_login: 'NHS login',
  staff: 'single sign-on',
};

/** Where "invited already" sends the manager: the person's "Send the invitation again" button. */
export const invitationAnchor = (userId: string) => `invitation-${userId}`;

/**
 * A member of staff invited but not set up yet (no password, no single sign-on link): their
 * invitation can be sent again, as the first may have run out after 7 days.
 */
export function invitationWaiting(u: UserRow): boolean {
  return (
    u.active &&
    !u.hasPassword &&
    u.signInLinks.length === 0 &&
    u.roles.some((r) => r !== 'patient' && r !== 'community_member')
  );
}

export function UsersPage({
  users,
  csrfToken,
  values,
  errors,
  invited,
  unlinked,
  removed,
  restored,
  reinvited,
  rolesChanged,
  roleOptions,
  currentUserId,
}: {
  /** Whose invitation was just sent again. */
  reinvited?: UserRow | undefined;
  /** Whose NHS login or single sign-on link was just removed. */
  unlinked?: string;
  /** Whose access was just removed, or restored. */
  removed?: string;
  restored?: string;
  /** Whose roles were just changed. */
  rolesChanged?: UserRow | undefined;
  /** The manager looking: they cannot reset their own two-step sign-in, so no link for them. */
  currentUserId?: string;
  users: UserRow[];
  csrfToken: string;
  values: InviteValues;
  errors?: FieldError[];
  invited?: string;
  roleOptions: readonly string[];
}) {
  const isStaff = (u: UserRow) => u.roles.some((r) => r !== 'patient' && r !== 'community_member');
  // Another member of staff: the manager can reset their sign-in or change their access.
  const isColleague = (u: UserRow) =>
    isStaff(u) && currentUserId !== undefined && u.id !== currentUserId;
  const table = (caption: string, shown: readonly UserRow[]) => (
    <Table caption={caption} responsive>
      <Table.Head>
        <Table.Row>
          <Table.Cell>Name</Table.Cell>
          <Table.Cell>Email</Table.Cell>
          <Table.Cell>Roles</Table.Cell>
          <Table.Cell>Status</Table.Cell>
          <Table.Cell>Two-step sign-in</Table.Cell>
          <Table.Cell>NHS login or single sign-on</Table.Cell>
        </Table.Row>
      </Table.Head>
      <Table.Body>
        {shown.map((u) => (
          <Table.Row key={u.id}>
            <Table.Cell>{u.displayName}</Table.Cell>
            <Table.Cell>{u.email}</Table.Cell>
            <Table.Cell>{u.roles.map(roleName).join(', ')}</Table.Cell>
            <Table.Cell>
              {!u.active ? 'Access removed' : u.hasPassword ? 'Active' : 'Invited'}
              {invitationWaiting(u) ? (
                <form
                  method="post"
                  action={`/admin/users/${u.id}/invitation`}
                  className="rapport-inline-form"
                >
                  <CsrfField token={csrfToken} />
                  <button
                    type="submit"
                    id={invitationAnchor(u.id)}
                    className="nhsuk-button nhsuk-button--secondary nhsuk-button--small nhsuk-u-margin-bottom-0"
                  >
                    Send the invitation again
                    <span className="nhsuk-u-visually-hidden"> to {u.displayName}</span>
                  </button>
                </form>
              ) : null}
              {isColleague(u) ? (
                <p className="nhsuk-u-margin-bottom-0">
                  <a href={`/admin/users/${u.id}/access`}>
                    {u.active ? 'Remove access' : 'Restore access'}
                    <span className="nhsuk-u-visually-hidden"> for {u.displayName}</span>
                  </a>
                </p>
              ) : null}
              {isColleague(u) && u.active ? (
                <p className="nhsuk-u-margin-bottom-0">
                  <a href={`/admin/users/${u.id}/roles`}>
                    Change roles
                    <span className="nhsuk-u-visually-hidden"> of {u.displayName}</span>
                  </a>
                </p>
              ) : null}
            </Table.Cell>
            <Table.Cell>
              {isStaff(u) ? secondFactorWords(u.secondFactors) : null}
              {/* Nothing to reset until they have set something up (they do at first sign-in). */}
              {isColleague(u) && u.secondFactors.length > 0 ? (
                <p className="nhsuk-u-margin-bottom-0">
                  <a href={`/admin/users/${u.id}/second-factor`}>
                    Reset<span className="nhsuk-u-visually-hidden"> for {u.displayName}</span>
                  </a>
                </p>
              ) : null}
            </Table.Cell>
            <Table.Cell>
              {u.signInLinks.map((kind) => (
                <p key={kind} className="nhsuk-u-margin-bottom-1">
                  <a href={`/admin/users/${u.id}/sign-in-links/${kind}`}>
                    Remove {LINK_NAMES[kind]} link
                    <span className="nhsuk-u-visually-hidden"> for {u.displayName}</span>
                  </a>
                </p>
              ))}
            </Table.Cell>
          </Table.Row>
        ))}
      </Table.Body>
    </Table>
  );
  // Staff first; patients', relatives' and carers' accounts apart, for their sign-in links only.
  const staff = users.filter(isStaff);
  const others = users.filter((u) => !staff.includes(u));
  return (
    <>
      <ErrorSummaryBox errors={errors} />
      <h1>Users</h1>
      {invited ? (
        <div className="nhsuk-inset-text">
          <p>We have sent an invitation to {invited}. The link works for 7 days.</p>
        </div>
      ) : null}
      {unlinked ? (
        <div className="nhsuk-inset-text">
          <p>
            We have removed {unlinked}’s link and signed them out wherever they had signed in with
            it.
          </p>
        </div>
      ) : null}
      {removed ? (
        <div className="nhsuk-inset-text">
          <p>We have removed {removed}’s access and signed them out everywhere.</p>
        </div>
      ) : null}
      {restored ? (
        <div className="nhsuk-inset-text">
          <p>We have restored {restored}’s access. They can sign in again.</p>
        </div>
      ) : null}
      {reinvited ? (
        <div className="nhsuk-inset-text">
          <p>
            We have sent {reinvited.displayName} a new invitation at {reinvited.email}. The link
            works for 7 days. The link in any earlier invitation no longer works.
          </p>
        </div>
      ) : null}
      {rolesChanged ? (
        <div className="nhsuk-inset-text">
          <p>
            {rolesChanged.displayName}’s roles are now:{' '}
            {rolesChanged.roles.map(roleName).join(', ')}.
          </p>
        </div>
      ) : null}
      {table('Staff with access to this service', staff)}
      {others.length > 0 ? (
        <>
          <h2>Patients, relatives and carers</h2>
          <p>
            Their accounts are for their own care and the community. A patient’s details are on
            their record, and moderators look after community members. Here you can only remove a
            link to NHS login.
          </p>
          {table('Patients’, relatives’ and carers’ accounts', others)}
        </>
      ) : null}
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
    href: '/admin/contact',
    title: 'Contact details',
    description: 'The phone number, email and address people are given to contact the service.',
  },
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
    description: 'Office hours, the Wall’s hours, extra closures, reminders and planned sessions.',
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
  {
    href: '/admin/api-clients',
    title: 'API clients',
    description: 'Systems that read records through the FHIR API, and what each may read.',
  },
];

export function AdminHubPage({ savedContact }: { savedContact: boolean }) {
  return (
    <>
      <h1>Manage the service</h1>
      {savedContact ? (
        <div className="nhsuk-inset-text">
          <p>
            Contact details saved. People now see them wherever we ask them to contact the service.
          </p>
        </div>
      ) : null}
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

export function ContactPage({
  csrfToken,
  values,
  errors,
}: {
  csrfToken: string;
  values: ContactValues;
  errors?: FieldError[];
}) {
  const form = { values, errors };
  return (
    <>
      <ErrorSummaryBox errors={errors} />
      <h1>Contact details</h1>
      <p>
        People see these wherever we tell them to contact the service: after they refer themselves,
        on their home page, and on the urgent help, accessibility and privacy pages.
      </p>
      <form method="post" action="/admin/contact" noValidate>
        <CsrfField token={csrfToken} />
        <TextField
          form={form}
          name="phone"
          type="tel"
          autoComplete="tel"
          label="Phone number"
          hint="For example, 0300 123 4567"
          width={20}
        />
        <TextField
          form={form}
          name="email"
          type="email"
          label="Email address"
          hint="An address the team reads every working day"
          spellCheck={false}
        />
        <TextareaField
          form={form}
          name="address"
          label="Address (optional)"
          hint="Where letters can be sent, one line per row, without the postcode"
          rows={4}
        />
        <TextField form={form} name="postcode" label="Postcode" width={10} />
        <Button type="submit">Save contact details</Button>
      </form>
    </>
  );
}
