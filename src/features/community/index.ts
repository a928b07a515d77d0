// The community's front door (issue 13). The Wall (issue 14) reuses membership, pseudonyms,
// moderation and the crisis alerting from here; discharge calls `inviteToCommunity`.
export { registerCommunityRoutes } from './community.routes';
export { communityNotForYou } from './not-now';
export type { WallForCommunity, WallMessageOfMember, WallSanctionOfMember } from './elsewhere';
export {
  activeMember,
  inviteToCommunity,
  moderatorMember,
  myInvitation,
  onDutyModerators,
  publicMember,
  type InviteResult,
} from './membership.service';
export {
  alertCrisis,
  alertCrisisReport,
  askClinicalTeamAbout,
  membersWithRecord,
  moderationWaiting,
  noticeToMember,
  type ModerationWaiting,
} from './moderation.service';
export { renderMarkdown } from './markdown';
export { NotACrisisService, Avatar, CommunityNav, MemberName } from './views/parts';
export type { MemberRow as CommunityMember } from './community.repository';
// The crisis list and matcher, pseudonym and house rules are pure rules in src/domain/community.
