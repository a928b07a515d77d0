import { accessActorFor, can, type CommunityResource } from '../../platform/access';
import { queueMessage } from '../../platform/outbox';
import { requireUser, type UseCase } from '../../platform/use-case';
import { ageOn } from '../../domain/identifiers/age';
import { utcToLondon } from '../../domain/calendar';
import {
  checkPseudonym,
  MINIMUM_MEMBER_AGE,
  normalisePseudonym,
  type ModeratorBadge,
} from '../../domain/community';
import { createUserWithInvitation, userIdForEmail } from '../auth';
import type { FieldError } from '../../ui/forms';
import type { WallForCommunity } from './elsewhere';
import * as repo from './community.repository';
import { invitationEmail } from './community.messages';
import type { MemberRow } from './community.repository';

/** The community's name and spaces, made the first time anyone uses it in a service. */
export async function ensureCommunity(uc: UseCase) {
  const existing = await repo.findSettings(uc.db, uc.service.id);
  if (existing) return existing;
  await repo.insertSettings(uc.db, {
    serviceId: uc.service.id,
    name: `${uc.service.name} community`,
    description:
      'A secure online space to connect with others on a similar journey, and to help you keep the gains you made in therapy and stay well.',
    updatedAt: uc.clock.now(),
  });
  if ((await repo.listSpaces(uc.db, uc.service.id)).length === 0)
    await repo.insertSpaces(uc.db, [
      {
        serviceId: uc.service.id,
        name: 'Staying well after therapy',
        description: 'Keeping well after therapy: what helps, setbacks, and small steps forward.',
        audience: 'former_patients',
        position: 1,
      },
      {
        serviceId: uc.service.id,
        name: 'Supporting someone',
        description: 'Looking after yourself while you support someone with depression.',
        audience: 'carers',
        position: 2,
      },
      {
        serviceId: uc.service.id,
        name: 'Everyone',
        description: 'Anything you would like to share with everyone here.',
        audience: 'everyone',
        position: 3,
      },
    ]);
  const made = await repo.findSettings(uc.db, uc.service.id);
  if (!made) throw new Error('community settings were not saved');
  return made;
}

/**
 * The signed-in user's membership, or null. A suspension that has run its course ends here, the
 * first time the member comes back after it.
 */
export async function myMembership(uc: UseCase): Promise<MemberRow | null> {
  const user = requireUser(uc);
  let member = await repo.findMemberByUser(uc.db, uc.service.id, user.userId);
  if (member && !member.patientId) member = await linkToPatientRecord(uc, member);
  if (
    member?.status === 'suspended' &&
    member.suspendedUntil &&
    member.suspendedUntil.getTime() <= uc.clock.now().getTime()
  ) {
    await repo.setMemberStatus(uc.db, uc.service.id, member.id, 'active', null, null);
    return { ...member, status: 'active', statusReason: null, suspendedUntil: null };
  }
  return member;
}

/**
 * A member who is one of our patients is linked to their record, however they joined (a patient
 * invited as a relative or carer, or one referred after joining): a crisis post then reaches their
 * clinical team, and a moderator can ask it to contact them (hazard H20, walk 10).
 */
async function linkToPatientRecord(uc: UseCase, member: MemberRow): Promise<MemberRow> {
  const patientId = await repo.findPatientIdForUser(uc.db, uc.service.id, member.userId);
  if (!patientId) return member;
  await repo.linkMemberToPatient(uc.db, uc.service.id, member.id, patientId);
  await uc.audit({
    action: 'community.join',
    patientId,
    recordType: 'community_member',
    recordId: member.id,
    details: { kind: member.kind, linkedToPatientRecord: true },
  });
  return { ...member, patientId };
}

export function communityResource(uc: UseCase, member: MemberRow | null): CommunityResource {
  return {
    kind: 'community',
    serviceId: uc.service.id,
    membership: member ? { kind: member.kind, status: member.status, badge: member.badge } : null,
  };
}

/** The member, when the signed-in user may take part in the community; otherwise null (404). */
export async function activeMember(uc: UseCase): Promise<MemberRow | null> {
  const member = await myMembership(uc);
  const actor = await accessActorFor(uc.db, requireUser(uc));
  return can(actor, 'community.take_part', communityResource(uc, member)) ? member : null;
}

/** The member, when they are a moderator on active duty of the community; otherwise null. */
export async function moderatorMember(uc: UseCase): Promise<MemberRow | null> {
  const member = await myMembership(uc);
  const actor = await accessActorFor(uc.db, requireUser(uc));
  return can(actor, 'community.moderate', communityResource(uc, member)) ? member : null;
}

function joinLink(uc: UseCase) {
  return `${uc.links.publicUrl}/community/join`;
}

async function emailInvitation(
  uc: UseCase,
  to: { userId: string; email: string; displayName: string },
  invitationId: string,
  patientId: string | null,
) {
  const settings = await ensureCommunity(uc);
  const email = invitationEmail({
    displayName: to.displayName,
    communityName: settings.name,
    serviceName: uc.links.serviceName,
    joinUrl: joinLink(uc),
  });
  await queueMessage(uc.db, uc.clock, {
    serviceId: uc.service.id,
    channel: 'email',
    recipient: to.email,
    subject: email.subject,
    body: email.body,
    template: 'community-invitation',
    patientId,
    idempotencyKey: `community-invitation:${invitationId}`,
  });
}

/**
 * The patient a clinician may invite (their own patients; a manager's service), with the name the
 * invitation page shows; null otherwise (404), audited as a denied look.
 */
export async function invitablePatient(uc: UseCase, patientId: string) {
  const patient = await repo.findPatientFacts(uc.db, uc.service.id, patientId);
  const actor = await accessActorFor(uc.db, requireUser(uc));
  if (
    !patient ||
    !can(actor, 'community.invite_patient', {
      kind: 'patient',
      serviceId: uc.service.id,
      userId: patient.userId,
      responsibleClinicianId: patient.responsibleClinicianId,
    })
  ) {
    await uc.audit({
      action: 'community.invite',
      outcome: 'denied',
      recordType: 'patient',
      recordId: patientId,
    });
    return null;
  }
  return patient;
}

export type InviteResult =
  | { ok: true; outcome: 'invited' | 'already_invited' | 'already_member' }
  | { ok: false; reason: 'no_account' | 'under_18' };

/**
 * A therapist invites their patient to the community (at discharge, or during treatment where the
 * service allows it). The front door the discharge calls. Null when the patient is not the
 * actor's to invite (the route answers 404), audited as denied.
 */
export async function inviteToCommunity(
  uc: UseCase,
  input: { patientId: string },
): Promise<InviteResult | null> {
  const user = requireUser(uc);
  const patient = await invitablePatient(uc, input.patientId);
  if (!patient) return null;
  const today = utcToLondon(uc.clock.now()).date;
  if (ageOn(patient.dateOfBirth, today) < MINIMUM_MEMBER_AGE)
    return { ok: false, reason: 'under_18' };
  if (!patient.userId) return { ok: false, reason: 'no_account' };
  const patientUserId = patient.userId;
  return uc.transaction(async (tx) => {
    const member = await repo.findMemberByUser(tx.db, tx.service.id, patientUserId);
    if (member && member.status !== 'left') return { ok: true, outcome: 'already_member' } as const;
    if (await repo.findOpenInvitation(tx.db, tx.service.id, patientUserId))
      return { ok: true, outcome: 'already_invited' } as const;
    const contact = await repo.findUserContact(tx.db, tx.service.id, patientUserId);
    if (!contact?.active) return { ok: false, reason: 'no_account' } as const;
    const invitation = await repo.insertInvitation(tx.db, {
      serviceId: tx.service.id,
      userId: patientUserId,
      kind: 'former_patient',
      patientId: patient.id,
      invitedBy: user.userId,
      createdAt: tx.clock.now(),
    });
    await emailInvitation(tx, { ...contact, userId: patientUserId }, invitation.id, patient.id);
    await tx.audit({
      action: 'community.invite',
      patientId: patient.id,
      recordType: 'community_invitation',
      recordId: invitation.id,
      details: { kind: 'former_patient' },
    });
    return { ok: true, outcome: 'invited' } as const;
  });
}

/**
 * Invites someone by email, as a carer (by a member or a clinician) or as a moderator (by a
 * manager). A new person gets an account with only the community role. The answer never says
 * whether the email already had an account (a member must not learn who uses the service).
 */
/**
 * Whether the signed-in user may send this kind of invitation (the same rule the sending checks),
 * so the form is only offered to those who can use it; with their membership, if any.
 */
export async function invitationFormFor(uc: UseCase, kind: 'carer' | 'moderator') {
  const actor = await accessActorFor(uc.db, requireUser(uc));
  const member = await myMembership(uc);
  const action = kind === 'carer' ? 'community.invite_carer' : 'community.add_moderator';
  return can(actor, action, communityResource(uc, member)) ? { member } : null;
}

export async function inviteByEmail(
  uc: UseCase,
  input: { name: string; email: string } & (
    { kind: 'carer' } | { kind: 'moderator'; badge: ModeratorBadge }
  ),
): Promise<{ ok: true } | null> {
  const user = requireUser(uc);
  if (!(await invitationFormFor(uc, input.kind))) {
    await uc.audit({
      action: input.kind === 'carer' ? 'community.invite' : 'community.add_moderator',
      outcome: 'denied',
    });
    return null;
  }
  return uc.transaction(async (tx) => {
    let userId = await userIdForEmail(tx.db, tx.service.id, input.email);
    if (!userId) {
      const created = await createUserWithInvitation(
        tx.db,
        tx.clock,
        tx.actor,
        {
          serviceId: tx.service.id,
          email: input.email,
          displayName: input.name,
          roles: [input.kind === 'carer' ? 'community_member' : 'moderator'],
        },
        tx.links,
        input.kind === 'carer'
          ? 'so you can join its online peer-support community for relatives and carers. A second email tells you how'
          : 'so you can help moderate its online peer-support community. A second email tells you how',
      );
      if (!created.ok) return { ok: true } as const;
      userId = created.userId;
    }
    const member = await repo.findMemberByUser(tx.db, tx.service.id, userId);
    const open = await repo.findOpenInvitation(tx.db, tx.service.id, userId);
    // A member whose membership a moderator ended is not invited back by anyone (walk 10).
    if (
      (member && member.status !== 'left' && input.kind === 'carer') ||
      member?.status === 'banned' ||
      open
    )
      return { ok: true } as const;
    const contact = await repo.findUserContact(tx.db, tx.service.id, userId);
    if (!contact?.active) return { ok: true } as const;
    const invitation = await repo.insertInvitation(tx.db, {
      serviceId: tx.service.id,
      userId,
      kind: input.kind,
      badge: input.kind === 'moderator' ? input.badge : null,
      invitedBy: user.userId,
      createdAt: tx.clock.now(),
    });
    await emailInvitation(tx, { ...contact, userId }, invitation.id, null);
    await tx.audit({
      action: input.kind === 'carer' ? 'community.invite' : 'community.add_moderator',
      recordType: 'community_invitation',
      recordId: invitation.id,
      details: { kind: input.kind, ...(input.kind === 'moderator' ? { badge: input.badge } : {}) },
    });
    return { ok: true } as const;
  });
}

/**
 * What a member who left comes back to: a ban or a suspension that has not run its course is not
 * lifted by leaving and joining again (walk 10: a 7-day suspension was undone in minutes).
 */
export function statusOnRejoining(
  previous: Pick<MemberRow, 'status' | 'statusReason' | 'suspendedUntil'> | null,
  now: Date,
): {
  status: 'active' | 'suspended' | 'banned';
  statusReason: string | null;
  suspendedUntil: Date | null;
} {
  if (previous?.status === 'banned')
    return { status: 'banned', statusReason: previous.statusReason, suspendedUntil: null };
  if (
    (previous?.status === 'suspended' || previous?.status === 'left') &&
    previous.suspendedUntil &&
    previous.suspendedUntil.getTime() > now.getTime()
  )
    return {
      status: 'suspended',
      statusReason: previous.statusReason,
      suspendedUntil: previous.suspendedUntil,
    };
  return { status: 'active', statusReason: null, suspendedUntil: null };
}

/**
 * The signed-in user's open invitation, with the names a pseudonym must not contain, their patient
 * record if they are one of our patients (whatever the invitation's kind), and the suspension
 * they left under, if it has not ended (the join page says so).
 */
export async function myInvitation(uc: UseCase) {
  const user = requireUser(uc);
  const invitation = await repo.findOpenInvitation(uc.db, uc.service.id, user.userId);
  if (!invitation) return null;
  const patientId =
    invitation.patientId ?? (await repo.findPatientIdForUser(uc.db, uc.service.id, user.userId));
  const patient = patientId ? await repo.findPatientFacts(uc.db, uc.service.id, patientId) : null;
  const previous = await repo.findMemberByUser(uc.db, uc.service.id, user.userId);
  const rejoining = statusOnRejoining(previous, uc.clock.now());
  return {
    invitation,
    patientId: patient?.id ?? null,
    suspendedUntil: rejoining.status === 'suspended' ? rejoining.suspendedUntil : null,
    realNames: [
      { givenName: user.displayName, email: user.email },
      ...(patient ? [{ givenName: patient.givenName, familyName: patient.familyName }] : []),
    ],
  };
}

export interface JoinInput {
  pseudonym: string;
  avatar: string;
}

/** Accepts the invitation under a pseudonym; field errors when the pseudonym will not do. */
export async function joinCommunity(
  uc: UseCase,
  input: JoinInput,
): Promise<{ ok: true } | { ok: false; errors: FieldError[] } | null> {
  const user = requireUser(uc);
  const open = await myInvitation(uc);
  if (!open) return null;
  let pseudonym = '';
  for (const name of open.realNames) {
    const check = checkPseudonym(input.pseudonym, name);
    if (!check.ok) return { ok: false, errors: [{ field: 'pseudonym', message: check.message }] };
    pseudonym = check.value;
  }
  const key = normalisePseudonym(pseudonym);
  return uc.transaction(async (tx) => {
    if (await repo.pseudonymTaken(tx.db, tx.service.id, key, user.userId))
      return {
        ok: false,
        errors: [
          {
            field: 'pseudonym',
            message: 'Someone is already using that name. Enter a different name',
          },
        ],
      } as const;
    const now = tx.clock.now();
    const previous = await repo.findMemberByUser(tx.db, tx.service.id, user.userId);
    // The kind (and so the spaces) is the invitation's: a patient invited as a relative or carer
    // takes part as one. Their patient record is linked all the same, for their safety.
    const member = await repo.upsertMember(tx.db, {
      serviceId: tx.service.id,
      userId: user.userId,
      pseudonym,
      pseudonymKey: key,
      avatar: input.avatar,
      kind: open.invitation.kind,
      badge: open.invitation.badge,
      patientId: open.patientId,
      ...statusOnRejoining(previous, now),
      at: now,
    });
    await repo.acceptInvitation(tx.db, tx.service.id, open.invitation.id, now);
    await tx.audit({
      action: 'community.join',
      patientId: member.patientId,
      recordType: 'community_member',
      recordId: member.id,
      details: { kind: member.kind, status: member.status },
    });
    return { ok: true } as const;
  });
}

/** Leaves the community. What they wrote stays (unless they delete it); their record is untouched. */
export async function leaveCommunity(uc: UseCase): Promise<boolean> {
  const member = await myMembership(uc);
  if (!member || member.status === 'left') return false;
  // A suspended member may leave; a banned one is out already, and leaving must not lift the ban.
  if (member.status !== 'active' && member.status !== 'suspended') return false;
  // A suspension is kept with them, so joining again does not lift it (walk 10).
  const suspended = member.status === 'suspended';
  await repo.setMemberStatus(
    uc.db,
    uc.service.id,
    member.id,
    'left',
    suspended ? member.statusReason : null,
    suspended ? member.suspendedUntil : null,
  );
  await repo.setOnDuty(uc.db, uc.service.id, member.id, false);
  await uc.audit({
    action: 'community.leave',
    recordType: 'community_member',
    recordId: member.id,
  });
  return true;
}

/** Everything the member wrote, as a download (theirs to keep). */
export async function exportMyContent(uc: UseCase, elsewhere: WallForCommunity) {
  const member = await myMembership(uc);
  if (!member) return null;
  const posts = await repo.postsByAuthor(uc.db, uc.service.id, member.id);
  const wallMessages = await elsewhere.wallMessagesOf(uc, member.id);
  await uc.audit({
    action: 'community.export_own',
    recordType: 'community_member',
    recordId: member.id,
  });
  return {
    pseudonym: member.pseudonym,
    joinedAt: member.joinedAt.toISOString(),
    posts: posts.map((p) => ({
      topic: p.topicTitle,
      kind: p.topicKind,
      text: p.body,
      status: p.status,
      hiddenReason: p.hiddenReason,
      postedAt: p.createdAt.toISOString(),
      editedAt: p.editedAt?.toISOString() ?? null,
    })),
    wallMessages: wallMessages.map((m) => ({
      text: m.text,
      postedAt: m.postedAt.toISOString(),
      removed: m.removed,
      removedReason: m.removedReason,
    })),
  };
}

/**
 * Deletes everything the member wrote, the Wall's messages too (replies to them stay, marked as
 * deleted), all or nothing.
 */
export async function deleteMyContent(uc: UseCase, elsewhere: WallForCommunity): Promise<boolean> {
  return uc.transaction(async (t) => {
    const member = await myMembership(t);
    if (!member) return false;
    await repo.deleteContentOf(t.db, t.service.id, member.id);
    const wallMessages = await elsewhere.eraseWallMessagesOf(t, member.id);
    await t.audit({
      action: 'community.delete_own',
      recordType: 'community_member',
      recordId: member.id,
      details: { wallMessages },
    });
    return true;
  });
}

/** What moderators did about the member, with their reasons. */
export async function noticesFor(uc: UseCase, member: MemberRow) {
  return repo.actionsAbout(uc.db, uc.service.id, member.id);
}

/** For the Wall: a member's public face (pseudonym, avatar, badge), never their real name. */
export async function publicMember(uc: UseCase, memberId: string) {
  const m = await repo.findMember(uc.db, uc.service.id, memberId);
  return m
    ? { id: m.id, pseudonym: m.pseudonym, avatar: m.avatar, badge: m.badge, kind: m.kind }
    : null;
}

export async function setMyDuty(uc: UseCase, onDuty: boolean): Promise<boolean> {
  const member = await moderatorMember(uc);
  if (!member) return false;
  await repo.setOnDuty(uc.db, uc.service.id, member.id, onDuty);
  return true;
}

export async function onDutyModerators(uc: UseCase) {
  return repo.listOnDutyModerators(uc.db, uc.service.id);
}
