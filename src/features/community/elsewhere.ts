import type { UseCase } from '../../platform/use-case';

/** One message the member wrote on the Wall, for their page and their download. */
export interface WallMessageOfMember {
  text: string;
  postedAt: Date;
  /** Removed by a moderator (with their reason) or by the member; the text is kept for them. */
  removed: boolean;
  removedReason: string | null;
}

/** A warning or suspension a moderator gave the member on the Wall, for their page. */
export interface WallSanctionOfMember {
  kind: 'warning' | 'suspension';
  reason: string;
  at: Date;
  /** When a suspension ends; null for a warning. */
  until: Date | null;
}

/**
 * What the community needs from the Wall: what a member wrote there, and what waits for its
 * moderators. The Wall builds
 * on the community (it imports this feature), so the community cannot import it back; app.tsx
 * hands these in, so "your membership", the download and "delete everything you have written"
 * cover everything the member wrote (walk 5).
 */
export interface WallForCommunity {
  wallMessagesOf(uc: UseCase, memberId: string): Promise<WallMessageOfMember[]>;
  /** Removes the member's Wall messages for good, inside the caller's transaction. */
  eraseWallMessagesOf(uc: UseCase, memberId: string): Promise<number>;
  /**
   * How many Wall messages wait for a moderator (crisis language not yet looked at, reports), so
   * the forums' moderation queue does not say "Nothing is waiting" while the Wall's has some.
   */
  wallQueueSize(uc: UseCase): Promise<{ crisis: number; reports: number }>;
  /** The Wall's warnings and suspensions of the member, newest first ("What moderators have told you"). */
  wallSanctionsOf(uc: UseCase, memberId: string): Promise<WallSanctionOfMember[]>;
}
