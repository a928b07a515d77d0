import { Card } from 'nhsuk-react-components';
import type { Role } from '../../../db/schema';

export interface HomePageProps {
  displayName: string;
  roles: Role[];
  patientId: string | null;
}

interface Link {
  href: string;
  title: string;
  description: string;
}

function linksFor(roles: Role[], patientId: string | null): Link[] {
  const links: Link[] = [];
  if (roles.includes('patient') && patientId) {
    links.push({
      href: `/patients/${patientId}`,
      title: 'Your details',
      description: 'The details we hold about you.',
    });
  }
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
    );
  }
  links.push({
    href: '/account',
    title: 'Your account',
    description: 'Your details, password and signing out on other devices.',
  });
  return links;
}

export function HomePage({ displayName, roles, patientId }: HomePageProps) {
  const isPatient = roles.includes('patient');
  return (
    <>
      <h1>{isPatient ? `Hello, ${displayName}` : `Welcome, ${displayName}`}</h1>
      {isPatient ? (
        <p className="nhsuk-lede-text">
          This is your space for your treatment with us. Take things at your own pace.
        </p>
      ) : null}
      <ul className="nhsuk-grid-row nhsuk-card-group">
        {linksFor(roles, patientId).map((l) => (
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
    </>
  );
}
