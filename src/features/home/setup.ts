/**
 * First-run guidance for a service manager: what to set up, in order, and what is done. Pure.
 */
export interface SetupFacts {
  settingsSaved: boolean;
  activeLocations: number;
  /** Active therapists and whether each has a working pattern. */
  therapists: readonly { hasProfile: boolean; hasWorkingPattern: boolean }[];
}

export interface SetupStep {
  title: string;
  href: string;
  description: string;
  done: boolean;
}

export function setupSteps(f: SetupFacts): SetupStep[] {
  const withProfile = f.therapists.filter((t) => t.hasProfile);
  return [
    {
      title: 'Service settings',
      href: '/diary/settings',
      description: 'Office hours, closures, reminders and the usual number of IPT sessions.',
      done: f.settingsSaved,
    },
    {
      title: 'Locations and rooms',
      href: '/locations',
      description: 'Where face-to-face sessions happen, with opening hours and rooms.',
      done: f.activeLocations > 0,
    },
    {
      title: 'Therapists',
      href: '/therapists',
      description: 'Invite your therapists, then add their IPT training and accreditation.',
      done: withProfile.length > 0,
    },
    {
      title: 'Working patterns',
      href: '/therapists',
      description: 'The days and hours each therapist works, so sessions are booked within them.',
      done: withProfile.length > 0 && withProfile.every((t) => t.hasWorkingPattern),
    },
  ];
}
