import { and, asc, count, desc, eq, ilike, isNotNull, or, sql, type SQL } from 'drizzle-orm';
import type { Db } from '../../db/client';
import { notebookFolders, notebookNotes } from '../../db/schema';
import { containsPattern } from '../../domain/notebook';

export type FolderRow = typeof notebookFolders.$inferSelect;
export type NoteRow = typeof notebookNotes.$inferSelect;

const ofPatient = (serviceId: string, patientId: string) =>
  and(eq(notebookNotes.serviceId, serviceId), eq(notebookNotes.patientId, patientId));

export async function listFolders(db: Db, serviceId: string, patientId: string) {
  return db
    .select()
    .from(notebookFolders)
    .where(and(eq(notebookFolders.serviceId, serviceId), eq(notebookFolders.patientId, patientId)))
    .orderBy(asc(sql`lower(${notebookFolders.name})`), asc(notebookFolders.id));
}

export async function findFolder(db: Db, serviceId: string, folderId: string) {
  const rows = await db
    .select()
    .from(notebookFolders)
    .where(and(eq(notebookFolders.serviceId, serviceId), eq(notebookFolders.id, folderId)))
    .limit(1);
  return rows[0] ?? null;
}

/** The patient's folder of this name, whatever the letter case (names are unique per patient). */
export async function folderNamed(db: Db, serviceId: string, patientId: string, name: string) {
  const rows = await db
    .select()
    .from(notebookFolders)
    .where(
      and(
        eq(notebookFolders.serviceId, serviceId),
        eq(notebookFolders.patientId, patientId),
        eq(sql`lower(${notebookFolders.name})`, name.toLowerCase()),
      ),
    )
    .limit(1);
  return rows[0] ?? null;
}

export async function insertFolder(
  db: Db,
  folder: { serviceId: string; patientId: string; name: string; at: Date },
): Promise<FolderRow> {
  const [row] = await db
    .insert(notebookFolders)
    .values({
      serviceId: folder.serviceId,
      patientId: folder.patientId,
      name: folder.name,
      createdAt: folder.at,
      updatedAt: folder.at,
    })
    .returning();
  if (!row) throw new Error('folder insert returned no row');
  return row;
}

export async function renameFolder(db: Db, folder: FolderRow, name: string, at: Date) {
  await db
    .update(notebookFolders)
    .set({ name, updatedAt: at })
    .where(and(eq(notebookFolders.serviceId, folder.serviceId), eq(notebookFolders.id, folder.id)));
}

export async function notesInFolder(db: Db, folder: FolderRow): Promise<number> {
  const [row] = await db
    .select({ n: count() })
    .from(notebookNotes)
    .where(
      and(eq(notebookNotes.serviceId, folder.serviceId), eq(notebookNotes.folderId, folder.id)),
    );
  return row?.n ?? 0;
}

export async function deleteFolder(db: Db, folder: FolderRow) {
  await db
    .delete(notebookFolders)
    .where(and(eq(notebookFolders.serviceId, folder.serviceId), eq(notebookFolders.id, folder.id)));
}

/**
 * The patient's notes, most recently changed first; with search terms, only those whose title or
 * text holds every term (ILIKE, the terms' wildcards escaped).
 */
export async function listNotes(
  db: Db,
  serviceId: string,
  patientId: string,
  terms: readonly string[] = [],
) {
  const matches: SQL[] = terms.map((term) => {
    const pattern = containsPattern(term);
    return or(ilike(notebookNotes.title, pattern), ilike(notebookNotes.body, pattern)) as SQL;
  });
  return db
    .select()
    .from(notebookNotes)
    .where(and(ofPatient(serviceId, patientId), ...matches))
    .orderBy(desc(notebookNotes.updatedAt), asc(notebookNotes.id));
}

export async function sharedNotes(db: Db, serviceId: string, patientId: string) {
  return db
    .select()
    .from(notebookNotes)
    .where(and(ofPatient(serviceId, patientId), isNotNull(notebookNotes.sharedAt)))
    .orderBy(desc(notebookNotes.sharedAt), asc(notebookNotes.id));
}

export async function findNote(db: Db, serviceId: string, noteId: string) {
  const rows = await db
    .select()
    .from(notebookNotes)
    .where(and(eq(notebookNotes.serviceId, serviceId), eq(notebookNotes.id, noteId)))
    .limit(1);
  return rows[0] ?? null;
}

export async function insertNote(
  db: Db,
  note: {
    serviceId: string;
    patientId: string;
    folderId: string | null;
    title: string;
    body: string;
    at: Date;
  },
): Promise<NoteRow> {
  const [row] = await db
    .insert(notebookNotes)
    .values({
      serviceId: note.serviceId,
      patientId: note.patientId,
      folderId: note.folderId,
      title: note.title,
      body: note.body,
      createdAt: note.at,
      updatedAt: note.at,
    })
    .returning();
  if (!row) throw new Error('note insert returned no row');
  return row;
}

export async function updateNote(
  db: Db,
  note: NoteRow,
  change: Partial<Pick<NoteRow, 'title' | 'body' | 'folderId' | 'sharedAt'>> & { updatedAt?: Date },
) {
  await db
    .update(notebookNotes)
    .set(change)
    .where(and(eq(notebookNotes.serviceId, note.serviceId), eq(notebookNotes.id, note.id)));
}

export async function deleteNote(db: Db, note: NoteRow) {
  await db
    .delete(notebookNotes)
    .where(and(eq(notebookNotes.serviceId, note.serviceId), eq(notebookNotes.id, note.id)));
}
