import { WarningCallout } from 'nhsuk-react-components';
import type { Supervisee } from '../../auth';

/** Where the error summary sends a manager for one supervisee. */
export const superviseeAnchor = (id: string) => `supervisee-${id}`;

/**
 * The colleagues who have this person as their supervisor (H17): each links to their profile,
 * where another supervisor is chosen. Until then, this person keeps the supervisor role and access.
 */
export function SuperviseesCallout({
  name,
  supervisees,
  what,
}: {
  name: string;
  supervisees: readonly Supervisee[];
  /** What cannot be done yet: "take away their supervisor role", "remove their access". */
  what: string;
}) {
  if (supervisees.length === 0) return null;
  return (
    <WarningCallout>
      <WarningCallout.Heading headingLevel="h2">
        {supervisees.length === 1
          ? `${name} supervises 1 colleague`
          : `${name} supervises ${supervisees.length} colleagues`}
      </WarningCallout.Heading>
      <p>
        A trainee must have a supervisor who can countersign their notes and hear about their
        patients’ risk. Choose another supervisor for each of them before you {what}.
      </p>
      <ul>
        {supervisees.map((s) => (
          <li key={s.id} id={superviseeAnchor(s.id)}>
            <a href={`/therapists/${s.id}/edit`}>Choose another supervisor for {s.displayName}</a>
          </li>
        ))}
      </ul>
    </WarningCallout>
  );
}

/** The error summary's lines: one per supervisee, each linking to them in the callout. */
export function superviseeErrors(
  field: string,
  name: string,
  supervisees: readonly Supervisee[],
  what: string,
) {
  return supervisees.map((s) => ({
    field,
    href: superviseeAnchor(s.id),
    message: `${name} is the supervisor of ${s.displayName}: choose another supervisor for ${s.displayName} before you ${what}`,
  }));
}
