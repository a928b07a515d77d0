import type { ReactElement } from 'react';
import {
  CharacterCount,
  Checkboxes,
  DateInput,
  Fieldset,
  InsetText,
  Radios,
  TextInput,
  Textarea,
} from 'nhsuk-react-components';
import { getMeasure, optionsFor, type Measure } from '../../../domain/measures';
import { errorFor, str, strList, type FieldError } from '../../../ui/forms';
import {
  LIMITS,
  PAGES,
  type DateFieldError,
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
  const current = str(values, id);
  return (
    <Radios
      id={id}
      name={id}
      inline
      legend={legend}
      legendProps={asHeading ? { isPageHeading: true, size: 'l' } : { size: 's' }}
      hint={hint}
      error={errorFor(errors, id)}
    >
      <Radios.Item value="yes" defaultChecked={current === 'yes'}>
        Yes
      </Radios.Item>
      <Radios.Item value="no" defaultChecked={current === 'no'}>
        No
      </Radios.Item>
    </Radios>
  );
}

const NamePage: View = ({ values, errors, ...form }) => (
  <QuestionForm {...form} errors={errors}>
    <Fieldset>
      <Fieldset.Legend isPageHeading size="l">
        {PAGES.name.title}
      </Fieldset.Legend>
      <TextInput
        id="givenName"
        name="givenName"
        label="First name"
        autoComplete="given-name"
        spellCheck={false}
        defaultValue={str(values, 'givenName')}
        error={errorFor(errors, 'givenName')}
      />
      <TextInput
        id="familyName"
        name="familyName"
        label="Last name"
        autoComplete="family-name"
        spellCheck={false}
        defaultValue={str(values, 'familyName')}
        error={errorFor(errors, 'familyName')}
      />
    </Fieldset>
  </QuestionForm>
);

const DateOfBirthPage: View = ({ values, errors, ...form }) => {
  const error = errors?.find((e) => e.field === 'dateOfBirth') as DateFieldError | undefined;
  const boxError = (box: 'day' | 'month' | 'year') =>
    error && error.boxes.includes(box) ? undefined : false;
  return (
    <QuestionForm {...form} errors={errors}>
      <DateInput
        id="dateOfBirth"
        legend={PAGES.dateOfBirth.title}
        legendProps={{ isPageHeading: true, size: 'l' }}
        hint="For example, 15 3 1984"
        error={error?.message}
      >
        <DateInput.Day
          name="dateOfBirth-day"
          autoComplete="bday-day"
          defaultValue={str(values, 'dateOfBirth-day')}
          error={boxError('day')}
        />
        <DateInput.Month
          name="dateOfBirth-month"
          autoComplete="bday-month"
          defaultValue={str(values, 'dateOfBirth-month')}
          error={boxError('month')}
        />
        <DateInput.Year
          name="dateOfBirth-year"
          autoComplete="bday-year"
          defaultValue={str(values, 'dateOfBirth-year')}
          error={boxError('year')}
        />
      </DateInput>
    </QuestionForm>
  );
};

const AddressPage: View = ({ values, errors, ...form }) => (
  <QuestionForm {...form} errors={errors}>
    <Fieldset>
      <Fieldset.Legend isPageHeading size="l">
        {PAGES.address.title}
      </Fieldset.Legend>
      <TextInput
        id="addressLine1"
        name="addressLine1"
        label="Address line 1"
        autoComplete="address-line1"
        defaultValue={str(values, 'addressLine1')}
        error={errorFor(errors, 'addressLine1')}
      />
      <TextInput
        id="addressLine2"
        name="addressLine2"
        label="Address line 2 (optional)"
        autoComplete="address-line2"
        defaultValue={str(values, 'addressLine2')}
        error={errorFor(errors, 'addressLine2')}
      />
      <TextInput
        id="addressTown"
        name="addressTown"
        label="Town or city"
        autoComplete="address-level2"
        width={20}
        defaultValue={str(values, 'addressTown')}
        error={errorFor(errors, 'addressTown')}
      />
      <TextInput
        id="postcode"
        name="postcode"
        label="Postcode"
        autoComplete="postal-code"
        width={10}
        spellCheck={false}
        defaultValue={str(values, 'postcode')}
        error={errorFor(errors, 'postcode')}
      />
    </Fieldset>
  </QuestionForm>
);

const ContactPage: View = ({ values, errors, ...form }) => (
  <QuestionForm {...form} errors={errors}>
    <h1 className="nhsuk-heading-l">{PAGES.contact.title}</h1>
    <p>Give us at least one phone number. We will use these details only about your care.</p>
    <TextInput
      id="mobile"
      name="mobile"
      type="tel"
      label="Mobile phone number"
      hint="For example, 07700 900 982"
      autoComplete="tel"
      width={20}
      defaultValue={str(values, 'mobile')}
      error={errorFor(errors, 'mobile')}
    />
    <TextInput
      id="otherPhone"
      name="otherPhone"
      type="tel"
      label="Other phone number (optional)"
      hint="A home or work number, for example 01632 960 001"
      width={20}
      defaultValue={str(values, 'otherPhone')}
      error={errorFor(errors, 'otherPhone')}
    />
    <TextInput
      id="email"
      name="email"
      type="email"
      label="Email address (optional)"
      autoComplete="email"
      spellCheck={false}
      defaultValue={str(values, 'email')}
      error={errorFor(errors, 'email')}
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
    <TextInput
      id="nhsNumber"
      name="nhsNumber"
      label={`${PAGES.nhsNumber.title} (optional)`}
      labelProps={{ isPageHeading: true, size: 'l' }}
      hint="This is a 10 digit number, like 943 476 5919. You can find it on letters from the NHS, on a prescription, or in the NHS App. Leave this blank if you do not know it."
      inputMode="numeric"
      spellCheck={false}
      width={10}
      defaultValue={str(values, 'nhsNumber')}
      error={errorFor(errors, 'nhsNumber')}
    />
  </QuestionForm>
);

const GpPage: View = ({ values, errors, ...form }) => {
  const registered = str(values, 'gpRegistered');
  return (
    <QuestionForm {...form} errors={errors}>
      <Radios
        id="gpRegistered"
        name="gpRegistered"
        legend={PAGES.gp.title}
        legendProps={{ isPageHeading: true, size: 'l' }}
        error={errorFor(errors, 'gpRegistered')}
      >
        <Radios.Item
          value="yes"
          defaultChecked={registered === 'yes'}
          conditional={
            <>
              <TextInput
                id="gpName"
                name="gpName"
                label="GP practice name"
                defaultValue={str(values, 'gpName')}
                error={errorFor(errors, 'gpName')}
              />
              <Textarea
                id="gpAddress"
                name="gpAddress"
                label="GP practice address or town"
                rows={3}
                defaultValue={str(values, 'gpAddress')}
                error={errorFor(errors, 'gpAddress')}
              />
            </>
          }
        >
          Yes
        </Radios.Item>
        <Radios.Item value="no" defaultChecked={registered === 'no'}>
          No
        </Radios.Item>
      </Radios>
    </QuestionForm>
  );
};

const GenderPage: View = ({ values, errors, ...form }) => {
  const current = str(values, 'gender');
  return (
    <QuestionForm {...form} errors={errors}>
      <Radios
        id="gender"
        name="gender"
        legend={PAGES.gender.title}
        legendProps={{ isPageHeading: true, size: 'l' }}
        error={errorFor(errors, 'gender')}
      >
        {GENDERS.map((g) => (
          <Radios.Item
            key={g.code}
            value={g.code}
            defaultChecked={current === g.code}
            conditional={
              g.code === 'other' ? (
                <TextInput
                  id="genderDescription"
                  name="genderDescription"
                  label="How do you describe your gender? (optional)"
                  defaultValue={str(values, 'genderDescription')}
                  error={errorFor(errors, 'genderDescription')}
                />
              ) : undefined
            }
          >
            {g.label}
          </Radios.Item>
        ))}
      </Radios>
    </QuestionForm>
  );
};

const EthnicityPage: View = ({ values, errors, ...form }) => {
  const current = str(values, 'ethnicity');
  return (
    <QuestionForm {...form} errors={errors}>
      <Radios
        id="ethnicity"
        name="ethnicity"
        legend={PAGES.ethnicity.title}
        legendProps={{ isPageHeading: true, size: 'l' }}
        hint="We ask everyone this to check our service is fair to people of every background."
        error={errorFor(errors, 'ethnicity')}
      >
        {ETHNIC_CATEGORIES.map((e) => (
          <Radios.Item key={e.code} value={e.code} defaultChecked={current === e.code}>
            {e.label}
          </Radios.Item>
        ))}
      </Radios>
    </QuestionForm>
  );
};

const LanguagePage: View = ({ values, errors, ...form }) => (
  <QuestionForm {...form} errors={errors}>
    <h1 className="nhsuk-heading-l">{PAGES.language.title}</h1>
    <TextInput
      id="firstLanguage"
      name="firstLanguage"
      label="What is your first language?"
      hint="For example, English, Polish or British Sign Language"
      width={20}
      defaultValue={str(values, 'firstLanguage')}
      error={errorFor(errors, 'firstLanguage')}
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
  const chosen = strList(values, 'needs');
  return (
    <QuestionForm {...form} errors={errors}>
      <Checkboxes
        id="needs"
        name="needs"
        legend={PAGES.needs.title}
        legendProps={{ isPageHeading: true, size: 'l' }}
        hint="Tell us what would help you get information from us or come to appointments. Select all that apply."
        error={errorFor(errors, 'needs')}
      >
        {COMMUNICATION_NEEDS.map((n) => (
          <Checkboxes.Item
            key={n.code}
            value={n.code}
            defaultChecked={chosen.includes(n.code)}
            conditional={
              n.code === 'other' ? (
                <Textarea
                  id="needsOther"
                  name="needsOther"
                  label="Tell us what you need"
                  rows={3}
                  defaultValue={str(values, 'needsOther')}
                  error={errorFor(errors, 'needsOther')}
                />
              ) : undefined
            }
          >
            {n.label}
          </Checkboxes.Item>
        ))}
        <Checkboxes.Divider dividerText="or" />
        <Checkboxes.Item value={NO_NEEDS} exclusive defaultChecked={chosen.includes(NO_NEEDS)}>
          I do not need any of these
        </Checkboxes.Item>
      </Checkboxes>
    </QuestionForm>
  );
};

const TroublingPage: View = ({ values, errors, ...form }) => (
  <QuestionForm {...form} errors={errors}>
    <CharacterCount
      id="troubling"
      name="troubling"
      label={PAGES.troubling.title}
      labelProps={{ isPageHeading: true, size: 'l' }}
      hint="Tell us in your own words. It can be a few sentences. You can talk about it more at your assessment."
      maxLength={LIMITS.troubling}
      rows={8}
      defaultValue={str(values, 'troubling')}
      error={errorFor(errors, 'troubling')}
    />
  </QuestionForm>
);

const AreasPage: View = ({ values, errors, ...form }) => {
  const chosen = strList(values, 'areas');
  return (
    <QuestionForm {...form} errors={errors}>
      <Checkboxes
        id="areas"
        name="areas"
        legend={PAGES.areas.title}
        legendProps={{ isPageHeading: true, size: 'l' }}
        hint="Interpersonal therapy often looks at one of these. Select all that apply. It is fine not to know."
        error={errorFor(errors, 'areas')}
      >
        {AREA_OPTIONS.map((a) => (
          <Checkboxes.Item key={a.code} value={a.code} defaultChecked={chosen.includes(a.code)}>
            {a.label}
          </Checkboxes.Item>
        ))}
        <Checkboxes.Divider dividerText="or" />
        <Checkboxes.Item value={AREAS_NONE} exclusive defaultChecked={chosen.includes(AREAS_NONE)}>
          {AREAS_NONE_LABEL}
        </Checkboxes.Item>
      </Checkboxes>
    </QuestionForm>
  );
};

const OtherServicesPage: View = ({ values, errors, ...form }) => {
  const current = str(values, 'otherServices');
  return (
    <QuestionForm {...form} errors={errors}>
      <Radios
        id="otherServices"
        name="otherServices"
        legend={PAGES.otherServices.title}
        legendProps={{ isPageHeading: true, size: 'l' }}
        hint="For example, a community mental health team, a crisis team or a psychiatrist"
        error={errorFor(errors, 'otherServices')}
      >
        <Radios.Item
          value="yes"
          defaultChecked={current === 'yes'}
          conditional={
            <Textarea
              id="otherServicesDetails"
              name="otherServicesDetails"
              label="Which services are you in touch with?"
              rows={3}
              defaultValue={str(values, 'otherServicesDetails')}
              error={errorFor(errors, 'otherServicesDetails')}
            />
          }
        >
          Yes
        </Radios.Item>
        <Radios.Item value="no" defaultChecked={current === 'no'}>
          No
        </Radios.Item>
      </Radios>
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
      {measure.items.map((item) => {
        const current = str(values, item.id);
        return (
          <Radios
            key={item.id}
            id={item.id}
            name={item.id}
            legend={`${item.number}. ${item.text}`}
            legendProps={{ size: 's' }}
            error={errorFor(errors, item.id)}
          >
            {optionsFor(measure, item).map((o) => (
              <Radios.Item
                key={o.value}
                value={String(o.value)}
                defaultChecked={current === String(o.value)}
              >
                {o.label}
              </Radios.Item>
            ))}
            {item.notApplicableOption ? <Radios.Divider>or</Radios.Divider> : null}
            {item.notApplicableOption ? (
              <Radios.Item
                value={item.notApplicableOption.value}
                defaultChecked={current === item.notApplicableOption.value}
              >
                {item.notApplicableOption.label}
              </Radios.Item>
            ) : null}
          </Radios>
        );
      })}
    </>
  );
}

function measurePage(id: ReferralMeasureId): View {
  const measure = getMeasure(id)!;
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
  const current = str(values, 'sessionMode');
  return (
    <QuestionForm {...form} errors={errors}>
      <h1 className="nhsuk-heading-l">{PAGES.sessions.title}</h1>
      <InsetText>
        <p>
          Interpersonal therapy is not offered by phone. Sessions are by video call or face to face,
          and last up to 50 minutes.
        </p>
      </InsetText>
      <Radios
        id="sessionMode"
        name="sessionMode"
        legend="Choose how you would prefer to have your sessions"
        legendProps={{ size: 's' }}
        hint="We will try to offer what you prefer."
        error={errorFor(errors, 'sessionMode')}
      >
        {SESSION_MODES.map((m) => (
          <Radios.Item key={m.code} value={m.code} defaultChecked={current === m.code}>
            {m.label}
          </Radios.Item>
        ))}
      </Radios>
    </QuestionForm>
  );
};

function locationHint(l: LocationChoice): string {
  return [
    `${l.address}, ${l.postcode}`,
    l.stepFreeAccess ? 'Step-free access' : '',
    l.accessInformation,
  ]
    .filter((s) => s.trim() !== '')
    .join('. ');
}

const LocationPage: View = ({ values, errors, locations, ...form }) => {
  const current = str(values, 'location');
  return (
    <QuestionForm {...form} errors={errors}>
      <Radios
        id="location"
        name="location"
        legend={PAGES.location.title}
        legendProps={{ isPageHeading: true, size: 'l' }}
        error={errorFor(errors, 'location')}
      >
        {locations.map((l) => (
          <Radios.Item
            key={l.id}
            value={l.id}
            hint={locationHint(l)}
            defaultChecked={current === l.id}
          >
            {l.name}
          </Radios.Item>
        ))}
        <Radios.Divider>or</Radios.Divider>
        <Radios.Item
          value={NO_LOCATION_PREFERENCE}
          defaultChecked={current === NO_LOCATION_PREFERENCE}
        >
          No preference
        </Radios.Item>
      </Radios>
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
