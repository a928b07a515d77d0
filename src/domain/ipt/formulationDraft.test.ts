import { describe, expect, it } from 'vitest';
import {
  decideFormulationSave,
  sameFormulationWords,
  type FormulationState,
  type FormulationWords,
} from './formulationDraft';

const words = (formulation: string, focalArea = 'grief'): FormulationWords => ({
  focalArea,
  secondFocalArea: null,
  formulation,
});
const SHARED = words('Since your dad died you have pulled away.');
const DRAFT = words('Since your dad died you have pulled away from');

const state = (over: Partial<FormulationState> = {}): FormulationState => ({
  shared: SHARED,
  version: 2,
  draft: null,
  draftRevision: 0,
  ...over,
});
const onPage = (version: number | null, draftRevision: number | null) => ({
  version,
  draftRevision,
});

describe('decideFormulationSave (H15)', () => {
  it('keeps a draft without touching the shared version', () => {
    expect(
      decideFormulationSave(state(), { intent: 'draft', words: DRAFT, basedOn: onPage(2, 0) }),
    ).toEqual({ write: 'draft' });
    // The first words ever written can be a draft too.
    expect(
      decideFormulationSave(state({ shared: null, version: 0 }), {
        intent: 'draft',
        words: DRAFT,
        basedOn: onPage(0, 0),
      }),
    ).toEqual({ write: 'draft' });
  });

  it('shares changed words as a new version', () => {
    expect(
      decideFormulationSave(state({ draft: DRAFT, draftRevision: 3 }), {
        intent: 'share',
        words: DRAFT,
        basedOn: onPage(2, 3),
      }),
    ).toEqual({ write: 'share' });
    expect(
      decideFormulationSave(state({ shared: null, version: 0 }), {
        intent: 'share',
        words: SHARED,
        basedOn: onPage(0, 0),
      }),
    ).toEqual({ write: 'share' });
  });

  it('changes nothing when the words are already there', () => {
    expect(
      decideFormulationSave(state(), { intent: 'share', words: SHARED, basedOn: onPage(1, 0) }),
    ).toEqual({ write: 'nothing' });
    expect(
      decideFormulationSave(state(), { intent: 'draft', words: SHARED, basedOn: onPage(2, 0) }),
    ).toEqual({ write: 'nothing' });
    expect(
      decideFormulationSave(state({ draft: DRAFT, draftRevision: 1 }), {
        intent: 'draft',
        words: DRAFT,
        basedOn: onPage(2, 0),
      }),
    ).toEqual({ write: 'nothing' });
  });

  it('drops the draft, keeping the version and agreement, when it goes back to the shared words', () => {
    for (const intent of ['draft', 'share'] as const)
      expect(
        decideFormulationSave(state({ draft: DRAFT, draftRevision: 1 }), {
          intent,
          words: SHARED,
          basedOn: onPage(2, 1),
        }),
      ).toEqual({ write: 'drop_draft' });
  });

  it('refuses a save from a page opened before another share or draft, for both buttons', () => {
    for (const intent of ['draft', 'share'] as const) {
      // Shared since the page was opened.
      expect(
        decideFormulationSave(state({ version: 3 }), {
          intent,
          words: DRAFT,
          basedOn: onPage(2, 0),
        }),
      ).toEqual({ write: 'stale' });
      // A colleague saved a draft since.
      expect(
        decideFormulationSave(state({ draft: words('Their draft'), draftRevision: 1 }), {
          intent,
          words: DRAFT,
          basedOn: onPage(2, 0),
        }),
      ).toEqual({ write: 'stale' });
      // Going back to the shared words would still drop a colleague's newer draft unseen.
      expect(
        decideFormulationSave(state({ draft: words('Their draft'), draftRevision: 1 }), {
          intent,
          words: SHARED,
          basedOn: onPage(2, 0),
        }),
      ).toEqual({ write: 'stale' });
    }
  });

  it('does not check what the page did not say it was opened on', () => {
    expect(
      decideFormulationSave(state({ version: 5, draft: DRAFT, draftRevision: 4 }), {
        intent: 'share',
        words: words('New'),
        basedOn: onPage(null, null),
      }),
    ).toEqual({ write: 'share' });
    expect(
      decideFormulationSave(state({ draft: DRAFT, draftRevision: 4 }), {
        intent: 'draft',
        words: words('New'),
        basedOn: onPage(2, null),
      }),
    ).toEqual({ write: 'draft' });
  });
});

describe('sameFormulationWords', () => {
  it('compares focal areas and words', () => {
    expect(sameFormulationWords(null, SHARED)).toBe(false);
    expect(sameFormulationWords(SHARED, { ...SHARED })).toBe(true);
    expect(sameFormulationWords(SHARED, { ...SHARED, secondFocalArea: 'role-transitions' })).toBe(
      false,
    );
    expect(sameFormulationWords(SHARED, words(SHARED.formulation, 'role-transitions'))).toBe(false);
  });
});
