import type { LetterContent, LetterKind } from '../../db/schema';
import { formatDate, utcToLondon } from '../../domain/calendar';
import { accessActorFor, can } from '../../platform/access';
import { requireUser, type UseCase } from '../../platform/use-case';
import { findPatient, ownPatientRecord } from '../patients';
import { renderLetterPdf } from './letters.pdf';
import * as repo from './letters.repository';

/** The letters a patient reads themselves: their copy, and letters about referring them on. */
const PATIENT_KINDS: readonly LetterKind[] = ['discharge_patient', 'onward_referral'];

/**
 * Writes a letter once for its source (call inside the transaction of the change it belongs to;
 * the caller has already checked the actor may act for this patient).
 */
export async function writeLetter(
  uc: UseCase,
  input: { patientId: string; kind: LetterKind; sourceKey: string; content: LetterContent },
): Promise<{ id: string } | null> {
  const row = await repo.insertLetter(uc.db, {
    serviceId: uc.service.id,
    patientId: input.patientId,
    kind: input.kind,
    sourceKey: input.sourceKey,
    content: input.content,
    createdBy: uc.user?.userId ?? null,
    createdAt: uc.clock.now(),
  });
  if (!row) return null;
  await uc.audit({
    action: 'letter.create',
    patientId: input.patientId,
    recordType: 'letter',
    recordId: row.id,
    details: { kind: input.kind },
  });
  return { id: row.id };
}

/**
 * A letter as a PDF: staff who may open the patient's record see every letter; the patient sees
 * their own copies. Anyone else gets null (404), audited.
 */
export async function letterPdf(
  uc: UseCase,
  letterId: string,
): Promise<{ pdf: Buffer; filename: string } | null> {
  const user = requireUser(uc);
  const letter = await repo.findLetter(uc.db, uc.service.id, letterId);
  const patient = letter ? await findPatient(uc.db, uc.service.id, letter.patientId) : null;
  const actor = await accessActorFor(uc.db, user);
  const allowed =
    letter !== null &&
    patient !== null &&
    can(actor, 'patient.read', {
      kind: 'patient',
      serviceId: patient.serviceId,
      userId: patient.userId,
      responsibleClinicianId: patient.responsibleClinicianId,
    }) &&
    (patient.userId !== user.userId || PATIENT_KINDS.includes(letter.kind));
  if (!allowed) {
    await uc.audit({
      action: 'letter.read',
      patientId: patient?.id ?? null,
      recordType: 'letter',
      recordId: letterId,
      outcome: 'denied',
    });
    return null;
  }
  await uc.audit({
    action: 'letter.read',
    patientId: patient.id,
    recordType: 'letter',
    recordId: letter.id,
  });
  return {
    pdf: await renderLetterPdf(letter.content),
    filename: `${letter.kind.replace('_', '-')}-${utcToLondon(letter.createdAt).date}.pdf`,
  };
}

export interface LetterSummary {
  id: string;
  kind: LetterKind;
  title: string;
  date: Date;
  href: string;
}

const summary = (row: repo.LetterRow): LetterSummary => ({
  id: row.id,
  kind: row.kind,
  title: row.content.heading,
  date: row.createdAt,
  href: `/letters/${row.id}/pdf`,
});

/** Letters on a patient's record, for staff pages that have already opened the record. */
export async function lettersOnRecord(uc: UseCase, patientId: string): Promise<LetterSummary[]> {
  const rows = await repo.listLetters(uc.db, uc.service.id, patientId, [
    'discharge_gp',
    'discharge_patient',
    'onward_referral',
  ]);
  return rows.map(summary);
}

/** The signed-in patient's own letters (for their notebook). */
export async function myLetters(uc: UseCase): Promise<LetterSummary[]> {
  const user = requireUser(uc);
  const patient = await ownPatientRecord(uc.db, uc.service.id, user.userId);
  if (!patient) return [];
  const rows = await repo.listLetters(uc.db, uc.service.id, patient.id, PATIENT_KINDS);
  return rows.map(summary);
}

/** "25 November 2026", for letter dates. */
export const letterDate = (d: Date) => formatDate(utcToLondon(d).date);
