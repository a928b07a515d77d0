/**
 * Emails to staff about risk alerts. They carry no health detail and nothing that identifies the
 * patient: an inbox can be read over a shoulder or forwarded. They only say where to look; the
 * detail is behind sign-in.
 */

export interface StaffEmail {
  subject: string;
  body: string;
}

export function alertLink(publicUrl: string, alertId: string): string {
  return `${publicUrl.replace(/\/+$/, '')}/staff/risk/${alertId}`;
}

/** To the responsible clinician when an alert is raised for one of their patients. */
export function alertRaisedEmail(link: string): StaffEmail {
  return {
    subject: 'A patient on your caseload needs a follow-up',
    body: `A patient on your caseload needs a follow-up. Sign in to see the alert: ${link}`,
  };
}

/** To the supervisor or the service managers when nobody has recorded an action in time. */
export function alertEscalatedEmail(
  link: string,
  to: 'supervisor' | 'service_manager',
): StaffEmail {
  const whose =
    to === 'supervisor'
      ? 'A patient of a therapist you supervise needs a follow-up'
      : 'A patient of the service needs a follow-up';
  return {
    subject: 'A follow-up has not been recorded in time',
    body: [
      `${whose}, and nobody has recorded one in time, so it has been passed to you.`,
      `Sign in to see the alert and record what was done: ${link}`,
    ].join('\n'),
  };
}
