// The caseload rows other views build on (the supervisor's view, issue 11 part B).
export { caseloadRowsFor } from './caseload.service';
export type { CaseloadRow } from './caseload.summary';
