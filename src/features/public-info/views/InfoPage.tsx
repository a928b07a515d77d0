import type { ReactNode } from 'react';
import { ActionLink } from 'nhsuk-react-components';
import type { ContentPage } from '../content';

export interface InfoLink {
  href: string;
  title: string;
}

export function InfoPage({
  page,
  related,
  contact,
}: {
  page: ContentPage;
  related: InfoLink[];
  /** The service's contact details, on pages that tell people to contact it. */
  contact?: ReactNode;
}) {
  return (
    <div className="nhsuk-grid-row">
      <div className="nhsuk-grid-column-two-thirds">
        <h1>{page.title}</h1>
        {/* Markdown from the service's content folder, rendered with raw HTML escaped (see content.ts). */}
        <div dangerouslySetInnerHTML={{ __html: page.html }} />
        {contact}
      </div>
      {related.length > 0 ? (
        <div className="nhsuk-grid-column-one-third">
          <nav className="nhsuk-contents-list" aria-label="About interpersonal therapy">
            <h2 className="nhsuk-heading-s">About interpersonal therapy</h2>
            <ol className="nhsuk-contents-list__list">
              {related.map((r) => (
                <li className="nhsuk-contents-list__item" key={r.href}>
                  <a className="nhsuk-contents-list__link" href={r.href}>
                    {r.title}
                  </a>
                </li>
              ))}
            </ol>
          </nav>
        </div>
      ) : null}
    </div>
  );
}

export function LandingPage({ serviceName, links }: { serviceName: string; links: InfoLink[] }) {
  return (
    <>
      <h1>{serviceName}: interpersonal therapy for depression</h1>
      <p className="nhsuk-lede-text">
        Interpersonal therapy (IPT) is a talking therapy for depression. It looks at how what
        happens in your relationships affects your mood.
      </p>
      <ActionLink href="/refer">Refer yourself online</ActionLink>
      <p>You do not need to see your GP first, and you do not need an account.</p>
      <h2>Find out more</h2>
      <ul className="nhsuk-list nhsuk-list--bullet">
        {links.map((l) => (
          <li key={l.href}>
            <a href={l.href}>{l.title}</a>
          </li>
        ))}
      </ul>
      <h2>Already using the service?</h2>
      <p>
        <a href="/sign-in">Sign in to your account</a>
      </p>
    </>
  );
}
