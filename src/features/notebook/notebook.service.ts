import {
  groupByKind,
  matchesAll,
  searchTerms,
  type FolderInput,
  type Group,
  type NoteInput,
} from '../../domain/notebook';
import type { FieldError } from '../../domain/result';
import { accessActorFor, can, type NotebookResource } from '../../platform/access';
import { formatLondonDate, utcToLondon } from '../../domain/calendar';
import { requireUser, type UseCase } from '../../platform/use-case';
import { findCourse } from '../courses';
import { findPatient, ownPatientRecord, type PatientRow } from '../patients';
import { sharedItemsOf, type NotebookItem } from './notebook.items';
import { renderNotebookPdf } from './notebook.pdf';
import * as repo from './notebook.repository';

export type { FolderRow, NoteRow } from './notebook.repository';

const book = (
  patient: PatientRow,
  extra: { shared?: boolean; therapistId?: string | null } = {},
): NotebookResource => ({
  kind: 'notebook',
  serviceId: patient.serviceId,
  ownerUserId: patient.userId,
  shared: extra.shared ?? false,
  therapistId: extra.therapistId ?? null,
  responsibleClinicianId: patient.responsibleClinicianId,
});

/** The signed-in patient, when they may keep a notebook here; null otherwise (the route 404s). */
export async function ownNotebook(uc: UseCase): Promise<PatientRow | null> {
  const user = requireUser(uc);
  const patient = await ownPatientRecord(uc.db, uc.service.id, user.userId);
  if (!patient) return null;
  return can(await accessActorFor(uc.db, user), 'notebook.keep', book(patient)) ? patient : null;
}

export interface NotebookView {
  patient: PatientRow;
  folders: repo.FolderRow[];
  notes: repo.NoteRow[];
  shared: Group<NotebookItem>[];
  /** The search as typed, and its words; empty when not searching. */
  query: string;
  terms: string[];
}

/** The signed-in patient's folders, in name order, for the new-note form; null when not theirs. */
export async function ownFolders(uc: UseCase): Promise<repo.FolderRow[] | null> {
  const patient = await ownNotebook(uc);
  return patient ? repo.listFolders(uc.db, uc.service.id, patient.id) : null;
}

async function loadNotebook(uc: UseCase, patient: PatientRow, query: string) {
  const terms = searchTerms(query);
  const folders = await repo.listFolders(uc.db, uc.service.id, patient.id);
  const notes = await repo.listNotes(uc.db, uc.service.id, patient.id, terms);
  const items = (await sharedItemsOf(uc, patient.id)).filter((i) =>
    matchesAll(terms, [i.title, i.text]),
  );
  return { patient, folders, notes, shared: groupByKind(items), query: query.trim(), terms };
}

const counts = (view: NotebookView) => ({
  notes: view.notes.length,
  shared: view.shared.reduce((n, g) => n + g.items.length, 0),
});

/**
 * The signed-in patient's notebook: their folders and notes, and what their therapy shares with
 * them, grouped by kind, newest first. With a search, only the notes and items holding every
 * word. Audited (a search records how many words and results, never the words themselves).
 */
export async function openNotebook(
  uc: UseCase,
  { query = '', print = false }: { query?: string; print?: boolean } = {},
): Promise<NotebookView | null> {
  const patient = await ownNotebook(uc);
  if (!patient) return null;
  const view = await loadNotebook(uc, patient, query);
  const searching = view.terms.length > 0;
  await uc.audit({
    action: searching ? 'notebook.search' : 'notebook.read',
    patientId: patient.id,
    recordType: 'patient',
    recordId: patient.id,
    details: {
      ...counts(view),
      ...(searching ? { words: view.terms.length } : {}),
      ...(print ? { print: true } : {}),
    },
  });
  return view;
}

/** The whole notebook as a PDF for the signed-in patient (audited); null when not theirs. */
export async function notebookPdf(uc: UseCase): Promise<{ pdf: Buffer; filename: string } | null> {
  const patient = await ownNotebook(uc);
  if (!patient) return null;
  const view = await loadNotebook(uc, patient, '');
  const now = uc.clock.now();
  const groups = [
    ...view.folders.map((f) => ({ name: `Folder: ${f.name}`, id: f.id })),
    { name: 'Not in a folder', id: null },
  ];
  const pdf = await renderNotebookPdf({
    serviceName: uc.links.serviceName,
    printedOn: formatLondonDate(now),
    folders: groups.map((g) => ({
      name: g.name,
      notes: view.notes
        .filter((n) => n.folderId === g.id)
        .map((n) => ({
          title: n.title,
          date: formatLondonDate(n.updatedAt),
          shared: n.sharedAt !== null,
          body: n.body,
        })),
    })),
    shared: view.shared.map((g) => ({
      heading: g.heading,
      items: g.items.map((i) => ({ title: i.title, date: formatLondonDate(i.date), text: i.text })),
    })),
  });
  await uc.audit({
    action: 'notebook.pdf',
    patientId: patient.id,
    recordType: 'patient',
    recordId: patient.id,
    details: counts(view),
  });
  return { pdf, filename: `notebook-${utcToLondon(now).date}.pdf` };
}

/**
 * The patient whose notebook holds `row`, when the signed-in user may keep that notebook (only
 * the patient may); otherwise null, with the attempt audited as denied.
 */
async function keeperOf(
  uc: UseCase,
  row: { patientId: string } | null,
  denied: {
    action:
      | 'notebook.note_read'
      | 'notebook.note_update'
      | 'notebook.folder_rename'
      | 'notebook.folder_delete';
    recordType: 'notebook_note' | 'notebook_folder';
    recordId: string;
  },
): Promise<PatientRow | null> {
  const user = requireUser(uc);
  const patient = row ? await findPatient(uc.db, uc.service.id, row.patientId) : null;
  if (patient && can(await accessActorFor(uc.db, user), 'notebook.keep', book(patient)))
    return patient;
  await uc.audit({ ...denied, outcome: 'denied', patientId: patient?.id ?? null });
  return null;
}

// ---- Notes -------------------------------------------------------------------------------------

export interface OwnNote {
  patient: PatientRow;
  note: repo.NoteRow;
  folder: repo.FolderRow | null;
  folders: repo.FolderRow[];
}

/**
 * One of the signed-in patient's own notes. Anyone else (another patient, any member of staff)
 * gets null, so the route answers 404, and the attempt is audited under `action`.
 */
export async function openOwnNote(
  uc: UseCase,
  noteId: string,
  action: 'notebook.note_read' | 'notebook.note_update' = 'notebook.note_read',
): Promise<OwnNote | null> {
  const note = await repo.findNote(uc.db, uc.service.id, noteId);
  const patient = await keeperOf(uc, note, {
    action,
    recordType: 'notebook_note',
    recordId: noteId,
  });
  if (!note || !patient) return null;
  const folders = await repo.listFolders(uc.db, uc.service.id, patient.id);
  return {
    patient,
    note,
    folder: folders.find((f) => f.id === note.folderId) ?? null,
    folders,
  };
}

/** Reads one of the patient's own notes (audited). */
export async function readOwnNote(uc: UseCase, noteId: string): Promise<OwnNote | null> {
  const found = await openOwnNote(uc, noteId);
  if (!found) return null;
  await uc.audit({
    action: 'notebook.note_read',
    patientId: found.patient.id,
    recordType: 'notebook_note',
    recordId: found.note.id,
  });
  return found;
}

const NO_FOLDER = 'none';

/** The chosen folder, when it is one of the patient's (or none); undefined when it is not. */
function chosenFolder(
  folders: readonly repo.FolderRow[],
  value: string,
): repo.FolderRow | null | undefined {
  if (value === '' || value === NO_FOLDER) return null;
  return folders.find((f) => f.id === value);
}

const FOLDER_GONE: FieldError = {
  field: 'folder',
  href: 'folder-1',
  message: 'That folder is no longer there. Select another folder',
};

/** Writes a new private note, in one of the patient's folders or none. */
export async function createNote(
  uc: UseCase,
  input: { note: NoteInput; folder: string },
): Promise<{ ok: true; note: repo.NoteRow } | { ok: false; errors: FieldError[] } | null> {
  return uc.transaction(async (t) => {
    const patient = await ownNotebook(t);
    if (!patient) return null;
    const folders = await repo.listFolders(t.db, t.service.id, patient.id);
    const folder = chosenFolder(folders, input.folder);
    if (folder === undefined) return { ok: false, errors: [FOLDER_GONE] };
    const note = await repo.insertNote(t.db, {
      serviceId: t.service.id,
      patientId: patient.id,
      folderId: folder?.id ?? null,
      ...input.note,
      at: t.clock.now(),
    });
    await t.audit({
      action: 'notebook.note_create',
      patientId: patient.id,
      recordType: 'notebook_note',
      recordId: note.id,
    });
    return { ok: true, note };
  });
}

/** Changes the title and text of one of the patient's own notes. */
export async function updateNote(uc: UseCase, input: { noteId: string; note: NoteInput }) {
  return uc.transaction(async (t) => {
    const found = await openOwnNote(t, input.noteId, 'notebook.note_update');
    if (!found) return null;
    await repo.updateNote(t.db, found.note, { ...input.note, updatedAt: t.clock.now() });
    await t.audit({
      action: 'notebook.note_update',
      patientId: found.patient.id,
      recordType: 'notebook_note',
      recordId: found.note.id,
    });
    return found.note;
  });
}

/** Moves one of the patient's notes into another of their folders (or out of any folder). */
export async function moveNote(
  uc: UseCase,
  input: { noteId: string; folder: string },
): Promise<{ ok: true } | { ok: false; errors: FieldError[] } | null> {
  return uc.transaction(async (t) => {
    const found = await openOwnNote(t, input.noteId, 'notebook.note_update');
    if (!found) return null;
    const folder = chosenFolder(found.folders, input.folder);
    if (folder === undefined) return { ok: false, errors: [FOLDER_GONE] };
    await repo.updateNote(t.db, found.note, { folderId: folder?.id ?? null });
    await t.audit({
      action: 'notebook.note_move',
      patientId: found.patient.id,
      recordType: 'notebook_note',
      recordId: found.note.id,
      details: { folderId: folder?.id ?? null },
    });
    return { ok: true };
  });
}

/** Shares one of the patient's notes with their therapist, or makes it private again. */
export async function shareNote(uc: UseCase, input: { noteId: string; share: boolean }) {
  return uc.transaction(async (t) => {
    const found = await openOwnNote(t, input.noteId, 'notebook.note_update');
    if (!found) return null;
    const sharedAt = input.share ? (found.note.sharedAt ?? t.clock.now()) : null;
    await repo.updateNote(t.db, found.note, { sharedAt });
    await t.audit({
      action: input.share ? 'notebook.note_share' : 'notebook.note_unshare',
      patientId: found.patient.id,
      recordType: 'notebook_note',
      recordId: found.note.id,
    });
    return found.note;
  });
}

/** Deletes one of the patient's notes for good. */
export async function deleteNote(uc: UseCase, noteId: string) {
  return uc.transaction(async (t) => {
    const found = await openOwnNote(t, noteId, 'notebook.note_update');
    if (!found) return null;
    await repo.deleteNote(t.db, found.note);
    await t.audit({
      action: 'notebook.note_delete',
      patientId: found.patient.id,
      recordType: 'notebook_note',
      recordId: found.note.id,
    });
    return found.note;
  });
}

// ---- Folders -----------------------------------------------------------------------------------

export interface OwnFolder {
  patient: PatientRow;
  folder: repo.FolderRow;
  notes: number;
}

/** One of the signed-in patient's folders, with how many notes it holds; null (audited) if not theirs. */
export async function openOwnFolder(
  uc: UseCase,
  folderId: string,
  action: 'notebook.folder_rename' | 'notebook.folder_delete',
): Promise<OwnFolder | null> {
  const folder = await repo.findFolder(uc.db, uc.service.id, folderId);
  const patient = await keeperOf(uc, folder, {
    action,
    recordType: 'notebook_folder',
    recordId: folderId,
  });
  if (!folder || !patient) return null;
  return { patient, folder, notes: await repo.notesInFolder(uc.db, folder) };
}

const nameTaken = (name: string): FieldError[] => [
  { field: 'name', message: `You already have a folder called ${name}. Enter a different name` },
];

/** Makes a folder the patient names; names are unique per patient, whatever the letter case. */
export async function createFolder(
  uc: UseCase,
  input: FolderInput,
): Promise<{ ok: true; folder: repo.FolderRow } | { ok: false; errors: FieldError[] } | null> {
  return uc.transaction(async (t) => {
    const patient = await ownNotebook(t);
    if (!patient) return null;
    if (await repo.folderNamed(t.db, t.service.id, patient.id, input.name))
      return { ok: false, errors: nameTaken(input.name) };
    const folder = await repo.insertFolder(t.db, {
      serviceId: t.service.id,
      patientId: patient.id,
      name: input.name,
      at: t.clock.now(),
    });
    await t.audit({
      action: 'notebook.folder_create',
      patientId: patient.id,
      recordType: 'notebook_folder',
      recordId: folder.id,
    });
    return { ok: true, folder };
  });
}

export async function renameFolder(
  uc: UseCase,
  input: { folderId: string; name: string },
): Promise<{ ok: true } | { ok: false; errors: FieldError[] } | null> {
  return uc.transaction(async (t) => {
    const found = await openOwnFolder(t, input.folderId, 'notebook.folder_rename');
    if (!found) return null;
    const same = await repo.folderNamed(t.db, t.service.id, found.patient.id, input.name);
    if (same && same.id !== found.folder.id) return { ok: false, errors: nameTaken(input.name) };
    await repo.renameFolder(t.db, found.folder, input.name, t.clock.now());
    await t.audit({
      action: 'notebook.folder_rename',
      patientId: found.patient.id,
      recordType: 'notebook_folder',
      recordId: found.folder.id,
    });
    return { ok: true };
  });
}

/** Deletes an empty folder; one with notes in it is refused (its notes are never lost). */
export async function deleteFolder(
  uc: UseCase,
  folderId: string,
): Promise<{ ok: true } | { ok: false; errors: FieldError[] } | null> {
  return uc.transaction(async (t) => {
    const found = await openOwnFolder(t, folderId, 'notebook.folder_delete');
    if (!found) return null;
    if (found.notes > 0)
      return {
        ok: false,
        errors: [
          {
            field: 'confirm',
            message: 'This folder still has notes in it. Move or delete them first',
          },
        ],
      };
    await repo.deleteFolder(t.db, found.folder);
    await t.audit({
      action: 'notebook.folder_delete',
      patientId: found.patient.id,
      recordType: 'notebook_folder',
      recordId: found.folder.id,
    });
    return { ok: true };
  });
}

// ---- For the patient's therapist ---------------------------------------------------------------

export interface SharedNote {
  id: string;
  title: string;
  body: string;
  sharedAt: Date;
  updatedAt: Date;
}

/**
 * The notes the course's patient has shared, for the course page (read-only). Null when the
 * reader may not read them (a manager, who may open the course, does not); private notes are
 * never returned. Audited: one row for the list when it is shown.
 */
export async function sharedNotesForCourse(
  uc: UseCase,
  { courseId }: { courseId: string },
): Promise<SharedNote[] | null> {
  const course = await findCourse(uc.db, uc.service.id, courseId);
  const patient = course ? await findPatient(uc.db, uc.service.id, course.patientId) : null;
  const actor = await accessActorFor(uc.db, requireUser(uc));
  const resource = patient
    ? book(patient, { shared: true, therapistId: course?.therapistId })
    : null;
  // Not theirs to read (a manager on the course page): no list, and no audit row, as nothing of
  // the notebook was asked for or shown; the course page itself is audited by its feature.
  if (!patient || !resource || !can(actor, 'notebook.read', resource)) return null;
  const rows = await repo.sharedNotes(uc.db, uc.service.id, patient.id);
  // Each row through the rule again, with its own shared flag: a private note never passes.
  const shown = rows.filter((n) =>
    can(actor, 'notebook.read', { ...resource, shared: n.sharedAt !== null }),
  );
  await uc.audit({
    action: 'notebook.shared_list',
    patientId: patient.id,
    recordType: 'course',
    recordId: courseId,
    details: { shown: shown.length },
  });
  return shown.map((n) => ({
    id: n.id,
    title: n.title,
    body: n.body,
    sharedAt: n.sharedAt ?? n.updatedAt,
    updatedAt: n.updatedAt,
  }));
}
