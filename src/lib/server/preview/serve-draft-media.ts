/**
 * Serving a draft's uploaded media (not yet in public/) to its preview: only files the draft
 * lists, streamed, with single byte ranges so a video can seek.
 */
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { Readable } from 'node:stream';
import type { CourseDraft } from '../../../../db/schema/index.ts';
import { draftMediaFile } from '../authoring/draft-files.ts';
import { notFoundResponse } from '../org/admin-guard.ts';

const CONTENT_TYPES: Record<string, string> = {
  mp4: 'video/mp4',
  webm: 'video/webm',
  vtt: 'text/vtt; charset=utf-8',
  jpg: 'image/jpeg',
  jpeg: 'image/jpeg',
  png: 'image/png',
  webp: 'image/webp',
  svg: 'image/svg+xml',
  pdf: 'application/pdf',
  txt: 'text/plain; charset=utf-8',
  docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
};

/** The content type a media file is served with (unknown kinds download as bytes). */
export function mediaContentType(path: string): string {
  return CONTENT_TYPES[path.split('.').at(-1)?.toLowerCase() ?? ''] ?? 'application/octet-stream';
}

/** A single `Range: bytes=a-b` (or `bytes=a-`, `bytes=-n`), or null for the whole file. */
export function byteRange(
  header: string | null,
  size: number,
): { start: number; end: number } | 'unsatisfiable' | null {
  const match = header ? /^bytes=(\d*)-(\d*)$/.exec(header.trim()) : null;
  if (!match || (match[1] === '' && match[2] === '')) return null;
  const start = match[1] === '' ? Math.max(0, size - Number(match[2])) : Number(match[1]);
  const end = match[1] === '' || match[2] === '' ? size - 1 : Math.min(Number(match[2]), size - 1);
  return start > end || start >= size ? 'unsatisfiable' : { start, end };
}

/** The draft's media file at `publicPath` ("media/videos/x.mp4"), or a 404. */
export async function serveDraftMedia(
  draft: Pick<CourseDraft, 'id' | 'media'>,
  publicPath: string | undefined,
  request: Request,
): Promise<Response> {
  const wanted = (publicPath ?? '').replace(/^\/+/, '');
  if (!draft.media.some((path) => path.replace(/^\/+/, '') === wanted)) return notFoundResponse();
  const file = draftMediaFile(draft.id, wanted);
  if (!file) return notFoundResponse();
  const info = await stat(file).catch(() => undefined);
  if (!info?.isFile()) return notFoundResponse();
  const headers: Record<string, string> = {
    'Content-Type': mediaContentType(wanted),
    'Accept-Ranges': 'bytes',
    'Cache-Control': 'private, no-store',
    'X-Content-Type-Options': 'nosniff',
  };
  const range = byteRange(request.headers.get('range'), info.size);
  if (range === 'unsatisfiable')
    return new Response(null, { status: 416, headers: { ...headers, 'Content-Range': `bytes */${info.size}` } });
  const { start, end } = range ?? { start: 0, end: info.size - 1 };
  headers['Content-Length'] = String(info.size === 0 ? 0 : end - start + 1);
  if (range) headers['Content-Range'] = `bytes ${start}-${end}/${info.size}`;
  const status = range ? 206 : 200;
  if (request.method === 'HEAD' || info.size === 0) return new Response(null, { status, headers });
  const stream = Readable.toWeb(createReadStream(file, { start, end })) as ReadableStream<Uint8Array>;
  return new Response(stream, { status, headers });
}
