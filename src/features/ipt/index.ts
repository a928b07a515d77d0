// The IPT course workspace: other features read what it shares with the patient, and the phase.
export { currentPhase, notebookItemsFor, phaseOverrideOf, type NotebookItem } from './ipt.service';
