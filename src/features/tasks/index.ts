// Tasks between sessions: set at a session, reflected on by the patient (issue 11 part B).
export {
  mayReadNotebook,
  setTask,
  taskNotebookItems as notebookItemsFor,
  taskNotebookItems,
  taskText,
  tasksOfCourse,
  whenSessionAttendanceChanged,
  type NotebookItem,
  type TaskRow,
} from './tasks.service';
// The list of a course's tasks with reflections, shown on the session note page.
export { TaskSummaryList } from './views/TaskPages';
