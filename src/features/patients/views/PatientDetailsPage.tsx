import { Button } from 'nhsuk-react-components';
import { ACCESS_NEEDS } from '../../../domain/appointments';
import { CheckboxesField, TextareaField, TextField } from '../../../ui/fields';
import { CsrfField, ErrorSummaryBox, type FieldError } from '../../../ui/forms';
import type { DetailsValues } from '../patients.details.forms';

type Form = { values: DetailsValues; errors?: FieldError[] };

/** Address, email, mobile and the ways of contact: the same boxes for staff and the person. */
function ContactFields({ form, whose }: { form: Form; whose: 'their' | 'your' }) {
  const own = whose === 'your';
  return (
    <>
      <TextareaField
        form={form}
        name="address"
        label="Address"
        hint="Without the postcode. Put each part on a new line."
        rows={4}
        autoComplete={own ? 'street-address' : 'off'}
      />
      <TextField
        form={form}
        name="postcode"
        label="Postcode"
        width={10}
        autoComplete={own ? 'postal-code' : 'off'}
      />
      <TextField
        form={form}
        name="email"
        type="email"
        label="Email address"
        spellCheck={false}
        autoComplete={own ? 'email' : 'off'}
      />
      <TextField
        form={form}
        name="mobile"
        type="tel"
        label="Mobile phone number"
        width={20}
        autoComplete={own ? 'tel' : 'off'}
      />
      <CheckboxesField
        form={form}
        name="contact"
        legend={own ? 'We may contact you by' : 'They agree that we may contact them by'}
        hint={
          own
            ? 'Untick any you do not want, for example if someone else might see your texts. Our emails and texts never say anything about your health, unless you choose to have your letters attached to emails. Letters are about your care.'
            : 'Only what they have told you they agree to. Emails and texts never say anything about their health, unless they choose to have their letters attached to emails. Letters are about their care.'
        }
        choices={[
          {
            value: 'email',
            label: 'Email',
            hint: 'To say there is a message, a letter or an appointment change',
          },
          { value: 'sms', label: 'Text message', hint: 'Appointment reminders and notices' },
          { value: 'voicemail', label: 'Voicemail' },
          {
            value: 'letters',
            label: 'Letters attached to emails',
            hint: own
              ? 'Otherwise the email says a letter is ready and you read it when you sign in'
              : 'Otherwise the email says a letter is ready and they read it when they sign in',
          },
        ]}
      />
      <CheckboxesField
        form={form}
        name="needs"
        legend={own ? 'Communication and access needs' : 'Their communication and access needs'}
        hint={
          own
            ? 'Select any that help you. We will not book you into a room you cannot reach.'
            : 'What they have told you they need. A room without step-free access cannot be booked for someone who needs it.'
        }
        choices={ACCESS_NEEDS.map((n) => ({
          value: n.code,
          label: n.label,
          conditional:
            n.code === 'other' ? (
              <TextareaField
                form={form}
                name="needsOther"
                label={own ? 'Tell us what you need' : 'What they need'}
                rows={3}
              />
            ) : undefined,
        }))}
      />
    </>
  );
}

/** Staff change a patient's contact and GP details: what the person has told the service. */
export function PatientDetailsPage({
  patientId,
  patientName,
  csrfToken,
  values,
  errors,
}: {
  patientId: string;
  patientName: string;
  csrfToken: string;
  values: DetailsValues;
  errors?: FieldError[];
}) {
  const form = { values, errors };
  return (
    <div className="nhsuk-grid-row">
      <div className="nhsuk-grid-column-two-thirds">
        <ErrorSummaryBox errors={errors} />
        <span className="nhsuk-caption-l">{patientName}</span>
        <h1>Change contact and GP details</h1>
        <p>
          Use what the person has told you. Leave a box empty if they have not given it, but keep at
          least a mobile phone number or an email address so we can contact them. We use their email
          and mobile only in the ways they agree to below.
        </p>
        <form method="post" action={`/patients/${patientId}/details`} noValidate>
          <CsrfField token={csrfToken} />
          <h2 className="nhsuk-heading-m">Contact details</h2>
          <ContactFields form={form} whose="their" />
          <h2 className="nhsuk-heading-m">GP</h2>
          <TextField form={form} name="gpPractice" label="GP practice" autoComplete="off" />
          <TextField
            form={form}
            name="gpEmail"
            type="email"
            label="GP practice email address"
            hint="Letters to the GP, such as the discharge letter, are sent here. It must be the practice's secure NHS email address, ending in nhs.net"
            spellCheck={false}
            autoComplete="off"
          />
          <Button type="submit">Save details</Button>
        </form>
      </div>
    </div>
  );
}

/** The person changes their own contact details and how we may contact them. */
export function OwnContactPage({
  patientId,
  csrfToken,
  values,
  errors,
}: {
  patientId: string;
  csrfToken: string;
  values: DetailsValues;
  errors?: FieldError[];
}) {
  return (
    <div className="nhsuk-grid-row">
      <div className="nhsuk-grid-column-two-thirds">
        <ErrorSummaryBox errors={errors} />
        <h1>Change your contact details</h1>
        <p>
          Keep these up to date so your appointment reminders and messages reach you. Give us at
          least a mobile phone number or an email address, so we can contact you.
        </p>
        <form method="post" action={`/patients/${patientId}/contact`} noValidate>
          <CsrfField token={csrfToken} />
          <ContactFields form={{ values, errors }} whose="your" />
          <Button type="submit">Save your details</Button>
        </form>
        <h2 className="nhsuk-heading-m">If you have changed GP</h2>
        <p>
          <a href="/messages/ask">Send us a message</a> with the name of your new GP practice, and
          we will update it.
        </p>
      </div>
    </div>
  );
}
