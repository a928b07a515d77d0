import type { Actor } from '../../platform/audit';
import { eventChannel } from '../../platform/events';

/**
 * Messages owns what patients write to us; these are raised in the transaction that stored it,
 * so a feature's reaction (risk's alert on words of crisis, hazard H18) commits with the message.
 */
export type MessageEvents = {
  'patient.wrote': {
    patientId: string;
    /** The question (thread) they wrote in, for staff to read from what reacts to it. */
    threadId: string;
    responsibleClinicianId: string | null;
    /** What they wrote (a new question's subject and body, or a reply). */
    text: string;
    /** The patient, for the audit trail of what the reaction does. */
    writer: Actor;
    /** Where emails about it link to. */
    links: { publicUrl: string };
  };
};

export const messageEvents = eventChannel<MessageEvents>();
