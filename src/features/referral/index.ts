// The crisis help shown wherever a person gives a risk answer, worded once.
export { UrgentHelpContent } from './views/UrgentHelpContent';
