import type { ReactNode } from 'react';
import { Button, SummaryList } from 'nhsuk-react-components';
import { formatDate } from '../../../domain/calendar';
import { lacksNeededStepFree } from '../../../domain/appointments';
import { formatNhsNumber } from '../../../domain/identifiers';
import { MEASURES, answerLabel } from '../../../domain/measures';
import { CsrfField } from '../../../ui/forms';
import {
  PAGES,
  type LocationChoice,
  type ParsedAnswers,
  type ReferralMeasureId,
  type SectionKey,
} from '../referral.forms';
import {
  AREA_OPTIONS,
  AREAS_NONE_LABEL,
  COMMUNICATION_NEEDS,
  ETHNIC_CATEGORIES,
  GENDERS,
  labelFor,
  SESSION_MODES,
} from '../referral.options';
import { Honeypot, TypedText } from './QuestionForm';

export interface CheckAnswersPageProps {
  csrfToken: string;
  answers: ParsedAnswers;
  locations: readonly LocationChoice[];
}

interface Row {
  key: string;
  value: ReactNode;
  page: SectionKey;
  /** What the change link changes, for screen readers ("Change name"). */
  changes: string;
}

const yesNo = (b: boolean | null | undefined) => (b ? 'Yes' : 'No');

function changeHref(page: SectionKey): string {
  return `/refer/${PAGES[page].slug}?change=1`;
}

function Lines({ lines }: { lines: readonly (string | null | undefined)[] }) {
  const shown = lines.filter((l): l is string => typeof l === 'string' && l !== '');
  return (
    <>
      {shown.map((l, i) => (
        <span key={i}>
          {i > 0 ? <br /> : null}
          {l}
        </span>
      ))}
    </>
  );
}

function Section({ heading, rows }: { heading: string; rows: Row[] }) {
  if (rows.length === 0) return null;
  return (
    <>
      <h2 className="nhsuk-heading-m">{heading}</h2>
      <SummaryList>
        {rows.map((r) => (
          <SummaryList.Row key={r.key}>
            <SummaryList.Key>{r.key}</SummaryList.Key>
            <SummaryList.Value>{r.value}</SummaryList.Value>
            <SummaryList.Action href={changeHref(r.page)} visuallyHiddenText={r.changes}>
              Change
            </SummaryList.Action>
          </SummaryList.Row>
        ))}
      </SummaryList>
    </>
  );
}

function MeasureAnswers({ id, answers }: { id: ReferralMeasureId; answers: ParsedAnswers }) {
  const measure = MEASURES[id];
  const score = answers[id];
  if (!score) return null;
  return (
    <ol className="nhsuk-list nhsuk-list--number">
      {measure.items.map((item) => {
        const value = score.answers[item.id];
        const label = answerLabel(measure, item, value);
        return (
          <li key={item.id}>
            {item.text.replace(/\.$/, '')}: <strong>{label}</strong>
          </li>
        );
      })}
    </ol>
  );
}

export function CheckAnswersPage({ csrfToken, answers: a, locations }: CheckAnswersPageProps) {
  const about: Row[] = [];
  const contact: Row[] = [];
  const health: Row[] = [];
  const troubles: Row[] = [];
  const questionnaires: Row[] = [];
  const safety: Row[] = [];
  const sessions: Row[] = [];

  if (a.name)
    about.push({
      key: 'Name',
      value: `${a.name.givenName} ${a.name.familyName}`,
      page: 'name',
      changes: 'name',
    });
  if (a.dateOfBirth)
    about.push({
      key: 'Date of birth',
      value: formatDate(a.dateOfBirth.dateOfBirth),
      page: 'dateOfBirth',
      changes: 'date of birth',
    });
  if (a.address)
    about.push({
      key: 'Address',
      value: (
        <Lines lines={[a.address.line1, a.address.line2, a.address.town, a.address.postcode]} />
      ),
      page: 'address',
      changes: 'address',
    });
  if (a.gender)
    about.push({
      key: 'Gender',
      value:
        a.gender.code === 'other' && a.gender.description
          ? a.gender.description
          : labelFor(GENDERS, a.gender.code),
      page: 'gender',
      changes: 'gender',
    });
  if (a.ethnicity)
    about.push({
      key: 'Ethnic group',
      value: labelFor(ETHNIC_CATEGORIES, a.ethnicity.code),
      page: 'ethnicity',
      changes: 'ethnic group',
    });
  if (a.language) {
    about.push({
      key: 'First language',
      value: a.language.firstLanguage,
      page: 'language',
      changes: 'first language',
    });
    about.push({
      key: 'Interpreter needed',
      value: yesNo(a.language.interpreter),
      page: 'language',
      changes: 'whether you need an interpreter',
    });
  }
  if (a.needs)
    about.push({
      key: 'Communication or access needs',
      value:
        a.needs.needs.length === 0 ? (
          'None'
        ) : (
          <ul className="nhsuk-list">
            {a.needs.needs.map((n) => (
              <li key={n}>
                {n === 'other' && a.needs?.otherDetails ? (
                  <TypedText text={a.needs.otherDetails} />
                ) : (
                  labelFor(COMMUNICATION_NEEDS, n)
                )}
              </li>
            ))}
          </ul>
        ),
      page: 'needs',
      changes: 'communication or access needs',
    });

  if (a.contact) {
    contact.push({
      key: 'Mobile phone',
      value: a.contact.mobile?.national ?? 'Not given',
      page: 'contact',
      changes: 'mobile phone number',
    });
    contact.push({
      key: 'Other phone',
      value: a.contact.otherPhone?.national ?? 'Not given',
      page: 'contact',
      changes: 'other phone number',
    });
    contact.push({
      key: 'Email address',
      value: a.contact.email ?? 'Not given',
      page: 'contact',
      changes: 'email address',
    });
  }
  if (a.permissions) {
    contact.push({
      key: 'Leave a voicemail',
      value: yesNo(a.permissions.voicemail),
      page: 'permissions',
      changes: 'whether we can leave a voicemail',
    });
    if (a.permissions.texts !== null)
      contact.push({
        key: 'Send text messages',
        value: yesNo(a.permissions.texts),
        page: 'permissions',
        changes: 'whether we can send text messages',
      });
    if (a.permissions.email !== null)
      contact.push({
        key: 'Send emails',
        value: yesNo(a.permissions.email),
        page: 'permissions',
        changes: 'whether we can email you',
      });
  }

  if (a.nhsNumber)
    health.push({
      key: 'NHS number',
      value: a.nhsNumber.nhsNumber ? formatNhsNumber(a.nhsNumber.nhsNumber) : 'Not given',
      page: 'nhsNumber',
      changes: 'NHS number',
    });
  if (a.gp)
    health.push({
      key: 'GP practice',
      value: a.gp.registered ? (
        <>
          {a.gp.practiceName}
          <br />
          <TypedText text={a.gp.practiceAddress ?? ''} />
        </>
      ) : (
        'Not registered with a GP'
      ),
      page: 'gp',
      changes: 'GP practice',
    });
  if (a.gpConsent)
    health.push({
      key: 'We can contact your GP',
      value: yesNo(a.gpConsent.consent),
      page: 'gpConsent',
      changes: 'whether we can contact your GP',
    });
  if (a.otherServices)
    health.push({
      key: 'Other mental health services',
      value: a.otherServices.inTouch ? <TypedText text={a.otherServices.details ?? ''} /> : 'None',
      page: 'otherServices',
      changes: 'other mental health services',
    });

  if (a.troubling)
    troubles.push({
      key: 'What is troubling you',
      value: <TypedText text={a.troubling.text} />,
      page: 'troubling',
      changes: 'what is troubling you',
    });
  if (a.areas)
    troubles.push({
      key: 'Areas that fit',
      value: a.areas.notSure ? (
        AREAS_NONE_LABEL
      ) : (
        <Lines lines={a.areas.areas.map((c) => labelFor(AREA_OPTIONS, c))} />
      ),
      page: 'areas',
      changes: 'areas that fit what is troubling you',
    });

  for (const id of ['phq9', 'gad7', 'wsas'] as const) {
    if (a[id])
      questionnaires.push({
        key: MEASURES[id].patientTitle,
        value: <MeasureAnswers id={id} answers={a} />,
        page: id,
        changes: `answers about ${MEASURES[id].patientTitle.toLowerCase()}`,
      });
  }

  if (a.risk) {
    safety.push({
      key: 'Thoughts of ending your life',
      value: yesNo(a.risk.thoughtsOfEndingLife),
      page: 'risk',
      changes: 'answer about thoughts of ending your life',
    });
    safety.push({
      key: 'Plans to end your life',
      value: yesNo(a.risk.plans),
      page: 'risk',
      changes: 'answer about plans to end your life',
    });
    safety.push({
      key: 'Thoughts of harming someone else',
      value: yesNo(a.risk.harmOthers),
      page: 'risk',
      changes: 'answer about thoughts of harming someone else',
    });
  }

  if (a.sessions)
    sessions.push({
      key: 'How you would prefer sessions',
      value: labelFor(SESSION_MODES, a.sessions.mode),
      page: 'sessions',
      changes: 'how you would prefer sessions',
    });
  if (a.location) {
    const place = locations.find((l) => l.id === a.location?.locationId);
    sessions.push({
      key: 'Where you would prefer face-to-face sessions',
      value: place ? (
        lacksNeededStepFree(a.needs?.needs ?? [], place) ? (
          <>
            {place.name}
            <br />
            This place has no step-free access, which you told us you need. You can change where, or
            keep it: we will talk with you about somewhere that suits you.
          </>
        ) : (
          place.name
        )
      ) : (
        'No preference'
      ),
      page: 'location',
      changes: 'where you would prefer face-to-face sessions',
    });
  }

  return (
    <div className="nhsuk-grid-row">
      <div className="nhsuk-grid-column-two-thirds">
        <h1>Check your answers before sending your referral</h1>
        <Section heading="About you" rows={about} />
        <Section heading="Your contact details" rows={contact} />
        <Section heading="Your GP and other services" rows={health} />
        <Section heading="What is troubling you" rows={troubles} />
        <Section heading="How you have been feeling" rows={questionnaires} />
        <Section heading="Your safety" rows={safety} />
        <Section heading="Your sessions" rows={sessions} />

        <h2 className="nhsuk-heading-m">Now send your referral</h2>
        <p>
          By sending this referral, you confirm that your answers are correct as far as you know. We
          will use them to understand your needs and arrange your care. Read our{' '}
          <a href="/privacy">privacy notice</a> to find out how we look after your information.
        </p>
        <form method="post" action="/refer/check" noValidate>
          <CsrfField token={csrfToken} />
          <Honeypot />
          <Button type="submit" preventDoubleClick>
            Send referral
          </Button>
        </form>
      </div>
    </div>
  );
}
