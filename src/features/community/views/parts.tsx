import { Button, Tag } from 'nhsuk-react-components';
import type { ReactNode } from 'react';
import {
  avatarParts,
  BADGE_LABELS,
  HOUSE_RULES,
  type ModeratorBadge,
} from '../../../domain/community';
import { formatLondonDateTime } from '../../../domain/calendar';
import { CsrfField, ErrorSummaryBox, type FieldError } from '../../../ui/forms';
import { renderMarkdown } from '../markdown';

/** Shown at the top of every community page (issue 13): the community is not a crisis service. */
export function NotACrisisService() {
  return (
    <div className="nhsuk-warning-callout">
      {/* Not a heading: it comes before each page's h1, and headings must start there (walk 10). */}
      <p className="nhsuk-warning-callout__label">
        <span role="text">
          <span className="nhsuk-u-visually-hidden">Important: </span>
          This community is not a crisis service
        </span>
      </p>
      <p>
        Nobody watches it all the time. If you or someone else is in danger now, call 999. For
        urgent mental health help, call NHS 111 and choose option 2, or{' '}
        <a href="/urgent-help">see other ways to get help now</a>.
      </p>
    </div>
  );
}

export function CommunityNav({ moderator }: { moderator: boolean }) {
  const links: [string, string][] = [
    ['/community', 'Community home'],
    ['/community/blogs', 'Blogs'],
    ['/community/videos', 'Videos'],
    ['/community/wall', 'The Wall (live chat)'],
    ['/community/search', 'Search'],
    ['/community/you', 'Your membership'],
    ...(moderator ? ([['/community/moderation', 'Moderation']] as [string, string][]) : []),
  ];
  return (
    <nav aria-label="Community">
      <ul className="nhsuk-list rapport-inline-list">
        {links.map(([href, label]) => (
          <li key={href}>
            <a href={href}>{label}</a>
          </li>
        ))}
      </ul>
    </nav>
  );
}

/** Every community page: the crisis statement, the community's own navigation, then the page. */
export function CommunityFrame({
  moderator = false,
  nav = true,
  errors,
  children,
}: {
  moderator?: boolean;
  nav?: boolean;
  errors?: readonly FieldError[] | undefined;
  children: ReactNode;
}) {
  return (
    <div className="nhsuk-grid-row">
      <div className="nhsuk-grid-column-two-thirds">
        <ErrorSummaryBox errors={errors} />
        <NotACrisisService />
        {nav ? <CommunityNav moderator={moderator} /> : null}
        {children}
      </div>
    </div>
  );
}

const COLOURS: Record<string, string> = {
  blue: '#005eb8',
  green: '#007f3b',
  purple: '#330072',
  orange: '#b35900',
  pink: '#ae2573',
  teal: '#00665e',
};

/** A drawn avatar: a white shape on a colour. Decorative: the pseudonym beside it is the name. */
export function Avatar({ id, size = 32 }: { id: string; size?: number }) {
  const parts = avatarParts(id) ?? { shape: 'circle', colour: 'blue' };
  const shapes: Record<string, ReactNode> = {
    circle: <circle cx="16" cy="16" r="8" fill="#fff" />,
    square: <rect x="9" y="9" width="14" height="14" fill="#fff" />,
    triangle: <polygon points="16,7 25,24 7,24" fill="#fff" />,
    diamond: <polygon points="16,6 26,16 16,26 6,16" fill="#fff" />,
    star: <polygon points="16,5 19,13 27,13 21,18 23,26 16,21 9,26 11,18 5,13 13,13" fill="#fff" />,
    leaf: <path d="M8 24 C8 12 16 7 25 7 C25 16 20 24 8 24 Z" fill="#fff" />,
  };
  return (
    <svg
      width={size}
      height={size}
      viewBox="0 0 32 32"
      aria-hidden="true"
      focusable="false"
      className="rapport-avatar"
    >
      <rect width="32" height="32" rx="6" fill={COLOURS[parts.colour]} />
      {shapes[parts.shape]}
    </svg>
  );
}

export function MemberName({
  pseudonym,
  avatar,
  badge,
}: {
  pseudonym: string;
  avatar: string;
  badge: ModeratorBadge | null;
}) {
  return (
    <span>
      <Avatar id={avatar} />
      <strong>{pseudonym}</strong>
      {badge ? (
        <>
          {' '}
          <Tag modifier="purple">{BADGE_LABELS[badge]}</Tag>
        </>
      ) : null}
    </span>
  );
}

/** A member's Markdown, through the sanitiser. */
export function Markdown({ source }: { source: string }) {
  return (
    <div
      className="rapport-member-text"
      dangerouslySetInnerHTML={{ __html: renderMarkdown(source) }}
    />
  );
}

export function When({ at }: { at: Date }) {
  return <time dateTime={at.toISOString()}>{formatLondonDateTime(at)}</time>;
}

export function HouseRules() {
  return (
    <ol>
      {HOUSE_RULES.map((r) => (
        <li key={r.title}>
          <strong>{r.title}.</strong> {r.text}
        </li>
      ))}
    </ol>
  );
}

export function PostForm({
  action,
  csrfToken,
  button,
  warning = false,
  children,
}: {
  action: string;
  csrfToken: string;
  button: string;
  /** A red button, for what cannot be undone. */
  warning?: boolean;
  children?: ReactNode;
}) {
  return (
    <form method="post" action={action} noValidate>
      <CsrfField token={csrfToken} />
      {children}
      <Button type="submit" warning={warning}>
        {button}
      </Button>
    </form>
  );
}

export const MARKDOWN_HINT =
  'You can use **bold**, _italics_, lists and links. Pictures and HTML are not shown. Do not include names, places or contact details.';
