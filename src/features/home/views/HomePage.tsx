import type { ReactNode } from 'react';
import { Card, InsetText, Tag, WarningCallout } from 'nhsuk-react-components';
import type { AppointmentMode as MeetingMode, AppointmentType, Role } from '../../../db/schema';
import {
  formatLondonDate,
  formatLondonDateTime,
  formatTime,
  utcToLondon,
} from '../../../domain/calendar';
import { inGroup } from '../../../platform/access';
import type { ModerationWaiting } from '../../community';
import type { WallModerationWaiting } from '../../wall';
import type { AlertWithContext } from '../../risk';
import type { SetupStep } from '../setup';
import { MODE_PHRASES, OTHER_TREATMENT_PHRASES } from '../../triage';
import type { Journey } from '../../triage';
import { weeksText } from '../../triage';

/** A patient's next booked appointment, with how and where it is held. */
export interface NextAppointment {
  id: string;
  kind: AppointmentType;
  sessionNumber: number | null;
  startsAt: Date;
  endsAt: Date;
  mode: MeetingMode;
  /** Where to come, for a face-to-face appointment. */
  place: { name: string; room: string | null; address: string; postcode: string } | null;
}

/** A service manager's first-run guidance and counts. */
export interface ManagerOverview {
  steps: SetupStep[];
  therapists: number;
  locations: number;
}

export interface HomePageProps {
  /** The first name to greet by (greeting.ts). */
  greetingName: string;
  roles: Role[];
  patientId: string | null;
  /** They are an active member of the peer-support community: their way in. */
  communityMember?: boolean;
  /** They have been invited to the community and have not joined yet. */
  communityInvited?: boolean;
  /** A moderator: what waits in the moderation queue, crisis first (H20); null otherwise. */
  moderation?: ModerationWaiting | null;
  /** And what waits in the Wall's moderation queue: counts only (H20). */
  wallModeration?: WallModerationWaiting | null;
  /** Where a patient is in their care with us; null for staff. */
  journey?: Journey | null;
  /** For a service manager: what to set up, and the therapist and location counts. */
  manager?: ManagerOverview | null;
  /** For a service manager: this month's headline figures (from the reports feature). */
  figures?: ReactNode;
  /** A patient's next booked appointment; null when none is booked. */
  nextAppointment?: NextAppointment | null;
  /** Patients waiting now in the therapist's video rooms (issue 12). */
  videoWaiting?: ReactNode;
  /** A therapist's open risk alerts for their own patients; null when not a therapist. */
  alerts?: AlertWithContext[] | null;
  /** A supervisor's: those of their trainees' patients; null when not a supervisor. */
  traineeAlerts?: AlertWithContext[] | null;
  /** A patient's call to answer the questionnaires before their next session, while open. */
  questionnaires?: ReactNode;
  /** The service's contact details, for patients (the journey text asks them to contact us). */
  contact?: ReactNode;
  /** Staff: patients' questions waiting more than a working day (hazard H18). */
  questions?: ReactNode;
  /** A therapist's discharge GP letters that have not reached the practice (hazard H27). */
  gpLetters?: ReactNode;
  /** A clinician's onward referrals whose letter is not yet recorded as sent (hazard H27). */
  onwardReferrals?: ReactNode;
  /** A manager: active courses whose therapist's access was removed (ADR 0036). */
  coursesToHandOver?: ReactNode;
}

interface Link {
  href: string;
  title: string;
  description: string;
}

/** After discharge: the course has ended, and when, if we know (walk 13). */
const courseEndedText = (endedAt: Date | null) =>
  endedAt
    ? `Your course of therapy ended on ${formatLondonDate(endedAt)}.`
    : 'Your course of therapy has ended.';

function linksFor(
  roles: Role[],
  patientId: string | null,
  community: { member: boolean; invited: boolean },
  journey: Journey | null,
): Link[] {
  const links: Link[] = [];
  if (community.invited)
    links.push({
      href: '/community/join',
      title: 'Join the peer-support community',
      description:
        'You have been invited. Choose a name to use there: other members will not see your real name.',
    });
  if (community.member)
    links.push({
      href: '/community',
      title: 'The community',
      description:
        'Forums, blogs and videos, and the Wall: live chat with other members and moderators.',
    });
  if (roles.includes('patient') && patientId) {
    // What they and their therapist wrote together, the staying-well plan first: after the
    // last session that plan is what they come back for, and the card says the course has ended.
    links.push({
      href: '/therapy',
      title: 'Your therapy',
      description:
        journey?.stage === 'discharged'
          ? `${courseEndedText(journey.courseEndedAt)} Your staying-well plan and what you and your therapist wrote together are kept here.`
          : 'Your staying-well plan, your aims, and what you and your therapist are working on.',
    });
    links.push({
      href: `/patients/${patientId}`,
      title: 'Your details',
      description: 'The details we hold about you.',
    });
    links.push({
      href: '/messages',
      title: 'Your messages',
      description: 'Messages from us. We text or email you when there is a new one.',
    });
    links.push({
      href: '/record-views',
      title: 'Who has viewed your record',
      description: 'Each time a member of our staff opened your record or saw your details.',
    });
    // Issue 11 part B: tasks between sessions and the summaries therapists share.
    links.push(
      {
        href: '/tasks',
        title: 'Your tasks',
        description: 'What you agreed to try between sessions, and how it went.',
      },
      {
        href: '/summaries',
        title: 'Your session summaries',
        description: 'A short summary of each session from your therapist.',
      },
      // The patient's notebook (issue 11).
      {
        href: '/notebook',
        title: 'Your notebook',
        description: 'Your own notes in folders, and what your therapist has shared with you.',
      },
      // Their letters (the discharge copy, onward referrals) are kept in the notebook: the way
      // to them, which the lede promises once their time with us has ended.
      {
        href: '/notebook#shared-letter',
        title: 'Your letters',
        description:
          'Letters we have sent you, such as the letter at the end of your treatment. They are kept in your notebook.',
      },
    );
  }
  if (inGroup(roles, 'clinical')) {
    links.push(
      {
        href: '/staff/referrals',
        title: 'Referrals',
        description: 'Triage new referrals, book and record wellbeing assessments.',
      },
      {
        href: '/staff/waiting-list',
        title: 'Waiting list',
        description:
          'People waiting for interpersonal therapy: urgent first, then the longest waiting.',
      },
      {
        href: '/staff/risk',
        title: 'Risk alerts',
        description: 'Every open risk alert, until someone records what they did.',
      },
      // Issue 11 part B.
      {
        href: '/overdue-notes',
        title: 'Overdue session notes',
        description:
          'Your ended sessions with no attendance recorded, and attended ones with no signed note after one working day.',
      },
      {
        href: '/questions',
        title: 'Patients’ questions',
        description: 'Questions patients have asked you or the service, waiting ones first.',
      },
    );
  }
  if (roles.includes('supervisor'))
    links.push({
      href: '/supervision',
      title: 'Supervision',
      description: 'Your supervisees’ courses, off-track alerts and supervision notes.',
    });
  if (roles.includes('therapist'))
    links.push({
      href: '/supervision/received',
      title: 'Supervision notes for you',
      description: 'Notes your supervisor recorded about your cases, to read and acknowledge.',
    });
  if (roles.includes('service_manager')) {
    links.push(
      { href: '/admin/users', title: 'Users', description: 'Invite staff and see who has access.' },
      {
        href: '/admin/audit',
        title: 'Audit log',
        description: 'Who looked at or changed which record, and when.',
      },
      {
        href: '/admin/messages',
        title: 'Sent messages',
        description: 'Emails and texts the service has sent or queued.',
      },
      {
        href: '/community/moderators',
        title: 'Community moderators',
        description: 'Invite moderators for the peer-support community, and see who moderates.',
      },
    );
  }
  links.push({
    href: '/account',
    title: 'Your account',
    description: 'Your details, password and signing out on other devices.',
  });
  return links;
}

// "IPT session" as the appointments page says (APPOINTMENT_KIND_LABELS), not "Session" here and
// "IPT session" there; a review stays "Review appointment", which reads alone as a heading's value.
const KIND_WORDS: Record<AppointmentType, string> = {
  assessment: 'Wellbeing assessment',
  ipt_session: 'IPT session',
  review: 'Review appointment',
};

const HOW_WORDS: Record<MeetingMode, string> = {
  video: 'By video call',
  face_to_face: 'Face to face',
  phone: 'By phone',
};

/** The next appointment: when, how and, face to face, where. No clinical words. */
function NextAppointmentPanel({ next }: { next: NextAppointment }) {
  const what =
    next.kind === 'ipt_session' && next.sessionNumber
      ? `IPT session ${next.sessionNumber}`
      : KIND_WORDS[next.kind];
  return (
    <section aria-labelledby="next-appointment-heading">
      <h2 id="next-appointment-heading">Your next appointment</h2>
      <dl className="nhsuk-summary-list">
        <div className="nhsuk-summary-list__row">
          <dt className="nhsuk-summary-list__key">What</dt>
          <dd className="nhsuk-summary-list__value">{what}</dd>
        </div>
        <div className="nhsuk-summary-list__row">
          <dt className="nhsuk-summary-list__key">When</dt>
          <dd className="nhsuk-summary-list__value">
            {formatLondonDateTime(next.startsAt)} until {formatTime(utcToLondon(next.endsAt).time)}
          </dd>
        </div>
        <div className="nhsuk-summary-list__row">
          <dt className="nhsuk-summary-list__key">How</dt>
          <dd className="nhsuk-summary-list__value">
            {HOW_WORDS[next.mode]}
            {next.place ? (
              <>
                {' at '}
                {next.place.room ? `${next.place.room}, ` : ''}
                {next.place.name}
                <br />
                {next.place.address}, {next.place.postcode}
              </>
            ) : null}
          </dd>
        </div>
      </dl>
      {next.mode === 'video' ? (
        // The way in on the day, one step from home rather than through the list (walk 11).
        <p>
          <a href={`/appointments/${next.id}/video`}>How to join your video appointment</a>
        </p>
      ) : null}
      <p>
        <a href="/appointments">See all your appointments</a>
      </p>
    </section>
  );
}

/** Plain English for where a patient is, and what happens next. No clinical words. */
function journeyText(
  journey: Journey,
  next: NextAppointment | null,
  community: { member: boolean; invited: boolean },
): { status: string; next: ReactNode[] } {
  const contactUs = 'If you have a question, or cannot make a time we have given you, contact us.';
  switch (journey.stage) {
    case 'no_referral':
      return {
        status: 'We do not have a referral for you at the moment',
        next: [
          <>
            If you would like our help, you can <a href="/refer">refer yourself</a>.
          </>,
        ],
      };
    case 'referral_received':
      return {
        status: 'We have your referral',
        next: [
          'Someone from our team will read it and contact you to arrange a first appointment, called a wellbeing assessment.',
          'This is a conversation with a clinician about how you have been feeling and what might help.',
        ],
      };
    case 'assessment_booked':
      return {
        status: `Your assessment is on ${formatLondonDateTime(journey.startsAt)} ${MODE_PHRASES[journey.mode]}`,
        next: [
          journey.mode === 'video'
            ? 'We will send you a link to join the video call. Find a quiet, private place where you can talk.'
            : journey.mode === 'phone'
              ? 'We will phone you at this time. Find a quiet, private place where you can talk.'
              : 'We will tell you where to come.',
          'The clinician will ask how you have been feeling and talk with you about what might help.',
          contactUs,
        ],
      };
    case 'ipt_waiting':
      return {
        status: 'You are on the waiting list for interpersonal therapy',
        next: [
          `You have been waiting ${weeksText(journey.daysWaiting)} since we got your referral.`,
          'We will contact you when a therapist is ready to start your sessions.',
          <>
            While you wait, you can read about{' '}
            <a href="/ipt/treatment">what interpersonal therapy involves</a> and{' '}
            <a href="/ipt/preparing">how to get ready for it</a>.
          </>,
        ],
      };
    case 'in_treatment':
      return {
        status: 'You are having interpersonal therapy with us',
        // With a session booked the panel above shows it; the words are for when none is.
        next: next
          ? ['Your next appointment is shown above.', contactUs]
          : ['Your therapist will agree the times of your sessions with you.', contactUs],
      };
    case 'other_treatment':
      return {
        status: journey.treatment
          ? `We have offered you ${OTHER_TREATMENT_PHRASES[journey.treatment]}`
          : 'We have offered you a different kind of support',
        next: ['We have sent you a message about what happens next.', contactUs],
      };
    case 'signposted':
      return {
        status: 'We have suggested another service that may suit you better',
        next: [
          journey.to ? `We suggested: ${journey.to}.` : 'We have sent you a message about it.',
          contactUs,
        ],
      };
    case 'discharged':
      return {
        status: 'Your time with our service has ended',
        next: [
          courseEndedText(journey.courseEndedAt),
          ...(journey.referredOn
            ? [
                `We have referred you on to ${journey.referredOn.service}. They should get in touch with you. If you have not heard from them within ${journey.referredOn.hearWithin}, please contact us.`,
              ]
            : []),
          // Aftercare: the plan they made for staying well, and the peer-support community.
          <>
            What you and your therapist wrote together, and your staying-well plan if you made one,
            are kept in <a href="/therapy">Your therapy</a>. Your plan can help if you notice your
            warning signs, or if things start to feel harder again.
          </>,
          ...(community.member
            ? [
                <>
                  You can keep in touch with other people who have had therapy in{' '}
                  <a href="/community">the community</a>.
                </>,
              ]
            : community.invited
              ? [
                  <>
                    You have been invited to{' '}
                    <a href="/community/join">join our peer-support community</a>, to keep in touch
                    with other people who have had therapy.
                  </>,
                ]
              : []),
          <>
            If you need our help again in future, you can <a href="/refer">refer yourself</a> again.
          </>,
        ],
      };
    case 'closed':
      return {
        status: 'Your referral is closed',
        next: [
          <>
            If you would like our help in future, you can <a href="/refer">refer yourself</a> again,
            or talk to your GP.
          </>,
        ],
      };
  }
}

function JourneyPanel({
  journey,
  nextAppointment,
  community,
}: {
  journey: Journey;
  nextAppointment: NextAppointment | null;
  community: { member: boolean; invited: boolean };
}) {
  const { status, next } = journeyText(journey, nextAppointment, community);
  return (
    <>
      <h2>Where you are with us</h2>
      <InsetText>
        <p className="nhsuk-heading-s">{status}</p>
      </InsetText>
      <h3>What happens next</h3>
      {next.map((line, i) => (
        <p key={i}>{line}</p>
      ))}
    </>
  );
}

const plural = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;

function ManagerPanel({ manager }: { manager: ManagerOverview }) {
  const left = manager.steps.filter((s) => !s.done).length;
  return (
    <>
      {left > 0 ? (
        <section aria-labelledby="setup-heading">
          <h2 id="setup-heading">Set up your service</h2>
          <p>
            Do these in order. {plural(left, 'step is', 'steps are')} still to do; each is ticked
            when it is done.
          </p>
          <ol className="nhsuk-list nhsuk-list--number">
            {manager.steps.map((s) => (
              <li key={s.title}>
                <a href={s.href}>{s.title}</a>{' '}
                {s.done ? (
                  <strong className="nhsuk-tag nhsuk-tag--green">Done</strong>
                ) : (
                  <strong className="nhsuk-tag nhsuk-tag--grey">To do</strong>
                )}
                <br />
                <span className="nhsuk-body-s">{s.description}</span>
              </li>
            ))}
          </ol>
        </section>
      ) : null}
      <ul className="nhsuk-grid-row nhsuk-card-group">
        <li className="nhsuk-grid-column-one-half nhsuk-card-group__item">
          <Card clickable>
            <Card.Heading headingLevel="h2" className="nhsuk-heading-m">
              <Card.Link href="/therapists">Therapists</Card.Link>
            </Card.Heading>
            <Card.Description>
              {plural(manager.therapists, 'active therapist', 'active therapists')}: their training,
              supervision and working patterns.
            </Card.Description>
          </Card>
        </li>
        <li className="nhsuk-grid-column-one-half nhsuk-card-group__item">
          <Card clickable>
            <Card.Heading headingLevel="h2" className="nhsuk-heading-m">
              <Card.Link href="/locations">Locations</Card.Link>
            </Card.Heading>
            <Card.Description>
              {plural(manager.locations, 'location', 'locations')} for face-to-face sessions, with
              their rooms and opening hours.
            </Card.Description>
          </Card>
        </li>
      </ul>
    </>
  );
}

/** How each kind of queue item is marked (as on the moderation queue). */
const WAITING_TAGS: Record<string, [string, 'red' | 'orange' | 'blue']> = {
  crisis: ['Crisis language', 'red'],
  report: ['Reported', 'orange'],
  contact_details: ['Contact details', 'orange'],
  approval: ['Awaiting approval', 'blue'],
};

/**
 * A moderator's: what waits in the moderation queues, the forums' and blogs' and the Wall's,
 * crisis language first (hazard H20). Of the Wall, counts only: never what was written.
 */
function ModerationPanel({
  waiting,
  wall,
}: {
  waiting: ModerationWaiting;
  wall: WallModerationWaiting | null;
}) {
  const more = waiting.total - waiting.items.length;
  const wallCrisis = wall?.crisis ?? 0;
  return (
    <section aria-labelledby="moderation-heading">
      <h2 id="moderation-heading">Waiting for moderation</h2>
      {waiting.crisis > 0 || wallCrisis > 0 ? (
        <WarningCallout>
          <WarningCallout.Heading headingLevel="h3">Crisis language</WarningCallout.Heading>
          {waiting.crisis > 0 ? (
            <p>
              {plural(waiting.crisis, 'post uses', 'posts use')} crisis language. Read{' '}
              {waiting.crisis === 1 ? 'it' : 'them'} first: the author may need help now.
            </p>
          ) : null}
          {wallCrisis > 0 ? (
            <p>
              {plural(wallCrisis, 'message on the Wall uses', 'messages on the Wall use')} crisis
              language. Read {wallCrisis === 1 ? 'it' : 'them'} first in{' '}
              <a href="/community/wall/moderation">the Wall’s moderation queue</a>: the author may
              need help now.
            </p>
          ) : null}
        </WarningCallout>
      ) : null}
      {waiting.total === 0 ? (
        <p>Nothing is waiting in the forums and blogs.</p>
      ) : (
        <>
          <p>
            <strong>{plural(waiting.total, 'item is', 'items are')} waiting</strong> in the forums
            and blogs, crisis language first.
          </p>
          <ul className="nhsuk-list nhsuk-list--border">
            {waiting.items.map((i) => {
              const [label, colour] = WAITING_TAGS[i.kind] ?? ['Item', 'blue'];
              return (
                <li key={i.id}>
                  <Tag modifier={colour}>{label}</Tag>{' '}
                  <a href={`/community/moderation/posts/${i.postId}`}>{i.topicTitle}</a>, since{' '}
                  {formatLondonDateTime(i.createdAt)}
                </li>
              );
            })}
          </ul>
          {more > 0 ? <p>And {plural(more, 'more item', 'more items')} in the queue.</p> : null}
        </>
      )}
      <p>
        <a href="/community/moderation">Open the moderation queue</a>.
      </p>
      {wall === null ? null : wall.total === 0 ? (
        <p>Nothing is waiting on the Wall.</p>
      ) : (
        <p>
          <strong>{plural(wall.total, 'message is', 'messages are')} waiting on the Wall</strong>
          {wall.crisis > 0 ? `, ${wall.crisis} with crisis language` : ''}.
        </p>
      )}
      <p>
        <a href="/community/wall/moderation">Open the Wall’s moderation queue</a>.
      </p>
    </section>
  );
}

function UrgentHelp() {
  return (
    <WarningCallout>
      <WarningCallout.Heading headingLevel="h2">If you need help now</WarningCallout.Heading>
      <p>
        If your life is at risk right now, call 999 or go to A&amp;E. For urgent help for your
        mental health, call NHS 111 and choose option 2.
      </p>
      <p>
        <a href="/urgent-help">Get help now</a>
      </p>
    </WarningCallout>
  );
}

function AlertsPanel({
  alerts,
  whose = 'your patients',
  note = 'Each stays open until you record what you did.',
  showTherapist = false,
}: {
  alerts: AlertWithContext[];
  whose?: string;
  note?: string;
  showTherapist?: boolean;
}) {
  return (
    <>
      <h2>Risk alerts for {whose}</h2>
      {alerts.length === 0 ? (
        <p>There are no open risk alerts for {whose}.</p>
      ) : (
        <>
          <p>
            <strong>
              {alerts.length} open risk {alerts.length === 1 ? 'alert' : 'alerts'}
            </strong>{' '}
            for {whose}. {note}
          </p>
          <ul>
            {alerts.map((a) => (
              <li key={a.alert.id}>
                <a href={`/staff/risk/${a.alert.id}`}>
                  {a.patientName ?? a.referralName ?? 'Unknown person'}
                </a>
                : {a.alert.reason} (raised {formatLondonDateTime(a.alert.raisedAt)}
                {showTherapist && a.clinicianName ? `, ${a.clinicianName}’s patient` : ''})
              </li>
            ))}
          </ul>
        </>
      )}
    </>
  );
}

export function HomePage({
  greetingName,
  roles,
  patientId,
  communityMember = false,
  communityInvited = false,
  moderation = null,
  wallModeration = null,
  journey,
  nextAppointment = null,
  manager = null,
  figures = null,
  alerts,
  traineeAlerts = null,
  questionnaires,
  contact,
  videoWaiting,
  questions,
  gpLetters,
  onwardReferrals,
  coursesToHandOver,
}: HomePageProps) {
  const isPatient = roles.includes('patient');
  return (
    <>
      <h1>{isPatient ? `Hello, ${greetingName}` : `Welcome, ${greetingName}`}</h1>
      {isPatient ? (
        <p className="nhsuk-lede-text">
          {journey?.stage === 'discharged' || journey?.stage === 'closed'
            ? 'This is your space with us. Your letters and your notebook stay here for you.'
            : 'This is your space for your treatment with us. Take things at your own pace.'}
        </p>
      ) : null}
      {questionnaires}
      {/* The assessment stage already names its appointment in the journey panel. */}
      {nextAppointment && journey?.stage !== 'assessment_booked' ? (
        <NextAppointmentPanel next={nextAppointment} />
      ) : null}
      {journey ? (
        <JourneyPanel
          journey={journey}
          nextAppointment={nextAppointment}
          community={{ member: communityMember, invited: communityInvited }}
        />
      ) : null}
      {isPatient ? <UrgentHelp /> : null}
      {moderation ? <ModerationPanel waiting={moderation} wall={wallModeration} /> : null}
      {videoWaiting}
      {questions}
      {alerts ? <AlertsPanel alerts={alerts} /> : null}
      {traineeAlerts ? (
        <AlertsPanel
          alerts={traineeAlerts}
          whose="your trainees’ patients"
          note="Each stays open until their therapist, or you, records what was done."
          showTherapist
        />
      ) : null}
      {coursesToHandOver}
      {onwardReferrals}
      {gpLetters}
      {manager ? <ManagerPanel manager={manager} /> : null}
      {figures}
      <ul className="nhsuk-grid-row nhsuk-card-group">
        {linksFor(
          roles,
          patientId,
          { member: communityMember, invited: communityInvited },
          journey ?? null,
        ).map((l) => (
          <li className="nhsuk-grid-column-one-third nhsuk-card-group__item" key={l.href}>
            <Card clickable>
              <Card.Heading headingLevel="h2" className="nhsuk-heading-m">
                <Card.Link href={l.href}>{l.title}</Card.Link>
              </Card.Heading>
              <Card.Description>{l.description}</Card.Description>
            </Card>
          </li>
        ))}
      </ul>
      {contact}
    </>
  );
}
