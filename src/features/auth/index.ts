export {
  createUserWithInvitation,
  invitationPending,
  invitePatientAccount,
  resendStaffInvitation,
  serviceUsers,
  userIdForEmail,
  type ResendInvitationResult,
} from './auth.service';
export { activeServiceManagers } from './auth.repository';
export { signInLinksByUser } from './oidc.service';
export { secondFactorKindsByUser } from './second-factor.service';
// The same wording wherever staff accounts are shown or an email address is asked for.
export { emailProblem } from './auth.forms';
export { roleName } from './views/AccountPages';
// A manager removes a leaver's access, or restores it.
export {
  changeColleagueAccess,
  changeColleagueRoles,
  colleagueForAccess,
  type Colleague,
  type Supervisee,
} from './staff-access';
