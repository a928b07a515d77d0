import { ActionLink, Button, Fieldset, InsetText, SummaryList, Tag } from 'nhsuk-react-components';
import { formatLondonDateTime } from '../../../domain/calendar';
import { STAYING_WELL_LIMITS, type StayingWellPrompt } from '../../../domain/ipt';
import { Table } from '../../../ui/ResponsiveTable';
import { CharacterCountField, CheckboxesField, TextField } from '../../../ui/fields';
import { CsrfField, ErrorSummaryBox, type FieldError } from '../../../ui/forms';
import { UrgentHelpContent } from '../../referral';
import {
  CONTACT_ROWS,
  contactHow,
  contactName,
  type StayingWellValues,
} from '../ipt.staying-well.forms';
import type { StayingWellRow, StayingWellVersion } from '../ipt.staying-well.repository';
import type { OpenedPlan } from '../ipt.staying-well.service';

// The IPT stylesheet (printing), linked here rather than imported from IptPages, which imports
// this file's section.
const IptStyles = () => <link rel="stylesheet" href="/static/ipt.css" />;

/** Who reads the page: the words differ ("your plan" or the patient's name). */
export type Audience = 'patient' | 'staff';

/** Where each audience reads and edits a course's plan. */
export const stayingWellUrls = (audience: Audience, courseId: string) => {
  const base =
    audience === 'patient'
      ? `/therapy/${courseId}/staying-well`
      : `/courses/${courseId}/ipt/staying-well`;
  return { read: base, edit: `${base}/edit` };
};

function Lines({ text }: { text: string }) {
  return <div className="ipt-formulation">{text}</div>;
}

function ReadyTag({ plan }: { plan: { complete: boolean } }) {
  return plan.complete ? (
    <Tag modifier="green">Ready</Tag>
  ) : (
    <Tag modifier="yellow">Not finished yet</Tag>
  );
}

const whoSaved = (v: StayingWellVersion, audience: Audience) =>
  v.savedByRole === 'patient'
    ? audience === 'patient'
      ? 'you'
      : `${v.savedByName} (the patient)`
    : audience === 'patient'
      ? `${v.savedByName} (your therapist)`
      : v.savedByName;

/**
 * The plan itself, in the patient's words. The urgent-help numbers are always part of the crisis
 * section, whatever was written, so a plan never leaves someone without them (H26).
 */
export function StayingWellPlan({ plan }: { plan: StayingWellRow | null }) {
  const notYet = <p>Not written yet.</p>;
  return (
    <>
      <h2>My warning signs</h2>
      {plan?.warningSigns ? <Lines text={plan.warningSigns} /> : notYet}
      <h2>What helps me</h2>
      {plan?.whatHelps ? <Lines text={plan.whatHelps} /> : notYet}
      <h2>People I can contact</h2>
      {plan && plan.contacts.length > 0 ? (
        <SummaryList>
          {plan.contacts.map((c, i) => (
            <SummaryList.Row key={i}>
              <SummaryList.Key>{c.name}</SummaryList.Key>
              <SummaryList.Value>{c.how}</SummaryList.Value>
            </SummaryList.Row>
          ))}
        </SummaryList>
      ) : (
        notYet
      )}
      <h2 id="crisis">What I will do in a crisis</h2>
      {plan?.crisisPlan ? <Lines text={plan.crisisPlan} /> : notYet}
      <section className="rapport-staying-well-urgent" aria-labelledby="urgent-help-now">
        <h2 id="urgent-help-now">If you need help now</h2>
        <UrgentHelpContent headingLevel={3} />
      </section>
    </>
  );
}

/** The read (and print) page: the plan, its status, and every version with who and when. */
export function StayingWellPage({ view, audience }: { view: OpenedPlan; audience: Audience }) {
  const { plan, versions, course, patient } = view;
  const urls = stayingWellUrls(audience, course.id);
  return (
    <>
      <IptStyles />
      <span className="nhsuk-caption-l">
        {audience === 'patient' ? 'Your therapy' : `${patient.givenName} ${patient.familyName}`}
      </span>
      <h1>{audience === 'patient' ? 'Your staying-well plan' : 'Staying-well plan'}</h1>
      {plan ? (
        <p>
          <ReadyTag plan={plan} /> Version {plan.version}, saved by {whoSaved(plan, audience)} on{' '}
          {formatLondonDateTime(plan.savedAt)}.
        </p>
      ) : (
        <p>
          {audience === 'patient'
            ? 'You and your therapist write this together near the end of your sessions. It helps you notice early if things are getting harder, and know what to do.'
            : 'Not written yet. Write it together with the patient in the ending phase.'}
        </p>
      )}
      {view.canWrite ? (
        <p className="ipt-no-print">
          <a href={urls.edit}>{plan ? 'Change the plan' : 'Write the plan'}</a>
        </p>
      ) : null}
      <p className="ipt-no-print">To print it, use your browser’s print option.</p>
      <StayingWellPlan plan={plan} />
      {versions.length > 0 ? (
        <div className="ipt-no-print">
          <Table caption="Every saved version, newest first" responsive>
            <Table.Head>
              <Table.Row>
                <Table.Cell>Version</Table.Cell>
                <Table.Cell>Saved by</Table.Cell>
                <Table.Cell>When</Table.Cell>
                <Table.Cell>Ready</Table.Cell>
              </Table.Row>
            </Table.Head>
            <Table.Body>
              {versions.map((v) => (
                <Table.Row key={v.id}>
                  <Table.Cell>{v.version}</Table.Cell>
                  <Table.Cell>{whoSaved(v, audience)}</Table.Cell>
                  <Table.Cell>{formatLondonDateTime(v.savedAt)}</Table.Cell>
                  <Table.Cell>{v.complete ? 'Yes' : 'No'}</Table.Cell>
                </Table.Row>
              ))}
            </Table.Body>
          </Table>
        </div>
      ) : null}
    </>
  );
}

export function StayingWellFormPage(props: {
  view: OpenedPlan;
  audience: Audience;
  csrfToken: string;
  action: string;
  values: StayingWellValues;
  errors?: FieldError[];
}) {
  const { view, audience } = props;
  // The version the writer now sees: after a conflict the form saves on top of the newest one.
  const values = { ...props.values, basedOn: String(view.plan?.version ?? 0) };
  const form = { values, errors: props.errors };
  const conflict = props.errors?.some((e) => e.field === 'plan') ?? false;
  const together =
    audience === 'patient'
      ? 'Your therapist can read and change it too. Every change is kept, with who made it and when.'
      : 'Write it with the patient, in their words. They can read and change it too. Every change is kept, with who made it and when.';
  return (
    <>
      <IptStyles />
      <ErrorSummaryBox errors={props.errors} />
      <span className="nhsuk-caption-l">
        {audience === 'patient'
          ? 'Your therapy'
          : `${view.patient.givenName} ${view.patient.familyName}`}
      </span>
      <h1>{view.plan ? 'Change the staying-well plan' : 'Write the staying-well plan'}</h1>
      <p>{together}</p>
      {conflict && view.plan ? (
        <section id="plan" tabIndex={-1} aria-labelledby="plan-now">
          <InsetText>
            <h2 id="plan-now">The plan as it is saved now</h2>
            <p>
              Version {view.plan.version}, saved by {whoSaved(view.plan, audience)} on{' '}
              {formatLondonDateTime(view.plan.savedAt)}.
            </p>
            <StayingWellPlan plan={view.plan} />
          </InsetText>
        </section>
      ) : null}
      <form method="post" action={props.action} noValidate>
        <CsrfField token={props.csrfToken} />
        <input type="hidden" name="basedOn" value={values.basedOn} />
        <CharacterCountField
          form={form}
          name="warningSigns"
          label="My warning signs"
          hint="Early signs that things are getting harder. For example: sleeping badly, not answering messages, dropping plans with friends"
          maxLength={STAYING_WELL_LIMITS.section}
          rows={5}
        />
        <CharacterCountField
          form={form}
          name="whatHelps"
          label="What helps me"
          hint="What you have learned works for you, including from your sessions"
          maxLength={STAYING_WELL_LIMITS.section}
          rows={5}
        />
        <Fieldset>
          <Fieldset.Legend size="s">People I can contact</Fieldset.Legend>
          <p className="nhsuk-hint">
            Up to {STAYING_WELL_LIMITS.contacts} people. A name or initials, and how to reach them.
            Leave a row empty if you do not need it.
          </p>
          {CONTACT_ROWS.map((n) => (
            <div key={n} className="nhsuk-u-margin-bottom-4">
              <TextField
                form={form}
                name={contactName(n)}
                label={`Person ${n}: name or initials`}
                width={20}
              />
              <TextField
                form={form}
                name={contactHow(n)}
                label={`Person ${n}: how to reach them`}
                hint="For example, a phone number, or 'text her', or 'call round'"
                width={30}
              />
            </div>
          ))}
        </Fieldset>
        <CharacterCountField
          form={form}
          name="crisisPlan"
          label="What I will do in a crisis"
          hint="The steps to take if things get very bad. The urgent-help numbers below are always shown with the plan"
          maxLength={STAYING_WELL_LIMITS.section}
          rows={5}
        />
        <InsetText>
          <p>
            If your life is at risk, call 999 or go to A&amp;E. For urgent help for your mental
            health, call NHS 111 and choose option 2. To talk to someone, call Samaritans free on
            116 123, any time.
          </p>
        </InsetText>
        <CheckboxesField
          form={form}
          name="complete"
          legend="Is the plan ready?"
          hint="Tick this when you have both agreed it. A ready plan needs the warning signs and what to do in a crisis"
          choices={[{ value: 'yes', label: 'This plan is ready' }]}
        />
        <Button type="submit">Save the plan</Button>
      </form>
    </>
  );
}

/**
 * The plan on the workspace and on the patient's therapy page: offered prominently in the ending
 * phase when it is missing or unfinished, and linked as soon as it exists.
 */
export function StayingWellSection({
  courseId,
  plan,
  prompt,
  audience,
  canWrite,
}: {
  courseId: string;
  plan: { complete: boolean; version: number } | null;
  prompt: StayingWellPrompt;
  audience: Audience;
  canWrite: boolean;
}) {
  const urls = stayingWellUrls(audience, courseId);
  if (prompt === 'none' && audience === 'patient') return null;
  return (
    <>
      <h2 id="staying-well">
        {audience === 'patient' ? 'Your staying-well plan' : 'Staying-well plan'}
      </h2>
      {prompt === 'write' || prompt === 'finish' ? (
        <InsetText>
          <p>
            {audience === 'patient'
              ? 'You are near the end of your sessions. Now is the time to write your staying-well plan with your therapist: your warning signs, what helps, who to contact, and what to do in a crisis.'
              : 'This course is in the ending phase: write the staying-well plan with the patient.'}
          </p>
          {canWrite ? (
            <ActionLink href={urls.edit}>
              {prompt === 'write' ? 'Write the staying-well plan' : 'Finish the staying-well plan'}
            </ActionLink>
          ) : null}
          {plan ? (
            <p>
              <a href={urls.read}>Read the plan as it is now</a>
            </p>
          ) : null}
        </InsetText>
      ) : plan ? (
        <p>
          <ReadyTag plan={plan} /> <a href={urls.read}>Read or print the staying-well plan</a>
          {canWrite ? (
            <>
              {' '}
              · <a href={urls.edit}>Change it</a>
            </>
          ) : null}
        </p>
      ) : (
        <p>
          Written together in the ending phase.
          {canWrite ? (
            <>
              {' '}
              <a href={urls.edit}>Start it now</a>
            </>
          ) : null}
        </p>
      )}
    </>
  );
}
