import { ACCESS_NEEDS } from '../../domain/appointments';
import {
  SECURE_NHS_EMAIL_MESSAGE,
  formatUkPhoneNumber,
  isSecureNhsEmail,
  validateEmail,
  validatePostcode,
  validateUkMobileNumber,
} from '../../domain/identifiers';
import { NO_WAY_TO_REACH_MESSAGE, canBeReached } from '../../domain/risk';
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
  /** What "Something else" is, in their words (kept only with that need ticked). */
  needsOther: string;
}

/** The contact permissions, as the form's checkboxes name them. */
export const CONTACT_WAYS = ['email', 'sms', 'voicemail', 'letters'] as const;

export const DETAILS_LIMITS = { address: 500, gpPractice: 200, needsOther: 500 } as const;

/** The "Something else" need, which comes with their own words for it. */
const OTHER_NEED = 'other';

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
    needsOther: p.accessNeedsOther ?? '',
  };
}

/**
 * Any field may be left empty (the referral let people leave them out) except that a mobile
 * phone number or an email address must stay, so we can reach the person (hazard H2,
 * `canBeReached`). What is given must be a real postcode, email address or UK phone number, and
 * the GP practice email a secure NHSmail address (hazard H27). Stored as the validators write them.
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
    needsOther: str(body, 'needsOther').trim(),
  };
  // The words go with "Something else" only: unticked, they are not kept.
  const other = values.needs.includes(OTHER_NEED);
  if (!other) values.needsOther = '';
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
  // Both left empty: nobody could call or write to them about a risk alert (H2).
  if (!canBeReached({ email: values.email, mobile: values.mobile }))
    errors.push({ field: 'mobile', message: NO_WAY_TO_REACH_MESSAGE[whose] });
  checkText(errors, 'gpPractice', values.gpPractice, {
    label: 'GP practice',
    max: DETAILS_LIMITS.gpPractice,
  });
  // Letters with health details go to this address: only secure NHSmail will do (H27).
  const gpEmail = given(
    'gpEmail',
    (v) => (isSecureNhsEmail(v) ? validateEmail(v) : { ok: false, message: '' }),
    SECURE_NHS_EMAIL_MESSAGE,
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
  if (other)
    checkText(errors, 'needsOther', values.needsOther, {
      label: 'The other need',
      max: DETAILS_LIMITS.needsOther,
      required:
        whose === 'your'
          ? 'Describe the other communication or access needs you have'
          : 'Describe the other communication or access needs they have',
    });
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
        accessNeedsOther: values.needsOther || null,
      },
    },
  };
}
