/**
 * The video editor's form: the multipart body streamed to temporary files within the size caps
 * (the video is never held in memory: it is moved into place from its temporary file), uploaded
 * files recognised by their first bytes (not their names), and the YAML data of
 * content/videos/<id>.yaml with its media at /media/videos/<id>.<ext>, validated with VideoSchema.
 * Receiving holds one of the user's upload slots (uploads/receive-upload.ts).
 */
import { readFile } from 'node:fs/promises';
import { VideoSchema } from '../../../schemas/video.ts';
import { maxLength } from '../../../schemas/messages.ts';
import { receiveUpload, type HeldUpload } from '../uploads/receive-upload.ts';
import { UploadError } from '../uploads/stream-to-disk.ts';
import { UploadBusyError } from '../uploads/upload-slots.ts';
import { checkVtt } from '../../authoring/vtt.ts';
import { problemsFromIssues, type FieldProblem } from '../../authoring-forms/item-form.ts';
import { RefusedRequest } from '../../refused-request.ts';

/** Largest video file accepted: 200 MB. */
export const MAX_VIDEO_BYTES = 200 * 1024 * 1024;
const MAX_SIDE_FILE_BYTES = 5 * 1024 * 1024;
/** The text fields (a transcript of 100,000 characters is up to 400 KB of UTF-8) and the multipart envelope. */
const ENVELOPE_BYTES = 1024 * 1024;
/** Longest title and transcript a video may have (the longest of the demo videos' transcripts is under 1.500). */
export const MAX_VIDEO_TITLE = 300;
export const MAX_TRANSCRIPT = 100_000;

/** DOM ids (and names) of the fields. */
export const VIDEO_FIELDS = {
  title: 'title',
  video: 'tep-video',
  captions: 'tep-phu-de',
  poster: 'anh-dai-dien',
  transcript: 'transcript',
  duration: 'durationSeconds',
} as const;

/** The form as typed (files aside). */
export interface VideoInput {
  title: string;
  transcript: string;
  durationSeconds: string;
}

/** An uploaded file as received, read into memory (captions and poster: at most 5 MB). */
export interface UploadedFile {
  name: string;
  bytes: Uint8Array;
}

/** The uploaded video: left in its temporary file, with its size and first bytes. */
export interface StoredUpload {
  name: string;
  size: number;
  head: Uint8Array;
  /** The temporary file, to be moved into place. */
  file: string;
}

/** What the form sent. */
export interface VideoUpload {
  input: VideoInput;
  video?: StoredUpload;
  captions?: UploadedFile;
  poster?: UploadedFile;
  /** Frees the upload slot and removes temporary files not moved away; call it in a `finally`. */
  done(): Promise<void>;
}

/** The upload cannot be read at all (too large, not multipart, too many at once). */
export class VideoUploadError extends RefusedRequest {}

export const TOO_LARGE_MESSAGE =
  'Tệp video lớn hơn 200 MB, giới hạn cho một video. Hãy xuất lại video ngắn hơn hoặc ở độ phân giải thấp hơn (ví dụ 720p) rồi tải lên.';

const SIDE_TOO_LARGE =
  'Tệp phụ đề hoặc ảnh đại diện lớn hơn 5 MB: tệp .vtt thường chỉ vài chục KB, ảnh đại diện nên nhỏ hơn (ví dụ 1280×720).';

/**
 * Takes an upload slot of `userId` and receives the video form: files to temporary files, the
 * captions and poster then read (small). Throws VideoUploadError (413, 415, 400, 429); the slot
 * and the files are already freed then.
 */
export async function readVideoUpload(request: Request, userId: string): Promise<VideoUpload> {
  let upload: HeldUpload;
  try {
    upload = await receiveUpload(request, userId, 'video', {
      files: {
        [VIDEO_FIELDS.video]: { maxBytes: MAX_VIDEO_BYTES, tooLarge: TOO_LARGE_MESSAGE },
        [VIDEO_FIELDS.captions]: { maxBytes: MAX_SIDE_FILE_BYTES, tooLarge: SIDE_TOO_LARGE },
        [VIDEO_FIELDS.poster]: { maxBytes: MAX_SIDE_FILE_BYTES, tooLarge: SIDE_TOO_LARGE },
      },
      envelopeBytes: ENVELOPE_BYTES,
      maxFieldBytes: 512 * 1024,
      label: 'Video',
    });
  } catch (error) {
    if (error instanceof UploadBusyError) throw new VideoUploadError(429, error.message, error.retryAfterSeconds);
    if (error instanceof UploadError) {
      throw new VideoUploadError(
        error.status,
        error.reason === 'not-multipart' ? 'Hãy gửi video bằng biểu mẫu trên trang này.' : error.message,
      );
    }
    throw error;
  }
  const { done } = upload;
  try {
    const small = async (name: string): Promise<UploadedFile | undefined> => {
      const file = upload.files.get(name);
      return file ? { name: file.name, bytes: new Uint8Array(await readFile(file.path)) } : undefined;
    };
    const video = upload.files.get(VIDEO_FIELDS.video);
    const field = (name: string) => (upload.fields.get(name) ?? '').trim();
    return {
      input: { title: field('title'), transcript: field('transcript'), durationSeconds: field('durationSeconds') },
      video: video ? { name: video.name, size: video.size, head: video.head, file: video.path } : undefined,
      captions: await small(VIDEO_FIELDS.captions),
      poster: await small(VIDEO_FIELDS.poster),
      done,
    };
  } catch (error) {
    await done();
    throw error;
  }
}

/** The container a video file really is, from its first bytes. */
export function videoKind(bytes: Uint8Array): { ext: 'mp4' | 'webm'; type: 'video/mp4' | 'video/webm' } | undefined {
  const ascii = (from: number, to: number) => String.fromCharCode(...bytes.subarray(from, to));
  if (bytes.length >= 12 && ascii(4, 8) === 'ftyp') return { ext: 'mp4', type: 'video/mp4' };
  if (bytes.length >= 4 && bytes[0] === 0x1a && bytes[1] === 0x45 && bytes[2] === 0xdf && bytes[3] === 0xa3)
    return { ext: 'webm', type: 'video/webm' };
  return undefined;
}

/** The image format of a poster, from its first bytes. */
export function imageKind(bytes: Uint8Array): 'jpg' | 'png' | undefined {
  if (bytes.length >= 3 && bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff) return 'jpg';
  if (bytes.length >= 8 && bytes[0] === 0x89 && bytes[1] === 0x50 && bytes[2] === 0x4e && bytes[3] === 0x47)
    return 'png';
  return undefined;
}

/** Media of a video ready to store: public paths under public/ and their bytes, or the temporary file to move there. */
export type VideoMedia = { path: string; bytes: Uint8Array } | { path: string; file: string };

/** The stored video's current data, or undefined for a new one. */
export type StoredVideo = { sources: { src: string; type: string }[]; captions: string; poster: string } | undefined;

/**
 * Checks the upload against the stored video (files already there may be kept) and returns the
 * YAML data and the media to store, or the problems by field.
 */
export function prepareVideo(
  id: string,
  upload: Omit<VideoUpload, 'done'>,
  stored: StoredVideo,
): { ok: true; data: Record<string, unknown>; media: VideoMedia[] } | { ok: false; problems: FieldProblem[] } {
  const problems: FieldProblem[] = [];
  const media: VideoMedia[] = [];
  let sources = stored?.sources;
  let captions = stored?.captions;
  let poster = stored?.poster;

  if (upload.video) {
    const kind = videoKind(upload.video.head);
    if (upload.video.size > MAX_VIDEO_BYTES) problems.push({ field: VIDEO_FIELDS.video, message: TOO_LARGE_MESSAGE });
    else if (!kind)
      problems.push({
        field: VIDEO_FIELDS.video,
        message: `Tệp "${upload.video.name}" không phải video MP4 hay WebM. Hãy xuất video ở định dạng MP4 (H.264) rồi tải lên.`,
      });
    else {
      const path = `media/videos/${id}.${kind.ext}`;
      media.push({ path, file: upload.video.file });
      sources = [{ src: `/${path}`, type: kind.type }];
    }
  } else if (!sources)
    problems.push({ field: VIDEO_FIELDS.video, message: 'Hãy chọn tệp video (.mp4 hoặc .webm, tối đa 200 MB).' });

  if (upload.captions) {
    const source = new TextDecoder('utf-8', { fatal: false }).decode(upload.captions.bytes);
    const check =
      upload.captions.bytes.length > MAX_SIDE_FILE_BYTES
        ? { ok: false as const, message: 'Tệp phụ đề lớn hơn 5 MB: hãy kiểm tra lại, tệp .vtt thường chỉ vài chục KB.' }
        : checkVtt(source);
    if (!check.ok)
      problems.push({
        field: VIDEO_FIELDS.captions,
        message: `Tệp phụ đề "${upload.captions.name}": ${check.message}`,
      });
    else {
      const path = `media/videos/${id}.vi.vtt`;
      media.push({ path, bytes: upload.captions.bytes });
      captions = `/${path}`;
    }
  } else if (!captions)
    problems.push({
      field: VIDEO_FIELDS.captions,
      message: 'Hãy chọn tệp phụ đề tiếng Việt (.vtt): người học khiếm thính và người xem không bật tiếng cần phụ đề.',
    });

  if (upload.poster) {
    const kind = imageKind(upload.poster.bytes);
    if (upload.poster.bytes.length > MAX_SIDE_FILE_BYTES)
      problems.push({
        field: VIDEO_FIELDS.poster,
        message: 'Ảnh đại diện lớn hơn 5 MB: hãy dùng ảnh nhỏ hơn (ví dụ 1280×720).',
      });
    else if (!kind)
      problems.push({ field: VIDEO_FIELDS.poster, message: `Tệp "${upload.poster.name}" không phải ảnh JPG hay PNG.` });
    else {
      const path = `media/videos/${id}.${kind}`;
      media.push({ path, bytes: upload.poster.bytes });
      poster = `/${path}`;
    }
  } else if (!poster)
    problems.push({
      field: VIDEO_FIELDS.poster,
      message: 'Hãy chọn ảnh đại diện (.jpg hoặc .png): trình phát hiện ảnh này trước khi người học bấm phát.',
    });

  if (upload.input.title.length > MAX_VIDEO_TITLE)
    problems.push({ field: VIDEO_FIELDS.title, message: maxLength('Tên video (title)', MAX_VIDEO_TITLE).error });
  if (upload.input.transcript.length > MAX_TRANSCRIPT)
    problems.push({
      field: VIDEO_FIELDS.transcript,
      message: maxLength('Bản ghi lời (transcript)', MAX_TRANSCRIPT).error,
    });

  const duration =
    upload.input.durationSeconds === '' ? undefined : Number(upload.input.durationSeconds.replace(',', '.'));
  const data: Record<string, unknown> = {
    title: upload.input.title,
    sources: sources ?? [{ src: `/media/videos/${id}.mp4`, type: 'video/mp4' }],
    captions: captions ?? `/media/videos/${id}.vi.vtt`,
    poster: poster ?? `/media/videos/${id}.jpg`,
    durationSeconds: duration === undefined ? undefined : Number.isFinite(duration) ? Math.round(duration) : Number.NaN,
    transcript: upload.input.transcript.replace(/\r\n/g, '\n'),
  };
  const parsed = VideoSchema.safeParse(data);
  if (!parsed.success) {
    const fieldOf = (path: readonly PropertyKey[]) =>
      ({
        title: VIDEO_FIELDS.title,
        transcript: VIDEO_FIELDS.transcript,
        durationSeconds: VIDEO_FIELDS.duration,
        captions: VIDEO_FIELDS.captions,
        poster: VIDEO_FIELDS.poster,
      })[String(path[0])] ?? VIDEO_FIELDS.video;
    for (const problem of problemsFromIssues(parsed.error.issues, fieldOf))
      if (!problems.some((known) => known.field === problem.field)) problems.push(problem);
  }
  if (problems.length) return { ok: false, problems };
  return { ok: true, data: parsed.success ? parsed.data : data, media };
}
