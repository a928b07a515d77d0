/**
 * The Wall (issue 14): live chat in the community in office hours. A message is committed, with
 * the next number in the service's sequence, before anyone is told of it; the commit's NOTIFY
 * wakes every app instance's hub, which sends what changed to the sockets it holds.
 */
import type { CommunityBadge } from '../../db/schema';
import { hasCrisisLanguage } from '../../domain/community';
import {
  checkWallMessage,
  wallState,
  WALL_REPEAT_WINDOW_MS,
  type WallState,
} from '../../domain/wall';
import { formatLondonDateTime } from '../../domain/calendar';
import { type UseCase } from '../../platform/use-case';
import {
  activeMember,
  alertCrisis,
  alertCrisisReport,
  askClinicalTeamAbout,
  membersWithRecord,
  moderatorMember,
  noticeToMember,
  onDutyModerators,
  type CommunityMember as MemberRow,
  type WallForCommunity,
  type WallMessageOfMember,
  type WallSanctionOfMember,
} from '../community';
import { officeHoursOptions } from '../risk';
import * as repo from './wall.repository';

/** How many messages a page load shows, and how far back a reconnecting client may catch up. */
export const WALL_PAGE_MESSAGES = 50;
export const WALL_CATCH_UP_LIMIT = 500;
/** The moderators' queue of Wall messages (crisis first, then reports). */
export const WALL_QUEUE_PATH = '/community/wall/moderation';
/** A connection not seen for this long is no longer "here". */
export const PRESENCE_TTL_MS = 60_000;

/** A message as every member sees it: a pseudonym, never a real name; no text once hidden. */
export interface WallMessageView {
  id: string;
  seq: number;
  changeSeq: number;
  authorMemberId: string;
  pseudonym: string;
  avatar: string;
  badge: CommunityBadge | null;
  postedAt: string;
  body: string | null;
  hidden: boolean;
}

/** What moderators see besides: a message that used crisis language and nobody has looked at. */
export interface WallModeratorView extends WallMessageView {
  needsModerator: boolean;
}

export function messageView(row: repo.WallMessageRow): WallMessageView {
  const hidden = row.hiddenAt !== null;
  return {
    id: row.id,
    seq: row.seq,
    changeSeq: row.changeSeq,
    authorMemberId: row.authorId,
    pseudonym: row.pseudonym,
    avatar: row.avatar,
    badge: row.badge,
    postedAt: row.postedAt.toISOString(),
    body: hidden ? null : row.body,
    hidden,
  };
}

export function moderatorView(row: repo.WallMessageRow): WallModeratorView {
  return { ...messageView(row), needsModerator: row.crisis && !row.reviewedAt && !row.hiddenAt };
}

export async function wallHoursState(uc: UseCase): Promise<WallState> {
  const service = await repo.serviceHours(uc.db, uc.service.id);
  const hours = service?.settings.wallHours ?? service?.officeHours ?? null;
  try {
    return wallState(uc.clock.now(), officeHoursOptions(hours));
  } catch (err) {
    // Hours the calendar cannot read fall back to the standard ones rather than a closed Wall.
    if (err instanceof RangeError) return wallState(uc.clock.now());
    throw err;
  }
}

/** A moderator's warning or suspension from the Wall, as the member is told of it (walk 10). */
export type WallSanctionNotice = WallSanctionOfMember;

/** How long a warning stays at the top of the Wall page; their community page keeps it. */
export const WALL_WARNING_SHOWN_MS = 14 * 86_400_000;

export interface WallMember {
  member: MemberRow;
  isModerator: boolean;
  /** Why the member may not post now, in words for them; null when they may. */
  postingBlocked: string | null;
  /** A suspension from posting on the Wall still running, if any. */
  suspension: WallSanctionNotice | null;
}

/** The signed-in member as the Wall sees them, or null (not a member: 404). */
export async function wallMemberFor(uc: UseCase): Promise<WallMember | null> {
  const member = await activeMember(uc);
  if (!member) return null;
  const isModerator = (await moderatorMember(uc)) !== null;
  const row = await repo.activeSuspension(uc.db, uc.service.id, member.id, uc.clock.now());
  const suspension = row ? sanctionNotice(row) : null;
  // London time in the NHS style, never an ISO instant (walk 10).
  const postingBlocked = suspension?.until
    ? `A moderator has paused your posting on the Wall until ${formatLondonDateTime(suspension.until)}. Their reason: ${suspension.reason}`
    : null;
  return { member, isModerator, postingBlocked, suspension };
}

function sanctionNotice(row: repo.WallSanctionRow): WallSanctionNotice {
  return { kind: row.kind, reason: row.reason, at: row.createdAt, until: row.until };
}

/**
 * What the Wall page tells the member of a moderator's sanction: a suspension while it runs, else
 * their latest warning for a fortnight after it was given.
 */
async function sanctionToShow(uc: UseCase, me: WallMember): Promise<WallSanctionNotice | null> {
  if (me.suspension) return me.suspension;
  const latest = await repo.latestSanction(uc.db, uc.service.id, me.member.id);
  if (latest?.kind !== 'warning') return null;
  return uc.clock.now().getTime() - latest.createdAt.getTime() < WALL_WARNING_SHOWN_MS
    ? sanctionNotice(latest)
    : null;
}

export interface WallPageData {
  state: WallState;
  messages: WallMessageView[] | WallModeratorView[];
  lastSeq: number;
  here: number;
  moderators: { pseudonym: string; badge: CommunityBadge | null; avatar: string }[];
  me: WallMember;
  queue: number;
  /** A moderator's warning or suspension the member should see at the top of the page. */
  sanction: WallSanctionNotice | null;
}

/** Everything a page load shows. */
export async function wallPage(uc: UseCase, me: WallMember): Promise<WallPageData> {
  const now = uc.clock.now();
  const [state, rows, lastSeq, here, moderators, sanction] = await Promise.all([
    wallHoursState(uc),
    repo.latestMessages(uc.db, uc.service.id, WALL_PAGE_MESSAGES),
    repo.currentSeq(uc.db, uc.service.id),
    repo.membersHere(uc.db, uc.service.id, new Date(now.getTime() - PRESENCE_TTL_MS)),
    onDutyModerators(uc),
    sanctionToShow(uc, me),
  ]);
  const messages = me.isModerator ? rows.map(moderatorView) : rows.map(messageView);
  // Messages waiting, each once: a reported crisis message is one message in the queue.
  const queue = me.isModerator ? (await repo.waitingCounts(uc.db, uc.service.id)).total : 0;
  return {
    state,
    messages,
    lastSeq,
    here,
    moderators: moderators.map((m) => ({
      pseudonym: m.pseudonym,
      badge: m.badge,
      avatar: m.avatar,
    })),
    me,
    queue,
    sanction,
  };
}

export type PostResult =
  | { ok: true; message: WallMessageView; crisis: boolean; duplicate: boolean }
  | { ok: false; reason: 'closed' | 'blocked' | 'refused'; message: string };

/**
 * Posts a message. `clientKey` makes a resend (a dropped socket, a double click) return the
 * message already stored instead of a second one.
 */
export async function postToWall(
  uc: UseCase,
  me: WallMember,
  input: { body: string; clientKey: string },
): Promise<PostResult> {
  return uc.transaction(async (tx) => {
    const { member } = me;
    const existing = await repo.findByClientKey(tx.db, tx.service.id, member.id, input.clientKey);
    if (existing)
      return { ok: true, message: messageView(existing), crisis: existing.crisis, duplicate: true };
    const state = await wallHoursState(tx);
    if (!state.open)
      return {
        ok: false,
        reason: 'closed',
        message: 'The Wall is closed now. You can read it, but not post.',
      };
    if (me.postingBlocked) return { ok: false, reason: 'blocked', message: me.postingBlocked };
    const now = tx.clock.now();
    const recent = await repo.recentByAuthor(
      tx.db,
      tx.service.id,
      member.id,
      new Date(now.getTime() - WALL_REPEAT_WINDOW_MS),
    );
    const checked = checkWallMessage(input.body, recent, now);
    if (!checked.ok) return { ok: false, reason: 'refused', message: checked.message };
    const crisis = hasCrisisLanguage(checked.value);
    const seq = await repo.nextSeq(tx.db, tx.service.id);
    const row = await repo.insertMessage(tx.db, {
      serviceId: tx.service.id,
      seq,
      changeSeq: seq,
      authorId: member.id,
      pseudonym: member.pseudonym,
      avatar: member.avatar,
      authorKind: member.kind,
      badge: member.badge,
      body: checked.value,
      clientKey: input.clientKey,
      crisis,
      postedAt: now,
    });
    await tx.audit({ action: 'wall.post', recordType: 'wall_message', recordId: row.id });
    if (crisis) await raiseCrisis(tx, member, row.id);
    await repo.notifyChanged(tx.db, tx.service.id);
    return { ok: true, message: messageView(row), crisis, duplicate: false };
  });
}

/**
 * Crisis language: the moderators on duty are emailed at once (no content), the message heads
 * their queue, and for a current patient their therapist's risk queue gets an alert (hazard H24).
 */
async function raiseCrisis(uc: UseCase, member: MemberRow, messageId: string) {
  await uc.audit({ action: 'wall.crisis', recordType: 'wall_message', recordId: messageId });
  await alertCrisis(uc, {
    member,
    recordType: 'wall_message',
    recordId: messageId,
    // The message is in the Wall's queue, not the forums' one.
    queuePath: WALL_QUEUE_PATH,
  });
}

/** A moderator hides a message: it disappears for everyone at once, with the reason recorded. */
export async function hideWallMessage(
  uc: UseCase,
  moderator: WallMember,
  input: { messageId: string; reason: string },
): Promise<boolean> {
  if (!moderator.isModerator) return false;
  return uc.transaction(async (tx) => {
    const found = await repo.findMessage(tx.db, tx.service.id, input.messageId);
    if (!found) return false;
    if (found.hiddenAt) return true;
    const changeSeq = await repo.nextSeq(tx.db, tx.service.id);
    const now = tx.clock.now();
    await repo.hideMessage(tx.db, tx.service.id, input.messageId, {
      changeSeq,
      at: now,
      by: moderator.member.id,
      reason: input.reason,
    });
    await repo.resolveReportsFor(tx.db, tx.service.id, input.messageId, now);
    // The author is told why on their community page, as the house rules promise (walk 5).
    await noticeToMember(tx, {
      moderatorMemberId: moderator.member.id,
      memberId: found.authorId,
      action: 'hide',
      reason: input.reason,
    });
    await tx.audit({
      action: 'wall.hide',
      recordType: 'wall_message',
      recordId: input.messageId,
      details: { reason: input.reason },
    });
    await repo.notifyChanged(tx.db, tx.service.id);
    return true;
  });
}

/**
 * What the member wrote on the Wall, for their community page and download (walk 5). The text of
 * a message a moderator removed is still theirs to see, with the reason.
 */
export async function wallMessagesOfMember(
  uc: UseCase,
  memberId: string,
): Promise<WallMessageOfMember[]> {
  const rows = await repo.messagesByAuthor(uc.db, uc.service.id, memberId);
  return rows.map((r) => ({
    text: r.body,
    postedAt: r.postedAt,
    removed: r.hiddenAt !== null,
    removedReason: r.hiddenReason,
  }));
}

/** "Delete everything you have written": the Wall's messages go too, for everyone at once. */
export async function eraseWallMessagesOfMember(uc: UseCase, memberId: string): Promise<number> {
  const erased = await repo.eraseMessagesOf(uc.db, uc.service.id, memberId, uc.clock.now());
  if (erased > 0) await repo.notifyChanged(uc.db, uc.service.id);
  return erased;
}

/** For app.tsx to hand the community, which cannot import the Wall (it builds on the community). */
export const wallWriting: WallForCommunity = {
  wallMessagesOf: wallMessagesOfMember,
  eraseWallMessagesOf: eraseWallMessagesOfMember,
  wallQueueSize: async (uc) => {
    const { reports, crisis } = await queueRows(uc);
    // A message reported in words that say someone is at risk counts as crisis too (walk 10).
    const crisisIds = new Set(crisis.map((m) => m.id));
    for (const r of reports) if (isCrisisReport(r.report)) crisisIds.add(r.message.id);
    // Each message once: one counted as crisis is not counted again as reported.
    const reported = new Set(reports.map((r) => r.message.id).filter((id) => !crisisIds.has(id)));
    return { crisis: crisisIds.size, reports: reported.size };
  },
  wallSanctionsOf: async (uc, memberId) =>
    (await repo.sanctionsOf(uc.db, uc.service.id, memberId)).map(sanctionNotice),
};

/** A report whose reason says someone may be at risk: crisis, at the top of the queue (H24). */
function isCrisisReport(report: { reason: string }): boolean {
  return hasCrisisLanguage(report.reason);
}

/** What waits in the Wall's moderation queue, as a moderator's home page counts it (H20). */
export interface WallModerationWaiting {
  /** Messages waiting: crisis language not yet looked at, or reported. */
  total: number;
  /** Of those, the ones that use crisis language. */
  crisis: number;
}

/**
 * How many Wall messages wait for a moderator and how many of them use crisis language, for a
 * moderator's home page (hazard H20); never what was written. Null unless the user moderates.
 */
export async function wallModerationWaiting(uc: UseCase): Promise<WallModerationWaiting | null> {
  if (!(await moderatorMember(uc))) return null;
  const [counts, reports] = await Promise.all([
    repo.waitingCounts(uc.db, uc.service.id),
    repo.openReports(uc.db, uc.service.id),
  ]);
  // Reported in crisis words (walk 10): waiting already, but counted as crisis too, once each.
  const reportedInCrisis = new Set(
    reports.filter((r) => !r.message.crisis && isCrisisReport(r.report)).map((r) => r.message.id),
  );
  return { total: counts.total, crisis: counts.crisis + reportedInCrisis.size };
}

/**
 * A member reports a message to the moderators. A reason in crisis words (someone is at risk)
 * alerts the moderators at once, as a crisis message does, and heads their queue (walk 10, H24).
 */
export async function reportWallMessage(
  uc: UseCase,
  me: WallMember,
  input: { messageId: string; reason: string },
): Promise<boolean | 'already'> {
  return uc.transaction(async (tx) => {
    const found = await repo.findMessage(tx.db, tx.service.id, input.messageId);
    if (!found || found.authorId === me.member.id) return false;
    const inserted = await repo.insertReport(tx.db, {
      serviceId: tx.service.id,
      messageId: input.messageId,
      reporterId: me.member.id,
      reason: input.reason,
      createdAt: tx.clock.now(),
    });
    // One report per member and message: a second is not stored, and they are told so.
    if (!inserted) return 'already';
    await tx.audit({
      action: 'wall.report',
      recordType: 'wall_message',
      recordId: input.messageId,
    });
    if (isCrisisReport(inserted)) await raiseReportCrisis(tx, inserted.id);
    return true;
  });
}

/**
 * The moderators are emailed at once (no content), by the forums' path for a crisis report. The
 * words are the reporter's about someone else, so no risk alert is raised on anyone's record
 * from them: a moderator reads the report and can ask the clinical team about the author.
 */
async function raiseReportCrisis(uc: UseCase, reportId: string) {
  await alertCrisisReport(uc, {
    key: `community-crisis:${reportId}`,
    recordType: 'wall_report',
    recordId: reportId,
    queuePath: WALL_QUEUE_PATH,
  });
}

/** A moderator has looked at a crisis message (and done what the community's procedure says). */
export async function reviewWallMessage(uc: UseCase, moderator: WallMember, messageId: string) {
  if (!moderator.isModerator) return false;
  const found = await repo.findMessage(uc.db, uc.service.id, messageId);
  if (!found) return false;
  await repo.markReviewed(uc.db, uc.service.id, messageId, uc.clock.now());
  await repo.resolveReportsFor(uc.db, uc.service.id, messageId, uc.clock.now());
  await uc.audit({ action: 'wall.review', recordType: 'wall_message', recordId: messageId });
  return true;
}

/**
 * A moderator asks the clinical team to contact a former patient whose Wall message worried them
 * (walk 5): a risk alert on their record (H20), the member told on their page, and the message
 * counted as looked at. False when it cannot be done: not a moderator, no such message, or an
 * author with no record with us (a relative or carer).
 */
export async function askClinicalTeamAboutWallMessage(
  uc: UseCase,
  moderator: WallMember,
  input: { messageId: string; reason: string },
): Promise<boolean> {
  if (!moderator.isModerator) return false;
  return uc.transaction(async (t) => {
    const found = await repo.findMessage(t.db, t.service.id, input.messageId);
    if (!found) return false;
    const asked = await askClinicalTeamAbout(t, {
      moderatorMemberId: moderator.member.id,
      authorMemberId: found.authorId,
      // The words themselves, so the clinician knows what worried the moderator.
      about: `a message on the Wall: “${found.body.length > 300 ? `${found.body.slice(0, 300)}…` : found.body}”`,
      reason: input.reason,
    });
    if (!asked) return false;
    const now = t.clock.now();
    await repo.markReviewed(t.db, t.service.id, found.id, now);
    await repo.resolveReportsFor(t.db, t.service.id, found.id, now);
    await t.audit({
      action: 'wall.ask_clinical_team',
      recordType: 'wall_message',
      recordId: found.id,
      details: { memberId: found.authorId },
    });
    return true;
  });
}

/** A warning, or a suspension from posting on the Wall for some days, with the reason shown. */
export async function sanctionWallMember(
  uc: UseCase,
  moderator: WallMember,
  input: { messageId: string; kind: 'warning' | 'suspension'; reason: string; days: number },
): Promise<boolean> {
  if (!moderator.isModerator) return false;
  const found = await repo.findMessage(uc.db, uc.service.id, input.messageId);
  if (!found) return false;
  const now = uc.clock.now();
  await repo.insertSanction(uc.db, {
    serviceId: uc.service.id,
    memberId: found.authorId,
    kind: input.kind,
    reason: input.reason,
    until: input.kind === 'suspension' ? new Date(now.getTime() + input.days * 86_400_000) : null,
    byUserId: moderator.member.userId,
    createdAt: now,
  });
  await uc.audit({
    action: 'wall.sanction',
    recordType: 'community_member',
    recordId: found.authorId,
    details: { kind: input.kind, days: input.kind === 'suspension' ? input.days : null },
  });
  return true;
}

/** The moderators' queue: crisis messages not yet looked at, then reported messages. */
async function queueRows(uc: UseCase) {
  const [reports, crisis] = await Promise.all([
    repo.openReports(uc.db, uc.service.id),
    repo.crisisToReview(uc.db, uc.service.id),
  ]);
  return { reports, crisis };
}

export async function wallQueue(uc: UseCase) {
  const { reports, crisis } = await queueRows(uc);
  // The clinical team can be asked about authors who are the service's patients (walk 5).
  const withRecord = await membersWithRecord(uc, [
    ...new Set([...crisis, ...reports.map((r) => r.message)].map((m) => m.authorId)),
  ]);
  const all = reports.map((r) => ({
    reason: r.report.reason,
    reportedAt: r.report.createdAt,
    message: moderatorView(r.message),
    crisis: isCrisisReport(r.report),
  }));
  return {
    crisis: crisis.map(moderatorView),
    withRecord,
    // Reports in crisis words head the queue with the crisis messages (walk 10, H24).
    crisisReports: all.filter((r) => r.crisis),
    reports: all.filter((r) => !r.crisis),
  };
}

/** What changed after `afterSeq`, for a reconnecting client (at most the catch-up limit). */
export async function wallChangesAfter(uc: UseCase, afterSeq: number) {
  return repo.changesAfter(uc.db, uc.service.id, afterSeq, WALL_CATCH_UP_LIMIT);
}
