/**
 * Saving the focal area(s) and formulation as a draft, or sharing them with the patient (hazard
 * H15, ADR 0016). A draft is for clinicians only: the patient keeps seeing the last shared
 * version, and their agreement to it stands, until a clinician shares. Sharing words that differ
 * from the shared version makes a new version (which clears the agreement) and drops the draft.
 */

export interface FormulationWords {
  readonly focalArea: string;
  readonly secondFocalArea: string | null;
  readonly formulation: string;
}

export interface FormulationState {
  /** What the patient sees; null before anything is shared. */
  readonly shared: FormulationWords | null;
  /** The shared version's number (0 before anything is shared). */
  readonly version: number;
  /** The clinicians' draft, if any. */
  readonly draft: FormulationWords | null;
  /** Counts every change to the draft. */
  readonly draftRevision: number;
}

export type FormulationIntent = 'draft' | 'share';

export interface FormulationSave {
  readonly intent: FormulationIntent;
  readonly words: FormulationWords;
  /**
   * What the page was opened on. null for either means unknown (a page from before drafts, a
   * hand-made post): that part is not checked.
   */
  readonly basedOn: { readonly version: number | null; readonly draftRevision: number | null };
}

export type FormulationSaveDecision =
  /** Nothing would change: the agreement and the draft stay as they are. */
  | { readonly write: 'nothing' }
  /** Someone saved or shared since the page was opened: refused, so nothing is overwritten unseen. */
  | { readonly write: 'stale' }
  /** Keep these words as the draft; the shared version and its agreement are untouched. */
  | { readonly write: 'draft' }
  /** The words are the shared version's: drop the draft; the version and agreement stay. */
  | { readonly write: 'drop_draft' }
  /** A new shared version: the patient sees it, the agreement is cleared, the draft dropped. */
  | { readonly write: 'share' };

export function sameFormulationWords(a: FormulationWords | null, b: FormulationWords): boolean {
  return (
    a !== null &&
    a.focalArea === b.focalArea &&
    (a.secondFocalArea ?? null) === (b.secondFocalArea ?? null) &&
    a.formulation === b.formulation
  );
}

/** What a save of the formulation form does (pure; the service writes what it says). */
export function decideFormulationSave(
  state: FormulationState,
  save: FormulationSave,
): FormulationSaveDecision {
  const { words, intent, basedOn } = save;
  const sameAsShared = sameFormulationWords(state.shared, words);
  // Saving what is already there changes nothing, whatever page it came from.
  if (intent === 'draft' && sameFormulationWords(state.draft, words)) return { write: 'nothing' };
  if (sameAsShared && state.draft === null) return { write: 'nothing' };
  const stale =
    (basedOn.version !== null && basedOn.version !== state.version) ||
    (basedOn.draftRevision !== null && basedOn.draftRevision !== state.draftRevision);
  if (stale) return { write: 'stale' };
  if (sameAsShared) return { write: 'drop_draft' };
  return { write: intent };
}

/** Why a save from a stale page is refused (the words typed are kept on the page). */
export const FORMULATION_STALE_MESSAGE =
  'The formulation was changed after you opened this page. Open it again to see the latest version, then make your changes';
