// Session notes (issue 11 part B): other features read overdue notes and the notebook's items.
export {
  hasSignedNote,
  notebookItemsFor,
  notesToCountersign,
  overdueNotesOf,
  summaryCorrectionsToCountersign,
  type CorrectionToCountersign,
  type NoteToCountersign,
  type OverdueNote,
} from './session-notes.service';
