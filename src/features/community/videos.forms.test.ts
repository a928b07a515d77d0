import { describe, expect, it } from 'vitest';
import {
  parseHide,
  parseVideoFields,
  parseWebVtt,
  sniffVideoType,
  transcriptFromCues,
} from './videos.forms';

const EBML_WEBM = Buffer.from([
  0x1a, 0x45, 0xdf, 0xa3, 0x9f, 0x42, 0x86, 0x81, 0x01, 0x42, 0xf7, 0x81, 0x01, 0x42, 0xf2, 0x81,
  0x04, 0x42, 0xf3, 0x81, 0x08, 0x42, 0x82, 0x84, 0x77, 0x65, 0x62, 0x6d, 0x42, 0x87, 0x81, 0x04,
]);
const MP4 = Buffer.concat([
  Buffer.from([0, 0, 0, 0x18]),
  Buffer.from('ftypisom', 'latin1'),
  Buffer.alloc(12),
]);

describe('sniffVideoType', () => {
  it('knows MP4 by its ftyp box and WebM by its EBML header and DocType', () => {
    expect(sniffVideoType(MP4)).toBe('video/mp4');
    expect(sniffVideoType(EBML_WEBM)).toBe('video/webm');
  });
  it('refuses other files whatever they are called, and plain Matroska', () => {
    expect(sniffVideoType(Buffer.from('%PDF-1.7 this is not a video at all'))).toBeNull();
    expect(sniffVideoType(Buffer.from('<html><script>alert(1)</script></html>'))).toBeNull();
    const mkv = Buffer.from(EBML_WEBM);
    mkv.write('matr', 24, 'latin1');
    expect(sniffVideoType(mkv)).toBeNull();
    expect(sniffVideoType(Buffer.alloc(0))).toBeNull();
    expect(sniffVideoType(MP4.subarray(0, 6))).toBeNull();
  });
});

describe('parseWebVtt', () => {
  it('reads cues with and without ids, hours optional, skipping notes and styles', () => {
    const r = parseWebVtt(
      '\uFEFFWEBVTT - recovery story\r\n\r\nNOTE made by the service\r\n\r\nSTYLE\r\n::cue { color: yellow }\r\n\r\n1\r\n00:00.000 --> 00:02.500 align:start\r\n<v Sam>Hello</v> and welcome\r\n\r\n01:00:02.500 --> 01:00:04.000\r\nSecond line\r\nmore\r\n',
    );
    expect(r).toEqual({
      ok: true,
      cues: [
        { start: 0, end: 2.5, text: '<v Sam>Hello</v> and welcome' },
        { start: 3602.5, end: 3604, text: 'Second line\nmore' },
      ],
    });
  });
  it('refuses a file without the WEBVTT signature (an SRT file, say)', () => {
    const srt = parseWebVtt('1\n00:00:00,000 --> 00:00:02,000\nHello\n');
    expect(srt.ok).toBe(false);
    expect(parseWebVtt('WEBVTTX\n\n00:00.000 --> 00:01.000\nHi').ok).toBe(false);
  });
  it('refuses timings that do not parse or run backwards, and files with no cues', () => {
    const bad = parseWebVtt('WEBVTT\n\n00:00,000 --> 00:02.000\nHello\n');
    expect(bad).toEqual({
      ok: false,
      message: expect.stringContaining('timing does not parse') as string,
    });
    expect(parseWebVtt('WEBVTT\n\nintro\n00:61.000 --> 00:62.000\nHi').ok).toBe(false);
    expect(parseWebVtt('WEBVTT\n\n00:05.000 --> 00:01.000\nHi')).toEqual({
      ok: false,
      message: 'The captions file has a cue that ends before it starts',
    });
    expect(parseWebVtt('WEBVTT\n\n')).toEqual({
      ok: false,
      message: 'The captions file has no captions in it',
    });
  });
});

describe('transcriptFromCues', () => {
  it('keeps the words, drops tags, entities decoded, and repeats once', () => {
    expect(
      transcriptFromCues([
        { start: 0, end: 1, text: '<v Sam>Hello</v>   &amp; welcome' },
        { start: 1, end: 2, text: 'Hello & welcome' },
        { start: 2, end: 3, text: '<i>Walking</i>\nhelps' },
      ]),
    ).toBe('Hello & welcome\nWalking helps');
  });
});

describe('parseVideoFields', () => {
  const spaces = ['s1', 's2'];
  it('needs a title, description and known spaces; the transcript may be left to the captions', () => {
    expect(
      parseVideoFields(
        { title: ' Walking ', description: 'A walk.', transcript: '', spaces: ['s2', 's2'] },
        spaces,
      ),
    ).toEqual({
      ok: true,
      value: { title: 'Walking', description: 'A walk.', transcript: '', spaceIds: ['s2'] },
    });
    const r = parseVideoFields(
      { title: '', description: '', transcript: '', spaces: ['s3'] },
      spaces,
    );
    expect(r.ok ? [] : r.errors.map((e) => e.field)).toEqual(['title', 'description', 'spaces']);
  });
});

describe('parseHide', () => {
  it('needs a reason to hide, not to show again', () => {
    expect(parseHide({ reason: ' ' }, true).result.ok).toBe(false);
    expect(parseHide({}, false).result).toEqual({ ok: true, value: { reason: '' } });
    expect(parseHide({ reason: 'Out of date' }, true)).toEqual({
      values: { reason: 'Out of date' },
      result: { ok: true, value: { reason: 'Out of date' } },
    });
  });
});
