import { ACCESS_NEEDS } from '../../domain/appointments';
import {
  formatUkPhoneNumber,
  validateEmail,
  validatePostcode,
  validateUkMobileNumber,
} from '../../domain/identifiers';
import { fieldHref } from '../../ui/fields';
import { checkText, str, strList, type FieldError, type FormResult } from '../../ui/forms';
import type { PatientDetails } from './patients.repository';

/** The contact and GP details form, as typed. */
export interface DetailsValues {
  address: string;
  postcode: string;
  email: string;
  mobile: string;
  gpPractice: string;
  gpEmail: string;
  /** The ways they agree to be contacted (CONTACT_WAYS). */
  contact: string[];
  /** Communication and access need codes (ACCESS_NEEDS). */
  needs: string[];
}

/** The contact permissions, as the form's checkboxes name them. */
export const CONTACT_WAYS = ['email', 'sms', 'voicemail', 'letters'] as const;

export const DETAILS_LIMITS = { address: 500, gpPractice: 200 } as const;

/** The form's first values: the record as it is. */
export function detailsValues(p: PatientDetails): DetailsValues {
  const allowed = {
    email: p.allowEmail,
    sms: p.allowSms,
    voicemail: p.allowVoicemail,
    letters: p.allowLettersByEmail,
  };
  return {
    contact: CONTACT_WAYS.filter((w) => allowed[w]),
    address: p.address ?? '',
    postcode: p.postcode ?? '',
    email: p.email ?? '',
    mobile: p.mobile ? formatUkPhoneNumber(p.mobile) : '',
    gpPractice: p.gpPractice ?? '',
    gpEmail: p.gpEmail ?? '',
    needs: [...p.accessNeeds],
  };
}

/**
 * Every field may be left empty (the referral let people leave them out); what is given must be
 * a real postcode, email address or UK phone number. Stored as the validators write them.
 */
export function parseDetails(
  body: unknown,
  /** Whose details, for the messages: staff write "their", the person "your". */
  whose: 'their' | 'your' = 'their',
): {
  values: DetailsValues;
  result: FormResult<PatientDetails>;
} {
  const values: DetailsValues = {
    address: str(body, 'address').trim(),
    postcode: str(body, 'postcode').trim(),
    email: str(body, 'email').trim(),
    mobile: str(body, 'mobile').trim(),
    gpPractice: str(body, 'gpPractice').trim(),
    gpEmail: str(body, 'gpEmail').trim(),
    contact: strList(body, 'contact').filter((w) =>
      (CONTACT_WAYS as readonly string[]).includes(w),
    ),
    needs: ACCESS_NEEDS.map((n) => n.code).filter((code) => strList(body, 'needs').includes(code)),
  };
  const errors: FieldError[] = [];
  checkText(errors, 'address', values.address, {
    label: 'Address',
    max: DETAILS_LIMITS.address,
  });
  // An empty box is nothing given; anything given must pass its check, stored as it writes it.
  const given = (
    field: 'postcode' | 'email' | 'mobile' | 'gpEmail',
    check: (v: string) => { ok: true; value: string } | { ok: false; message: string },
    message?: string,
  ): string | null => {
    if (values[field] === '') return null;
    const checked = check(values[field]);
    if (checked.ok) return checked.value;
    errors.push({ field, message: message ?? checked.message });
    return null;
  };
  const postcode = given('postcode', validatePostcode);
  const email = given('email', validateEmail);
  const mobile = given('mobile', validateUkMobileNumber);
  checkText(errors, 'gpPractice', values.gpPractice, {
    label: 'GP practice',
    max: DETAILS_LIMITS.gpPractice,
  });
  const gpEmail = given(
    'gpEmail',
    validateEmail,
    'Enter the practice email address in the correct format, like name@nhs.net',
  );
  // Permission to use a way of contact needs the address or number to use it with.
  const chosen = new Set(values.contact);
  const contactError = (message: string) =>
    errors.push({ field: 'contact', href: fieldHref.choice('contact'), message });
  if (chosen.has('email') && !values.email)
    contactError(`Enter ${whose} email address, or untick email`);
  else if ((chosen.has('sms') || chosen.has('voicemail')) && !values.mobile)
    contactError(`Enter ${whose} mobile phone number, or untick text message and voicemail`);
  else if (chosen.has('letters') && !chosen.has('email'))
    contactError(
      `Letters can be attached to emails only if ${whose === 'your' ? 'you agree' : 'they agree'} to email. Tick email as well, or untick letters attached to emails`,
    );
  if (errors.length > 0) return { values, result: { ok: false, errors } };
  return {
    values,
    result: {
      ok: true,
      value: {
        address: values.address || null,
        postcode,
        email,
        mobile,
        gpPractice: values.gpPractice || null,
        gpEmail,
        allowEmail: chosen.has('email'),
        allowSms: chosen.has('sms'),
        allowVoicemail: chosen.has('voicemail'),
        allowLettersByEmail: chosen.has('letters'),
        accessNeeds: values.needs,
      },
    },
  };
}
