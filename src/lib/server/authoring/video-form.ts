/**
 * The video editor's form: the multipart body read within the size cap, uploaded files recognised
 * by their first bytes (not their names), and the YAML data of content/videos/<id>.yaml with its
 * media at /media/videos/<id>.<ext>, validated with VideoSchema. Pure apart from reading the body.
 */
import { VideoSchema } from '../../../schemas/video.ts';
import { maxLength } from '../../../schemas/messages.ts';
import { readBodyWithin } from '../limited-body.ts';
import { checkVtt } from './vtt.ts';
import { problemsFromIssues, text, type FieldProblem } from './item-form.ts';

/** Largest video file accepted: 200 MB. */
export const MAX_VIDEO_BYTES = 200 * 1024 * 1024;
const MAX_SIDE_FILE_BYTES = 5 * 1024 * 1024;
const ENVELOPE_BYTES = 2 * MAX_SIDE_FILE_BYTES + 256 * 1024;
/** Longest title and transcript a video may have (the longest of the demo videos' transcripts is under 1.500). */
export const MAX_VIDEO_TITLE = 300;
export const MAX_TRANSCRIPT = 100_000;

/** DOM ids (and names) of the fields. */
export const VIDEO_FIELDS = { title: 'title', video: 'tep-video', captions: 'tep-phu-de', poster: 'anh-dai-dien', transcript: 'transcript', duration: 'durationSeconds' } as const;

/** The form as typed (files aside). */
export interface VideoInput {
  title: string;
  transcript: string;
  durationSeconds: string;
}

/** An uploaded file as received. */
export interface UploadedFile {
  name: string;
  bytes: Uint8Array;
}

/** What the form sent. */
export interface VideoUpload {
  input: VideoInput;
  video?: UploadedFile;
  captions?: UploadedFile;
  poster?: UploadedFile;
}

/** The upload cannot be read at all (too large, not multipart). */
export class VideoUploadError extends Error {
  readonly status: number;
  constructor(status: number, message: string) {
    super(message);
    this.status = status;
  }
}

export const TOO_LARGE_MESSAGE = 'Tệp video lớn hơn 200 MB, giới hạn cho một video. Hãy xuất lại video ngắn hơn hoặc ở độ phân giải thấp hơn (ví dụ 720p) rồi tải lên.';

/** Reads the multipart body of the video form. Throws VideoUploadError (413, 415, 400). */
export async function readVideoUpload(request: Request): Promise<VideoUpload> {
  const contentType = request.headers.get('content-type') ?? '';
  if (!contentType.toLowerCase().startsWith('multipart/form-data')) throw new VideoUploadError(415, 'Hãy gửi video bằng biểu mẫu trên trang này.');
  const body = await readBodyWithin(request, MAX_VIDEO_BYTES + ENVELOPE_BYTES, 2 * MAX_VIDEO_BYTES);
  if (!body) throw new VideoUploadError(413, TOO_LARGE_MESSAGE);
  let form: FormData;
  try {
    form = await new Response(body, { headers: { 'Content-Type': contentType } }).formData();
  } catch {
    throw new VideoUploadError(400, 'Không đọc được dữ liệu gửi lên. Hãy chọn lại tệp rồi thử lại.');
  }
  const file = async (name: string): Promise<UploadedFile | undefined> => {
    const value = form.get(name);
    if (!(value instanceof File) || (value.size === 0 && !value.name)) return undefined;
    return { name: value.name, bytes: new Uint8Array(await value.arrayBuffer()) };
  };
  return {
    input: { title: text(form, 'title').trim(), transcript: text(form, 'transcript').trim(), durationSeconds: text(form, 'durationSeconds').trim() },
    video: await file(VIDEO_FIELDS.video),
    captions: await file(VIDEO_FIELDS.captions),
    poster: await file(VIDEO_FIELDS.poster),
  };
}

/** The container a video file really is, from its first bytes. */
export function videoKind(bytes: Uint8Array): { ext: 'mp4' | 'webm'; type: 'video/mp4' | 'video/webm' } | undefined {
  const ascii = (from: number, to: number) => String.fromCharCode(...bytes.subarray(from, to));
  if (bytes.length >= 12 && ascii(4, 8) === 'ftyp') return { ext: 'mp4', type: 'video/mp4' };
  if (bytes.length >= 4 && bytes[0] === 0x1a && bytes[1] === 0x45 && bytes[2] === 0xdf && bytes[3] === 0xa3) return { ext: 'webm', type: 'video/webm' };
  return undefined;
}

/** The image format of a poster, from its first bytes. */
export function imageKind(bytes: Uint8Array): 'jpg' | 'png' | undefined {
  if (bytes.length >= 3 && bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff) return 'jpg';
  if (bytes.length >= 8 && bytes[0] === 0x89 && bytes[1] === 0x50 && bytes[2] === 0x4e && bytes[3] === 0x47) return 'png';
  return undefined;
}

/** Media of a video ready to store: public paths under public/ and their bytes. */
export interface VideoMedia {
  path: string;
  bytes: Uint8Array;
}

/** The stored video's current data, or undefined for a new one. */
export type StoredVideo = { sources: { src: string; type: string }[]; captions: string; poster: string } | undefined;

/**
 * Checks the upload against the stored video (files already there may be kept) and returns the
 * YAML data and the media to store, or the problems by field.
 */
export function prepareVideo(id: string, upload: VideoUpload, stored: StoredVideo): { ok: true; data: Record<string, unknown>; media: VideoMedia[] } | { ok: false; problems: FieldProblem[] } {
  const problems: FieldProblem[] = [];
  const media: VideoMedia[] = [];
  let sources = stored?.sources;
  let captions = stored?.captions;
  let poster = stored?.poster;

  if (upload.video) {
    const kind = videoKind(upload.video.bytes);
    if (upload.video.bytes.length > MAX_VIDEO_BYTES) problems.push({ field: VIDEO_FIELDS.video, message: TOO_LARGE_MESSAGE });
    else if (!kind) problems.push({ field: VIDEO_FIELDS.video, message: `Tệp "${upload.video.name}" không phải video MP4 hay WebM. Hãy xuất video ở định dạng MP4 (H.264) rồi tải lên.` });
    else {
      const path = `media/videos/${id}.${kind.ext}`;
      media.push({ path, bytes: upload.video.bytes });
      sources = [{ src: `/${path}`, type: kind.type }];
    }
  } else if (!sources) problems.push({ field: VIDEO_FIELDS.video, message: 'Hãy chọn tệp video (.mp4 hoặc .webm, tối đa 200 MB).' });

  if (upload.captions) {
    const source = new TextDecoder('utf-8', { fatal: false }).decode(upload.captions.bytes);
    const check = upload.captions.bytes.length > MAX_SIDE_FILE_BYTES ? { ok: false as const, message: 'Tệp phụ đề lớn hơn 5 MB: hãy kiểm tra lại, tệp .vtt thường chỉ vài chục KB.' } : checkVtt(source);
    if (!check.ok) problems.push({ field: VIDEO_FIELDS.captions, message: `Tệp phụ đề "${upload.captions.name}": ${check.message}` });
    else {
      const path = `media/videos/${id}.vi.vtt`;
      media.push({ path, bytes: upload.captions.bytes });
      captions = `/${path}`;
    }
  } else if (!captions) problems.push({ field: VIDEO_FIELDS.captions, message: 'Hãy chọn tệp phụ đề tiếng Việt (.vtt): người học khiếm thính và người xem không bật tiếng cần phụ đề.' });

  if (upload.poster) {
    const kind = imageKind(upload.poster.bytes);
    if (upload.poster.bytes.length > MAX_SIDE_FILE_BYTES) problems.push({ field: VIDEO_FIELDS.poster, message: 'Ảnh đại diện lớn hơn 5 MB: hãy dùng ảnh nhỏ hơn (ví dụ 1280×720).' });
    else if (!kind) problems.push({ field: VIDEO_FIELDS.poster, message: `Tệp "${upload.poster.name}" không phải ảnh JPG hay PNG.` });
    else {
      const path = `media/videos/${id}.${kind}`;
      media.push({ path, bytes: upload.poster.bytes });
      poster = `/${path}`;
    }
  } else if (!poster) problems.push({ field: VIDEO_FIELDS.poster, message: 'Hãy chọn ảnh đại diện (.jpg hoặc .png): trình phát hiện ảnh này trước khi người học bấm phát.' });

  if (upload.input.title.length > MAX_VIDEO_TITLE) problems.push({ field: VIDEO_FIELDS.title, message: maxLength('Tên video (title)', MAX_VIDEO_TITLE).error });
  if (upload.input.transcript.length > MAX_TRANSCRIPT) problems.push({ field: VIDEO_FIELDS.transcript, message: maxLength('Bản ghi lời (transcript)', MAX_TRANSCRIPT).error });

  const duration = upload.input.durationSeconds === '' ? undefined : Number(upload.input.durationSeconds.replace(',', '.'));
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
    const fieldOf = (path: readonly PropertyKey[]) => ({ title: VIDEO_FIELDS.title, transcript: VIDEO_FIELDS.transcript, durationSeconds: VIDEO_FIELDS.duration, captions: VIDEO_FIELDS.captions, poster: VIDEO_FIELDS.poster })[String(path[0])] ?? VIDEO_FIELDS.video;
    for (const problem of problemsFromIssues(parsed.error.issues, fieldOf)) if (!problems.some((known) => known.field === problem.field)) problems.push(problem);
  }
  if (problems.length) return { ok: false, problems };
  return { ok: true, data: parsed.success ? parsed.data : data, media };
}
