import { z } from 'astro/zod';
import { mediaPathProblem } from '../lib/safe-url.ts';
import { maxLength, positiveNumber, requiredText } from './messages.ts';

/**
 * A file in public/media: lower-case "/media/…" with no "." or ".." segment (the shared rule of
 * src/lib/safe-url.ts), and for captions a .vtt file.
 */
function mediaPath(what: string, example: string, extension?: RegExp) {
  const message = `Đường dẫn ${what} phải nằm trong public/media và viết như "${example}" (chữ thường, không dấu, không khoảng trắng, không có "..").`;
  return z
    .string(requiredText(what))
    .refine(
      (path) =>
        /^\/media\/[a-z0-9][a-z0-9/._-]*$/.test(path) &&
        mediaPathProblem(path) === undefined &&
        (!extension || extension.test(path)),
      { error: message },
    );
}

/** One encoding of a video. */
export const VideoSourceSchema = z.strictObject({
  /** Path under public/, e.g. "/media/videos/tiep-cong-dan.mp4". */
  src: mediaPath('tệp video (src)', '/media/videos/ten-tep.mp4'),
  /** MIME type. */
  type: z.enum(['video/mp4', 'video/webm'], { error: 'Loại tệp (type) phải là "video/mp4" hoặc "video/webm".' }),
});

/** A short video: `content/videos/<id>.yaml`, its files in public/media/videos/. */
export const VideoSchema = z.strictObject({
  /** Title shown above the player. */
  title: z
    .string(requiredText('tên video (title)'))
    .min(3, requiredText('tên video (title)'))
    .max(300, maxLength('Tên video (title)', 300)),
  /** Encodings, best first; an MP4 (H.264) is needed for older phones. */
  sources: z.array(VideoSourceSchema).min(1, { error: 'Cần ít nhất một tệp video (sources).' }),
  /** Vietnamese captions in WebVTT. */
  captions: mediaPath('tệp phụ đề tiếng Việt WebVTT (captions, .vtt)', '/media/videos/ten-tep.vi.vtt', /\.vtt$/),
  /** Poster image shown before playing. */
  poster: mediaPath('ảnh đại diện (poster)', '/media/videos/ten-tep.jpg'),
  /** Length in seconds. */
  durationSeconds: z
    .number({ error: 'Thời lượng (durationSeconds) phải là số giây, ví dụ 95.' })
    .positive(positiveNumber('Thời lượng (durationSeconds)')),
  /** Full transcript in Vietnamese, paragraphs separated by blank lines. */
  transcript: z
    .string(requiredText('bản ghi lời (transcript)'))
    .min(50, {
      error: 'Bản ghi lời (transcript) quá ngắn: hãy chép đầy đủ lời trong video.',
    })
    .max(100_000, maxLength('Bản ghi lời (transcript)', 100_000)),
});

export type Video = z.infer<typeof VideoSchema>;
