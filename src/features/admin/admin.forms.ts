import {
  OUTBOX_CHANNELS,
  OUTBOX_STATUSES,
  ROLES,
  type OutboxChannel,
  type OutboxStatus,
  type Role,
  type ServiceContact,
} from '../../db/schema';
import {
  formatUkPhoneNumber,
  validateEmail,
  validatePostcode,
  validateUkPhoneNumber,
} from '../../domain/identifiers';
import { ROLE_GROUPS } from '../../platform/access';
import { readDateRange, type DateRange, type DateRangeValues } from '../../ui/date-range';
import { fieldHref } from '../../ui/fields';
import {
  checkText,
  str,
  strList,
  tooLongMessage,
  type FieldError,
  type FormResult,
} from '../../ui/forms';
import { emailProblem } from '../auth';

const UUID_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export interface AuditFilterValues extends DateRangeValues {
  user: string;
  patient: string;
  referral: string;
}

export interface AuditFilter extends DateRange {
  user?: string;
  patientId?: string;
  /** A referral's reference, in capitals. */
  referralReference?: string;
}

/** The shape of a referral reference ("RAP-4KX9-M2QD"), as typed: any case, no spaces. */
const REFERENCE_RE = /^RAP-[A-Z0-9]{4}-[A-Z0-9]{4}$/;

export function parseAuditFilter(query: Record<string, string | undefined>): {
  values: AuditFilterValues;
  filter: AuditFilter;
  errors: FieldError[];
} {
  const dates = readDateRange(query, { from: 'From date', to: 'To date' });
  const values: AuditFilterValues = {
    user: (query.user ?? '').trim(),
    patient: (query.patient ?? '').trim(),
    referral: (query.referral ?? '').trim().slice(0, 40),
    ...dates.values,
  };
  const errors: FieldError[] = [];
  const filter: AuditFilter = { ...dates.range };
  if (values.user) filter.user = values.user;
  if (values.patient) {
    if (UUID_RE.test(values.patient)) filter.patientId = values.patient.toLowerCase();
    else
      errors.push({
        field: 'patient',
        message:
          'Enter the patient record number in the correct format, as shown on their record page',
      });
  }
  if (values.referral) {
    const reference = values.referral.toUpperCase().replace(/\s+/g, '');
    if (REFERENCE_RE.test(reference)) filter.referralReference = reference;
    else
      errors.push({
        field: 'referral',
        message: 'Enter the referral reference in the correct format, like RAP-4KX9-M2QD',
      });
  }
  errors.push(...dates.errors);
  return { values, filter, errors };
}

export interface InviteValues {
  displayName: string;
  email: string;
  roles: string[];
}

/** Staff accounts a manager may invite (patients and community members sign up themselves). */
const STAFF_INVITE_ROLES: readonly Role[] = ROLE_GROUPS.staff;

export function parseInvite(body: unknown): {
  values: InviteValues;
  roles: Role[];
  errors: FieldError[];
} {
  const values = {
    displayName: str(body, 'displayName').trim(),
    email: str(body, 'email').trim(),
    roles: strList(body, 'roles'),
  };
  const errors: FieldError[] = [];
  checkText(errors, 'displayName', values.displayName, {
    required: 'Enter their full name',
    label: 'Full name',
    max: 100,
  });
  const e = emailProblem(values.email, 'their email address');
  if (e) errors.push({ field: 'email', message: e });
  const roles = values.roles.filter(
    (r): r is Role =>
      (ROLES as readonly string[]).includes(r) && STAFF_INVITE_ROLES.includes(r as Role),
  );
  if (roles.length === 0 || roles.length !== values.roles.length)
    errors.push({
      field: 'roles',
      href: fieldHref.choice('roles'),
      message: 'Select at least one role',
    });
  return { values, roles, errors };
}

export { STAFF_INVITE_ROLES };

export interface ContactValues {
  phone: string;
  email: string;
  address: string;
  postcode: string;
}

const ADDRESS_LINES_MAX = 6;

/**
 * The service's contact details, checked with the same validators as patients' details. Phone
 * and email are required (pages point people at them); the address is optional, and needs a
 * postcode when given.
 */
export function parseContact(body: unknown): {
  values: ContactValues;
  result: FormResult<ServiceContact>;
} {
  const values: ContactValues = {
    phone: str(body, 'phone').trim(),
    email: str(body, 'email').trim(),
    address: str(body, 'address').trim(),
    postcode: str(body, 'postcode').trim(),
  };
  const errors: FieldError[] = [];
  const phone = validateUkPhoneNumber(values.phone);
  if (!phone.ok)
    errors.push({
      field: 'phone',
      message: phone.reason === 'empty' ? 'Enter the service’s phone number' : phone.message,
    });
  const email = validateEmail(values.email);
  if (!email.ok)
    errors.push({
      field: 'email',
      message: email.reason === 'empty' ? 'Enter the service’s email address' : email.message,
    });
  const addressLines = values.address
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter((l) => l !== '');
  if (addressLines.length > ADDRESS_LINES_MAX || values.address.length > 500)
    errors.push({
      field: 'address',
      message: `Address must be ${ADDRESS_LINES_MAX} lines and 500 characters or fewer`,
    });
  let postcode = '';
  if (values.postcode !== '' || addressLines.length > 0) {
    const checked = validatePostcode(values.postcode);
    if (checked.ok) postcode = checked.value;
    else errors.push({ field: 'postcode', message: checked.message });
  }
  if (postcode !== '' && addressLines.length === 0)
    errors.push({ field: 'address', message: 'Enter the address, without the postcode' });
  if (errors.length > 0 || !phone.ok || !email.ok) return { values, result: { ok: false, errors } };
  return {
    values,
    result: {
      ok: true,
      value: { phone: phone.value, email: email.value, addressLines, postcode },
    },
  };
}

export function contactToValues(contact: ServiceContact | null): ContactValues {
  if (!contact) return { phone: '', email: '', address: '', postcode: '' };
  return {
    phone: formatUkPhoneNumber(contact.phone),
    email: contact.email,
    address: contact.addressLines.join('\n'),
    postcode: contact.postcode,
  };
}

export interface MessageFilterValues extends DateRangeValues {
  recipient: string;
  channel: string;
  status: string;
}

export interface MessageFilter extends DateRange {
  recipient?: string;
  channel?: OutboxChannel;
  status?: OutboxStatus;
}

/** The sent-messages filters; an unknown kind or status is a field error, not "no filter". */
export function parseMessageFilter(query: Record<string, string | undefined>): {
  values: MessageFilterValues;
  filter: MessageFilter;
  errors: FieldError[];
} {
  const dates = readDateRange(query, { from: 'From date', to: 'To date' });
  const values: MessageFilterValues = {
    recipient: (query.recipient ?? '').trim(),
    channel: (query.channel ?? '').trim(),
    status: (query.status ?? '').trim(),
    ...dates.values,
  };
  const errors: FieldError[] = [];
  const filter: MessageFilter = { ...dates.range };
  if (values.recipient.length > 254)
    errors.push({ field: 'recipient', message: tooLongMessage('Recipient', 254) });
  else if (values.recipient) filter.recipient = values.recipient;
  if (values.channel) {
    if ((OUTBOX_CHANNELS as readonly string[]).includes(values.channel))
      filter.channel = values.channel as OutboxChannel;
    else errors.push({ field: 'channel', message: 'Select email, text message or all kinds' });
  }
  if (values.status) {
    if ((OUTBOX_STATUSES as readonly string[]).includes(values.status))
      filter.status = values.status as OutboxStatus;
    else errors.push({ field: 'status', message: 'Select a status from the list' });
  }
  errors.push(...dates.errors);
  return { values, filter, errors };
}

export const ACCESS_REASON_MAX = 1000;

export interface AccessReasonForm {
  reason: string;
  /** What the form asked for, so a second click of "Remove access" never restores it. */
  change: 'remove' | 'restore';
}

/** Why a colleague's access is removed or restored: kept in the audit log. */
export function parseAccessReason(
  body: unknown,
  currently: { active: boolean },
): { values: AccessReasonForm; result: FormResult<AccessReasonForm> } {
  const asked = str(body, 'change');
  const change: AccessReasonForm['change'] =
    asked === 'remove' || asked === 'restore' ? asked : currently.active ? 'remove' : 'restore';
  const values: AccessReasonForm = { reason: str(body, 'reason').trim(), change };
  const errors: FieldError[] = [];
  checkText(errors, 'reason', values.reason, {
    required:
      change === 'remove'
        ? 'Enter why you are removing their access'
        : 'Enter why you are restoring their access',
    label: 'The reason',
    max: ACCESS_REASON_MAX,
  });
  return { values, result: errors.length ? { ok: false, errors } : { ok: true, value: values } };
}

export interface RolesForm {
  roles: string[];
  reason: string;
}

/** A colleague's new roles (staff roles only, at least one) and why: kept in the audit log. */
export function parseRolesChange(body: unknown): {
  values: RolesForm;
  result: FormResult<{ roles: Role[]; reason: string }>;
} {
  const values: RolesForm = { roles: strList(body, 'roles'), reason: str(body, 'reason').trim() };
  const errors: FieldError[] = [];
  const roles = values.roles.filter((r): r is Role => STAFF_INVITE_ROLES.includes(r as Role));
  if (roles.length === 0 || roles.length !== values.roles.length)
    errors.push({
      field: 'roles',
      href: fieldHref.choice('roles'),
      message: 'Select at least one role',
    });
  checkText(errors, 'reason', values.reason, {
    required: 'Enter why you are changing their roles',
    label: 'The reason',
    max: ACCESS_REASON_MAX,
  });
  return {
    values,
    result: errors.length
      ? { ok: false, errors }
      : { ok: true, value: { roles, reason: values.reason } },
  };
}
