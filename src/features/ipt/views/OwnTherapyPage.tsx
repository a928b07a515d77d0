import { Button, InsetText, SummaryList } from 'nhsuk-react-components';
import { formatLondonDate } from '../../../domain/calendar';
import { focalAreaLabel, formatLifeEventDate, type ClosenessRing } from '../../../domain/ipt';
import { CsrfField, ErrorSummaryBox, type FieldError } from '../../../ui/forms';
import type { OwnTherapy } from '../ipt.service';
import { ClosenessCircle } from './ClosenessCircle';
import { IptStyles } from './IptPages';
import { StayingWellSection } from './StayingWellPages';

/**
 * The patient's own page: what they and their therapist have written down together. Read only;
 * the one thing they do here is agree to the formulation.
 */
export function OwnTherapyPage({
  therapy,
  csrfToken,
  errors,
}: {
  therapy: OwnTherapy;
  csrfToken: string;
  errors?: FieldError[];
}) {
  if (!therapy.course)
    return (
      <>
        <h1>Your therapy</h1>
        <p>
          When your sessions start, you and your therapist will write things down here together: the
          people who matter to you, what you will work on, and your aims.
        </p>
      </>
    );
  const { course, workspace, people, timeline, aims } = therapy;
  const ended = course.status !== 'active';
  const areas = workspace?.focalArea
    ? [workspace.focalArea, workspace.secondFocalArea]
        .filter((a) => a !== null)
        .map((a) => focalAreaLabel(a, 'patient'))
    : [];
  return (
    <>
      <IptStyles />
      <ErrorSummaryBox errors={errors} />
      <h1>Your therapy</h1>
      {ended ? (
        <p>
          Your sessions with us have ended. This is what you and your therapist wrote down together,
          for you to look back on.
        </p>
      ) : (
        <p>
          This is what you and your therapist have written down together. If something does not look
          right, talk to your therapist at your next session.
        </p>
      )}

      <StayingWellSection courseId={course.id} audience="patient" {...therapy.stayingWell} />

      <h2 id="formulation">What we will work on together</h2>
      {workspace?.formulation ? (
        <>
          <p>
            We will focus on <strong>{areas.join(' and ')}</strong>.
          </p>
          <div className="ipt-formulation nhsuk-u-margin-bottom-4">{workspace.formulation}</div>
          {workspace.agreedAt ? (
            <InsetText>
              <p>You agreed to this on {formatLondonDate(workspace.agreedAt)}.</p>
            </InsetText>
          ) : ended ? null : (
            <form method="post" action={`/therapy/${course.id}/agree`} noValidate>
              <CsrfField token={csrfToken} />
              <input type="hidden" name="version" value={String(workspace.formulationVersion)} />
              <p id="agree">
                If this sounds right to you, tell us you agree. If not, talk about it with your
                therapist first.
              </p>
              <Button type="submit">I agree with this</Button>
            </form>
          )}
        </>
      ) : (
        <p>
          {ended
            ? 'Nothing was written down here during your sessions.'
            : 'Your therapist will write this with you in your first sessions.'}
        </p>
      )}

      <h2 id="aims">Your aims</h2>
      {aims.length === 0 ? (
        <p>You have not set any aims yet.</p>
      ) : (
        <SummaryList>
          {aims.map(({ aim, ratings }, i) => (
            <SummaryList.Row key={aim.id}>
              <SummaryList.Key>Aim {i + 1}</SummaryList.Key>
              <SummaryList.Value>
                <p className="nhsuk-u-margin-bottom-2">{aim.aim}</p>
                <p className="nhsuk-body-s nhsuk-u-margin-bottom-0">
                  {ratings.length === 0
                    ? 'Not rated yet'
                    : `How far you have got, out of 10: ${[...ratings]
                        .reverse()
                        .map((r) => `${r.rating} at session ${r.sessionNumber}`)
                        .join(', ')}`}
                </p>
              </SummaryList.Value>
            </SummaryList.Row>
          ))}
        </SummaryList>
      )}

      <h2 id="people">The people in your life</h2>
      {people.length === 0 ? (
        <p>Nobody added yet.</p>
      ) : (
        <>
          <p>You are in the middle. The people closest to you are in the inner ring.</p>
          <ClosenessCircle
            people={people.map((p) => ({ ...p, closeness: p.closeness as ClosenessRing }))}
            centreLabel="You"
            idPrefix="own"
          />
        </>
      )}

      <h2 id="timeline">Your timeline</h2>
      {timeline.length === 0 ? (
        <p>No life events added yet.</p>
      ) : (
        <ul className="nhsuk-list nhsuk-list--bullet">
          {timeline.map((e) => (
            <li key={e.id}>
              {formatLifeEventDate({ occurredOn: e.occurredOn, precision: e.datePrecision })}:{' '}
              {e.what} (your mood then: {e.mood} out of 10)
            </li>
          ))}
        </ul>
      )}
    </>
  );
}
