import { ROLES, type Role } from '../../db/schema';
import { ROLE_GROUPS } from '../../platform/access';
import { readDateRange, type DateRange, type DateRangeValues } from '../../ui/date-range';
import { fieldHref } from '../../ui/fields';
import { str, strList, type FieldError } from '../../ui/forms';
import { emailProblem } from '../auth';

const UUID_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export interface AuditFilterValues extends DateRangeValues {
  user: string;
  patient: string;
}

export interface AuditFilter extends DateRange {
  user?: string;
  patientId?: string;
}

export function parseAuditFilter(query: Record<string, string | undefined>): {
  values: AuditFilterValues;
  filter: AuditFilter;
  errors: FieldError[];
} {
  const dates = readDateRange(query, { from: 'From date', to: 'To date' });
  const values: AuditFilterValues = {
    user: (query.user ?? '').trim(),
    patient: (query.patient ?? '').trim(),
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
    errors.push({
      field: 'roles',
      href: fieldHref.choice('roles'),
      message: 'Select at least one role',
    });
  return { values, roles, errors };
}

export { STAFF_INVITE_ROLES };
