import type { ServiceContact as Contact } from '../db/schema';

/** "+441134960000" → "0113 496 0000" is done by the validator when saving; this shows it back. */
export interface ServiceContactDetails extends Contact {
  /** The phone number written the national way, for reading aloud and on screen. */
  phoneDisplay: string;
  /** When the phone is answered, in words: "between 9am and 5pm, Monday to Friday". */
  phoneHours?: string;
}

/**
 * How to reach the service, on every page that tells people to contact it. One component so the
 * details read the same everywhere; with no details yet it says where else to ask, never nothing.
 */
export function ServiceContact({
  serviceName,
  contact,
  headingLevel = 2,
  heading = 'Contact us',
}: {
  serviceName: string;
  contact: ServiceContactDetails | null;
  headingLevel?: 2 | 3;
  heading?: string;
}) {
  const Heading = headingLevel === 2 ? 'h2' : 'h3';
  return (
    <section className="rapport-service-contact" aria-labelledby="service-contact-heading">
      <Heading id="service-contact-heading" className="nhsuk-heading-m">
        {heading}
      </Heading>
      {contact ? (
        <>
          <p>You can contact {serviceName}:</p>
          <ul className="nhsuk-list">
            <li>
              by phone: <a href={`tel:${contact.phone}`}>{contact.phoneDisplay}</a>
              {contact.phoneHours
                ? ` (lines are open ${contact.phoneHours}, not on bank holidays)`
                : null}
            </li>
            <li>
              by email: <a href={`mailto:${contact.email}`}>{contact.email}</a>
            </li>
            {contact.addressLines.length > 0 ? (
              <li>
                by post or in person:
                <br />
                {contact.addressLines.map((line, i) => (
                  <span key={i}>
                    {line}
                    <br />
                  </span>
                ))}
                {contact.postcode}
              </li>
            ) : null}
          </ul>
        </>
      ) : (
        <p>
          {serviceName} has not added its phone number or email address to this website yet. Your GP
          surgery can tell you how to reach us.
        </p>
      )}
    </section>
  );
}
