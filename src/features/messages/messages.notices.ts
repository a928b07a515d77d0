/**
 * Emails to staff about patients' questions. Like the risk emails they name no patient and carry
 * nothing the patient wrote: they only say where to look, behind sign-in.
 */
export interface StaffEmail {
  subject: string;
  body: string;
}

export function questionLink(publicUrl: string, threadId: string): string {
  return `${publicUrl.replace(/\/+$/, '')}/questions/${threadId}`;
}

/** To the therapist a patient has written to. */
export function questionWaitingEmail(link: string): StaffEmail {
  return {
    subject: 'A patient has sent you a message',
    body: [
      'A patient has sent you a message in Rapport.',
      `Sign in to read and answer it: ${link}`,
      '',
      'Messages not answered within two working days are passed to the service.',
    ].join('\n'),
  };
}

/** To the service managers when a message has waited two working days. */
export function questionEscalatedEmail(link: string): StaffEmail {
  return {
    subject: 'A patient’s message has not been answered in time',
    body: [
      'A patient’s message has waited two working days without an answer, so it has been passed to the service.',
      `Sign in to read and answer it: ${link}`,
    ].join('\n'),
  };
}
