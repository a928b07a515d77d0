// The patient's notebook (issue 11): other features read the notes a patient has shared.
export { notebookItemsFor, sharedItemsOf, type NotebookItem } from './notebook.items';
export { sharedNotesForCourse, type SharedNote } from './notebook.service';
export { SharedNotesSection } from './views/NotebookPages';
