import type { ReactNode } from 'react';
import { NotificationBanner, Tag } from 'nhsuk-react-components';
import {
  AVATARS,
  BADGE_LABELS,
  EDIT_WINDOW_MINUTES,
  MODERATOR_BADGES,
  canStillEdit,
  contactDetailsIn,
  describeContactDetails,
} from '../../../domain/community';
import type { CommunitySpaceAudience } from '../../../db/schema';
import { formatLondonDate } from '../../../domain/calendar';
import type { WallMessageOfMember, WallSanctionOfMember } from '../elsewhere';
import { CheckboxesField, RadiosField, TextField, TextareaField } from '../../../ui/fields';
import type { FieldError } from '../../../ui/forms';
import { Pager } from '../../../ui/pager';
import { communityNameInSentence } from '../community-name';
import type {
  MemberRow,
  PostView,
  SpaceRow,
  TopicListItem,
  TopicRow,
} from '../community.repository';
import type {
  ConfirmValues,
  InviteValues,
  JoinValues,
  ModerateValues,
  PostValues,
  ReasonValues,
  TopicValues,
} from '../community.forms';
import { plainText } from '../markdown';
import {
  Avatar,
  CommunityFrame,
  HouseRules,
  MARKDOWN_HINT,
  Markdown,
  MemberName,
  PostForm,
  When,
} from './parts';

const isMod = (m: MemberRow) => m.kind === 'moderator';
const AUDIENCE: Record<CommunitySpaceAudience, string> = {
  former_patients: 'For people who have finished treatment',
  carers: 'For relatives and carers',
  everyone: 'For all members',
};

export function HomePage({
  member,
  name,
  description,
  spaces,
}: {
  member: MemberRow;
  name: string;
  description: string;
  spaces: SpaceRow[];
}) {
  return (
    <CommunityFrame moderator={isMod(member)}>
      <h1>{name}</h1>
      <p>{description}</p>
      <p>
        You are here as{' '}
        <MemberName pseudonym={member.pseudonym} avatar={member.avatar} badge={member.badge} />.
      </p>
      <h2>Forums</h2>
      <ul className="nhsuk-list">
        {spaces.map((s) => (
          <li key={s.id}>
            <a href={`/community/spaces/${s.id}`}>{s.name}</a>
            <br />
            <span className="nhsuk-body-s">
              {s.description} {AUDIENCE[s.audience]}.
            </span>
          </li>
        ))}
      </ul>
      <h2>House rules</h2>
      <HouseRules />
    </CommunityFrame>
  );
}

export function JoinPage({
  values,
  errors,
  csrfToken,
  communityName,
  suspendedUntil = null,
}: {
  values: JoinValues;
  errors?: FieldError[] | undefined;
  csrfToken: string;
  communityName: string;
  /** The suspension they left under, not yet over: joining again does not end it (walk 10). */
  suspendedUntil?: Date | null;
}) {
  const form = { values, errors };
  return (
    <CommunityFrame nav={false} errors={errors}>
      <h1>Join {communityNameInSentence(communityName)}</h1>
      {suspendedUntil ? (
        <div className="nhsuk-inset-text">
          <p>
            A moderator suspended you until <When at={suspendedUntil} />. Joining again does not end
            the suspension: you can read and post again after that.
          </p>
        </div>
      ) : null}
      <p>
        Other members will only see the name and picture you choose here, never your real name or
        contact details.
      </p>
      <PostForm action="/community/join" csrfToken={csrfToken} button="Join the community">
        <TextField
          form={form}
          name="pseudonym"
          label="The name you want to use in the community"
          hint="3 to 24 letters (A to Z, with or without accents) or numbers. Do not use your real name, a place or anything that could identify you."
          autoComplete="off"
          spellCheck={false}
        />
        <RadiosField
          form={form}
          name="avatar"
          legend="Choose a picture"
          hint="We draw these pictures so that nobody shares a photo of themselves."
          choices={AVATARS.map((a) => ({
            value: a,
            label: (
              <>
                <Avatar id={a} /> {a.replace('-', ' ')}
              </>
            ),
          }))}
        />
        <h2>House rules</h2>
        <HouseRules />
        <CheckboxesField
          form={form}
          name="adult"
          legend="Your age"
          choices={[{ value: 'yes', label: 'I am 18 or over' }]}
        />
        <CheckboxesField
          form={form}
          name="rules"
          legend="The house rules"
          choices={[{ value: 'yes', label: 'I accept the house rules' }]}
        />
      </PostForm>
    </CommunityFrame>
  );
}

/** One page of a list of topics, as the forums and the blogs are read. */
interface TopicListing {
  topics: TopicListItem[];
  total: number;
  offset: number;
  limit: number;
}

export function SpacePage({
  member,
  space,
  ...listing
}: { member: MemberRow; space: SpaceRow } & TopicListing) {
  return (
    <CommunityFrame moderator={isMod(member)}>
      <h1>{space.name}</h1>
      <p>{space.description}</p>
      <TopicIndex
        start={{ href: `/community/spaces/${space.id}/new-topic`, label: 'Start a conversation' }}
        base={`/community/spaces/${space.id}`}
        listing={listing}
      />
    </CommunityFrame>
  );
}

/** A button to start a new topic, over one page of topics and the links to the others. */
function TopicIndex({
  start,
  base,
  listing,
}: {
  start: { href: string; label: string };
  base: string;
  listing: TopicListing;
}) {
  return (
    <>
      <p>
        <a className="nhsuk-button" href={start.href}>
          {start.label}
        </a>
      </p>
      <TopicList topics={listing.topics} />
      <Pager base={base} offset={listing.offset} limit={listing.limit} total={listing.total} />
    </>
  );
}

function TopicList({ topics }: { topics: TopicListItem[] }) {
  if (topics.length === 0) return <p>There is nothing here yet.</p>;
  return (
    <ul className="nhsuk-list nhsuk-list--border">
      {topics.map((t) => (
        <li key={t.id}>
          <a href={`/community/topics/${t.id}`}>{t.title}</a>
          <br />
          <span className="nhsuk-body-s">
            By{' '}
            <MemberName
              pseudonym={t.authorPseudonym}
              avatar={t.authorAvatar}
              badge={t.authorBadge}
            />{' '}
            · {t.replies} {t.replies === 1 ? 'reply' : 'replies'} · last post{' '}
            <When at={t.lastPostAt} />
          </span>
        </li>
      ))}
    </ul>
  );
}

export function BlogsPage({ member, ...listing }: { member: MemberRow } & TopicListing) {
  return (
    <CommunityFrame moderator={isMod(member)}>
      <h1>Blogs</h1>
      <p>
        Stories and tips from members and our clinicians. A moderator reads members’ posts before
        they appear.
      </p>
      <TopicIndex
        start={{ href: '/community/blogs/new', label: 'Write a blog post' }}
        base="/community/blogs"
        listing={listing}
      />
    </CommunityFrame>
  );
}

/** What a page where a member writes in Markdown is given: a new topic, a reply or an edit. */
interface WritingPageProps<V extends PostValues> {
  heading: string;
  action: string;
  values: V;
  errors?: FieldError[] | undefined;
  csrfToken: string;
  member: MemberRow;
  note?: string;
}

/** The form a member writes a post's body in; `children` are the fields asked before it. */
function WritingPage({
  heading,
  action,
  values,
  errors,
  csrfToken,
  member,
  note,
  bodyLabel,
  children,
}: WritingPageProps<PostValues> & { bodyLabel: string; children?: ReactNode }) {
  return (
    <CommunityFrame moderator={isMod(member)} errors={errors}>
      <h1>{heading}</h1>
      {note ? <p>{note}</p> : null}
      <PostForm action={action} csrfToken={csrfToken} button="Post">
        {children}
        <TextareaField
          form={{ values, errors }}
          name="body"
          label={bodyLabel}
          hint={MARKDOWN_HINT}
          rows={8}
        />
      </PostForm>
    </CommunityFrame>
  );
}

export function TopicFormPage(props: WritingPageProps<TopicValues>) {
  return (
    <WritingPage {...props} bodyLabel="What you want to say">
      <TextField form={props} name="title" label="Title" />
    </WritingPage>
  );
}

function PostStatus({ post, viewerId }: { post: PostView; viewerId: string }) {
  // A moderator reading a topic that waits for them sees others' posts that wait or are hidden.
  if (post.authorId !== viewerId && (post.status === 'pending' || post.status === 'hidden'))
    return (
      <p>
        <Tag modifier={post.status === 'pending' ? 'yellow' : 'red'}>
          {post.status === 'pending' ? 'Waiting for a moderator' : 'Hidden by a moderator'}
        </Tag>{' '}
        Only its author and the moderators can see it.{' '}
        <a href={`/community/moderation/posts/${post.id}`}>Review it</a>
      </p>
    );
  const contacts = post.status === 'pending' && !post.crisis ? contactDetailsIn(post.body) : [];
  if (post.status === 'pending')
    return (
      <>
        <p>
          <Tag modifier="yellow">Waiting for a moderator</Tag> Only you can see this until a
          moderator has read it.
        </p>
        {contacts.length > 0 ? (
          <p>
            It looks like it has {describeContactDetails(contacts)} in it. Our house rules ask
            everyone not to share contact details, to keep members safe and anonymous. If you did
            not mean to, change your post within {EDIT_WINDOW_MINUTES} minutes of posting to take
            them out, and it will appear straight away.
          </p>
        ) : null}
      </>
    );
  if (post.status === 'hidden')
    return (
      <p>
        <Tag modifier="red">Hidden by a moderator</Tag> Only you can see it. The moderator’s reason:{' '}
        {post.hiddenReason}
      </p>
    );
  return null;
}

export function TopicPage({
  member,
  topic,
  spaceName,
  posts,
  total,
  offset,
  limit,
  subscribed,
  now,
  csrfToken,
  notice = null,
  reported = new Set(),
  mayReply = topic.status === 'visible',
}: {
  member: MemberRow;
  topic: TopicRow;
  /** Whether they may reply: in a visible topic; a moderator also in one that waits. */
  mayReply?: boolean;
  spaceName: string;
  posts: PostView[];
  total: number;
  offset: number;
  limit: number;
  subscribed: boolean;
  now: Date;
  csrfToken: string;
  /** Said once after a change, such as reporting a post. */
  notice?: string | null;
  /** The posts the member has reported that a moderator has not dealt with yet. */
  reported?: ReadonlySet<string>;
}) {
  return (
    <CommunityFrame moderator={isMod(member)}>
      {notice ? (
        <NotificationBanner success>
          <NotificationBanner.Heading>{notice}</NotificationBanner.Heading>
        </NotificationBanner>
      ) : null}
      <span className="nhsuk-caption-l">{spaceName}</span>
      <h1>{topic.title}</h1>
      {topic.status === 'visible' ? (
        <PostForm
          action={`/community/topics/${topic.id}/follow`}
          csrfToken={csrfToken}
          button={subscribed ? 'Stop following' : 'Follow: email me when someone replies'}
        >
          <input type="hidden" name="follow" value={subscribed ? 'no' : 'yes'} />
        </PostForm>
      ) : null}
      {posts.map((p) => (
        <section key={p.id} className="nhsuk-card" aria-label={`Post by ${p.authorPseudonym}`}>
          <div className="nhsuk-card__content">
            <p className="nhsuk-body-s">
              <MemberName
                pseudonym={p.authorPseudonym}
                avatar={p.authorAvatar}
                badge={p.authorBadge}
              />{' '}
              · <When at={p.createdAt} />
              {p.editedAt ? ' · edited' : ''}
            </p>
            <PostStatus post={p} viewerId={member.id} />
            {p.status === 'deleted' ? <p>Deleted by its author.</p> : <Markdown source={p.body} />}
            <p className="nhsuk-body-s">
              {p.authorId === member.id &&
              p.status !== 'deleted' &&
              p.status !== 'hidden' &&
              canStillEdit(p.createdAt, now) ? (
                <>
                  <a href={`/community/posts/${p.id}/edit`}>Edit your post</a>
                  {' · '}
                </>
              ) : null}
              {/* Their words, theirs to delete at any time. */}
              {p.authorId === member.id && p.status !== 'deleted' ? (
                <a href={`/community/posts/${p.id}/delete`}>Delete your post</a>
              ) : null}
              {p.authorId !== member.id && p.status === 'visible' ? (
                reported.has(p.id) ? (
                  'You have reported this post'
                ) : (
                  <a href={`/community/posts/${p.id}/report`}>Report this post</a>
                )
              ) : null}
            </p>
          </div>
        </section>
      ))}
      <Pager base={`/community/topics/${topic.id}`} offset={offset} limit={limit} total={total} />
      {mayReply && topic.status !== 'visible' ? (
        <p>
          This topic waits for a moderator: only its author and the moderators can see it, and what
          you reply here, until it is approved.
        </p>
      ) : null}
      {mayReply ? (
        <p>
          <a className="nhsuk-button" href={`/community/topics/${topic.id}/reply`}>
            Reply
          </a>
        </p>
      ) : null}
    </CommunityFrame>
  );
}

/** "Are you sure?" before a member deletes one of their posts, with the post shown. */
export function DeletePostPage({
  member,
  post,
  topicTitle,
  action,
  back,
  values,
  errors,
  csrfToken,
}: {
  member: MemberRow;
  post: PostView;
  topicTitle: string;
  action: string;
  /** Where "No, keep it" goes: the conversation, or their own page. */
  back: string;
  values: ConfirmValues;
  errors?: FieldError[] | undefined;
  csrfToken: string;
}) {
  return (
    <CommunityFrame moderator={isMod(member) && member.status === 'active'} errors={errors}>
      <h1>Are you sure you want to delete your post?</h1>
      <p>
        This cannot be undone. The words will be removed for good
        {post.isOpening
          ? '. It starts the conversation, so its title goes too; replies other members wrote stay.'
          : ', in “' + topicTitle + '”. Replies other members wrote stay.'}
      </p>
      <p className="nhsuk-body-s">
        You posted it <When at={post.createdAt} />
      </p>
      <blockquote>
        <Markdown source={post.body} />
      </blockquote>
      <PostForm action={action} csrfToken={csrfToken} button="Delete my post" warning>
        <CheckboxesField
          form={{ values, errors }}
          name="confirm"
          legend="Confirm"
          choices={[{ value: 'yes', label: 'Yes, delete this post for good' }]}
        />
      </PostForm>
      <p>
        <a href={back}>No, keep it</a>
      </p>
    </CommunityFrame>
  );
}

export function PostFormPage(props: WritingPageProps<PostValues>) {
  return <WritingPage {...props} bodyLabel="Your post" />;
}

export function EditClosedPage({ member, topicId }: { member: MemberRow; topicId: string }) {
  return (
    <CommunityFrame moderator={isMod(member)}>
      <h1>You can no longer change this post</h1>
      <p>
        Posts can be changed for {EDIT_WINDOW_MINUTES} minutes after they are posted. If something
        in it worries you, report it and a moderator will look at it.
      </p>
      <p>
        <a href={`/community/topics/${topicId}`}>Back to the conversation</a>
      </p>
    </CommunityFrame>
  );
}

export function ReportPage({
  member,
  post,
  reported = null,
  values,
  errors,
  csrfToken,
}: {
  member: MemberRow;
  post: PostView;
  /**
   * The member's report of it still open: when they sent it; whether a report about crisis may
   * still be added (theirs is not one); and whether they asked to add one (the form again).
   */
  reported?: { at: Date; mayAddCrisis: boolean; worried: boolean } | null;
  values: ReasonValues;
  errors?: FieldError[] | undefined;
  csrfToken: string;
}) {
  const action = `/community/posts/${post.id}/report`;
  if (reported && !reported.worried)
    return (
      <CommunityFrame moderator={isMod(member)}>
        <h1>You have reported this post</h1>
        <p>
          You reported this post on {formatLondonDate(reported.at)}. A moderator will look at it.
        </p>
        {reported.mayAddCrisis ? (
          <p>
            If you now think the person who wrote it may be in danger,{' '}
            <a href={`${action}?worried=yes`}>tell the moderators</a>.
          </p>
        ) : null}
        <p>
          <a href={`/community/topics/${post.topicId}`}>Back to the conversation</a>
        </p>
      </CommunityFrame>
    );
  return (
    <CommunityFrame moderator={isMod(member)} errors={errors}>
      <h1>Report a post</h1>
      {reported ? (
        <p>
          You have already reported this post. If you now think the person who wrote it may be in
          danger, tell the moderators what worries you.
        </p>
      ) : (
        <p>
          A moderator will read the post and your reason. The person who wrote it will not be told
          who reported it.
        </p>
      )}
      <blockquote>
        <Markdown source={post.body} />
      </blockquote>
      <PostForm
        action={reported ? `${action}?worried=yes` : action}
        csrfToken={csrfToken}
        button="Send report"
      >
        <TextareaField
          form={{ values, errors }}
          name="reason"
          label={
            reported
              ? 'What worries you about the person who wrote it?'
              : 'What is wrong with this post?'
          }
          rows={4}
        />
      </PostForm>
    </CommunityFrame>
  );
}

export function SearchPage({
  member,
  text,
  results,
  total,
  offset,
  limit,
  errors,
}: {
  member: MemberRow;
  text: string;
  results: (PostView & { topicTitle: string })[];
  total: number;
  offset: number;
  limit: number;
  /** Words too long to search for: said on the form, with them kept. */
  errors?: FieldError[] | undefined;
}) {
  return (
    <CommunityFrame moderator={isMod(member)} errors={errors}>
      <h1>Search the community</h1>
      <form method="get" action="/community/search">
        <TextField form={{ values: { q: text }, errors }} name="q" label="Words to look for" />
        <button className="nhsuk-button" type="submit">
          Search
        </button>
      </form>
      {text !== '' && !errors?.length ? (
        <>
          <h2>
            {total} {total === 1 ? 'result' : 'results'}
          </h2>
          <ul className="nhsuk-list nhsuk-list--border">
            {results.map((r) => (
              <li key={r.id}>
                <a href={`/community/topics/${r.topicId}`}>{r.topicTitle}</a>
                <br />
                <span className="nhsuk-body-s">
                  {r.authorPseudonym}: {plainText(r.body).slice(0, 200)}
                </span>
              </li>
            ))}
          </ul>
          <Pager
            base={`/community/search?q=${encodeURIComponent(text)}`}
            offset={offset}
            limit={limit}
            total={total}
          />
        </>
      ) : null}
    </CommunityFrame>
  );
}

/** The Wall is chat: many short messages, so the page shows the latest and the download all. */
const WALL_MESSAGES_SHOWN = 50;

const ACTION_WORDS: Record<string, string> = {
  approve: 'approved your post',
  dismiss: 'looked at your post and left it as it was',
  hide: 'hid your post',
  restore: 'put your post back',
  warn: 'warned you',
  suspend: 'suspended you',
  ban: 'ended your membership',
  ask_clinical_team: 'asked our clinical team to get in touch with you',
};

/** Actions on the post itself; the others (a warning, say) are about the member, for a post. */
const POST_ACTIONS = new Set(['approve', 'dismiss', 'hide', 'restore']);

/** A moderator's button to go on or off duty; on duty, they get the urgent alerts. */
function DutyToggle({
  onDuty,
  csrfToken,
  goOnDuty,
}: {
  onDuty: boolean;
  csrfToken: string;
  goOnDuty: string;
}) {
  return (
    <PostForm
      action="/community/moderation/duty"
      csrfToken={csrfToken}
      button={onDuty ? 'Go off duty' : goOnDuty}
    >
      <input type="hidden" name="onDuty" value={onDuty ? 'no' : 'yes'} />
    </PostForm>
  );
}

/**
 * What a suspended member, or one whose membership ended, sees on a community page instead of
 * "Page not found": why, until when, what they can still do, and who to ask.
 */
export function NotNowPage({ member, contact }: { member: MemberRow; contact: ReactNode }) {
  const suspended = member.status === 'suspended';
  return (
    <div className="nhsuk-grid-row">
      <div className="nhsuk-grid-column-two-thirds">
        <h1>{suspended ? 'You are suspended from the community' : 'Your membership has ended'}</h1>
        <p>
          {suspended ? 'A moderator suspended you' : 'A moderator ended your membership'}
          {suspended && member.suspendedUntil ? (
            <>
              {' '}
              until <When at={member.suspendedUntil} />
            </>
          ) : null}
          {member.statusReason ? `. Their reason: ${member.statusReason}` : '.'}
        </p>
        <p>
          {suspended
            ? 'Until then you cannot read or post in the community. '
            : 'You cannot read or post in the community. '}
          You can still download or delete what you wrote
          {suspended ? ', or leave the community,' : ''} from{' '}
          <a href="/community/you">your membership page</a>.
        </p>
        <p>
          {/* Only a patient has NHS care and a record with us; a relative or carer does not. */}
          {member.patientId ? 'This does not change your NHS care or your record with us. ' : ''}If
          you think it is wrong, or want to talk about it, contact us.
        </p>
        {contact}
      </div>
    </div>
  );
}

export function YouPage({
  member,
  posts,
  notices,
  wallMessages,
  wallSanctions,
  csrfToken,
  deleted = false,
  postDeleted = false,
}: {
  member: MemberRow;
  posts: {
    id: string;
    topicId: string;
    topicTitle: string;
    status: string;
    hiddenReason: string | null;
    createdAt: Date;
  }[];
  notices: {
    action: string;
    reason: string;
    at: Date;
    postId?: string | null;
    topicTitle?: string | null;
  }[];
  /** What they wrote on the Wall, newest first. */
  wallMessages: readonly WallMessageOfMember[];
  /** The Wall's warnings and suspensions, newest first: told here with the forums' (walk 10). */
  wallSanctions: readonly WallSanctionOfMember[];
  csrfToken: string;
  /** Just after they deleted everything they wrote (`?deleted=1`). */
  deleted?: boolean;
  /** Just after they deleted one of their posts (`?deleted=post`). */
  postDeleted?: boolean;
}) {
  const told: { at: Date; words: ReactNode }[] = [
    ...notices.map((n) => ({
      at: n.at,
      words: (
        <>
          a moderator{' '}
          {n.action === 'hide' && !n.postId
            ? 'removed your message on the Wall'
            : (ACTION_WORDS[n.action] ?? n.action)}
          {n.topicTitle
            ? POST_ACTIONS.has(n.action)
              ? ` in “${n.topicTitle}”`
              : ` about your post in “${n.topicTitle}”`
            : null}
          .{n.reason ? ` Their reason: ${n.reason}` : ''}
        </>
      ),
    })),
    ...wallSanctions.map((w) => ({
      at: w.at,
      words: (
        <>
          a moderator{' '}
          {w.kind === 'suspension' && w.until ? (
            <>
              paused your posting on the Wall until <When at={w.until} />
            </>
          ) : (
            'warned you about what you wrote on the Wall'
          )}
          . Their reason: {w.reason}
        </>
      ),
    })),
  ].sort((a, b) => b.at.getTime() - a.at.getTime());
  return (
    <CommunityFrame moderator={isMod(member) && member.status === 'active'}>
      {deleted ? (
        <NotificationBanner success>
          <NotificationBanner.Heading>
            You have deleted everything you had written
          </NotificationBanner.Heading>
          <p>
            Your posts, replies, blog posts and messages on the Wall have been removed for good.
          </p>
        </NotificationBanner>
      ) : null}
      {postDeleted ? (
        <NotificationBanner success>
          <NotificationBanner.Heading>Your post has been deleted</NotificationBanner.Heading>
        </NotificationBanner>
      ) : null}
      <h1>Your membership</h1>
      <p>
        You are{' '}
        <MemberName pseudonym={member.pseudonym} avatar={member.avatar} badge={member.badge} />.
      </p>
      {member.status === 'suspended' ? (
        <p>
          <Tag modifier="red">Suspended</Tag> A moderator suspended you
          {member.suspendedUntil ? (
            <>
              {' '}
              until <When at={member.suspendedUntil} />
            </>
          ) : null}
          . Their reason: {member.statusReason}
        </p>
      ) : null}
      {member.status === 'banned' ? (
        <p>
          <Tag modifier="red">Membership ended</Tag> A moderator ended your membership. Their
          reason: {member.statusReason}
        </p>
      ) : null}
      {isMod(member) && member.status === 'active' ? (
        <DutyToggle
          onDuty={member.onDuty}
          csrfToken={csrfToken}
          goOnDuty="Go on duty: get urgent alerts"
        />
      ) : null}
      <h2>What moderators have told you</h2>
      {told.length === 0 ? <p>Nothing.</p> : null}
      <ul className="nhsuk-list">
        {told.map((n, i) => (
          <li key={i}>
            <When at={n.at} />: {n.words}
          </li>
        ))}
      </ul>
      <h2>What you have written</h2>
      {posts.length === 0 ? <p>Nothing yet.</p> : null}
      <ul className="nhsuk-list">
        {posts.map((p) => (
          <li key={p.id}>
            <a href={`/community/topics/${p.topicId}`}>{p.topicTitle}</a>, <When at={p.createdAt} />
            {p.status === 'hidden' ? ` (hidden by a moderator: ${p.hiddenReason ?? ''})` : ''}
            {p.status === 'pending' ? ' (waiting for a moderator)' : ''}
            {' · '}
            <a href={`/community/posts/${p.id}/delete?from=you`}>
              Delete<span className="nhsuk-u-visually-hidden"> your post in “{p.topicTitle}”</span>
            </a>
          </li>
        ))}
      </ul>
      <h2>Your messages on the Wall</h2>
      {wallMessages.length === 0 ? <p>Nothing yet.</p> : null}
      <ul className="nhsuk-list">
        {wallMessages.slice(0, WALL_MESSAGES_SHOWN).map((m, i) => (
          <li key={i}>
            <When at={m.postedAt} />: {m.text}
            {m.removed ? ` (removed${m.removedReason ? `: ${m.removedReason}` : ''})` : ''}
          </li>
        ))}
      </ul>
      {wallMessages.length > WALL_MESSAGES_SHOWN ? (
        <p>
          These are your latest {WALL_MESSAGES_SHOWN} of {wallMessages.length} messages. The
          download has them all.
        </p>
      ) : null}
      <h2>Your words, your choice</h2>
      <ul className="nhsuk-list">
        <li>
          <a href="/community/you/download" download>
            Download everything you have written
          </a>
        </li>
        <li>
          <a href="/community/you/delete">Delete everything you have written</a>
        </li>
        {member.status === 'active' ? (
          <li>
            <a href="/community/invite">Invite a relative or carer</a>
          </li>
        ) : null}
        {member.status === 'active' || member.status === 'suspended' ? (
          <li>
            <a href="/community/leave">Leave the community</a>
          </li>
        ) : null}
      </ul>
      {/* Only a patient has an NHS record with us; a relative or carer does not. */}
      {member.patientId ? (
        <p>Leaving or deleting your posts does not change your NHS record with us.</p>
      ) : null}
    </CommunityFrame>
  );
}

export function ConfirmPage({
  member,
  heading,
  text,
  label,
  action,
  button,
  values,
  errors,
  csrfToken,
}: {
  member: MemberRow;
  heading: string;
  text: string;
  label: string;
  action: string;
  button: string;
  values: ConfirmValues;
  errors?: FieldError[] | undefined;
  csrfToken: string;
}) {
  return (
    <CommunityFrame moderator={isMod(member)} errors={errors}>
      <h1>{heading}</h1>
      <p>{text}</p>
      <PostForm action={action} csrfToken={csrfToken} button={button}>
        <CheckboxesField
          form={{ values, errors }}
          name="confirm"
          legend="Confirm"
          choices={[{ value: 'yes', label }]}
        />
      </PostForm>
    </CommunityFrame>
  );
}

export function InvitePage({
  heading,
  action,
  withBadge,
  values,
  errors,
  csrfToken,
  moderator,
  nav = true,
  done,
}: {
  heading: string;
  action: string;
  withBadge: boolean;
  values: InviteValues;
  errors?: FieldError[] | undefined;
  csrfToken: string;
  moderator: boolean;
  /** The community's menu: for its members only. */
  nav?: boolean;
  done: boolean;
}) {
  const form = { values, errors };
  return (
    <CommunityFrame moderator={moderator} nav={nav} errors={errors}>
      <h1>{heading}</h1>
      {done ? (
        <div className="nhsuk-inset-text">
          <p>Thank you. If they can be invited, we have emailed them how to join.</p>
        </div>
      ) : null}
      <p>
        If a moderator suspended someone or ended their membership, joining again does not change
        that: a suspension lasts until its end date.
      </p>
      <PostForm action={action} csrfToken={csrfToken} button="Send invitation">
        <TextField
          form={form}
          name="name"
          label="Their name"
          hint="Only used in the email we send them."
        />
        <TextField
          form={form}
          name="email"
          label="Their email address"
          type="email"
          autoComplete="off"
        />
        {withBadge ? (
          <RadiosField
            form={form}
            name="badge"
            legend="The badge they show beside their community name"
            choices={MODERATOR_BADGES.map((b) => ({ value: b, label: BADGE_LABELS[b] }))}
          />
        ) : null}
      </PostForm>
    </CommunityFrame>
  );
}

export function UrgentHelpPage({ topicId }: { topicId: string }) {
  return (
    <CommunityFrame>
      <h1>Please get help now if you need it</h1>
      <p>
        What you wrote sounds like you might be going through a very hard time. Thank you for
        telling us. We have saved it and let the people who look after this community know.
      </p>
      <p>
        Other members will not see it until a moderator has read it. Nobody watches the community
        all the time, so we cannot say how soon that will be. If you need help now, please do not
        wait for us.
      </p>
      <h2>If you are in danger now</h2>
      <ul>
        <li>Call 999, or go to A&amp;E.</li>
        <li>Call NHS 111 and choose option 2 for urgent mental health help, any time.</li>
        <li>Call Samaritans free on 116 123, any time, or text SHOUT to 85258.</li>
      </ul>
      <p>
        <a href="/urgent-help">More ways to get help now</a>
      </p>
      <p>
        <a href={`/community/topics/${topicId}`}>Back to the conversation</a>
      </p>
    </CommunityFrame>
  );
}

export function QueuePage({
  member,
  items,
  wall,
  csrfToken,
}: {
  member: MemberRow;
  items: {
    id: string;
    kind: string;
    postId: string;
    reason: string;
    createdAt: Date;
    topicTitle: string;
    authorPseudonym: string;
  }[];
  /** What waits in the Wall's own queue. */
  wall: { crisis: number; reports: number };
  csrfToken: string;
}) {
  const wallWaiting = wall.crisis + wall.reports;
  return (
    <CommunityFrame moderator>
      <h1>Moderation queue</h1>
      <p>You are {member.onDuty ? 'on duty: you get urgent alerts.' : 'off duty.'} </p>
      <DutyToggle onDuty={member.onDuty} csrfToken={csrfToken} goOnDuty="Go on duty" />
      <h2>The Wall</h2>
      <p>
        {wallWaiting === 0
          ? 'Nothing is waiting on the Wall. '
          : `${[
              ...(wall.crisis > 0
                ? [
                    `${wall.crisis} ${wall.crisis === 1 ? 'message' : 'messages'} with crisis language`,
                  ]
                : []),
              ...(wall.reports > 0
                ? [`${wall.reports} reported ${wall.reports === 1 ? 'message' : 'messages'}`]
                : []),
            ].join(' and ')} waiting on the Wall. `}
        <a href="/community/wall/moderation">Open the Wall’s moderation queue</a>
      </p>
      <h2>Forums, blogs and videos</h2>
      {items.length === 0 ? <p>Nothing is waiting.</p> : null}
      <ul className="nhsuk-list nhsuk-list--border">
        {items.map((i) => {
          const [label, colour] = QUEUE_KIND_TAGS[i.kind] ?? FALLBACK_TAG;
          return (
            <li key={i.id}>
              <Tag modifier={colour}>{label}</Tag>{' '}
              <a href={`/community/moderation/posts/${i.postId}`}>{i.topicTitle}</a> by{' '}
              {i.authorPseudonym}, <When at={i.createdAt} />
              <br />
              <span className="nhsuk-body-s">{i.reason}</span>
            </li>
          );
        })}
      </ul>
    </CommunityFrame>
  );
}

/** How each kind of moderation queue item is tagged, on the queue and on the review page. */
const QUEUE_KIND_TAGS: Record<string, [string, 'red' | 'orange' | 'blue']> = {
  crisis: ['Crisis language', 'red'],
  report: ['Reported', 'orange'],
  contact_details: ['Contact details', 'orange'],
  approval: ['Awaiting approval', 'blue'],
};
const FALLBACK_TAG: [string, 'blue'] = ['Item', 'blue'];

const POST_STATUS_WORDS: Record<PostView['status'], string> = {
  visible: 'Members can see it',
  pending: 'Waiting for a moderator: only its author can see it',
  hidden: 'Hidden by a moderator',
  deleted: 'Deleted by its author',
};

export function ReviewPage({
  post,
  topic,
  items,
  authorHasRecord,
  own = false,
  clinicalTeamAskedAt = null,
  asked = null,
  values,
  errors,
  csrfToken,
}: {
  post: PostView;
  topic: TopicRow;
  /**
   * Whether the author is one of our patients (linked to a record), whatever they joined as: a
   * patient invited as a carer has a clinical team to ask (walk 10).
   */
  authorHasRecord: boolean;
  items: { id: string; kind: string; reason: string }[];
  /** The moderator's own post: they do not warn, suspend or end their own membership. */
  own?: boolean;
  /** When the clinical team was asked about this post, while their alert is still open. */
  clinicalTeamAskedAt?: Date | null;
  /** Just asked now, or asked already (nothing more raised). */
  asked?: 'yes' | 'already' | null;
  values: ModerateValues;
  errors?: FieldError[] | undefined;
  csrfToken: string;
}) {
  const deleted = post.status === 'deleted';
  return (
    <CommunityFrame moderator errors={errors}>
      {asked ? (
        <NotificationBanner success>
          <NotificationBanner.Heading>
            {asked === 'yes'
              ? 'We have asked the clinical team to contact them'
              : 'The clinical team had already been asked about this post: we have not asked again'}
          </NotificationBanner.Heading>
          <p>Now decide about the post.</p>
        </NotificationBanner>
      ) : null}
      <span className="nhsuk-caption-l">{topic.title}</span>
      <h1>Review a post</h1>
      <p>
        By{' '}
        <MemberName
          pseudonym={post.authorPseudonym}
          avatar={post.authorAvatar}
          badge={post.authorBadge}
        />
        , <When at={post.createdAt} />. {POST_STATUS_WORDS[post.status]}.
        {topic.status !== 'deleted' ? (
          <>
            {' '}
            <a href={`/community/topics/${topic.id}`}>Open the topic</a>
          </>
        ) : null}
      </p>
      {items.length > 0 ? (
        <ul>
          {items.map((i) => (
            <li key={i.id}>
              <Tag modifier={(QUEUE_KIND_TAGS[i.kind] ?? FALLBACK_TAG)[1]}>
                {(QUEUE_KIND_TAGS[i.kind] ?? FALLBACK_TAG)[0]}
              </Tag>{' '}
              {i.reason}
            </li>
          ))}
        </ul>
      ) : null}
      {deleted ? (
        <p>
          Its author has deleted what they wrote, so the words are gone. If it was about crisis,
          they may still need help: do what our procedure says, then mark it as looked at.
        </p>
      ) : (
        <blockquote>
          <Markdown source={post.body} />
        </blockquote>
      )}
      {clinicalTeamAskedAt ? (
        <p>
          The clinical team was asked about this post on <When at={clinicalTeamAskedAt} />. Their
          alert is still open: a clinician will record what they did.
        </p>
      ) : null}
      {!authorHasRecord &&
      post.authorKind === 'carer' &&
      !deleted &&
      topic.status !== 'deleted' &&
      items.some((i) => i.kind === 'crisis') ? (
        <p>
          They are a relative or carer, not one of our patients, so there is no clinical team to
          ask. <a href={`/community/topics/${topic.id}/reply`}>Reply to them in the topic</a> with
          where to get help now (<a href="/urgent-help">Get help now</a>). While the topic waits for
          a moderator, only they and the moderators see it and your reply. A reply using crisis
          words waits for a moderator itself.
        </p>
      ) : null}
      <PostForm
        action={`/community/moderation/posts/${post.id}`}
        csrfToken={csrfToken}
        button="Save"
      >
        <RadiosField
          form={{ values, errors }}
          name="action"
          legend="What to do"
          choices={[
            ...(post.status === 'pending'
              ? [{ value: 'approve', label: 'Approve: show it to members' }]
              : []),
            deleted
              ? { value: 'dismiss', label: 'Looked at: take it off the queue' }
              : { value: 'dismiss', label: 'Leave it as it is' },
            ...(deleted
              ? []
              : post.status === 'hidden'
                ? [{ value: 'restore', label: 'Restore it: show it to members again' }]
                : [{ value: 'hide', label: 'Hide it' }]),
            // Nobody warns, suspends or ends the membership of themselves (as on the Wall).
            ...(own || deleted
              ? []
              : [
                  { value: 'warn', label: 'Warn its author' },
                  { value: 'suspend', label: 'Suspend its author for 7 days' },
                  { value: 'ban', label: 'End its author’s membership' },
                ]),
            ...(authorHasRecord && !clinicalTeamAskedAt
              ? [
                  {
                    value: 'ask_clinical_team',
                    label: 'Ask the clinical team to contact them',
                    hint: 'For worrying words: a risk alert goes on their record for a clinician to act on. Then decide about the post.',
                  },
                ]
              : []),
          ]}
        />
        <TextareaField
          form={{ values, errors }}
          name="reason"
          label="Reason"
          hint="The member sees this. Needed to hide, warn, suspend or end a membership."
          rows={3}
        />
      </PostForm>
    </CommunityFrame>
  );
}

export function InvitePatientPage({
  patientName,
  patientId,
  csrfToken,
  values,
  errors,
  outcome,
}: {
  patientName: string;
  patientId: string;
  csrfToken: string;
  values: ConfirmValues;
  errors?: FieldError[] | undefined;
  outcome: string | null;
}) {
  return (
    <div className="nhsuk-grid-row">
      <div className="nhsuk-grid-column-two-thirds">
        <h1>Invite {patientName} to the peer-support community</h1>
        {outcome ? (
          <div className="nhsuk-inset-text">
            <p>{outcome}</p>
          </div>
        ) : null}
        <p>
          They will get an email asking them to sign in and choose a name to use in the community.
          Other members never see their real name.
        </p>
        <PostForm
          action={`/patients/${patientId}/community-invitation`}
          csrfToken={csrfToken}
          button="Send invitation"
        >
          <CheckboxesField
            form={{ values, errors }}
            name="confirm"
            legend="Confirm"
            choices={[{ value: 'yes', label: 'They have agreed to be invited' }]}
          />
        </PostForm>
      </div>
    </div>
  );
}
