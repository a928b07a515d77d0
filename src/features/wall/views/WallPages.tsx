import { Button, InsetText, Tag, WarningCallout } from 'nhsuk-react-components';
import type { WallState } from '../../../domain/wall';
import { WALL_MESSAGE_MAX_LENGTH } from '../../../domain/wall';
import { formatLondonDateTime } from '../../../domain/calendar';
import { CharacterCountField, RadiosField, TextareaField, TextField } from '../../../ui/fields';
import { CsrfField, ErrorSummaryBox, type FieldError } from '../../../ui/forms';
import { CommunityNav } from '../../community';
import type { WallMessageView, WallModeratorView, WallSanctionNotice } from '../wall.service';

const BADGE_LABELS = {
  clinician: 'Clinician',
  former_patient: 'Former patient',
  volunteer: 'Volunteer',
} as const;

/** Said on every Wall page: the Wall is not a crisis service, and where to get help now. */
export function NotACrisisService() {
  return (
    <WarningCallout>
      <WarningCallout.Heading headingLevel="h2">
        The Wall is not a crisis service
      </WarningCallout.Heading>
      <p>
        If you need help now, call <a href="tel:111">NHS 111</a> and choose option 2 for urgent
        mental health help, call Samaritans on <a href="tel:116123">116 123</a>, or text SHOUT to{' '}
        <a href="sms:85258?&body=SHOUT">85258</a>. In an emergency call <a href="tel:999">999</a>.{' '}
        <a href="/urgent-help">Get urgent help</a>.
      </p>
    </WarningCallout>
  );
}

function Badge({ badge }: { badge: WallMessageView['badge'] }) {
  if (!badge) return null;
  return <Tag modifier="blue">{BADGE_LABELS[badge]}</Tag>;
}

export function WallMessageItem({
  message,
  moderator,
  viewerMemberId,
}: {
  message: WallMessageView | WallModeratorView;
  moderator: boolean;
  /** The reader: their own messages are not theirs to report. */
  viewerMemberId?: string;
}) {
  const mine = message.authorMemberId === viewerMemberId;
  const needsModerator = 'needsModerator' in message && message.needsModerator;
  return (
    <li className="rapport-wall__message" id={`m-${message.id}`} data-seq={message.changeSeq}>
      <p className="nhsuk-body-s nhsuk-u-margin-bottom-1">
        <strong>{message.pseudonym}</strong> <Badge badge={message.badge} />{' '}
        <time dateTime={message.postedAt}>{formatLondonDateTime(new Date(message.postedAt))}</time>
        {needsModerator ? (
          <>
            {' '}
            <Tag modifier="red">Needs a moderator</Tag>
          </>
        ) : null}
      </p>
      {message.hidden ? (
        <p className="nhsuk-body nhsuk-u-secondary-text-color">This message was removed</p>
      ) : (
        <p className="nhsuk-body rapport-wall__body">{message.body}</p>
      )}
      {message.hidden || (mine && !moderator) ? null : (
        <p className="nhsuk-body-s">
          {mine ? null : (
            <a href={`/community/wall/messages/${message.id}/report`}>
              Report
              <span className="nhsuk-u-visually-hidden"> this message by {message.pseudonym}</span>
            </a>
          )}
          {moderator ? (
            <>
              {mine ? null : ' · '}
              <a href={`/community/wall/messages/${message.id}/hide`}>
                Hide<span className="nhsuk-u-visually-hidden"> this message</span>
              </a>
              {/* Nobody warns or suspends themselves. */}
              {mine ? null : (
                <>
                  {' · '}
                  <a href={`/community/wall/messages/${message.id}/sanction`}>
                    Warn or suspend
                    <span className="nhsuk-u-visually-hidden"> {message.pseudonym}</span>
                  </a>
                </>
              )}
            </>
          ) : null}
        </p>
      )}
    </li>
  );
}

export interface WallPageProps {
  /** After a report: sent, or the member had reported that message already. */
  reported?: 'sent' | 'already' | null;
  state: WallState;
  messages: (WallMessageView | WallModeratorView)[];
  lastSeq: number;
  here: number;
  moderators: { pseudonym: string; badge: WallMessageView['badge'] }[];
  moderator: boolean;
  /** The reader's membership, so their own messages carry no "Report". */
  memberId: string;
  queue: number;
  /** A moderator's duty (on duty, they get the urgent alerts); null for other members. */
  onDuty: boolean | null;
  postingBlocked: string | null;
  /** A moderator's warning, or a suspension still running: told at the top of the page. */
  sanction: WallSanctionNotice | null;
  csrfToken: string;
  values: { body: string; key: string };
  errors?: FieldError[] | undefined;
  scriptUrl: string;
}

export function WallPage(props: WallPageProps) {
  const { state, messages, moderator } = props;
  return (
    <>
      <ErrorSummaryBox errors={props.errors} />
      {props.reported ? (
        <InsetText>
          <p>
            {props.reported === 'sent'
              ? 'Thank you. Your report has been sent to the moderators. They will look at it.'
              : 'You have already reported this message. The moderators will look at it.'}
          </p>
        </InsetText>
      ) : null}
      {/* The community's own menu, as on its other pages (walk 10). */}
      <CommunityNav moderator={moderator} />
      <h1>The Wall</h1>
      {props.sanction ? <SanctionNotice sanction={props.sanction} /> : null}
      <p>
        Talk to other members and to our moderating team: experienced clinicians, former patients
        and volunteers. Be kind, and do not share contact details or names that could identify
        anyone.
      </p>
      <NotACrisisService />
      {state.open ? (
        <InsetText>
          <p>The Wall is open until {formatLondonDateTime(state.closesAt)}.</p>
        </InsetText>
      ) : (
        <InsetText>
          <p>
            The Wall is closed now. You can read it, and post again when it opens on{' '}
            {formatLondonDateTime(state.opensAt)}.
          </p>
        </InsetText>
      )}
      {/* Closed, nobody is "here" and no moderator is on the Wall: the notice above says when
          it opens (walk 10). */}
      {state.open ? (
        <>
          <h2 className="nhsuk-heading-s">Who is here</h2>
          <p id="wall-presence">
            <span id="wall-here">
              {props.here} {props.here === 1 ? 'member' : 'members'}
            </span>{' '}
            here now.
          </p>
          {props.moderators.length > 0 ? (
            <ul className="nhsuk-list">
              {props.moderators.map((m) => (
                <li key={m.pseudonym}>
                  {m.pseudonym} <Badge badge={m.badge} /> (moderator on duty)
                </li>
              ))}
            </ul>
          ) : (
            <p>No moderator is on duty right now.</p>
          )}
        </>
      ) : null}
      {moderator ? (
        <p>
          <a href="/community/wall/moderation">
            Moderation queue (<span id="wall-queue-count">{props.queue}</span>)
          </a>
        </p>
      ) : null}
      {props.onDuty !== null ? (
        // Going on duty from here, not only from the forums' queue (walk 5).
        <form method="post" action="/community/moderation/duty">
          <CsrfField token={props.csrfToken} />
          <input type="hidden" name="onDuty" value={props.onDuty ? 'no' : 'yes'} />
          <input type="hidden" name="back" value="wall" />
          <p>{props.onDuty ? 'You are on duty: you get urgent alerts.' : 'You are off duty.'}</p>
          <Button type="submit" secondary>
            {props.onDuty ? 'Go off duty' : 'Go on duty: get urgent alerts'}
          </Button>
        </form>
      ) : null}
      <h2 className="nhsuk-heading-m">Messages</h2>
      {messages.length === 0 ? <p id="wall-empty">No messages yet.</p> : null}
      <ol
        className="nhsuk-list rapport-wall"
        id="wall-messages"
        aria-live="polite"
        data-last-seq={props.lastSeq}
        data-moderator={moderator ? 'true' : 'false'}
        data-member={props.memberId}
      >
        {messages.map((m) => (
          <WallMessageItem
            key={m.id}
            message={m}
            moderator={moderator}
            viewerMemberId={props.memberId}
          />
        ))}
      </ol>
      {state.open && !props.postingBlocked ? (
        <form method="post" action="/community/wall" id="wall-form" noValidate>
          <CsrfField token={props.csrfToken} />
          <input type="hidden" name="key" value={props.values.key} />
          <CharacterCountField
            form={props}
            name="body"
            label="Your message"
            hint="Everyone on the Wall can read it as soon as you post it, with your community name, not your real name. Our moderators read the Wall and may hide a message that breaks the rules."
            maxLength={WALL_MESSAGE_MAX_LENGTH}
            rows={3}
          />
          <Button type="submit">Post message</Button>
          <p className="nhsuk-body-s" id="wall-status" role="status"></p>
        </form>
      ) : null}
      <p>
        <a href="/community/wall">Refresh the messages</a>
      </p>
      <script type="module" src={props.scriptUrl}></script>
    </>
  );
}

/** A moderator's warning or suspension, in plain words with their reason (walk 10). */
function SanctionNotice({ sanction }: { sanction: WallSanctionNotice }) {
  const suspended = sanction.kind === 'suspension' && sanction.until !== null;
  return (
    <InsetText>
      <h2 className="nhsuk-heading-s">
        {suspended ? 'You cannot post on the Wall for now' : 'A moderator has warned you'}
      </h2>
      {suspended && sanction.until ? (
        <p>
          A moderator has paused your posting on the Wall until{' '}
          {formatLondonDateTime(sanction.until)}. You can still read it.
        </p>
      ) : (
        <p>
          On {formatLondonDateTime(sanction.at)} a moderator warned you about what you wrote on the
          Wall. You can still post: please keep to the rules you agreed to when you joined.
        </p>
      )}
      <p>Their reason: {sanction.reason}</p>
      <p>
        You can see this again on <a href="/community/you">your membership page</a>.
      </p>
    </InsetText>
  );
}

export function WallReasonPage(props: {
  heading: string;
  intro: string;
  message: WallMessageView;
  action: string;
  button: string;
  csrfToken: string;
  values: { reason: string };
  errors?: FieldError[] | undefined;
}) {
  return (
    <>
      <ErrorSummaryBox errors={props.errors} />
      <h1>{props.heading}</h1>
      <NotACrisisService />
      <p>{props.intro}</p>
      <InsetText>
        <p>
          <strong>{props.message.pseudonym}</strong>:{' '}
          {props.message.body ?? 'This message was removed'}
        </p>
      </InsetText>
      <form method="post" action={props.action} noValidate>
        <CsrfField token={props.csrfToken} />
        <TextareaField form={props} name="reason" label="Reason" rows={3} />
        <Button type="submit">{props.button}</Button>
      </form>
    </>
  );
}

export function WallSanctionPage(props: {
  message: WallMessageView;
  action: string;
  csrfToken: string;
  values: { kind: string; days: string; reason: string };
  errors?: FieldError[] | undefined;
}) {
  return (
    <>
      <ErrorSummaryBox errors={props.errors} />
      <h1>Warn or suspend {props.message.pseudonym}</h1>
      <NotACrisisService />
      <form method="post" action={props.action} noValidate>
        <CsrfField token={props.csrfToken} />
        <RadiosField
          form={props}
          name="kind"
          legend="What do you want to do?"
          choices={[
            { value: 'warning', label: 'Warn them' },
            { value: 'suspension', label: 'Stop them posting on the Wall for some days' },
          ]}
        />
        <TextField
          form={props}
          name="days"
          label="Days (for a suspension)"
          inputMode="numeric"
          width={2}
        />
        <TextareaField
          form={props}
          name="reason"
          label="Reason (the member is shown this)"
          rows={3}
        />
        <Button type="submit">Confirm</Button>
      </form>
    </>
  );
}

/**
 * For a message whose author is the service's patient (a former patient): asks the clinical team
 * to contact them, a risk alert on their record (walk 5). A carer has no record, so no button.
 */
function AskClinicalTeam({
  message,
  csrfToken,
}: {
  message: WallModeratorView;
  csrfToken: string;
}) {
  return (
    <form method="post" action={`/community/wall/messages/${message.id}/ask-clinical-team`}>
      <CsrfField token={csrfToken} />
      <Button type="submit" secondary>
        Ask the clinical team to contact them
        <span className="nhsuk-u-visually-hidden"> (message by {message.pseudonym})</span>
      </Button>
    </form>
  );
}

interface WallQueueReport {
  reason: string;
  reportedAt: Date;
  message: WallModeratorView;
}

/** One reported message in the queue, with what the reporter said and what a moderator can do. */
function ReportedItem({
  report,
  crisis,
  withRecord,
  csrfToken,
}: {
  report: WallQueueReport;
  crisis: boolean;
  withRecord: ReadonlySet<string>;
  csrfToken: string;
}) {
  return (
    <li>
      {crisis ? (
        <p className="nhsuk-body-s">
          <Tag modifier="red">Reported: someone may be at risk</Tag>
        </p>
      ) : null}
      <WallMessageItem message={report.message} moderator />
      <p className="nhsuk-body-s">Reported because: {report.reason}</p>
      {withRecord.has(report.message.authorMemberId) ? (
        <AskClinicalTeam message={report.message} csrfToken={csrfToken} />
      ) : null}
      <form method="post" action={`/community/wall/messages/${report.message.id}/reviewed`}>
        <CsrfField token={csrfToken} />
        <Button type="submit" secondary>
          {crisis ? 'I have looked at this' : 'Keep it'}
          <span className="nhsuk-u-visually-hidden"> (message by {report.message.pseudonym})</span>
        </Button>
      </form>
    </li>
  );
}

export function WallQueuePage(props: {
  crisis: WallModeratorView[];
  /** Authors who are the service's patients, whom the clinical team can be asked to contact. */
  withRecord: ReadonlySet<string>;
  /** The clinical team has just been asked. */
  asked: boolean;
  /** Reports in words that say someone may be at risk: with the crisis messages, first. */
  crisisReports: WallQueueReport[];
  reports: WallQueueReport[];
  csrfToken: string;
}) {
  return (
    <>
      <h1>Wall moderation queue</h1>
      {props.asked ? (
        <InsetText>
          <p>
            We have asked the clinical team to contact them. A risk alert is on their record until a
            clinician records what they did, and the member can see on their community page that we
            asked.
          </p>
        </InsetText>
      ) : null}
      <NotACrisisService />
      <h2>Crisis language</h2>
      {props.crisis.length === 0 && props.crisisReports.length === 0 ? (
        <p>Nothing waiting.</p>
      ) : null}
      <ol className="nhsuk-list">
        {props.crisis.map((m) => (
          <li key={m.id}>
            <WallMessageItem message={m} moderator />
            {props.withRecord.has(m.authorMemberId) ? (
              <AskClinicalTeam message={m} csrfToken={props.csrfToken} />
            ) : (
              <p className="nhsuk-body-s">
                They are not one of our patients (a relative or carer), so there is no clinical team
                to ask: reply to them on the Wall with where to get help now.
              </p>
            )}
            <form method="post" action={`/community/wall/messages/${m.id}/reviewed`}>
              <CsrfField token={props.csrfToken} />
              <Button type="submit" secondary>
                I have looked at this
                <span className="nhsuk-u-visually-hidden"> message by {m.pseudonym}</span>
              </Button>
            </form>
          </li>
        ))}
        {props.crisisReports.map((r) => (
          <ReportedItem
            key={`${r.message.id}-${r.reportedAt.toISOString()}`}
            report={r}
            crisis
            withRecord={props.withRecord}
            csrfToken={props.csrfToken}
          />
        ))}
      </ol>
      <h2>Reported messages</h2>
      {props.reports.length === 0 ? <p>Nothing waiting.</p> : null}
      <ol className="nhsuk-list">
        {props.reports.map((r) => (
          <ReportedItem
            key={`${r.message.id}-${r.reportedAt.toISOString()}`}
            report={r}
            crisis={false}
            withRecord={props.withRecord}
            csrfToken={props.csrfToken}
          />
        ))}
      </ol>
    </>
  );
}
