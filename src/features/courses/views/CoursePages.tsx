import {
  Button,
  NotificationBanner,
  SummaryList,
  Tag,
  WarningCallout,
} from 'nhsuk-react-components';
import { Table } from '../../../ui/ResponsiveTable';
import { COURSE_MODES, type CourseMode, type CourseStatus } from '../../../db/schema';
import {
  daysBetween,
  formatLondonDate,
  formatLondonDateTime,
  utcToLondon,
} from '../../../domain/calendar';
import {
  IPT_MAX_PLANNED_SESSIONS,
  IPT_MAX_SESSION_MINUTES,
  IPT_MIN_PLANNED_SESSIONS,
  IPT_PHASES,
  phaseForSession,
  type PhaseOverride,
} from '../../../domain/ipt';
import { ModeField } from '../../../ui/appointment-fields';
import { SelectField, TextareaField, TextField } from '../../../ui/fields';
import { CsrfField, ErrorSummaryBox, type FieldError } from '../../../ui/forms';
import { StatusTag, kindText, patientName, whenText, whereText } from '../../diary';
import type { StoredOutcome } from '../../outcomes';
import { CourseOutcomeSummary } from '../../outcomes';
import type { CourseView } from '../courses.service';
import { COURSE_MODE_LABELS, type AllocationValues, type LengthValues } from '../courses.forms';

export interface CourseListRow {
  id: string;
  patientName: string;
  therapistName: string;
  plannedSessions: number;
  attendedSessions: number;
  bookedSessions: number;
  nextAppointment: Date | null;
  status: CourseStatus;
}

export function CoursesPage({
  rows,
  heading,
  canAllocate,
  notice,
}: {
  rows: CourseListRow[];
  heading: string;
  canAllocate: boolean;
  /** Said at the top after a change, such as handing a course over. */
  notice?: string | undefined;
}) {
  return (
    <>
      <SuccessBanner notice={notice} />
      <h1>{heading}</h1>
      {canAllocate ? (
        <p>
          <a href="/courses/allocate">Allocate someone from the IPT waiting list</a>
        </p>
      ) : null}
      {rows.length === 0 ? (
        <p>There are no courses of treatment to show.</p>
      ) : (
        <Table caption="Courses of treatment" responsive>
          <Table.Head>
            <Table.Row>
              <Table.Cell>Patient</Table.Cell>
              <Table.Cell>Therapist</Table.Cell>
              <Table.Cell>Sessions</Table.Cell>
              <Table.Cell>Next appointment</Table.Cell>
              <Table.Cell>Status</Table.Cell>
            </Table.Row>
          </Table.Head>
          <Table.Body>
            {rows.map((r) => (
              <Table.Row key={r.id}>
                <Table.Cell>
                  <a href={`/courses/${r.id}`}>{r.patientName}</a>
                </Table.Cell>
                <Table.Cell>{r.therapistName}</Table.Cell>
                <Table.Cell>
                  {r.attendedSessions} of {r.plannedSessions} attended, {r.bookedSessions} booked
                </Table.Cell>
                <Table.Cell>
                  {r.nextAppointment ? formatLondonDateTime(r.nextAppointment) : 'None booked'}
                </Table.Cell>
                <Table.Cell>
                  {r.status === 'active' ? (
                    <Tag modifier="green">Active</Tag>
                  ) : (
                    <Tag modifier="grey">Ended</Tag>
                  )}
                </Table.Cell>
              </Table.Row>
            ))}
          </Table.Body>
        </Table>
      )}
    </>
  );
}

export interface WaitingRow {
  referralId: string;
  reference: string;
  urgent: boolean;
  receivedAt: Date;
  patientName: string;
  dateOfBirth: string;
}

/** A change's success, said at the top of the page it sent its maker to. */
function SuccessBanner({ notice }: { notice: string | undefined }) {
  return notice ? (
    <NotificationBanner success>
      <NotificationBanner.Heading>{notice}</NotificationBanner.Heading>
    </NotificationBanner>
  ) : null;
}

export function AllocateListPage({
  rows,
  now,
  notice,
}: {
  rows: WaitingRow[];
  now: Date;
  /** Said at the top after allocating someone to a therapist. */
  notice?: string | undefined;
}) {
  const today = utcToLondon(now).date;
  return (
    <>
      <SuccessBanner notice={notice} />
      <h1>Allocate from the IPT waiting list</h1>
      <p>
        People offered IPT at their assessment, urgent first, then longest waiting. Allocating
        someone starts their course of IPT with a therapist who can deliver it.
      </p>
      {rows.length === 0 ? (
        <p>Nobody is waiting for IPT.</p>
      ) : (
        <Table caption="Waiting for IPT" responsive>
          <Table.Head>
            <Table.Row>
              <Table.Cell>Patient</Table.Cell>
              <Table.Cell>Referral</Table.Cell>
              <Table.Cell>Days since referral</Table.Cell>
              <Table.Cell>Action</Table.Cell>
            </Table.Row>
          </Table.Head>
          <Table.Body>
            {rows.map((r) => (
              <Table.Row key={r.referralId}>
                <Table.Cell>
                  {r.patientName} {r.urgent ? <Tag modifier="red">Urgent</Tag> : null}
                </Table.Cell>
                <Table.Cell>{r.reference}</Table.Cell>
                <Table.Cell>{daysBetween(utcToLondon(r.receivedAt).date, today)}</Table.Cell>
                <Table.Cell>
                  <a href={`/courses/allocate/${r.referralId}`}>
                    Allocate<span className="nhsuk-u-visually-hidden"> {r.patientName}</span>
                  </a>
                </Table.Cell>
              </Table.Row>
            ))}
          </Table.Body>
        </Table>
      )}
    </>
  );
}

export interface TherapistOption {
  id: string;
  displayName: string;
  canDeliverIpt: boolean;
  /** Active courses they have now. */
  caseloadSize: number;
}

const coursesText = (n: number) => (n === 1 ? '1 active course' : `${n} active courses`);

/** The course length fields: planned sessions, longest session and, outside the usual, why. */
function LengthFields({
  form,
}: {
  form: { values: Partial<LengthValues>; errors?: FieldError[] };
}) {
  return (
    <>
      <TextField
        form={form}
        name="plannedSessions"
        label="Planned sessions"
        hint={`Usually between ${IPT_MIN_PLANNED_SESSIONS} and ${IPT_MAX_PLANNED_SESSIONS}`}
        width={2}
        inputMode="numeric"
      />
      <TextField
        form={form}
        name="sessionMinutes"
        label="Longest session, in minutes"
        hint={`Usually ${IPT_MAX_SESSION_MINUTES} minutes or less`}
        width={2}
        inputMode="numeric"
      />
      <TextareaField
        form={form}
        name="lengthReason"
        label="If the course is different from the usual, why?"
        hint={`Needed only for a course outside ${IPT_MIN_PLANNED_SESSIONS} to ${IPT_MAX_PLANNED_SESSIONS} sessions, or with sessions longer than ${IPT_MAX_SESSION_MINUTES} minutes. It is shown on the course.`}
        rows={3}
      />
    </>
  );
}

/**
 * Who can take on an IPT course, with how many courses each has now: allocating from the waiting
 * list, or handing a course over.
 */
export function TherapistSelect({
  form,
  label,
  therapists,
}: {
  form: { values: { therapistId: string }; errors?: FieldError[] };
  label: string;
  therapists: readonly TherapistOption[];
}) {
  return (
    <SelectField
      form={form}
      name="therapistId"
      label={label}
      hint="Only a therapist trained in IPT, or an IPT trainee with a supervisor, can take on an IPT course"
    >
      <option value="">Choose a therapist</option>
      {therapists.map((t) => (
        <option key={t.id} value={t.id}>
          {t.displayName} ({coursesText(t.caseloadSize)})
          {t.canDeliverIpt ? '' : ' (not able to deliver IPT)'}
        </option>
      ))}
    </SelectField>
  );
}

export function AllocatePage({
  csrfToken,
  referralId,
  patientName,
  reference,
  therapists,
  preference,
  values,
  errors,
}: {
  csrfToken: string;
  referralId: string;
  patientName: string;
  reference: string;
  therapists: TherapistOption[];
  /** What the patient said on their referral about how and where to meet. */
  preference: { mode: CourseMode | null; locationName: string | null };
  values: AllocationValues;
  errors?: FieldError[];
}) {
  const form = { values, errors };
  return (
    <div className="nhsuk-grid-row">
      <div className="nhsuk-grid-column-two-thirds">
        <ErrorSummaryBox errors={errors} />
        <span className="nhsuk-caption-l">
          {patientName} ({reference})
        </span>
        <h1>Allocate to a therapist</h1>
        <SummaryList>
          <SummaryList.Row>
            <SummaryList.Key>How they would like to meet</SummaryList.Key>
            <SummaryList.Value>
              {preference.mode ? COURSE_MODE_LABELS[preference.mode] : 'No preference given'}
            </SummaryList.Value>
          </SummaryList.Row>
          {preference.locationName ? (
            <SummaryList.Row>
              <SummaryList.Key>Where, face to face</SummaryList.Key>
              <SummaryList.Value>{preference.locationName}</SummaryList.Value>
            </SummaryList.Row>
          ) : null}
        </SummaryList>
        <form method="post" action={`/courses/allocate/${referralId}`} noValidate>
          <CsrfField token={csrfToken} />
          <TherapistSelect form={form} label="Therapist" therapists={therapists} />
          <LengthFields form={form} />
          <ModeField
            form={form}
            name="modePreference"
            legend="How would they prefer to have their sessions?"
            hint={`IPT is not offered by phone.${preference.mode ? ' Filled in from their referral.' : ''}`}
            choices={COURSE_MODES.map((m) => ({ mode: m, label: COURSE_MODE_LABELS[m] }))}
          />
          <Button type="submit">Allocate and start the course</Button>
        </form>
      </div>
    </div>
  );
}

export function CoursePage({
  csrfToken,
  view,
  bookedSessions,
  outcome = null,
  errors,
  lengthValues,
  canBook,
  canChangeTherapist = false,
  notice,
  phaseOverride = null,
}: {
  csrfToken: string;
  view: CourseView;
  /** Said at the top after a change, such as a discharge. */
  notice?: string | undefined;
  /** A supervisor or manager may hand an active course over to another therapist. */
  canChangeTherapist?: boolean;
  /** The length form's answers after a refused change. */
  lengthValues?: LengthValues;
  bookedSessions: number;
  /** The stored outcome of an ended course (null when none was worked out). */
  outcome?: StoredOutcome | null;
  errors?: FieldError[];
  canBook: boolean;
  /** The phase the therapist set in the IPT workspace, with why; null when the count decides. */
  phaseOverride?: PhaseOverride | null;
}) {
  const { course, patient, therapistName, appointments } = view;
  const next = course.attendedSessions + 1;
  const nextPhase =
    course.status === 'active' && next <= course.plannedSessions
      ? IPT_PHASES.find(
          (p) => p.id === (phaseOverride?.phase ?? phaseForSession(next, course.plannedSessions)),
        )
      : undefined;
  const left = Math.max(0, course.plannedSessions - course.attendedSessions - bookedSessions);
  return (
    <>
      {notice ? (
        <NotificationBanner success>
          <NotificationBanner.Heading>{notice}</NotificationBanner.Heading>
        </NotificationBanner>
      ) : null}
      <ErrorSummaryBox errors={errors} />
      <span className="nhsuk-caption-l">Course of IPT</span>
      <h1>
        {patient.givenName} {patient.familyName}
      </h1>
      {course.status === 'active' && !view.therapistActive ? (
        <WarningCallout id="therapist-left">
          <WarningCallout.Heading headingLevel="h2">
            Their therapist no longer has access
          </WarningCallout.Heading>
          <p>
            {therapistName} cannot sign in any more, so nobody will hold{' '}
            {bookedSessions === 1
              ? 'the session still booked'
              : bookedSessions > 1
                ? `the ${bookedSessions} sessions still booked`
                : 'this course'}
            . {patient.givenName} has not been told.{' '}
            {canChangeTherapist ? (
              <a href={`/courses/${course.id}/therapist`}>
                Hand the course over to another therapist
              </a>
            ) : (
              'Ask a supervisor or service manager to hand the course over to another therapist'
            )}
            : the booked sessions move with it and {patient.givenName} is told who their therapist
            is now.
          </p>
        </WarningCallout>
      ) : null}
      <p>
        <a href={`/courses/${course.id}/ipt`}>
          IPT workspace: phase, inventory, formulation and aims
        </a>
      </p>
      <SummaryList>
        <SummaryList.Row>
          <SummaryList.Key>Patient</SummaryList.Key>
          <SummaryList.Value>
            {view.mayOpenPatient ? (
              <a href={`/patients/${patient.id}`}>
                {patient.givenName} {patient.familyName}
              </a>
            ) : (
              `${patient.givenName} ${patient.familyName}`
            )}
          </SummaryList.Value>
        </SummaryList.Row>
        <SummaryList.Row>
          <SummaryList.Key>Therapist</SummaryList.Key>
          <SummaryList.Value>
            {therapistName}
            {view.therapistActive ? null : ' (no longer has access)'}
          </SummaryList.Value>
          {canChangeTherapist && course.status === 'active' ? (
            <SummaryList.Action
              href={`/courses/${course.id}/therapist`}
              visuallyHiddenText="therapist"
            >
              Change
            </SummaryList.Action>
          ) : null}
        </SummaryList.Row>
        <SummaryList.Row>
          <SummaryList.Key>Status</SummaryList.Key>
          <SummaryList.Value>
            {course.status === 'active' ? 'Active' : `Ended: ${course.endedReason ?? ''}`}
          </SummaryList.Value>
        </SummaryList.Row>
        <SummaryList.Row>
          <SummaryList.Key>Sessions</SummaryList.Key>
          <SummaryList.Value>
            {course.status === 'active' ? (
              <>
                {course.attendedSessions} of {course.plannedSessions} attended, {bookedSessions}{' '}
                booked, {left} left to book
              </>
            ) : (
              `${course.attendedSessions} of ${course.plannedSessions} attended`
            )}
          </SummaryList.Value>
        </SummaryList.Row>
        <SummaryList.Row>
          <SummaryList.Key>Course length</SummaryList.Key>
          <SummaryList.Value>
            {course.plannedSessions} sessions of up to {course.sessionMinutes} minutes
            {course.lengthReason ? (
              <>
                <br />
                <strong>Different from the usual</strong> ({IPT_MIN_PLANNED_SESSIONS} to{' '}
                {IPT_MAX_PLANNED_SESSIONS} sessions of up to {IPT_MAX_SESSION_MINUTES} minutes):{' '}
                {course.lengthReason}
              </>
            ) : null}
          </SummaryList.Value>
        </SummaryList.Row>
        {nextPhase ? (
          <SummaryList.Row>
            <SummaryList.Key>Next session</SummaryList.Key>
            <SummaryList.Value>
              Session {next}: {nextPhase.name.toLowerCase()} ({nextPhase.focus.toLowerCase()})
              {phaseOverride ? (
                <>
                  <br />
                  Phase set by the therapist: {phaseOverride.reason}
                </>
              ) : null}
            </SummaryList.Value>
          </SummaryList.Row>
        ) : null}
        <SummaryList.Row>
          <SummaryList.Key>Preferred way to meet</SummaryList.Key>
          <SummaryList.Value>{COURSE_MODE_LABELS[course.modePreference]}</SummaryList.Value>
        </SummaryList.Row>
        <SummaryList.Row>
          <SummaryList.Key>Started</SummaryList.Key>
          {/* The day, as on the patient's record: the time a course was set up is noise. */}
          <SummaryList.Value>{formatLondonDate(course.startedAt)}</SummaryList.Value>
        </SummaryList.Row>
      </SummaryList>
      {course.status === 'active' && canBook ? (
        <p>
          <a className="nhsuk-button" href={`/diary/book?course=${course.id}`}>
            Book sessions
          </a>
        </p>
      ) : null}
      {course.status === 'ended' ? (
        <>
          <h2>Outcomes</h2>
          <CourseOutcomeSummary outcome={outcome} />
        </>
      ) : null}
      <h2>Appointments</h2>
      {appointments.length === 0 ? (
        <p>No appointments booked yet.</p>
      ) : (
        <Table caption={`Appointments for ${patient.givenName} ${patient.familyName}`} responsive>
          <Table.Head>
            <Table.Row>
              <Table.Cell>When</Table.Cell>
              <Table.Cell>Appointment</Table.Cell>
              <Table.Cell>How and where</Table.Cell>
              <Table.Cell>Status</Table.Cell>
            </Table.Row>
          </Table.Head>
          <Table.Body>
            {appointments.map((a) => (
              <Table.Row key={a.appointment.id}>
                <Table.Cell>
                  <a href={`/diary/appointments/${a.appointment.id}`}>
                    {whenText(a.appointment.startsAt, a.appointment.endsAt)}
                  </a>
                </Table.Cell>
                <Table.Cell>{kindText(a)}</Table.Cell>
                <Table.Cell>{whereText(a)}</Table.Cell>
                <Table.Cell>
                  <StatusTag status={a.appointment.status} />
                  {/* Issue 11 part B: each session's note. */}
                  {a.appointment.type === 'ipt_session' && a.appointment.status !== 'cancelled' ? (
                    <>
                      <br />
                      <a href={`/notes/${a.appointment.id}`}>Session note</a>
                    </>
                  ) : null}
                </Table.Cell>
              </Table.Row>
            ))}
          </Table.Body>
        </Table>
      )}
      {course.status === 'active' ? (
        <details className="nhsuk-details" open={lengthValues !== undefined}>
          <summary className="nhsuk-details__summary">
            <span className="nhsuk-details__summary-text">Change the course length</span>
          </summary>
          <div className="nhsuk-details__text">
            <form method="post" action={`/courses/${course.id}/length`} noValidate>
              <CsrfField token={csrfToken} />
              <LengthFields
                form={{
                  values: lengthValues ?? {
                    plannedSessions: String(course.plannedSessions),
                    sessionMinutes: String(course.sessionMinutes),
                    lengthReason: course.lengthReason ?? '',
                  },
                  errors: lengthValues ? errors : undefined,
                }}
              />
              <Button type="submit" secondary>
                Save the course length
              </Button>
            </form>
          </div>
        </details>
      ) : null}
      {course.status === 'active' ? (
        <>
          <h2>Discharge</h2>
          <p>
            <a href={`/courses/${course.id}/discharge`}>
              Discharge {patientName(view)} with a reason, letters and the patient experience
              questionnaire
            </a>
          </p>
        </>
      ) : null}
    </>
  );
}
