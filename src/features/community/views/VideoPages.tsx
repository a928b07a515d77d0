import { Button, InsetText, WarningCallout } from 'nhsuk-react-components';
import { CheckboxesField, TextField, TextareaField } from '../../../ui/fields';
import { CsrfField, errorFor, type FieldError } from '../../../ui/forms';
import type { SpaceRow } from '../community.repository';
import type { HideValues } from '../videos.forms';
import type { VideoListItem, VideoViewer } from '../videos.service';
import { CommunityFrame, PostForm, When } from './parts';

/** The upload form's answers as typed (files cannot be sent back to a browser). */
export interface VideoFormValues {
  title: string;
  description: string;
  transcript: string;
  spaces: string[];
}

function Frame({
  viewer,
  errors,
  children,
}: {
  viewer: VideoViewer;
  errors?: readonly FieldError[] | undefined;
  children: React.ReactNode;
}) {
  return (
    <CommunityFrame moderator={viewer.moderator} nav={viewer.member} errors={errors}>
      {children}
    </CommunityFrame>
  );
}

function megabytes(bytes: number): string {
  return `${(bytes / (1024 * 1024)).toFixed(1)} MB`;
}

export function VideoListPage({
  viewer,
  videos,
  uploaded,
}: {
  viewer: VideoViewer;
  videos: VideoListItem[];
  uploaded: boolean;
}) {
  return (
    <Frame viewer={viewer}>
      <h1>Videos</h1>
      {uploaded ? <InsetText>The video has been added to the library.</InsetText> : null}
      <p>
        Recovery stories and skills from our service. Every video has captions and a written
        transcript.
      </p>
      {viewer.manages ? (
        <p>
          <a className="nhsuk-button" href="/community/videos/new">
            Add a video
          </a>
        </p>
      ) : null}
      {videos.length === 0 ? (
        <p>There are no videos yet.</p>
      ) : (
        <ul className="nhsuk-list nhsuk-list--border">
          {videos.map((v) => (
            <li key={v.id}>
              <h2 className="nhsuk-heading-s nhsuk-u-margin-bottom-1">
                <a href={`/community/videos/${v.id}`}>{v.title}</a>
              </h2>
              <p className="nhsuk-u-margin-bottom-1">{v.description}</p>
              <p className="nhsuk-body-s nhsuk-u-secondary-text-color">
                In {v.spaceNames.join(', ')}
                {v.hiddenAt ? ' · hidden from members' : ''}
              </p>
            </li>
          ))}
        </ul>
      )}
    </Frame>
  );
}

export function VideoPage({ viewer, video }: { viewer: VideoViewer; video: VideoListItem }) {
  const base = `/community/videos/${video.id}`;
  const paragraphs = video.transcript.split(/\n+/).filter((p) => p.trim() !== '');
  return (
    <Frame viewer={viewer}>
      <h1>{video.title}</h1>
      {video.hiddenAt ? (
        <WarningCallout>
          <WarningCallout.Heading headingLevel="h2">Hidden from members</WarningCallout.Heading>
          <p>
            Hidden <When at={video.hiddenAt} />. Reason: {video.hiddenReason}
          </p>
        </WarningCallout>
      ) : null}
      <p>{video.description}</p>
      {/* The page works without JavaScript: the browser's own player, and the transcript below. */}
      <video
        controls
        preload="metadata"
        className="rapport-video"
        aria-describedby="transcript-heading"
      >
        <source src={`${base}/media`} type={video.videoType} />
        <track kind="captions" src={`${base}/captions`} srcLang="en" label="English" default />
        <p>
          Your browser cannot play this video. <a href={`${base}/media`}>Download the video</a> or
          read the transcript below.
        </p>
      </video>
      <ul className="nhsuk-list">
        <li>
          <a href={`${base}/media`} download>
            Download the video ({video.videoType === 'video/mp4' ? 'MP4' : 'WebM'},{' '}
            {megabytes(video.videoBytes)})
          </a>
        </li>
        <li>
          <a href={`${base}/captions`} download>
            Download the captions (WebVTT)
          </a>
        </li>
      </ul>
      <h2 id="transcript-heading">Transcript</h2>
      <div className="rapport-transcript">
        {paragraphs.map((p, i) => (
          <p key={i}>{p}</p>
        ))}
      </div>
      <p className="nhsuk-body-s nhsuk-u-secondary-text-color">
        Shown in {video.spaceNames.join(', ')}. Added <When at={video.createdAt} />.
      </p>
      {viewer.curates ? (
        <p>
          <a href={`${base}/visibility`}>
            {video.hiddenAt ? 'Show this video to members again' : 'Hide this video from members'}
          </a>
        </p>
      ) : null}
    </Frame>
  );
}

function FileField({
  name,
  label,
  hint,
  accept,
  errors,
}: {
  name: string;
  label: string;
  hint: string;
  accept: string;
  errors: readonly FieldError[] | undefined;
}) {
  const error = errorFor(errors, name);
  const describedBy = [`${name}-hint`, error ? `${name}-error` : null].filter(Boolean).join(' ');
  return (
    <div className={`nhsuk-form-group${error ? ' nhsuk-form-group--error' : ''}`}>
      <label className="nhsuk-label nhsuk-label--s" htmlFor={name}>
        {label}
      </label>
      <div className="nhsuk-hint" id={`${name}-hint`}>
        {hint}
      </div>
      {error ? (
        <span className="nhsuk-error-message" id={`${name}-error`}>
          <span className="nhsuk-u-visually-hidden">Error:</span> {error}
        </span>
      ) : null}
      <input
        className="nhsuk-u-margin-top-2"
        type="file"
        id={name}
        name={name}
        accept={accept}
        aria-describedby={describedBy}
      />
    </div>
  );
}

export function UploadVideoPage({
  viewer,
  spaces,
  values,
  errors,
  csrfToken,
  maxMegabytes,
}: {
  viewer: VideoViewer;
  spaces: SpaceRow[];
  values: VideoFormValues;
  errors?: readonly FieldError[] | undefined;
  csrfToken: string;
  maxMegabytes: number;
}) {
  const form = { values, errors };
  return (
    <Frame viewer={viewer} errors={errors}>
      <h1>Add a video</h1>
      <p>
        Members see the video in the spaces you choose. Captions are required, so that everyone can
        follow it.
      </p>
      <form method="post" action="/community/videos/new" encType="multipart/form-data" noValidate>
        <CsrfField token={csrfToken} />
        <TextField form={form} name="title" label="Title" />
        <TextareaField
          form={form}
          name="description"
          label="Description"
          hint="A sentence or two about what the video covers."
          rows={3}
        />
        <CheckboxesField
          form={form}
          name="spaces"
          legend="Spaces it shows in"
          choices={spaces.map((s) => ({ value: s.id, label: s.name, hint: s.description }))}
        />
        <TextareaField
          form={form}
          name="transcript"
          label="Transcript (optional)"
          hint="Leave this empty to use the words of the captions as the transcript."
          rows={6}
        />
        <FileField
          name="captions"
          label="Captions"
          hint="A WebVTT file (.vtt), at most 1 MB."
          accept=".vtt,text/vtt"
          errors={errors}
        />
        <FileField
          name="video"
          label="Video"
          hint={`An MP4 or WebM file, at most ${maxMegabytes} MB.`}
          accept="video/mp4,video/webm"
          errors={errors}
        />
        <Button type="submit">Add the video</Button>
      </form>
    </Frame>
  );
}

export function VideoVisibilityPage({
  viewer,
  video,
  values,
  errors,
  csrfToken,
}: {
  viewer: VideoViewer;
  video: VideoListItem;
  values: HideValues;
  errors?: readonly FieldError[] | undefined;
  csrfToken: string;
}) {
  const hidden = video.hiddenAt !== null;
  return (
    <Frame viewer={viewer} errors={errors}>
      <h1>{hidden ? 'Show this video again' : 'Hide this video'}</h1>
      <p>
        <strong>{video.title}</strong>
      </p>
      <PostForm
        action={`/community/videos/${video.id}/visibility`}
        csrfToken={csrfToken}
        button={hidden ? 'Show it to members' : 'Hide it from members'}
      >
        <TextareaField
          form={{ values, errors }}
          name="reason"
          label={hidden ? 'Why is it being shown again? (optional)' : 'Why is it being hidden?'}
          hint="Recorded with your name in the audit log."
          rows={3}
        />
      </PostForm>
    </Frame>
  );
}
