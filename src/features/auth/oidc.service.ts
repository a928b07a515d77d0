import type { StaffOidcConfig } from '../../config';
import type { Db } from '../../db/client';
import type { OidcKind, Role } from '../../db/schema';
import { matchNhsLogin, partialDateOfBirth, provenNhsNumber } from '../../domain/identifiers';
import { audit } from '../../platform/audit';
import { createSession, deleteSessionsSignedInWith } from '../../platform/session';
import { isStaff } from '../../platform/types';
import type { UseCase } from '../../platform/use-case';
import { findPatient, findPatientsByNhsNumber } from '../patients';
import * as users from './auth.repository';
import type { OidcClient } from './oidc.client';
import * as repo from './oidc.repository';

/** From the redirect out to the provider until the callback (and a patient's confirmation). */
export const FLOW_TTL_MS = 10 * 60_000;

export type CallbackOutcome =
  | { kind: 'signed_in'; token: string; userId: string; next: string }
  /** A patient's first NHS login: they confirm the record is theirs before it is linked. */
  | { kind: 'confirm' }
  | { kind: 'needs_p9' }
  | { kind: 'no_match' }
  | { kind: 'unknown_staff' }
  /** Nothing to say to the person but "try again": a wrong state, a replay, a refused token. */
  | { kind: 'failed' };

export async function startOidcSignIn(
  uc: UseCase,
  input: { client: OidcClient; kind: OidcKind; next: string },
): Promise<{ flowId: string; url: string }> {
  const now = uc.clock.now();
  const { url, checks } = await input.client.start();
  await repo.deleteFlowsBefore(uc.db, uc.service.id, new Date(now.getTime() - FLOW_TTL_MS));
  const flowId = await repo.insertFlow(uc.db, {
    serviceId: uc.service.id,
    kind: input.kind,
    ...checks,
    next: input.next,
    createdAt: now,
  });
  return { flowId, url };
}

const fresh = (uc: UseCase, flow: repo.FlowRow) =>
  uc.clock.now().getTime() - flow.createdAt.getTime() <= FLOW_TTL_MS;

/**
 * The provider's redirect back. The flow must be this browser's (its cookie), unused, in time,
 * and carry the same `state`; the code is exchanged once, and the ID token checked, before anyone
 * is signed in. Every refusal is audited with its reason.
 */
export async function finishOidcSignIn(
  uc: UseCase,
  input: {
    client: OidcClient;
    kind: OidcKind;
    flowId: string | null;
    query: URLSearchParams;
    staff?: StaffOidcConfig;
  },
): Promise<CallbackOutcome> {
  const refuse = async (reason: string, outcome: CallbackOutcome = { kind: 'failed' }) => {
    await uc.audit({
      action: 'auth.oidc_callback',
      outcome: outcome.kind === 'failed' ? 'failure' : 'denied',
      reason,
      details: { provider: input.kind },
    });
    return outcome;
  };
  const flow = input.flowId
    ? await repo.findFlow(uc.db, uc.service.id, input.flowId, input.kind)
    : null;
  if (!flow) return refuse('no sign-in in progress in this browser');
  if (!fresh(uc, flow)) return refuse('sign-in took too long');
  if (input.query.get('state') !== flow.state) return refuse('state does not match');
  if (!(await repo.claimCallback(uc.db, uc.service.id, flow.id, uc.clock.now())))
    return refuse('callback already used');
  const result = await input.client.finish(input.query, flow);
  if (!result.ok) return refuse(result.reason);

  if (input.kind === 'nhs_login') return patientSignIn(uc, { flow, ...result, refuse });
  if (!input.staff) return refuse('staff single sign-on is not configured');
  return staffSignIn(uc, { flow, ...result, staff: input.staff, refuse });
}

interface Verified {
  flow: repo.FlowRow;
  issuer: string;
  subject: string;
  claims: Readonly<Record<string, unknown>>;
  refuse: (reason: string, outcome?: CallbackOutcome) => Promise<CallbackOutcome>;
}

async function signInAs(
  uc: UseCase,
  v: Verified,
  who: { userId: string; roles: Role[]; patientId?: string | null; linkId: string },
): Promise<CallbackOutcome> {
  const serviceId = uc.service.id;
  await repo.touchLink(uc.db, serviceId, who.linkId, uc.clock.now());
  await repo.deleteFlow(uc.db, serviceId, v.flow.id);
  // The provider did the second factor (NHS login, CIS2, Entra ID): no password second step here.
  const token = await createSession(
    uc.db,
    uc.clock,
    serviceId,
    who.userId,
    uc.actor.ip ?? 'unknown',
    {
      signedInWith: v.flow.kind,
    },
  );
  const actor = { ...uc.actor, userId: who.userId, role: who.roles.join(',') };
  await audit(uc.db, uc.clock, actor, {
    action: 'auth.sign_in',
    patientId: who.patientId ?? null,
    recordType: 'user',
    recordId: who.userId,
    details: {
      method: v.flow.kind,
      ...(typeof v.claims.acr === 'string' ? { acr: v.claims.acr } : {}),
      ...(Array.isArray(v.claims.amr) ? { amr: v.claims.amr as unknown[] } : {}),
    },
  });
  return { kind: 'signed_in', token, userId: who.userId, next: v.flow.next };
}

async function patientSignIn(uc: UseCase, v: Verified): Promise<CallbackOutcome> {
  const serviceId = uc.service.id;
  const identity = {
    identityProofingLevel: v.claims.identity_proofing_level,
    nhsNumber: v.claims.nhs_number,
    birthdate: v.claims.birthdate,
  };
  if (identity.identityProofingLevel !== 'P9') {
    await repo.deleteFlow(uc.db, serviceId, v.flow.id);
    const level =
      typeof identity.identityProofingLevel === 'string' ? identity.identityProofingLevel : 'none';
    return v.refuse(`identity proofing level ${level}, P9 needed`, { kind: 'needs_p9' });
  }
  const linked = await repo.findLinkBySubject(uc.db, serviceId, 'nhs_login', v.issuer, v.subject);
  const nhsNumber = provenNhsNumber(identity);
  if (linked) {
    // The link stands while the record still carries the NHS number NHS login proves.
    const patient = linked.patientId ? await findPatient(uc.db, serviceId, linked.patientId) : null;
    const user = await users.findUserById(uc.db, serviceId, linked.userId);
    if (
      patient &&
      user?.active &&
      patient.userId === user.id &&
      nhsNumber !== null &&
      patient.nhsNumber === nhsNumber
    )
      return signInAs(uc, v, {
        userId: user.id,
        roles: user.roles,
        patientId: patient.id,
        linkId: linked.id,
      });
    await repo.deleteFlow(uc.db, serviceId, v.flow.id);
    return v.refuse('linked record no longer matches this NHS login', { kind: 'no_match' });
  }
  const candidates = nhsNumber ? await findPatientsByNhsNumber(uc.db, serviceId, nhsNumber) : [];
  const match = matchNhsLogin(identity, candidates);
  if (match.kind !== 'match') {
    await repo.deleteFlow(uc.db, serviceId, v.flow.id);
    return v.refuse(match.kind === 'no_match' ? match.reason : 'P9 needed', { kind: 'no_match' });
  }
  const record = candidates.find((c) => c.id === match.patientId);
  const user = record?.userId ? await users.findUserById(uc.db, serviceId, record.userId) : null;
  // Accounts are made when the service offers treatment; NHS login never makes one.
  if (!user?.active || !user.roles.includes('patient')) {
    await repo.deleteFlow(uc.db, serviceId, v.flow.id);
    return v.refuse('record has no active patient account', { kind: 'no_match' });
  }
  if (await repo.findLinkByUser(uc.db, serviceId, 'nhs_login', user.id)) {
    await repo.deleteFlow(uc.db, serviceId, v.flow.id);
    return v.refuse('account already linked to another NHS login', { kind: 'no_match' });
  }
  await repo.setPendingLink(uc.db, serviceId, v.flow.id, {
    issuer: v.issuer,
    subject: v.subject,
    userId: user.id,
    patientId: match.patientId,
  });
  return { kind: 'confirm' };
}

/** Values of a claim that may be a string or a list of strings. */
function claimValues(value: unknown): string[] {
  if (typeof value === 'string') return [value];
  if (Array.isArray(value)) return value.filter((v): v is string => typeof v === 'string');
  return [];
}

async function staffSignIn(
  uc: UseCase,
  v: Verified & { staff: StaffOidcConfig },
): Promise<CallbackOutcome> {
  const serviceId = uc.service.id;
  const unknown = async (reason: string) => {
    await repo.deleteFlow(uc.db, serviceId, v.flow.id);
    return v.refuse(reason, { kind: 'unknown_staff' });
  };
  const linked = await repo.findLinkBySubject(uc.db, serviceId, 'staff', v.issuer, v.subject);
  let user = linked ? await users.findUserById(uc.db, serviceId, linked.userId) : null;
  if (!linked) {
    const value = v.claims[v.staff.userClaim];
    if (typeof value !== 'string' || value === '') return unknown(`no ${v.staff.userClaim} claim`);
    // An unverified email address could be anyone's: it names no account.
    if (v.staff.userClaim === 'email' && v.claims.email_verified !== true)
      return unknown('email not verified by the provider');
    user = await users.findUserByEmail(uc.db, serviceId, value);
  }
  if (!user?.active || !isStaff(user.roles)) return unknown('no active staff account');
  let roles = user.roles;
  if (v.staff.roles) {
    const map = v.staff.roles.map;
    const fromClaim = [
      ...new Set(claimValues(v.claims[v.staff.roles.claim]).flatMap((c) => map[c] ?? [])),
    ];
    if (fromClaim.length === 0) return unknown('no mapped role in the roles claim');
    const keep = user.roles.filter((r) => !isStaff([r]));
    roles = [...keep, ...fromClaim];
    if ([...roles].sort().join() !== [...user.roles].sort().join()) {
      await repo.setUserRoles(uc.db, serviceId, user.id, roles);
      await uc.audit({
        action: 'user.roles_from_provider',
        recordType: 'user',
        recordId: user.id,
        details: { from: user.roles, to: roles },
      });
    }
  }
  let linkId = linked?.id;
  if (!linkId) {
    if (await repo.findLinkByUser(uc.db, serviceId, 'staff', user.id))
      return unknown('account already linked to another sign-in');
    linkId = await repo.insertLink(uc.db, {
      serviceId,
      kind: 'staff',
      issuer: v.issuer,
      subject: v.subject,
      userId: user.id,
      patientId: null,
      createdAt: uc.clock.now(),
    });
    await uc.audit({
      action: 'identity.link',
      recordType: 'user',
      recordId: user.id,
      details: { provider: 'staff', matchedBy: v.staff.userClaim },
    });
  }
  return signInAs(uc, v, { userId: user.id, roles, linkId });
}

/** The first NHS login of a patient, waiting for them to say whether the record is theirs. */
async function pendingFlow(uc: UseCase, flowId: string | null) {
  if (!flowId) return null;
  const flow = await repo.findFlow(uc.db, uc.service.id, flowId, 'nhs_login');
  if (
    !flow ||
    !fresh(uc, flow) ||
    !flow.pendingIssuer ||
    !flow.pendingSubject ||
    !flow.pendingUserId ||
    !flow.pendingPatientId
  )
    return null;
  const patient = await findPatient(uc.db, uc.service.id, flow.pendingPatientId);
  if (!patient || patient.userId !== flow.pendingUserId) return null;
  return {
    flow,
    patient,
    pending: {
      issuer: flow.pendingIssuer,
      subject: flow.pendingSubject,
      userId: flow.pendingUserId,
    },
  };
}

export interface ConfirmView {
  name: string;
  dateOfBirth: string;
}

/** What the "Is this you?" page shows: the name and the month and year of birth, no more. */
export async function linkToConfirm(
  uc: UseCase,
  { flowId }: { flowId: string | null },
): Promise<ConfirmView | null> {
  const found = await pendingFlow(uc, flowId);
  if (!found) return null;
  await uc.audit({
    action: 'identity.link_offer',
    patientId: found.patient.id,
    recordType: 'patient',
    recordId: found.patient.id,
  });
  return {
    name: `${found.patient.givenName} ${found.patient.familyName}`,
    dateOfBirth: partialDateOfBirth(found.patient.dateOfBirth),
  };
}

export type ConfirmOutcome =
  | { kind: 'signed_in'; token: string; userId: string; next: string }
  | { kind: 'declined' }
  | { kind: 'expired' };

export async function confirmLink(
  uc: UseCase,
  { flowId, isMe }: { flowId: string | null; isMe: boolean },
): Promise<ConfirmOutcome> {
  const found = await pendingFlow(uc, flowId);
  if (!found) return { kind: 'expired' };
  const { flow, patient, pending } = found;
  const serviceId = uc.service.id;
  if (!isMe) {
    await repo.deleteFlow(uc.db, serviceId, flow.id);
    await uc.audit({
      action: 'identity.link',
      outcome: 'denied',
      reason: 'the person said the record is not theirs',
      patientId: patient.id,
      recordType: 'patient',
      recordId: patient.id,
      details: { provider: 'nhs_login' },
    });
    return { kind: 'declined' };
  }
  const user = await users.findUserById(uc.db, serviceId, pending.userId);
  if (!user?.active) return { kind: 'expired' };
  const linkId = await repo.insertLink(uc.db, {
    serviceId,
    kind: 'nhs_login',
    issuer: pending.issuer,
    subject: pending.subject,
    userId: user.id,
    patientId: patient.id,
    createdAt: uc.clock.now(),
  });
  await uc.audit({
    action: 'identity.link',
    patientId: patient.id,
    recordType: 'patient',
    recordId: patient.id,
    details: { provider: 'nhs_login', userId: user.id },
  });
  const refuse = () => Promise.resolve({ kind: 'failed' } as const);
  const outcome = await signInAs(
    uc,
    { flow, issuer: pending.issuer, subject: pending.subject, claims: {}, refuse },
    { userId: user.id, roles: user.roles, patientId: patient.id, linkId },
  );
  return outcome.kind === 'signed_in' ? outcome : { kind: 'expired' };
}

/** What the account page says about NHS login: when it was linked, and whether it can be undone. */
export interface NhsLoginLink {
  linkedAt: Date;
  /** Without a password the person could not sign in at all once NHS login is unlinked. */
  canUnlink: boolean;
}

/** An account's link to a provider, the account, and whether it has a password to fall back on. */
async function linkOf(db: Db, serviceId: string, kind: OidcKind, userId: string) {
  const link = await repo.findLinkByUser(db, serviceId, kind, userId);
  if (!link) return null;
  const user = await users.findUserById(db, serviceId, userId);
  return { link, user, hasPassword: user?.passwordHash != null };
}

/** What an unlink is recorded against: the patient's record for a patient's link, else the account. */
const linkRecord = (link: { patientId: string | null; userId: string }) => ({
  patientId: link.patientId,
  recordType: link.patientId ? 'patient' : 'user',
  recordId: link.patientId ?? link.userId,
});

export async function nhsLoginLinkOf(uc: UseCase, userId: string): Promise<NhsLoginLink | null> {
  const found = await linkOf(uc.db, uc.service.id, 'nhs_login', userId);
  return found && { linkedAt: found.link.createdAt, canUnlink: found.hasPassword };
}

export type UnlinkOutcome = { ok: true } | { ok: false; reason: 'not_linked' | 'needs_password' };

/**
 * The person stops signing in with NHS login. Their account, record and sessions are unchanged;
 * signing in with NHS login again asks them to confirm their record once more.
 */
export async function unlinkNhsLogin(
  uc: UseCase,
  { userId }: { userId: string },
): Promise<UnlinkOutcome> {
  return uc.transaction(async (t) => {
    const serviceId = t.service.id;
    const found = await linkOf(t.db, serviceId, 'nhs_login', userId);
    if (!found) return { ok: false, reason: 'not_linked' };
    if (!found.hasPassword) return { ok: false, reason: 'needs_password' };
    const { link } = found;
    await repo.deleteLink(t.db, serviceId, link.id);
    await t.audit({
      action: 'identity.unlink',
      ...linkRecord(link),
      details: { provider: 'nhs_login', userId },
    });
    return { ok: true };
  });
}

// --- A manager's view of someone's links (a wrong or merged record, someone who has left) ---

/** An account's link to NHS login or the staff single sign-on, as a manager sees it. */
export interface LinkForManager {
  userId: string;
  displayName: string;
  email: string;
  kind: OidcKind;
  linkedAt: Date;
  lastUsedAt: Date | null;
}

/**
 * A manager looks at how an account signs in through a provider, before removing the link (a
 * wrong record linked, a merged record, someone who has left). Audited: for a patient's account
 * it shows who they are.
 */
export async function linkForManager(
  uc: UseCase,
  { userId, kind }: { userId: string; kind: OidcKind },
): Promise<LinkForManager | null> {
  const found = await linkOf(uc.db, uc.service.id, kind, userId);
  if (!found?.user) return null;
  const { link, user } = found;
  await uc.audit({
    action: 'identity.link_view',
    ...linkRecord(link),
    details: { provider: kind },
  });
  return {
    userId,
    displayName: user.displayName,
    email: user.email,
    kind,
    linkedAt: link.createdAt,
    lastUsedAt: link.lastUsedAt,
  };
}

/**
 * Removes the link, with the manager's reason, and ends the sessions that came through it; the
 * account's other sessions stay. Signing in with the provider again asks the person to confirm
 * their record once more (NHS login) or matches them afresh (staff). Returns the ended sessions'
 * token hashes (to close their live connections), or null when there is no such link.
 */
export async function removeLinkForManager(
  uc: UseCase,
  { userId, kind, reason }: { userId: string; kind: OidcKind; reason: string },
): Promise<string[] | null> {
  return uc.transaction(async (t) => {
    const serviceId = t.service.id;
    const link = await repo.findLinkByUser(t.db, serviceId, kind, userId);
    if (!link) return null;
    await repo.deleteLink(t.db, serviceId, link.id);
    const ended = await deleteSessionsSignedInWith(t.db, serviceId, userId, kind);
    await t.audit({
      action: 'identity.unlink',
      ...linkRecord(link),
      reason,
      details: { provider: kind, userId, byManager: true, sessionsEnded: ended.length },
    });
    return ended;
  });
}

/** Which providers each account of the service signs in with (for the users list). */
export function signInLinksByUser(db: Db, serviceId: string): Promise<Map<string, OidcKind[]>> {
  return repo.linkKindsByUser(db, serviceId);
}
