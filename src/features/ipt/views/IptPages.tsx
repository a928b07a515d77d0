import { Button, InsetText, SummaryList, Tag, WarningCallout } from 'nhsuk-react-components';
import {
  formatDate,
  formatLondonDate,
  formatLondonDateTime,
  type IsoDate,
} from '../../../domain/calendar';
import { formatNhsNumber } from '../../../domain/identifiers';
import {
  CLOSENESS_LABELS,
  FOCAL_AREAS,
  IPT_PHASES,
  focalAreaInfo,
  formatLifeEventDate,
  phaseName,
  type ClosenessRing,
  type FocalArea,
} from '../../../domain/ipt';
import { Table } from '../../../ui/ResponsiveTable';
import {
  CharacterCountField,
  DateField,
  RadiosField,
  TextField,
  TextareaField,
  type Choice,
} from '../../../ui/fields';
import { CsrfField, ErrorSummaryBox, type FieldError } from '../../../ui/forms';
import { StatusTag } from '../../diary';
import {
  LIMITS,
  PERSON_TEXT_FIELDS,
  ratingField,
  type AimValues,
  type FormulationValues,
  type PersonFormValues,
  type PhaseValues,
  type RatingValues,
  type TimelineFormValues,
} from '../ipt.forms';
import type { AimRatingRow, AimRow, PersonRow, TimelineRow } from '../ipt.repository';
import type { StaffOpened, WorkspaceView } from '../ipt.service';
import { ClosenessCircle } from './ClosenessCircle';
import { StayingWellSection } from './StayingWellPages';

export const IptStyles = () => <link rel="stylesheet" href="/static/ipt.css" />;

const base = (courseId: string) => `/courses/${courseId}/ipt`;
const fullName = (p: { givenName: string; familyName: string }) => `${p.givenName} ${p.familyName}`;

export const PERSON_LABELS: Record<(typeof PERSON_TEXT_FIELDS)[number], string> = {
  contact: 'Contact: how often and how they are in touch',
  supportive: 'What is supportive about this relationship',
  difficult: 'What is difficult about it',
  theyExpect: 'What this person expects of the patient',
  patientExpects: 'What the patient expects of this person',
  wishedChange: 'What the patient would like to change',
};

const CLOSENESS_CHOICES: Choice[] = ([1, 2, 3] as ClosenessRing[]).map((ring) => ({
  value: String(ring),
  label: `${CLOSENESS_LABELS[ring]} (ring ${ring})`,
}));

const RATING_CHOICES: Choice[] = Array.from({ length: 11 }, (_, n) => ({
  value: String(n),
  label: String(n),
}));

/** A small form with one button: removing an item from the workspace page. */
function RemoveButton({
  action,
  csrfToken,
  label,
}: {
  action: string;
  csrfToken: string;
  label: string;
}) {
  return (
    <form method="post" action={action} noValidate className="nhsuk-u-margin-bottom-0">
      <CsrfField token={csrfToken} />
      <button
        type="submit"
        className="nhsuk-button nhsuk-button--secondary nhsuk-u-margin-bottom-0"
      >
        Remove<span className="nhsuk-u-visually-hidden"> {label}</span>
      </button>
    </form>
  );
}

export function PhaseSummary({ view }: { view: StaffOpened }) {
  const { phase } = view;
  const info = IPT_PHASES.find((p) => p.id === phase.phase);
  return (
    <SummaryList>
      <SummaryList.Row>
        <SummaryList.Key>Phase</SummaryList.Key>
        <SummaryList.Value>
          {phaseName(phase.phase)}
          {phase.override ? (
            <>
              {' '}
              <Tag modifier="yellow">Set by a clinician</Tag>
              <p className="nhsuk-u-margin-top-2 nhsuk-u-margin-bottom-0">
                From the session count it would be the {phaseName(phase.computed).toLowerCase()}.
                Reason: {phase.override.reason}
              </p>
            </>
          ) : null}
        </SummaryList.Value>
      </SummaryList.Row>
      <SummaryList.Row>
        <SummaryList.Key>Sessions</SummaryList.Key>
        <SummaryList.Value>
          {view.course.attendedSessions} of {view.course.plannedSessions} attended; working towards
          session {phase.sessionNumber}
        </SummaryList.Value>
      </SummaryList.Row>
      <SummaryList.Row>
        <SummaryList.Key>Focus of this phase</SummaryList.Key>
        <SummaryList.Value>{info?.focus}</SummaryList.Value>
      </SummaryList.Row>
    </SummaryList>
  );
}

function agreementTag(view: { workspace: WorkspaceView['workspace'] }) {
  const w = view.workspace;
  if (!w?.formulation) return null;
  return w.agreedAt ? (
    <Tag modifier="green">Agreed by the patient on {formatLondonDate(w.agreedAt)}</Tag>
  ) : (
    <Tag modifier="orange">Waiting for the patient to agree</Tag>
  );
}

function FormulationSummary(props: {
  focalArea: FocalArea;
  secondFocalArea: FocalArea | null;
  formulation: string;
  children?: React.ReactNode;
}) {
  return (
    <SummaryList>
      <SummaryList.Row>
        <SummaryList.Key>Focal area</SummaryList.Key>
        <SummaryList.Value>
          {focalAreaInfo(props.focalArea).clinicalName}
          {props.secondFocalArea
            ? `, with ${focalAreaInfo(props.secondFocalArea).clinicalName.toLowerCase()}`
            : ''}
        </SummaryList.Value>
      </SummaryList.Row>
      <SummaryList.Row>
        <SummaryList.Key>Formulation</SummaryList.Key>
        <SummaryList.Value>
          <div className="ipt-formulation">{props.formulation}</div>
        </SummaryList.Value>
      </SummaryList.Row>
      {props.children}
    </SummaryList>
  );
}

function latestRating(ratings: readonly AimRatingRow[]) {
  return ratings[0] ?? null;
}

export function WorkspacePage({
  view,
  csrfToken,
  errors,
}: {
  view: WorkspaceView;
  csrfToken: string;
  errors?: FieldError[];
}) {
  const { course, patient, workspace } = view;
  const url = base(course.id);
  const active = course.status === 'active';
  return (
    <>
      <IptStyles />
      <ErrorSummaryBox errors={errors} />
      <span className="nhsuk-caption-l" id="course">
        IPT workspace
      </span>
      <h1>{fullName(patient)}</h1>
      <p>
        <a href={`/courses/${course.id}`}>The course: appointments, length and ending</a>
      </p>
      {active ? null : (
        <WarningCallout>
          <WarningCallout.Heading headingLevel="h2">This course has ended</WarningCallout.Heading>
          <p>Its IPT records can be read, not changed.</p>
        </WarningCallout>
      )}

      <h2 id="phase">Phase</h2>
      <PhaseSummary view={view} />
      {active ? (
        <p>
          <a href={`${url}/phase`}>Change the phase</a>
        </p>
      ) : null}

      <StayingWellSection courseId={course.id} audience="staff" {...view.stayingWell} />

      <h2 id="risk">Open risk alerts</h2>
      {view.alerts.length === 0 ? (
        <p>There are no open risk alerts for {patient.givenName}.</p>
      ) : (
        <WarningCallout>
          <WarningCallout.Heading headingLevel="h3">
            {view.alerts.length === 1
              ? '1 open risk alert'
              : `${view.alerts.length} open risk alerts`}
          </WarningCallout.Heading>
          <ul>
            {view.alerts.map((a) => (
              <li key={a.id}>
                <a href={`/staff/risk/${a.id}`}>
                  {a.reason}, raised {formatLondonDateTime(a.raisedAt)}
                </a>
              </li>
            ))}
          </ul>
        </WarningCallout>
      )}

      <h2 id="next">Next appointment</h2>
      <p>
        {view.next ? (
          <a href={`/diary/appointments/${view.next.appointment.id}`}>
            {formatLondonDateTime(view.next.appointment.startsAt)}
          </a>
        ) : (
          'No appointment is booked.'
        )}
      </p>

      <h2 id="sessions">Sessions so far</h2>
      {view.sessions.length === 0 ? (
        <p>No sessions yet.</p>
      ) : (
        <Table caption="Sessions so far, with questionnaire scores" responsive>
          <Table.Head>
            <Table.Row>
              <Table.Cell>Session</Table.Cell>
              <Table.Cell>Date</Table.Cell>
              <Table.Cell>Attendance</Table.Cell>
              <Table.Cell format="numeric">PHQ-9</Table.Cell>
              <Table.Cell format="numeric">GAD-7</Table.Cell>
            </Table.Row>
          </Table.Head>
          <Table.Body>
            {view.sessions.map((s) => (
              <Table.Row key={s.id}>
                <Table.Cell>{s.sessionNumber ?? '–'}</Table.Cell>
                <Table.Cell>{formatLondonDate(s.startsAt)}</Table.Cell>
                <Table.Cell>
                  <StatusTag status={s.status} />
                </Table.Cell>
                <Table.Cell format="numeric">{s.phq9 ?? 'Not given'}</Table.Cell>
                <Table.Cell format="numeric">{s.gad7 ?? 'Not given'}</Table.Cell>
              </Table.Row>
            ))}
          </Table.Body>
        </Table>
      )}

      <h2 id="formulation">Focal area and formulation</h2>
      {workspace?.formulation && workspace.focalArea ? (
        <>
          <h3>Shared with {patient.givenName}</h3>
          <FormulationSummary
            focalArea={workspace.focalArea}
            secondFocalArea={workspace.secondFocalArea}
            formulation={workspace.formulation}
          >
            <SummaryList.Row>
              <SummaryList.Key>Patient’s agreement</SummaryList.Key>
              <SummaryList.Value>{agreementTag(view)}</SummaryList.Value>
            </SummaryList.Row>
          </FormulationSummary>
        </>
      ) : (
        <p>
          {workspace?.draftAt
            ? `Nothing has been shared with ${patient.givenName} yet.`
            : 'No focal area chosen yet.'}
        </p>
      )}
      {workspace?.draftAt && workspace.draftFocalArea && workspace.draftFormulation ? (
        <div id="formulation-draft">
          <h3>
            Draft, not shared yet <Tag modifier="grey">Clinicians only</Tag>
          </h3>
          <p>
            Saved by {view.draftWriter ?? 'a colleague'} on{' '}
            {formatLondonDateTime(workspace.draftAt)}. {patient.givenName} does not see this until
            it is shared.
          </p>
          <FormulationSummary
            focalArea={workspace.draftFocalArea}
            secondFocalArea={workspace.draftSecondFocalArea}
            formulation={workspace.draftFormulation}
          />
        </div>
      ) : null}
      {active ? (
        <p>
          <a href={`${url}/formulation`}>
            {workspace?.draftAt
              ? 'Carry on with the draft'
              : workspace?.formulation
                ? 'Change the focal area or formulation'
                : 'Choose the focal area and write the formulation'}
          </a>
        </p>
      ) : null}

      <h2 id="inventory">Interpersonal inventory</h2>
      <ClosenessCircle
        people={view.people.map((p) => ({ ...p, closeness: p.closeness as ClosenessRing }))}
        centreLabel={patient.givenName}
        idPrefix="workspace"
      />
      <PeopleTable courseId={course.id} people={view.people} active={active} />
      <p>
        {active ? (
          <>
            <a href={`${url}/people/new`}>Add a person</a> ·{' '}
          </>
        ) : null}
        <a href={`${url}/inventory`}>The full inventory, to read or print</a>
      </p>

      <h2 id="timeline">Interpersonal timeline</h2>
      <TimelineTable
        courseId={course.id}
        events={view.timeline}
        active={active}
        csrfToken={csrfToken}
      />
      {active ? (
        <p>
          <a href={`${url}/timeline/new`}>Add a life event</a>
        </p>
      ) : null}

      <h2 id="aims">Treatment aims</h2>
      <AimsList courseId={course.id} aims={view.aims} active={active} csrfToken={csrfToken} />
      {active ? (
        <p>
          <a href={`${url}/aims/new`}>Add an aim</a>
          {view.aims.length > 0 ? (
            <>
              {' '}
              · <a href={`${url}/aims/rate`}>Rate progress at a review session</a>
            </>
          ) : null}
        </p>
      ) : null}
    </>
  );
}

function PeopleTable({
  courseId,
  people,
  active,
}: {
  courseId: string;
  people: readonly PersonRow[];
  active: boolean;
}) {
  if (people.length === 0) return <p>Nobody added yet.</p>;
  return (
    <Table caption="People in the inventory" responsive>
      <Table.Head>
        <Table.Row>
          <Table.Cell>Name or initials</Table.Cell>
          <Table.Cell>Relationship</Table.Cell>
          <Table.Cell>Closeness</Table.Cell>
          {active ? <Table.Cell>Change</Table.Cell> : null}
        </Table.Row>
      </Table.Head>
      <Table.Body>
        {people.map((p) => (
          <Table.Row key={p.id}>
            <Table.Cell>{p.name}</Table.Cell>
            <Table.Cell>{p.relationship}</Table.Cell>
            <Table.Cell>{CLOSENESS_LABELS[p.closeness as ClosenessRing]}</Table.Cell>
            {active ? (
              <Table.Cell>
                <a href={`${base(courseId)}/people/${p.id}/edit`}>
                  Change<span className="nhsuk-u-visually-hidden"> {p.name}</span>
                </a>{' '}
                ·{' '}
                <a href={`${base(courseId)}/people/${p.id}/remove`}>
                  Remove<span className="nhsuk-u-visually-hidden"> {p.name}</span>
                </a>
              </Table.Cell>
            ) : null}
          </Table.Row>
        ))}
      </Table.Body>
    </Table>
  );
}

function TimelineTable({
  courseId,
  events,
  active,
  csrfToken,
}: {
  courseId: string;
  events: readonly TimelineRow[];
  active: boolean;
  csrfToken: string;
}) {
  if (events.length === 0) return <p>No life events added yet.</p>;
  return (
    <Table caption="Life events, oldest first" responsive>
      <Table.Head>
        <Table.Row>
          <Table.Cell>When</Table.Cell>
          <Table.Cell>What happened</Table.Cell>
          <Table.Cell format="numeric">Mood at the time (0 to 10)</Table.Cell>
          {active ? <Table.Cell>Remove</Table.Cell> : null}
        </Table.Row>
      </Table.Head>
      <Table.Body>
        {events.map((e) => (
          <Table.Row key={e.id}>
            <Table.Cell>
              {formatLifeEventDate({ occurredOn: e.occurredOn, precision: e.datePrecision })}
            </Table.Cell>
            <Table.Cell>{e.what}</Table.Cell>
            <Table.Cell format="numeric">{e.mood}</Table.Cell>
            {active ? (
              <Table.Cell>
                <RemoveButton
                  action={`${base(courseId)}/timeline/${e.id}/remove`}
                  csrfToken={csrfToken}
                  label={e.what}
                />
              </Table.Cell>
            ) : null}
          </Table.Row>
        ))}
      </Table.Body>
    </Table>
  );
}

function ratingHistory(ratings: readonly AimRatingRow[]) {
  return [...ratings]
    .reverse()
    .map((r) => `${r.rating} at session ${r.sessionNumber}`)
    .join(', ');
}

function AimsList({
  courseId,
  aims,
  active,
  csrfToken,
}: {
  courseId: string;
  aims: readonly { aim: AimRow; ratings: AimRatingRow[] }[];
  active: boolean;
  csrfToken: string;
}) {
  if (aims.length === 0) return <p>No aims added yet.</p>;
  return (
    <SummaryList>
      {aims.map(({ aim, ratings }, i) => {
        const last = latestRating(ratings);
        return (
          <SummaryList.Row key={aim.id}>
            <SummaryList.Key>Aim {i + 1}</SummaryList.Key>
            <SummaryList.Value>
              <p className="nhsuk-u-margin-bottom-2">{aim.aim}</p>
              <p className="nhsuk-body-s nhsuk-u-margin-bottom-0">
                {last
                  ? `Progress: ${last.rating} out of 10 at session ${last.sessionNumber}. All ratings: ${ratingHistory(ratings)}`
                  : 'Not rated yet'}
              </p>
              {active ? (
                <RemoveButton
                  action={`${base(courseId)}/aims/${aim.id}/remove`}
                  csrfToken={csrfToken}
                  label={`aim ${i + 1}`}
                />
              ) : null}
            </SummaryList.Value>
          </SummaryList.Row>
        );
      })}
    </SummaryList>
  );
}

// ---- The printable inventory -------------------------------------------------------------------

export function InventoryPage({
  view,
  today,
}: {
  view: StaffOpened & { people: PersonRow[] };
  /** Today in London, printed on the page with who it is about (walk 11: a print had neither). */
  today: IsoDate;
}) {
  const { course, patient, people } = view;
  const active = course.status === 'active';
  return (
    <>
      <IptStyles />
      <span className="nhsuk-caption-l">Interpersonal inventory</span>
      <h1>{fullName(patient)}</h1>
      <p>
        Date of birth: {formatDate(patient.dateOfBirth)}
        {patient.nhsNumber ? <>. NHS number: {formatNhsNumber(patient.nhsNumber)}</> : null}.
        <br />
        From Rapport on {formatDate(today)}.
      </p>
      <p className="ipt-no-print">Use your browser’s print option to print it.</p>
      <h2>Closeness circle</h2>
      <ClosenessCircle
        people={people.map((p) => ({ ...p, closeness: p.closeness as ClosenessRing }))}
        centreLabel={patient.givenName}
        idPrefix="inventory"
      />
      <h2>The people who matter</h2>
      {people.length === 0 ? <p>Nobody added yet.</p> : null}
      {people.map((p) => (
        <section className="ipt-person" key={p.id} aria-labelledby={`person-${p.id}`}>
          <h3 id={`person-${p.id}`}>
            {p.name} ({p.relationship})
          </h3>
          <SummaryList>
            <SummaryList.Row>
              <SummaryList.Key>Closeness</SummaryList.Key>
              <SummaryList.Value>
                {CLOSENESS_LABELS[p.closeness as ClosenessRing]} (ring {p.closeness})
              </SummaryList.Value>
            </SummaryList.Row>
            {PERSON_TEXT_FIELDS.map((f) => (
              <SummaryList.Row key={f}>
                <SummaryList.Key>{PERSON_LABELS[f]}</SummaryList.Key>
                <SummaryList.Value>{p[f] === '' ? 'Not recorded' : p[f]}</SummaryList.Value>
              </SummaryList.Row>
            ))}
          </SummaryList>
          {active ? (
            <p className="ipt-no-print">
              <a href={`${base(course.id)}/people/${p.id}/edit`}>
                Change<span className="nhsuk-u-visually-hidden"> {p.name}</span>
              </a>
            </p>
          ) : null}
        </section>
      ))}
    </>
  );
}

// ---- Forms -------------------------------------------------------------------------------------

interface FormProps<V extends object> {
  csrfToken: string;
  action: string;
  values: V;
  errors?: FieldError[];
  patientName: string;
}

function FormShell({
  csrfToken,
  action,
  errors,
  caption,
  heading,
  button,
  children,
}: {
  csrfToken: string;
  action: string;
  errors?: FieldError[];
  caption: string;
  heading: string;
  /** The submit button's words, or the buttons themselves when a form has more than one. */
  button: string | React.ReactNode;
  children?: React.ReactNode;
}) {
  return (
    <>
      <ErrorSummaryBox errors={errors} />
      <span className="nhsuk-caption-l">{caption}</span>
      <h1>{heading}</h1>
      <form method="post" action={action} noValidate>
        <CsrfField token={csrfToken} />
        {children}
        {typeof button === 'string' ? <Button type="submit">{button}</Button> : button}
      </form>
    </>
  );
}

export function PhaseFormPage({ view, ...props }: FormProps<PhaseValues> & { view: StaffOpened }) {
  const form = { values: props.values, errors: props.errors };
  return (
    <FormShell
      {...props}
      caption={props.patientName}
      heading="Change the IPT phase"
      button="Save the phase"
    >
      <PhaseSummary view={view} />
      <RadiosField
        form={form}
        name="phase"
        legend="Which phase is this course in?"
        hint="Usually the session count decides. Choose a phase only when the course needs it, and say why."
        choices={[
          {
            value: 'automatic',
            label: `From the session count (now the ${phaseName(view.phase.computed).toLowerCase()})`,
          },
          ...IPT_PHASES.map((p) => ({ value: p.id, label: p.name, hint: p.focus })),
        ]}
      />
      <TextareaField
        form={form}
        name="reason"
        label="Why is this course in a different phase?"
        hint="For example: two sessions were missed, so the inventory is not finished yet"
        rows={3}
      />
    </FormShell>
  );
}

export function PersonFormPage(props: FormProps<PersonFormValues> & { editing: string | null }) {
  const form = { values: props.values, errors: props.errors };
  return (
    <FormShell
      {...props}
      caption={`Interpersonal inventory: ${props.patientName}`}
      heading={props.editing ? `Change ${props.editing}` : 'Add a person'}
      button={props.editing ? 'Save the changes' : 'Add this person'}
    >
      <TextField
        form={form}
        name="name"
        label="Name or initials"
        hint="As the patient chooses to call them"
        width={20}
      />
      <TextField
        form={form}
        name="relationship"
        label="Relationship"
        hint="For example: sister, partner, manager, friend from school"
        width={20}
      />
      <RadiosField
        form={form}
        name="closeness"
        legend="How close does the patient feel to them?"
        hint="Where they go on the closeness circle"
        choices={CLOSENESS_CHOICES}
      />
      {PERSON_TEXT_FIELDS.map((f) => (
        <CharacterCountField
          key={f}
          form={form}
          name={f}
          label={PERSON_LABELS[f]}
          maxLength={LIMITS.text}
          rows={3}
        />
      ))}
    </FormShell>
  );
}

export function RemovePersonPage(props: {
  csrfToken: string;
  action: string;
  person: PersonRow;
  patientName: string;
  courseId: string;
  errors?: FieldError[];
}) {
  return (
    <>
      <ErrorSummaryBox errors={props.errors} />
      <span className="nhsuk-caption-l">Interpersonal inventory: {props.patientName}</span>
      <h1>
        Remove {props.person.name} ({props.person.relationship})?
      </h1>
      <p>They will no longer show in the inventory or on the closeness circle.</p>
      <form method="post" action={props.action} noValidate>
        <CsrfField token={props.csrfToken} />
        <Button type="submit" warning>
          Remove {props.person.name}
        </Button>
      </form>
      <p>
        <a href={base(props.courseId)}>Keep them and go back to the workspace</a>
      </p>
    </>
  );
}

export function TimelineFormPage(props: FormProps<TimelineFormValues>) {
  const form = { values: props.values, errors: props.errors };
  return (
    <FormShell
      {...props}
      caption={`Interpersonal timeline: ${props.patientName}`}
      heading="Add a life event"
      button="Add this event"
    >
      <TextField form={form} name="what" label="What happened" width={30} />
      <DateField
        form={form}
        name="when"
        legend="When did it happen?"
        hint="The year is enough if the patient is not sure of the month or day. For example, 2019 or 6 2019"
      />
      <RadiosField
        form={form}
        name="mood"
        legend="How was the patient’s mood at the time?"
        hint="0 is the lowest it has been, 10 is very good"
        className="nhsuk-radios--inline"
        choices={RATING_CHOICES}
      />
    </FormShell>
  );
}

export function FormulationFormPage({
  patientFirstName,
  draftSavedAt,
  draftWriter,
  ...props
}: FormProps<FormulationValues> & {
  patientFirstName: string;
  /** When the clinicians' draft was saved; null when there is none. */
  draftSavedAt: Date | null;
  /** "you", or the name of the colleague who saved it. */
  draftWriter: string | null;
}) {
  const form = { values: props.values, errors: props.errors };
  const areas: Choice[] = FOCAL_AREAS.map((a) => ({
    value: a.id,
    label: a.clinicalName,
    hint: `${a.alsoCalled ? `Also called ${a.alsoCalled.toLowerCase()}. ` : ''}The patient reads: ${a.patientLabel}`,
  }));
  return (
    <FormShell
      {...props}
      caption={props.patientName}
      heading="Focal area and formulation"
      button={
        // The draft button comes first, so pressing Enter in a field never shares.
        <div className="nhsuk-button-group">
          <Button type="submit" name="intent" value="draft" secondary>
            Save as draft
          </Button>
          <Button type="submit" name="intent" value="share">
            Share with {patientFirstName}
          </Button>
        </div>
      }
    >
      {draftSavedAt ? (
        <InsetText>
          <p>
            {draftWriter === 'you' || draftWriter === null
              ? 'You have a draft'
              : `There is a draft by ${draftWriter}`}{' '}
            saved on {formatLondonDateTime(draftSavedAt)}, not yet shared. {patientFirstName} still
            sees the version last shared with them.
          </p>
        </InsetText>
      ) : null}
      <input type="hidden" name="basedOn" value={props.values.basedOn} />
      <input type="hidden" name="draftBasedOn" value={props.values.draftBasedOn} />
      <RadiosField form={form} name="focalArea" legend="Focal area" choices={areas} />
      <RadiosField
        form={form}
        name="secondFocalArea"
        legend="Second focal area (optional)"
        choices={[{ value: 'none', label: 'None' }, ...areas]}
      />
      <CharacterCountField
        form={form}
        name="formulation"
        label="Formulation in plain words"
        hint={`A draft is kept for clinicians only. Once shared, ${patientFirstName} reads this on their own page and is asked to agree to it. If you share a change after they agree, they are asked again.`}
        maxLength={LIMITS.formulation}
        rows={10}
      />
    </FormShell>
  );
}

export function AimFormPage(props: FormProps<AimValues>) {
  const form = { values: props.values, errors: props.errors };
  return (
    <FormShell
      {...props}
      caption={`Treatment aims: ${props.patientName}`}
      heading="Add an aim"
      button="Add this aim"
    >
      <CharacterCountField
        form={form}
        name="aim"
        label="The aim, in the patient’s words"
        hint="As clear as possible. For example: talk to my sister once a week without it ending in a row"
        maxLength={LIMITS.aim}
        rows={3}
      />
    </FormShell>
  );
}

export function RateAimsPage(
  props: FormProps<RatingValues> & {
    aims: readonly { aim: AimRow }[];
    /** Aims set after the session's day: not rated there, with why (H11). */
    notYetSet: ReadonlyMap<string, string>;
  },
) {
  const form = { values: props.values, errors: props.errors };
  return (
    <FormShell
      {...props}
      caption={`Treatment aims: ${props.patientName}`}
      heading="Rate progress on the aims"
      button="Save the ratings"
    >
      <TextField
        form={form}
        name="sessionNumber"
        label="Session number of this review"
        inputMode="numeric"
        width={2}
      />
      {props.aims.map(({ aim }, i) => {
        const why = props.notYetSet.get(aim.id);
        const field = ratingField(aim.id);
        const error = props.errors?.find((e) => e.field === field);
        return why !== undefined ? (
          <div
            key={aim.id}
            id={field}
            className={error ? 'nhsuk-form-group nhsuk-form-group--error' : 'nhsuk-form-group'}
          >
            <h2 className="nhsuk-heading-s">
              Aim {i + 1}: {aim.aim}
            </h2>
            {error ? (
              <span className="nhsuk-error-message">
                <span className="nhsuk-u-visually-hidden">Error: </span>
                {error.message}
              </span>
            ) : (
              <p>{why}</p>
            )}
          </div>
        ) : (
          <RadiosField
            key={aim.id}
            form={form}
            name={ratingField(aim.id)}
            legend={`Aim ${i + 1}: ${aim.aim}`}
            hint="0 is no progress at all, 10 is fully achieved"
            className="nhsuk-radios--inline"
            choices={RATING_CHOICES}
          />
        );
      })}
    </FormShell>
  );
}
