import { URGENT_HELP_FOOTNOTES, URGENT_HELP_SECTIONS, type UrgentHelpLine } from '../urgent-help';

function Line({ line }: { line: UrgentHelpLine }) {
  return (
    <>
      {line.strong ? <strong>{line.strong}</strong> : null}
      {line.before}
      {line.link ? <a href={line.link.href}>{line.link.text}</a> : null}
      {line.after}
    </>
  );
}

/** The urgent-help wording (content/pages/urgent-help.md), with headings at the level given. */
export function UrgentHelpContent({ headingLevel = 2 }: { headingLevel?: 2 | 3 }) {
  const Heading = headingLevel === 2 ? 'h2' : 'h3';
  return (
    <>
      {URGENT_HELP_SECTIONS.map((section) => (
        <section key={section.heading}>
          <Heading>{section.heading}</Heading>
          {section.intro ? (
            <p>
              <Line line={section.intro} />
            </p>
          ) : null}
          {section.bullets ? (
            <ul>
              {section.bullets.map((b, i) => (
                <li key={i}>
                  <Line line={b} />
                </li>
              ))}
            </ul>
          ) : null}
        </section>
      ))}
      {URGENT_HELP_FOOTNOTES.map((p) => (
        <p key={p}>{p}</p>
      ))}
    </>
  );
}
