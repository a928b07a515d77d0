import { randomUUID } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { mkdir, rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { Transform, Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { FastifyRequest } from 'fastify';
import type { FieldError } from '../../ui/forms';
import { SNIFF_BYTES, sniffVideoType, VIDEO_EXTENSIONS, type VideoType } from './videos.forms';

/**
 * The video library's files on disk (issue 13). Uploads stream to a temporary file under the
 * uploads directory and are renamed into place only once the video is saved; every name is
 * Rapport's own (a random uuid), never the uploader's. The directory is outside public/: files
 * are served only through the community's routes, which check membership first.
 */

export const CAPTIONS_MAX_BYTES = 1024 * 1024;
const FIELD_MAX_BYTES = 512 * 1024;

export const videoDir = (uploadsDir: string) => join(uploadsDir, 'community-videos');
const tempDir = (uploadsDir: string) => join(uploadsDir, 'tmp');

export interface ReceivedUpload {
  /** The form's CSRF token, for the route's CSRF check (multipart bodies are read here). */
  csrf: string;
  fields: { title: string; description: string; transcript: string; spaces: string[] };
  video: { tempPath: string; bytes: number; type: VideoType } | null;
  captions: string | null;
  /** Problems with the files (type, size, captions), as NHS error summary entries. */
  errors: FieldError[];
  /** Every temporary file written, to remove whatever happens. */
  temps: string[];
}

const TEXT_FIELDS = ['title', 'description', 'transcript'] as const;
/** The text fields as the upload form labels them, so a message says which answer is meant. */
const FIELD_NAMES: Readonly<Record<string, string>> = {
  title: 'The title',
  description: 'The description',
  transcript: 'The transcript',
};

/**
 * Reads a multipart upload: the text fields, the captions (held in memory, at most 1 MB) and the
 * video, streamed to a temporary file while its first bytes are checked against the container it
 * claims to be. Never buffers the video; a file that is too large or of the wrong type is read to
 * its end (so the fields after it arrive) but not kept.
 */
export async function receiveUpload(
  request: FastifyRequest,
  options: { uploadsDir: string; maxVideoBytes: number },
): Promise<ReceivedUpload> {
  const received: ReceivedUpload = {
    csrf: '',
    fields: { title: '', description: '', transcript: '', spaces: [] },
    video: null,
    captions: null,
    errors: [],
    temps: [],
  };
  const problem = (field: string, message: string) => {
    if (!received.errors.some((e) => e.field === field)) received.errors.push({ field, message });
  };
  await mkdir(tempDir(options.uploadsDir), { recursive: true, mode: 0o700 });
  const parts = request.parts({
    limits: {
      fileSize: Math.max(options.maxVideoBytes, CAPTIONS_MAX_BYTES),
      files: 2,
      fields: 30,
      parts: 40,
      fieldSize: FIELD_MAX_BYTES,
    },
  });
  const takeField = (name: string, value: string, truncated: boolean) => {
    if (truncated)
      problem(name, `${FIELD_NAMES[name] ?? 'An answer'} is too long. Shorten it and try again`);
    if (name === '_csrf') received.csrf = value;
    else if (name === 'spaces') received.fields.spaces.push(value);
    else if ((TEXT_FIELDS as readonly string[]).includes(name))
      received.fields[name as (typeof TEXT_FIELDS)[number]] = value;
  };
  try {
    for await (const part of parts) {
      if (part.type === 'field') {
        takeField(part.fieldname, String(part.value), part.valueTruncated);
        continue;
      }
      if (part.fieldname === 'video' && !received.video) {
        const tempPath = join(tempDir(options.uploadsDir), `${randomUUID()}.part`);
        received.temps.push(tempPath);
        const stored = await streamVideo(part.file, tempPath, options.maxVideoBytes);
        if (part.file.truncated || stored === 'too_large')
          problem(
            'video',
            `The video must be smaller than ${Math.floor(options.maxVideoBytes / (1024 * 1024))} MB`,
          );
        else if (stored === 'empty') problem('video', 'Select a video file');
        else if (stored === 'wrong_type') problem('video', 'The video must be an MP4 or WebM file');
        else received.video = { tempPath, bytes: stored.bytes, type: stored.type };
      } else if (part.fieldname === 'captions' && received.captions === null) {
        const text = await readCaptions(part.file);
        if (text === null) problem('captions', 'The captions file must be smaller than 1 MB');
        else received.captions = text;
      } else {
        await drain(part.file);
      }
    }
  } catch (err) {
    // The size limit is reported above; any other parser error means the form did not arrive whole.
    const code = (err as { code?: string }).code;
    if (code !== 'FST_REQ_FILE_TOO_LARGE')
      problem('video', 'The upload did not arrive complete. Try again');
  }
  if (received.video && received.errors.some((e) => e.field === 'video')) received.video = null;
  return received;
}

type Stored = { bytes: number; type: VideoType } | 'too_large' | 'wrong_type' | 'empty';

async function streamVideo(
  file: NodeJS.ReadableStream,
  tempPath: string,
  maxBytes: number,
): Promise<Stored> {
  let head = Buffer.alloc(0);
  let type: VideoType | null | undefined;
  let bytes = 0;
  const check = new Transform({
    transform(chunk: Buffer, _encoding, done) {
      bytes += chunk.length;
      if (type === undefined) {
        head = Buffer.concat([head, chunk]).subarray(0, SNIFF_BYTES);
        if (head.length >= SNIFF_BYTES) type = sniffVideoType(head);
      }
      // A file of the wrong type or size is still read (the fields after it must arrive), not kept.
      done(null, type === null || bytes > maxBytes ? undefined : chunk);
    },
    flush(done) {
      if (type === undefined) type = bytes > 0 ? sniffVideoType(head) : null;
      done();
    },
  });
  await pipeline(file, check, createWriteStream(tempPath, { flags: 'wx', mode: 0o600 }));
  if (bytes === 0) return 'empty';
  if (bytes > maxBytes) return 'too_large';
  if (!type) return 'wrong_type';
  return { bytes, type };
}

async function readCaptions(file: NodeJS.ReadableStream): Promise<string | null> {
  const chunks: Buffer[] = [];
  let bytes = 0;
  await pipeline(
    file,
    new Writable({
      write(chunk: Buffer, _encoding, done) {
        bytes += chunk.length;
        if (bytes <= CAPTIONS_MAX_BYTES) chunks.push(chunk);
        done();
      },
    }),
  );
  return bytes > CAPTIONS_MAX_BYTES ? null : Buffer.concat(chunks).toString('utf8');
}

async function drain(file: NodeJS.ReadableStream) {
  await pipeline(
    file,
    new Writable({
      write: (_c, _e, done) => {
        done();
      },
    }),
  );
}

/** Moves an accepted upload into the library under new names; returns those names. */
export async function keepUpload(
  uploadsDir: string,
  video: { tempPath: string; type: VideoType },
  captions: string,
): Promise<{ videoFile: string; captionsFile: string }> {
  const dir = videoDir(uploadsDir);
  await mkdir(dir, { recursive: true, mode: 0o700 });
  const id = randomUUID();
  const videoFile = `${id}.${VIDEO_EXTENSIONS[video.type]}`;
  const captionsFile = `${id}.vtt`;
  await writeFile(join(dir, captionsFile), captions, { flag: 'wx', mode: 0o600 });
  await rename(video.tempPath, join(dir, videoFile));
  return { videoFile, captionsFile };
}

/** Removes files (temporary or kept), ignoring those already gone. */
export async function removeFiles(paths: readonly string[]): Promise<void> {
  await Promise.all(paths.map((p) => rm(p, { force: true })));
}
