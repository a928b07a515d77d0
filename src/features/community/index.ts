export {
  activeMember,
  moderatorMember,
  onDutyModerators,
  moderatorsToAlertOf,
} from './membership.service';
export { moderatorAlertEmail } from './community.messages';
export type { MemberRow } from './community.repository';
