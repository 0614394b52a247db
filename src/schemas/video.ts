import { z } from 'astro/zod';
import { positiveNumber, requiredText } from './messages.ts';

const MEDIA_PATH = /^\/media\/[a-z0-9][a-z0-9/._-]*$/;
const mediaMessage = (what: string) => ({
  error: `Đường dẫn ${what} phải nằm trong public/media và viết như "/media/videos/ten-tep.mp4" (chữ thường, không dấu, không khoảng trắng).`,
});

/** One encoding of a video. */
export const VideoSourceSchema = z.strictObject({
  /** Path under public/, e.g. "/media/videos/tiep-cong-dan.mp4". */
  src: z.string(requiredText('đường dẫn tệp video (src)')).regex(MEDIA_PATH, mediaMessage('tệp video (src)')),
  /** MIME type. */
  type: z.enum(['video/mp4', 'video/webm'], { error: 'Loại tệp (type) phải là "video/mp4" hoặc "video/webm".' }),
});

/** A short video: `content/videos/<id>.yaml`, its files in public/media/videos/. */
export const VideoSchema = z.strictObject({
  /** Title shown above the player. */
  title: z.string(requiredText('tên video (title)')).min(3, requiredText('tên video (title)')),
  /** Encodings, best first; an MP4 (H.264) is needed for older phones. */
  sources: z.array(VideoSourceSchema).min(1, { error: 'Cần ít nhất một tệp video (sources).' }),
  /** Vietnamese captions in WebVTT. */
  captions: z.string(requiredText('tệp phụ đề tiếng Việt (captions, .vtt)')).regex(/^\/media\/[a-z0-9/._-]+\.vtt$/, {
    error: 'Phụ đề (captions) phải là tệp WebVTT trong public/media, ví dụ "/media/videos/ten-tep.vi.vtt".',
  }),
  /** Poster image shown before playing. */
  poster: z.string(requiredText('ảnh đại diện (poster)')).regex(MEDIA_PATH, mediaMessage('ảnh đại diện (poster)')),
  /** Length in seconds. */
  durationSeconds: z.number({ error: 'Thời lượng (durationSeconds) phải là số giây, ví dụ 95.' }).positive(positiveNumber('Thời lượng (durationSeconds)')),
  /** Full transcript in Vietnamese, paragraphs separated by blank lines. */
  transcript: z.string(requiredText('bản ghi lời (transcript)')).min(50, {
    error: 'Bản ghi lời (transcript) quá ngắn: hãy chép đầy đủ lời trong video.',
  }),
});

export type Video = z.infer<typeof VideoSchema>;
