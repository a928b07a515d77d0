import { checkText, tooLongMessage, type FieldError, type FormResult } from '../../ui/forms';

/**
 * The video library's pure checks (issue 13): what a file really is (its first bytes, not the
 * type the browser declared), whether captions are WebVTT with cue timings that parse, and the
 * upload form's text fields.
 */

export const VIDEO_TYPES = ['video/mp4', 'video/webm'] as const;
export type VideoType = (typeof VIDEO_TYPES)[number];
export const VIDEO_EXTENSIONS: Record<VideoType, string> = {
  'video/mp4': 'mp4',
  'video/webm': 'webm',
};

/** Bytes enough to recognise either container: the EBML header names its DocType early. */
export const SNIFF_BYTES = 64;

/**
 * The container a file's first bytes show: MP4 has an `ftyp` box at offset 4; WebM starts with
 * the EBML magic and declares DocType "webm" (plain Matroska is refused: browsers may not play it).
 */
export function sniffVideoType(head: Uint8Array): VideoType | null {
  const bytes = Buffer.from(head.buffer, head.byteOffset, head.byteLength);
  if (bytes.length >= 12 && bytes.toString('latin1', 4, 8) === 'ftyp') return 'video/mp4';
  if (
    bytes.length >= 8 &&
    bytes[0] === 0x1a &&
    bytes[1] === 0x45 &&
    bytes[2] === 0xdf &&
    bytes[3] === 0xa3 &&
    // DocType element (0x4282), then its size byte, then "webm".
    bytes.indexOf(Buffer.from([0x42, 0x82])) !== -1 &&
    bytes.toString('latin1').includes('webm')
  )
    return 'video/webm';
  return null;
}

export interface Cue {
  start: number;
  end: number;
  text: string;
}

const TIMESTAMP = /^(?:(\d{2,}):)?([0-5]\d):([0-5]\d)\.(\d{3})$/;

function seconds(stamp: string): number | null {
  const m = TIMESTAMP.exec(stamp);
  if (!m) return null;
  return Number(m[1] ?? 0) * 3600 + Number(m[2]) * 60 + Number(m[3]) + Number(m[4]) / 1000;
}

export type CaptionsResult = { ok: true; cues: Cue[] } | { ok: false; message: string };

/**
 * Parses WebVTT as the W3C format describes it, strictly enough to refuse what a browser would
 * not show: the "WEBVTT" signature first, then blocks separated by blank lines; every cue has a
 * timing line "start --> end" whose times parse and do not run backwards. NOTE, STYLE and REGION
 * blocks are allowed and skipped. At least one cue is required: empty captions caption nothing.
 */
export function parseWebVtt(source: string): CaptionsResult {
  const text = source.replace(/^\uFEFF/, '').replace(/\r\n?/g, '\n');
  const header = text.split('\n', 1)[0] ?? '';
  if (!/^WEBVTT(?:[ \t].*)?$/.test(header))
    return { ok: false, message: 'The captions file must be WebVTT: it must start with WEBVTT' };
  const blocks = text
    .split(/\n{2,}/)
    .slice(1)
    .map((b) => b.split('\n'))
    .filter((b) => b.some((l) => l.trim() !== ''));
  const cues: Cue[] = [];
  for (const block of blocks) {
    const first = block[0] ?? '';
    if (/^(NOTE|STYLE|REGION)(?:[ \t]|$)/.test(first)) continue;
    const timingAt = first.includes('-->') ? 0 : 1;
    const timing = block[timingAt];
    const m = timing ? /^(\S+)[ \t]+-->[ \t]+(\S+)(?:[ \t].*)?$/.exec(timing) : null;
    const start = m ? seconds(m[1] ?? '') : null;
    const end = m ? seconds(m[2] ?? '') : null;
    if (start === null || end === null)
      return {
        ok: false,
        message: `The captions file has a cue whose timing does not parse (“${(timing ?? first).slice(0, 60)}”)`,
      };
    if (end < start)
      return { ok: false, message: 'The captions file has a cue that ends before it starts' };
    cues.push({
      start,
      end,
      text: block
        .slice(timingAt + 1)
        .join('\n')
        .trimEnd(),
    });
  }
  if (cues.length === 0) return { ok: false, message: 'The captions file has no captions in it' };
  return { ok: true, cues };
}

/** The words of the captions, without voice tags or styling, as a transcript. */
export function transcriptFromCues(cues: readonly Cue[]): string {
  const lines: string[] = [];
  for (const cue of cues) {
    const words = cue.text
      .replace(/<[^>]*>/g, '')
      .replace(/&amp;/g, '&')
      .replace(/&lt;/g, '<')
      .replace(/&gt;/g, '>')
      .replace(/&nbsp;/g, ' ')
      .replace(/\s+/g, ' ')
      .trim();
    if (words && lines[lines.length - 1] !== words) lines.push(words);
  }
  return lines.join('\n');
}

export interface VideoFieldValues {
  title: string;
  description: string;
  transcript: string;
  spaces: string[];
}

export interface VideoDetails {
  title: string;
  description: string;
  /** Empty when the captions are to be the transcript. */
  transcript: string;
  spaceIds: string[];
}

export const TITLE_MAX = 120;
export const DESCRIPTION_MAX = 2000;
export const TRANSCRIPT_MAX = 100_000;

/** The text fields of the upload form, against the spaces the service has. */
export function parseVideoFields(
  values: VideoFieldValues,
  spaceIds: readonly string[],
): FormResult<VideoDetails> {
  const errors: FieldError[] = [];
  const title = checkText(errors, 'title', values.title.trim(), {
    required: 'Enter a title',
    label: 'The title',
    max: TITLE_MAX,
  });
  const description = checkText(errors, 'description', values.description.trim(), {
    required: 'Enter a short description of the video',
    label: 'The description',
    max: DESCRIPTION_MAX,
  });
  const transcript = checkText(errors, 'transcript', values.transcript.trim(), {
    label: 'The transcript',
    max: TRANSCRIPT_MAX,
  });
  const chosen = [...new Set(values.spaces)];
  if (chosen.length === 0 || chosen.some((s) => !spaceIds.includes(s)))
    errors.push({
      field: 'spaces',
      href: 'spaces-1',
      message: 'Select the spaces the video shows in',
    });
  return errors.length
    ? { ok: false, errors }
    : { ok: true, value: { title, description, transcript, spaceIds: chosen } };
}

export interface HideValues {
  reason: string;
}

export function parseHide(
  body: unknown,
  hiding: boolean,
): { values: HideValues; result: FormResult<{ reason: string }> } {
  const raw = (body as Record<string, unknown> | undefined)?.reason;
  const values = { reason: typeof raw === 'string' ? raw : '' };
  const reason = values.reason.trim();
  const fail = (message: string) => ({
    values,
    result: { ok: false as const, errors: [{ field: 'reason', message }] },
  });
  if (hiding && !reason) return fail('Enter why the video is being hidden');
  if (reason.length > 500) return fail(tooLongMessage('The reason', 500));
  return { values, result: { ok: true, value: { reason } } };
}
