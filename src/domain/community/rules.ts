/** House rules, the edit window and the avatar set of the peer-support community. */

/** Shown at joining (accepted with a tick) and linked from every community page. */
export const HOUSE_RULES: readonly { title: string; text: string }[] = [
  {
    title: 'Keep yourself and others anonymous',
    text: 'Do not share contact details (phone numbers, emails, addresses, social media) or names of people or places that could identify anyone, including you.',
  },
  {
    title: 'Be kind',
    text: 'Everyone here is finding their way. Disagree gently, and never mock, bully or pressure anyone.',
  },
  {
    title: 'Share experience, not medical advice',
    text: 'Say what helped you. Do not tell others to start, stop or change treatment or medicines.',
  },
  {
    title: 'This is not a crisis service',
    text: 'If you or someone else is in danger, call 999. For urgent mental health help call NHS 111 and choose option 2.',
  },
  {
    title: 'What happens if the rules are broken',
    text: 'A moderator may hide a post and tell you why. Breaking the rules again can lead to a warning, a suspension or losing your membership.',
  },
];

/** Members may change what they wrote for this long after posting it. */
export const EDIT_WINDOW_MINUTES = 15;

export function canStillEdit(postedAt: Date, now: Date): boolean {
  const age = now.getTime() - postedAt.getTime();
  return age >= 0 && age <= EDIT_WINDOW_MINUTES * 60_000;
}

/** Members must be adults. */
export const MINIMUM_MEMBER_AGE = 18;

/**
 * The avatars Rapport draws (no photo uploads, so no faces): a shape on a colour. Ids are stored;
 * the SVG is drawn by the view.
 */
export const AVATAR_SHAPES = ['circle', 'square', 'triangle', 'diamond', 'star', 'leaf'] as const;
export const AVATAR_COLOURS = ['blue', 'green', 'purple', 'orange', 'pink', 'teal'] as const;
export type AvatarShape = (typeof AVATAR_SHAPES)[number];
export type AvatarColour = (typeof AVATAR_COLOURS)[number];

export const AVATARS: readonly string[] = AVATAR_SHAPES.flatMap((s) =>
  AVATAR_COLOURS.map((c) => `${s}-${c}`),
);

export function avatarParts(id: string): { shape: AvatarShape; colour: AvatarColour } | null {
  if (!AVATARS.includes(id)) return null;
  const [shape, colour] = id.split('-') as [AvatarShape, AvatarColour];
  return { shape, colour };
}

/** Who a member is in the community; decides which spaces they see. */
export const MEMBER_KINDS = ['former_patient', 'carer', 'moderator'] as const;
export type MemberKind = (typeof MEMBER_KINDS)[number];

/** The badge a moderator shows beside their name. */
export const MODERATOR_BADGES = ['clinician', 'former_patient', 'volunteer'] as const;
export type ModeratorBadge = (typeof MODERATOR_BADGES)[number];

export const BADGE_LABELS: Record<ModeratorBadge, string> = {
  clinician: 'Moderator: clinician',
  former_patient: 'Moderator: former patient',
  volunteer: 'Moderator: volunteer',
};

/** Who a space is for. */
export const SPACE_AUDIENCES = ['former_patients', 'carers', 'everyone'] as const;
export type SpaceAudience = (typeof SPACE_AUDIENCES)[number];

/** Whether a member of this kind sees a space for this audience (moderators see them all). */
export function seesSpace(kind: MemberKind, audience: SpaceAudience): boolean {
  if (kind === 'moderator' || audience === 'everyone') return true;
  return audience === (kind === 'former_patient' ? 'former_patients' : 'carers');
}
