import type { ReactElement } from 'react';
import { Fieldset, InsetText } from 'nhsuk-react-components';
import { lacksNeededStepFree, needsStepFree } from '../../../domain/appointments';
import { MEASURES, optionsFor, type Measure } from '../../../domain/measures';
import { ModeField } from '../../../ui/appointment-fields';
import {
  CharacterCountField,
  CheckboxesField,
  DateField,
  RadiosField,
  TextareaField,
  TextField,
  type Choice,
} from '../../../ui/fields';
import type { FieldError } from '../../../ui/forms';
import {
  LIMITS,
  PAGES,
  type LocationChoice,
  type ParsedAnswers,
  type RawValues,
  type ReferralMeasureId,
  type SectionKey,
} from '../referral.forms';
import {
  AREA_OPTIONS,
  AREAS_NONE,
  AREAS_NONE_LABEL,
  COMMUNICATION_NEEDS,
  ETHNIC_CATEGORIES,
  GENDERS,
  NO_LOCATION_PREFERENCE,
  NO_NEEDS,
  SESSION_MODES,
} from '../referral.options';
import { QuestionForm } from './QuestionForm';

export interface QuestionPageProps {
  action: string;
  csrfToken: string;
  /** What was typed: the saved answers, or the answers just posted when there are errors. */
  values: RawValues;
  errors?: FieldError[];
  /** Answers to earlier pages (texts are asked about only if a mobile number was given). */
  earlier: ParsedAnswers;
  locations: readonly LocationChoice[];
  /** The spam trap, on the first page. */
  honeypot: boolean;
}

type View = (props: QuestionPageProps) => ReactElement;

const YES_NO: readonly Choice[] = [
  { value: 'yes', label: 'Yes' },
  { value: 'no', label: 'No' },
];

function YesNo({
  id,
  legend,
  hint,
  values,
  errors,
  asHeading,
}: {
  id: string;
  legend: string;
  hint?: string;
  values: RawValues;
  errors?: FieldError[];
  asHeading?: boolean;
}) {
  return (
    <RadiosField
      form={{ values, errors }}
      name={id}
      inline
      legend={legend}
      legendProps={asHeading ? { isPageHeading: true, size: 'l' } : { size: 's' }}
      hint={hint}
      choices={YES_NO}
    />
  );
}

const NamePage: View = ({ values, errors, ...form }) => (
  <QuestionForm {...form} errors={errors}>
    <Fieldset>
      <Fieldset.Legend isPageHeading size="l">
        {PAGES.name.title}
      </Fieldset.Legend>
      <TextField
        form={{ values, errors }}
        name="givenName"
        label="First name"
        autoComplete="given-name"
        spellCheck={false}
      />
      <TextField
        form={{ values, errors }}
        name="familyName"
        label="Last name"
        autoComplete="family-name"
        spellCheck={false}
      />
    </Fieldset>
  </QuestionForm>
);

const DateOfBirthPage: View = ({ values, errors, ...form }) => {
  return (
    <QuestionForm {...form} errors={errors}>
      <DateField
        form={{ values, errors }}
        name="dateOfBirth"
        legend={PAGES.dateOfBirth.title}
        legendProps={{ isPageHeading: true, size: 'l' }}
        hint="For example, 15 3 1984"
        autoComplete={{ day: 'bday-day', month: 'bday-month', year: 'bday-year' }}
      />
    </QuestionForm>
  );
};

const AddressPage: View = ({ values, errors, ...form }) => (
  <QuestionForm {...form} errors={errors}>
    <Fieldset>
      <Fieldset.Legend isPageHeading size="l">
        {PAGES.address.title}
      </Fieldset.Legend>
      <TextField
        form={{ values, errors }}
        name="addressLine1"
        label="Address line 1"
        autoComplete="address-line1"
      />
      <TextField
        form={{ values, errors }}
        name="addressLine2"
        label="Address line 2 (optional)"
        autoComplete="address-line2"
      />
      <TextField
        form={{ values, errors }}
        name="addressTown"
        label="Town or city"
        autoComplete="address-level2"
        width={20}
      />
      <TextField
        form={{ values, errors }}
        name="postcode"
        label="Postcode"
        autoComplete="postal-code"
        width={10}
        spellCheck={false}
      />
    </Fieldset>
  </QuestionForm>
);

const ContactPage: View = ({ values, errors, ...form }) => (
  <QuestionForm {...form} errors={errors}>
    <h1 className="nhsuk-heading-l">{PAGES.contact.title}</h1>
    <p>Give us at least one phone number. We will use these details only about your care.</p>
    <TextField
      form={{ values, errors }}
      name="mobile"
      type="tel"
      label="Mobile phone number"
      hint="For example, 07700 900 982"
      autoComplete="tel"
      width={20}
    />
    <TextField
      form={{ values, errors }}
      name="otherPhone"
      type="tel"
      label="Other phone number (optional)"
      hint="A home or work number, for example 01632 960 001"
      autoComplete="home tel"
      width={20}
    />
    <TextField
      form={{ values, errors }}
      name="email"
      type="email"
      label="Email address (optional)"
      autoComplete="email"
      spellCheck={false}
    />
  </QuestionForm>
);

const PermissionsPage: View = ({ values, errors, earlier, ...form }) => (
  <QuestionForm {...form} errors={errors}>
    <h1 className="nhsuk-heading-l">{PAGES.permissions.title}</h1>
    <p>Our messages and voicemails do not include details about your health or your answers.</p>
    <YesNo
      id="voicemail"
      legend="If you do not answer, can we leave a voicemail?"
      values={values}
      errors={errors}
    />
    {earlier.contact?.mobile ? (
      <YesNo
        id="texts"
        legend={`Can we send text messages to ${earlier.contact.mobile.national}?`}
        hint="For example, to confirm your referral or remind you of appointments"
        values={values}
        errors={errors}
      />
    ) : null}
    {earlier.contact?.email ? (
      <YesNo
        id="emails"
        legend={`Can we email you at ${earlier.contact.email}?`}
        values={values}
        errors={errors}
      />
    ) : null}
  </QuestionForm>
);

const NhsNumberPage: View = ({ values, errors, ...form }) => (
  <QuestionForm {...form} errors={errors}>
    <TextField
      form={{ values, errors }}
      name="nhsNumber"
      label={`${PAGES.nhsNumber.title} (optional)`}
      labelProps={{ isPageHeading: true, size: 'l' }}
      hint="This is a 10 digit number, like 943 476 5919. You can find it on letters from the NHS, on a prescription, or in the NHS App. Leave this blank if you do not know it."
      inputMode="numeric"
      spellCheck={false}
      width={10}
    />
  </QuestionForm>
);

const GpPage: View = ({ values, errors, ...form }) => {
  return (
    <QuestionForm {...form} errors={errors}>
      <RadiosField
        form={{ values, errors }}
        name="gpRegistered"
        legend={PAGES.gp.title}
        legendProps={{ isPageHeading: true, size: 'l' }}
        choices={[
          {
            value: 'yes',
            label: 'Yes',
            conditional: (
              <>
                <TextField form={{ values, errors }} name="gpName" label="GP practice name" />
                <TextareaField
                  form={{ values, errors }}
                  name="gpAddress"
                  label="GP practice address or town"
                  rows={3}
                />
              </>
            ),
          },
          { value: 'no', label: 'No' },
        ]}
      />
    </QuestionForm>
  );
};

const GenderPage: View = ({ values, errors, ...form }) => {
  return (
    <QuestionForm {...form} errors={errors}>
      <RadiosField
        form={{ values, errors }}
        name="gender"
        legend={PAGES.gender.title}
        legendProps={{ isPageHeading: true, size: 'l' }}
        choices={GENDERS.map((g) => ({
          value: g.code,
          label: g.label,
          conditional:
            g.code === 'other' ? (
              <TextField
                form={{ values, errors }}
                name="genderDescription"
                label="How do you describe your gender? (optional)"
                autoComplete="sex"
              />
            ) : undefined,
        }))}
      />
    </QuestionForm>
  );
};

const EthnicityPage: View = ({ values, errors, ...form }) => {
  return (
    <QuestionForm {...form} errors={errors}>
      <RadiosField
        form={{ values, errors }}
        name="ethnicity"
        legend={PAGES.ethnicity.title}
        legendProps={{ isPageHeading: true, size: 'l' }}
        hint="We ask everyone this to check our service is fair to people of every background."
        choices={ETHNIC_CATEGORIES.map((e) => ({ value: e.code, label: e.label }))}
      />
    </QuestionForm>
  );
};

const LanguagePage: View = ({ values, errors, ...form }) => (
  <QuestionForm {...form} errors={errors}>
    <h1 className="nhsuk-heading-l">{PAGES.language.title}</h1>
    <TextField
      form={{ values, errors }}
      name="firstLanguage"
      label="What is your first language?"
      hint="For example, English, Polish or British Sign Language"
      autoComplete="language"
      width={20}
    />
    <YesNo
      id="interpreter"
      legend="Do you need an interpreter for your appointments?"
      hint="An interpreter is free."
      values={values}
      errors={errors}
    />
  </QuestionForm>
);

const NeedsPage: View = ({ values, errors, ...form }) => {
  return (
    <QuestionForm {...form} errors={errors}>
      <CheckboxesField
        form={{ values, errors }}
        name="needs"
        legend={PAGES.needs.title}
        legendProps={{ isPageHeading: true, size: 'l' }}
        hint="Tell us what would help you get information from us or come to appointments. Select all that apply."
        choices={[
          ...COMMUNICATION_NEEDS.map((n) => ({
            value: n.code,
            label: n.label,
            conditional:
              n.code === 'other' ? (
                <TextareaField
                  form={{ values, errors }}
                  name="needsOther"
                  label="Tell us what you need"
                  rows={3}
                />
              ) : undefined,
          })),
          { divider: 'or' },
          { value: NO_NEEDS, label: 'I do not need any of these', exclusive: true },
        ]}
      />
    </QuestionForm>
  );
};

const TroublingPage: View = ({ values, errors, ...form }) => (
  <QuestionForm {...form} errors={errors}>
    <CharacterCountField
      form={{ values, errors }}
      name="troubling"
      label={PAGES.troubling.title}
      labelProps={{ isPageHeading: true, size: 'l' }}
      hint="Tell us in your own words. It can be a few sentences. You can talk about it more at your assessment."
      maxLength={LIMITS.troubling}
      rows={8}
    />
  </QuestionForm>
);

const AreasPage: View = ({ values, errors, ...form }) => {
  return (
    <QuestionForm {...form} errors={errors}>
      <CheckboxesField
        form={{ values, errors }}
        name="areas"
        legend={PAGES.areas.title}
        legendProps={{ isPageHeading: true, size: 'l' }}
        hint="Interpersonal therapy often looks at one of these. Select all that apply. It is fine not to know."
        choices={[
          ...AREA_OPTIONS.map((a) => ({ value: a.code, label: a.label })),
          { divider: 'or' },
          { value: AREAS_NONE, label: AREAS_NONE_LABEL, exclusive: true },
        ]}
      />
    </QuestionForm>
  );
};

const OtherServicesPage: View = ({ values, errors, ...form }) => {
  return (
    <QuestionForm {...form} errors={errors}>
      <RadiosField
        form={{ values, errors }}
        name="otherServices"
        legend={PAGES.otherServices.title}
        legendProps={{ isPageHeading: true, size: 'l' }}
        hint="For example, a community mental health team, a crisis team or a psychiatrist"
        choices={[
          {
            value: 'yes',
            label: 'Yes',
            conditional: (
              <TextareaField
                form={{ values, errors }}
                name="otherServicesDetails"
                label="Which services are you in touch with?"
                rows={3}
              />
            ),
          },
          { value: 'no', label: 'No' },
        ]}
      />
    </QuestionForm>
  );
};

function MeasureQuestions({
  measure,
  values,
  errors,
}: {
  measure: Measure;
  values: RawValues;
  errors?: FieldError[];
}) {
  return (
    <>
      {measure.items.map((item) => (
        <RadiosField
          key={item.id}
          form={{ values, errors }}
          name={item.id}
          legend={`${String(item.number)}. ${item.text}`}
          legendProps={{ size: 's' }}
          choices={[
            ...optionsFor(measure, item).map((o) => ({ value: String(o.value), label: o.label })),
            ...(item.notApplicableOption
              ? [
                  { divider: 'or' },
                  {
                    value: item.notApplicableOption.value,
                    label: item.notApplicableOption.label,
                  },
                ]
              : []),
          ]}
        />
      ))}
    </>
  );
}

function measurePage(id: ReferralMeasureId): View {
  const measure = MEASURES[id];
  const MeasurePage: View = ({ values, errors, ...form }) => (
    <QuestionForm {...form} errors={errors}>
      <h1 className="nhsuk-heading-l">{measure.patientTitle}</h1>
      <p className="nhsuk-body-l">{measure.stem}</p>
      <p>There are no right or wrong answers. Choose the answer closest to how you feel.</p>
      <MeasureQuestions measure={measure} values={values} errors={errors} />
    </QuestionForm>
  );
  return MeasurePage;
}

const RiskPage: View = ({ values, errors, ...form }) => (
  <QuestionForm {...form} errors={errors}>
    <h1 className="nhsuk-heading-l">{PAGES.risk.title}</h1>
    <p>
      We ask everyone these questions. Your answers help us understand how you are and how soon we
      should contact you.
    </p>
    <p>
      If you need help now, you do not need to finish this form first.{' '}
      <a href="/urgent-help">Find out how to get help now</a>.
    </p>
    <YesNo
      id="thoughts"
      legend="Have you been having thoughts of ending your life?"
      values={values}
      errors={errors}
    />
    <YesNo
      id="plans"
      legend="Have you made any plans to end your life?"
      values={values}
      errors={errors}
    />
    <YesNo
      id="harmOthers"
      legend="Have you been having thoughts of harming someone else?"
      values={values}
      errors={errors}
    />
  </QuestionForm>
);

const SessionsPage: View = ({ values, errors, ...form }) => {
  return (
    <QuestionForm {...form} errors={errors}>
      <h1 className="nhsuk-heading-l">{PAGES.sessions.title}</h1>
      <InsetText>
        <p>
          Interpersonal therapy is not offered by phone. Sessions are by video call or face to face,
          and last up to 50 minutes.
        </p>
      </InsetText>
      <ModeField
        form={{ values, errors }}
        name="sessionMode"
        legend="Choose how you would prefer to have your sessions"
        hint="We will try to offer what you prefer."
        choices={SESSION_MODES.map((m) => ({ mode: m.code, label: m.label }))}
      />
    </QuestionForm>
  );
};

function locationHint(l: LocationChoice): string {
  return [
    `${l.address}, ${l.postcode}`,
    l.stepFreeAccess ? 'Step-free access' : 'No step-free access',
    l.accessInformation,
  ]
    .filter((s) => s.trim() !== '')
    .join('. ');
}

const LocationPage: View = ({ values, errors, locations, earlier, ...form }) => {
  const needs = earlier.needs?.needs ?? [];
  const someLack = locations.some((l) => lacksNeededStepFree(needs, l));
  return (
    <QuestionForm {...form} errors={errors}>
      {needsStepFree(needs) && someLack ? (
        <InsetText>
          <p>
            You told us you need step-free access. Not every place has it: each one says whether it
            does.
          </p>
        </InsetText>
      ) : null}
      <RadiosField
        form={{ values, errors }}
        name="location"
        legend={PAGES.location.title}
        legendProps={{ isPageHeading: true, size: 'l' }}
        choices={[
          ...locations.map((l) => ({ value: l.id, label: l.name, hint: locationHint(l) })),
          { divider: 'or' },
          { value: NO_LOCATION_PREFERENCE, label: 'No preference' },
        ]}
      />
    </QuestionForm>
  );
};

const GpConsentPage: View = ({ values, errors, ...form }) => (
  <QuestionForm {...form} errors={errors}>
    <YesNo
      id="gpConsent"
      legend={PAGES.gpConsent.title}
      hint="We usually let your GP know you have referred yourself and how your treatment goes. If you say no, we will not contact them unless we are seriously worried about your safety or someone else's."
      values={values}
      errors={errors}
      asHeading
    />
  </QuestionForm>
);

export const QUESTION_VIEWS: Readonly<Record<SectionKey, View>> = {
  name: NamePage,
  dateOfBirth: DateOfBirthPage,
  address: AddressPage,
  contact: ContactPage,
  permissions: PermissionsPage,
  nhsNumber: NhsNumberPage,
  gp: GpPage,
  gender: GenderPage,
  ethnicity: EthnicityPage,
  language: LanguagePage,
  needs: NeedsPage,
  troubling: TroublingPage,
  areas: AreasPage,
  otherServices: OtherServicesPage,
  phq9: measurePage('phq9'),
  gad7: measurePage('gad7'),
  wsas: measurePage('wsas'),
  risk: RiskPage,
  sessions: SessionsPage,
  location: LocationPage,
  gpConsent: GpConsentPage,
};

export function QuestionPage({ page, ...props }: QuestionPageProps & { page: SectionKey }) {
  const View = QUESTION_VIEWS[page];
  return <View {...props} />;
}
