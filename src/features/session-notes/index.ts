// Session notes (issue 11 part B): other features read overdue notes and the notebook's items.
export { notebookItemsFor, overdueNotesOf, type OverdueNote } from './session-notes.service';
