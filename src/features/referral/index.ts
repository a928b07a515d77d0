// The crisis help shown wherever a person gives a risk answer, worded once.
export { UrgentHelpContent } from './views/UrgentHelpContent';
// Hazard H14: unsent drafts with risk answers reach the risk queue; started by the server.
export { UnsentRiskWorker, surfaceUnsentRiskDrafts } from './unsent-risk';
// Answer labels other features show (the reports' equity breakdowns).
export { ETHNIC_CATEGORIES, GENDERS } from './referral.options';
