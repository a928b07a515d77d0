/**
 * Who may deliver IPT (clinical.md, "Interpersonal therapy": accreditation bodies named by the
 * service are HCPC, BACP, UKCP and BABCP; trainees working towards their postgraduate
 * certificate also deliver it, supervised by an IPT UK accredited supervisor).
 *
 * Our reading, for a clinician to confirm: everyone needs registration or accreditation with one
 * of those bodies (their core profession); on top of that they must either be IPT trained, or be
 * an IPT trainee with a named supervisor. A trainee always needs a supervisor, even if also
 * marked as trained. Whether the supervisor is IPT UK accredited is checked where supervisors
 * are recorded, not here; but a supervisor who can no longer sign in, or no longer holds the
 * supervisor role, supervises nobody: their trainee does not count as supervised (H17).
 */

export const ACCREDITATION_BODIES = Object.freeze(['HCPC', 'BACP', 'UKCP', 'BABCP'] as const);

export type AccreditationBody = (typeof ACCREDITATION_BODIES)[number];

export interface IptPractitioner {
  readonly iptTrained: boolean;
  /** The body or bodies the practitioner is registered or accredited with. */
  readonly accreditation: string | readonly string[] | null | undefined;
  /** Working towards the IPT postgraduate certificate. */
  readonly trainee: boolean;
  /** The IPT supervisor's id; needed for trainees. */
  readonly supervisorId?: string | null;
  /**
   * Whether that supervisor can supervise now: they can sign in and hold the supervisor role.
   * Unknown (absent) counts as not: a trainee is supervised only by someone known to be able to.
   */
  readonly supervisorCanSupervise?: boolean;
}

export type IptPractitionerIssue =
  | 'no-recognised-accreditation'
  | 'not-ipt-trained'
  | 'trainee-without-supervisor'
  | 'supervisor-cannot-supervise';

export const IPT_PRACTITIONER_MESSAGES: Readonly<Record<IptPractitionerIssue, string>> = {
  'no-recognised-accreditation':
    'To deliver IPT, a practitioner must be registered or accredited with the HCPC, BACP, UKCP or BABCP',
  'not-ipt-trained':
    'To deliver IPT, a practitioner must be trained in IPT or be an IPT trainee with a supervisor',
  'trainee-without-supervisor': 'Add an IPT supervisor for this trainee before they deliver IPT',
  'supervisor-cannot-supervise':
    'This trainee’s IPT supervisor no longer has access or is no longer a supervisor. Choose another supervisor for them before they deliver IPT',
};

export type CanDeliverIptResult =
  | { readonly ok: true; readonly route: 'qualified' | 'supervised-trainee' }
  | {
      readonly ok: false;
      readonly issues: readonly {
        readonly reason: IptPractitionerIssue;
        readonly message: string;
      }[];
    };

export function isAccreditationBody(value: string): value is AccreditationBody {
  return (ACCREDITATION_BODIES as readonly string[]).includes(value);
}

/** Accepts 'bacp', ' HCPC ', or a list; true if any is a recognised body. */
export function hasRecognisedAccreditation(
  accreditation: IptPractitioner['accreditation'],
): boolean {
  const list = typeof accreditation === 'string' ? [accreditation] : (accreditation ?? []);
  return list.some((body) => isAccreditationBody(body.trim().toUpperCase()));
}

/** Whether a practitioner may deliver IPT sessions; lists every problem when not. */
export function canDeliverIpt(practitioner: IptPractitioner): CanDeliverIptResult {
  const reasons: IptPractitionerIssue[] = [];
  if (!hasRecognisedAccreditation(practitioner.accreditation)) {
    reasons.push('no-recognised-accreditation');
  }
  const hasSupervisor = (practitioner.supervisorId ?? '').trim() !== '';
  if (practitioner.trainee) {
    if (!hasSupervisor) reasons.push('trainee-without-supervisor');
    else if (practitioner.supervisorCanSupervise !== true)
      reasons.push('supervisor-cannot-supervise');
  } else if (!practitioner.iptTrained) {
    reasons.push('not-ipt-trained');
  }
  if (reasons.length > 0) {
    return {
      ok: false,
      issues: reasons.map((reason) => ({ reason, message: IPT_PRACTITIONER_MESSAGES[reason] })),
    };
  }
  return { ok: true, route: practitioner.trainee ? 'supervised-trainee' : 'qualified' };
}
