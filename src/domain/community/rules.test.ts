import { describe, expect, it } from 'vitest';
import { AVATARS, avatarParts, canStillEdit, EDIT_WINDOW_MINUTES, seesSpace } from './rules';

describe('community rules', () => {
  const posted = new Date('2026-03-29T00:55:00Z'); // across the clock change: UTC arithmetic

  it('allows edits for 15 minutes, including the last moment, then not', () => {
    expect(EDIT_WINDOW_MINUTES).toBe(15);
    expect(canStillEdit(posted, posted)).toBe(true);
    expect(canStillEdit(posted, new Date(posted.getTime() + 15 * 60_000))).toBe(true);
    expect(canStillEdit(posted, new Date(posted.getTime() + 15 * 60_000 + 1))).toBe(false);
    expect(canStillEdit(posted, new Date(posted.getTime() - 1))).toBe(false);
  });

  it('shows each kind of member only their spaces', () => {
    expect(seesSpace('former_patient', 'former_patients')).toBe(true);
    expect(seesSpace('former_patient', 'carers')).toBe(false);
    expect(seesSpace('carer', 'carers')).toBe(true);
    expect(seesSpace('carer', 'former_patients')).toBe(false);
    expect(seesSpace('carer', 'everyone')).toBe(true);
    expect(seesSpace('moderator', 'carers')).toBe(true);
    expect(seesSpace('moderator', 'former_patients')).toBe(true);
  });

  it('draws 36 avatars and knows none other', () => {
    expect(AVATARS).toHaveLength(36);
    expect(avatarParts('star-teal')).toEqual({ shape: 'star', colour: 'teal' });
    expect(avatarParts('photo-upload')).toBeNull();
  });
});
