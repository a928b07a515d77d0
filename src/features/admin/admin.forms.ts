import { ROLES, type Role } from '../../db/schema';
import { str, strList, type FieldError } from '../../ui/forms';
import { emailProblem } from '../auth/auth.forms';

const UUID_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export interface AuditFilterValues {
  user: string;
  patient: string;
  fromDay: string;
  fromMonth: string;
  fromYear: string;
  toDay: string;
  toMonth: string;
  toYear: string;
}

export interface AuditFilter {
  user?: string;
  patientId?: string;
  from?: string;
  to?: string;
}

function isoFromParts(
  day: string,
  month: string,
  year: string,
  label: string,
  field: string,
  errors: FieldError[],
): string | undefined {
  if (!day && !month && !year) return undefined;
  const d = Number(day),
    m = Number(month),
    y = Number(year);
  const date = new Date(Date.UTC(y, m - 1, d));
  if (
    !Number.isInteger(d) ||
    !Number.isInteger(m) ||
    !Number.isInteger(y) ||
    y < 2000 ||
    y > 2100 ||
    date.getUTCDate() !== d ||
    date.getUTCMonth() !== m - 1
  ) {
    errors.push({ field, href: `${field}-day`, message: `${label} must be a real date` });
    return undefined;
  }
  return date.toISOString().slice(0, 10);
}

export function parseAuditFilter(query: Record<string, string | undefined>): {
  values: AuditFilterValues;
  filter: AuditFilter;
  errors: FieldError[];
} {
  const values: AuditFilterValues = {
    user: (query.user ?? '').trim(),
    patient: (query.patient ?? '').trim(),
    fromDay: query['from-day'] ?? '',
    fromMonth: query['from-month'] ?? '',
    fromYear: query['from-year'] ?? '',
    toDay: query['to-day'] ?? '',
    toMonth: query['to-month'] ?? '',
    toYear: query['to-year'] ?? '',
  };
  const errors: FieldError[] = [];
  const filter: AuditFilter = {};
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
  filter.from = isoFromParts(
    values.fromDay,
    values.fromMonth,
    values.fromYear,
    'From date',
    'from',
    errors,
  );
  filter.to = isoFromParts(values.toDay, values.toMonth, values.toYear, 'To date', 'to', errors);
  if (filter.from && filter.to && filter.to < filter.from)
    errors.push({
      field: 'to',
      href: 'to-day',
      message: 'To date must be the same as or after the from date',
    });
  return { values, filter, errors };
}

export interface InviteValues {
  displayName: string;
  email: string;
  roles: string[];
}

const STAFF_INVITE_ROLES: Role[] = ['therapist', 'supervisor', 'service_manager', 'moderator'];

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
  if (!values.displayName) errors.push({ field: 'displayName', message: 'Enter their full name' });
  else if (values.displayName.length > 100)
    errors.push({ field: 'displayName', message: 'Full name must be 100 characters or fewer' });
  const e = emailProblem(values.email, 'their email address');
  if (e) errors.push({ field: 'email', message: e });
  const roles = values.roles.filter(
    (r): r is Role =>
      (ROLES as readonly string[]).includes(r) && STAFF_INVITE_ROLES.includes(r as Role),
  );
  if (roles.length === 0 || roles.length !== values.roles.length)
    errors.push({ field: 'roles', href: 'roles-1', message: 'Select at least one role' });
  return { values, roles, errors };
}

export { STAFF_INVITE_ROLES };
