import multipart from '@fastify/multipart';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { BackLink } from 'nhsuk-react-components';
import { z } from 'zod';
import { inGroup, ROLE_GROUPS } from '../../platform/access';
import type { AppContext } from '../../platform/context';
import { queryOf, safeText, uuidParam } from '../../platform/edge';
import { formRoute } from '../../platform/edge/form-route';
import { useCaseFor } from '../../platform/use-case';
import { renderNotFound } from '../../platform/web';
import { str, strList, type FieldError } from '../../ui/forms';
import { parseHide, parseVideoFields, parseWebVtt, transcriptFromCues } from './videos.forms';
import {
  openVideo,
  publishVideo,
  setVideoVisibility,
  videoLibrary,
  videoPublisher,
  type VideoViewer,
} from './videos.service';
import {
  keepUpload,
  receiveUpload,
  removeFiles,
  videoDir,
  type ReceivedUpload,
} from './videos.storage';
import {
  UploadVideoPage,
  VideoListPage,
  VideoPage,
  VideoVisibilityPage,
  type VideoFormValues,
} from './views/VideoPages';

const videoParams = z.object({ videoId: uuidParam });
const backToVideos = <BackLink href="/community/videos">Back to videos</BackLink>;
/** The order the upload form asks in, so the error summary reads in the same order. */
const FIELD_ORDER = ['title', 'description', 'spaces', 'transcript', 'captions', 'video'];

/** What the upload's pre-validation read from the multipart stream, for its handler. */
const uploads = new WeakMap<FastifyRequest, ReceivedUpload>();

async function discardUpload(request: FastifyRequest) {
  const received = uploads.get(request);
  if (received) await removeFiles(received.temps);
}

/**
 * The video library (issue 13): the list, each video's page (player, captions, transcript), the
 * media and captions served with range requests, staff uploads and hiding.
 */
export function registerVideoRoutes(app: FastifyInstance, ctx: AppContext): void {
  const uc = (request: FastifyRequest) =>
    useCaseFor(request, { db: ctx.db, clock: ctx.clock, publicUrl: ctx.config.publicUrl });
  const { dir: uploadsDir, videoMaxBytes } = ctx.config.uploads;
  const maxMegabytes = Math.floor(videoMaxBytes / (1024 * 1024));

  app.get<{ Querystring: { added?: string } }>(
    '/community/videos',
    {
      config: { access: 'authenticated' },
      schema: { querystring: queryOf({ added: safeText(5).optional() }) },
    },
    async (request, reply) => {
      const library = await videoLibrary(uc(request));
      if (!library) return renderNotFound(request, reply);
      return ctx.page(
        request,
        reply,
        {
          backLink: <BackLink href="/community">Back to the community</BackLink>,
          title: 'Videos',
        },
        <VideoListPage
          viewer={library.viewer}
          videos={library.videos}
          uploaded={request.query.added === '1'}
        />,
      );
    },
  );

  const uploadPage = (
    request: FastifyRequest,
    reply: FastifyReply,
    viewer: VideoViewer,
    values: VideoFormValues,
    errors?: FieldError[],
  ) =>
    ctx.page(
      request,
      reply,
      { backLink: backToVideos, title: 'Add a video', hasErrors: (errors?.length ?? 0) > 0 },
      <UploadVideoPage
        viewer={viewer}
        spaces={viewer.spaces}
        values={values}
        errors={errors}
        csrfToken={reply.generateCsrf()}
        maxMegabytes={maxMegabytes}
      />,
    );

  app.get(
    '/community/videos/new',
    { config: { access: ROLE_GROUPS.staff } },
    async (request, reply) => {
      const viewer = await videoPublisher(uc(request));
      if (!viewer) return renderNotFound(request, reply);
      return uploadPage(request, reply, viewer, {
        title: '',
        description: '',
        transcript: '',
        spaces: [],
      });
    },
  );

  // Multipart is parsed for this route only, and read before the handler: the handler runs in a
  // database transaction, which must not stay open while a large file arrives on a slow phone.
  void app.register(async (scope) => {
    await scope.register(multipart);
    scope.post(
      '/community/videos/new',
      {
        config: { access: ROLE_GROUPS.staff },
        preValidation: async (request) => {
          if (!request.isMultipart()) return;
          // Signed-in staff only: anyone else is refused by the route's guard, with nothing read.
          if (!request.auth || !inGroup(request.auth.roles, 'staff')) {
            request.body = {};
            return;
          }
          const received = await receiveUpload(request, {
            uploadsDir,
            maxVideoBytes: videoMaxBytes,
          });
          uploads.set(request, received);
          // The CSRF guard (a pre-handler) reads the token from the body like any form's.
          request.body = { _csrf: received.csrf };
        },
        onResponse: async (request) => discardUpload(request),
        onRequestAbort: async (request) => discardUpload(request),
      },
      async (request, reply) => {
        const received = uploads.get(request);
        const viewer = await videoPublisher(uc(request));
        if (!viewer) {
          await discardUpload(request);
          return renderNotFound(request, reply);
        }
        const values: VideoFormValues = received
          ? received.fields
          : {
              title: str(request.body, 'title'),
              description: str(request.body, 'description'),
              transcript: str(request.body, 'transcript'),
              spaces: strList(request.body, 'spaces'),
            };
        const errors: FieldError[] = [];
        const details = parseVideoFields(
          values,
          viewer.spaces.map((s) => s.id),
        );
        if (!details.ok) errors.push(...details.errors);
        errors.push(...(received?.errors ?? []));
        const has = (field: string) => errors.some((e) => e.field === field);
        const captions = received?.captions ? parseWebVtt(received.captions) : null;
        if (!has('captions')) {
          if (!captions) errors.push({ field: 'captions', message: 'Select a captions file' });
          else if (!captions.ok) errors.push({ field: 'captions', message: captions.message });
        }
        if (!has('video') && !received?.video)
          errors.push({ field: 'video', message: 'Select a video file' });
        if (errors.length > 0 || !details.ok || !captions?.ok || !received?.video) {
          await discardUpload(request);
          errors.sort((a, b) => FIELD_ORDER.indexOf(a.field) - FIELD_ORDER.indexOf(b.field));
          return uploadPage(request, reply, viewer, values, errors);
        }
        const kept = await keepUpload(uploadsDir, received.video, received.captions ?? '');
        const keptPaths = [kept.videoFile, kept.captionsFile].map(
          (f) => `${videoDir(uploadsDir)}/${f}`,
        );
        let video: Awaited<ReturnType<typeof publishVideo>>;
        try {
          video = await publishVideo(uc(request), {
            ...details.value,
            transcript: details.value.transcript || transcriptFromCues(captions.cues),
            videoFile: kept.videoFile,
            videoType: received.video.type,
            videoBytes: received.video.bytes,
            captionsFile: kept.captionsFile,
          });
        } catch (err) {
          await removeFiles(keptPaths);
          throw err;
        }
        if (!video) {
          await removeFiles(keptPaths);
          return renderNotFound(request, reply);
        }
        return reply.redirect(`/community/videos/${video.id}`, 303);
      },
    );
  });

  app.get<{ Params: { videoId: string } }>(
    '/community/videos/:videoId',
    { config: { access: 'authenticated' }, schema: { params: videoParams } },
    async (request, reply) => {
      const open = await openVideo(uc(request), request.params.videoId);
      if (!open) return renderNotFound(request, reply);
      return ctx.page(
        request,
        reply,
        { backLink: backToVideos, title: open.video.title },
        <VideoPage viewer={open.viewer} video={open.video} />,
      );
    },
  );

  // The files, with range requests (206, Accept-Ranges, Content-Range, 416) by @fastify/static's
  // `send`, so a phone can seek. Never compressed: a compressed range is not the bytes asked for.
  for (const [suffix, file] of [
    ['media', 'videoFile'],
    ['captions', 'captionsFile'],
  ] as const)
    app.get<{ Params: { videoId: string } }>(
      `/community/videos/:videoId/${suffix}`,
      {
        config: { access: 'authenticated' },
        compress: false,
        schema: { params: videoParams },
        // `send` names the file's size on a 416 (Content-Range: bytes */size) in the error it
        // raises; keep that header, then let the platform render the error page as usual.
        errorHandler: (error, _request, reply) => {
          const range = (error as { headers?: Record<string, string> }).headers?.['Content-Range'];
          if (error.statusCode === 416 && range) void reply.header('content-range', range);
          throw error;
        },
      },
      async (request, reply) => {
        const open = await openVideo(uc(request), request.params.videoId);
        if (!open) return renderNotFound(request, reply);
        return reply
          .header('cache-control', 'private, max-age=3600')
          .sendFile(open.video[file], videoDir(uploadsDir), {
            cacheControl: false,
            dotfiles: 'deny',
          });
      },
    );

  formRoute(app, ctx, {
    url: '/community/videos/:videoId/visibility',
    access: 'authenticated',
    params: videoParams,
    load: async (request, params) => {
      const open = await openVideo(uc(request), params.videoId);
      return open?.viewer.curates ? open : null;
    },
    initial: () => ({ reason: '' }),
    parse: (body, data) => parseHide(body, data.video.hiddenAt === null),
    view: ({ data, values, errors, csrfToken }) => ({
      backLink: <BackLink href={`/community/videos/${data.video.id}`}>Back to the video</BackLink>,
      title: data.video.hiddenAt ? 'Show this video again' : 'Hide this video',
      body: (
        <VideoVisibilityPage
          viewer={data.viewer}
          video={data.video}
          values={values}
          errors={errors}
          csrfToken={csrfToken}
        />
      ),
    }),
    change: async (request, data, value) => {
      const done = await setVideoVisibility(uc(request), {
        videoId: data.video.id,
        hide: data.video.hiddenAt === null,
        reason: value.reason,
      });
      return done ? { redirect: `/community/videos/${done.id}` } : null;
    },
  });
}
