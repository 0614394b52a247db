/**
 * Serving one file from a folder for the H5P routes: the requested path is checked segment by
 * segment (the same rules as an archive path), must stay inside the folder and name a regular
 * file; anything else is a plain 404.
 */
import { open } from 'node:fs/promises';
import { resolve, sep } from 'node:path';
import { extensionOf, unsafePathReason } from '../../h5p/package-rules.ts';
import { contentTypeOf, fileHeaders } from './sandbox-headers.ts';

/** A 404 under /h5p/, with the sandbox headers too (its body could be opened as a document). */
export function h5pNotFound(): Response {
  return new Response('Không tìm thấy tệp.', {
    status: 404,
    headers: fileHeaders('text/plain; charset=utf-8', { cache: 'no-store' }),
  });
}

/** The absolute path of `relativePath` inside `folder`, or null when it is not a safe file path. */
export function safePathInside(folder: string, relativePath: string | undefined): string | null {
  if (!relativePath || relativePath.endsWith('/') || unsafePathReason(relativePath)) return null;
  const root = resolve(folder);
  const path = resolve(root, ...relativePath.split('/'));
  return path.startsWith(root + sep) ? path : null;
}

/**
 * A single `Range: bytes=…` request (what media elements send to seek), or null to send the
 * whole file. Several ranges are answered with the whole file, which the standard allows.
 */
function byteRange(header: string | null, size: number): { start: number; end: number } | 'unsatisfiable' | null {
  const match = header ? /^bytes=(\d*)-(\d*)$/.exec(header.trim()) : null;
  if (!match || (match[1] === '' && match[2] === '')) return null;
  let start: number;
  let end: number;
  if (match[1] === '') {
    start = Math.max(0, size - Number(match[2]));
    end = size - 1;
  } else {
    start = Number(match[1]);
    end = match[2] === '' ? size - 1 : Math.min(Number(match[2]), size - 1);
  }
  return start > end || start >= size ? 'unsatisfiable' : { start, end };
}

/** The answer to a CORS preflight: some players (SoundJS) fetch media with a custom header. */
export function preflightResponse(): Response {
  return new Response(null, {
    status: 204,
    headers: {
      'Access-Control-Allow-Origin': '*',
      'Access-Control-Allow-Methods': 'GET, HEAD',
      'Access-Control-Allow-Headers': 'Accept, Content-Type, Range, X-Requested-With',
      'Access-Control-Max-Age': '86400',
    },
  });
}

/** The file at `relativePath` in `folder` with the sandbox headers, or a 404. */
export async function serveFileFrom(
  folder: string,
  relativePath: string | undefined,
  request: Request,
  options: { cache?: string; allowedExtensions?: ReadonlySet<string> } = {},
): Promise<Response> {
  const path = safePathInside(folder, relativePath);
  if (!path) return h5pNotFound();
  const extension = extensionOf(path);
  if (options.allowedExtensions && !options.allowedExtensions.has(extension)) return h5pNotFound();
  let handle;
  try {
    handle = await open(path, 'r');
  } catch {
    return h5pNotFound();
  }
  try {
    const info = await handle.stat();
    if (!info.isFile()) return h5pNotFound();
    const { contentType, download } = contentTypeOf(extension);
    const headers: Record<string, string> = {
      ...fileHeaders(contentType, { download, cache: options.cache }),
      'Accept-Ranges': 'bytes',
    };
    const range = byteRange(request.headers.get('range'), info.size);
    if (range === 'unsatisfiable') {
      return new Response(null, { status: 416, headers: { ...headers, 'Content-Range': `bytes */${info.size}` } });
    }
    if (range) {
      const length = range.end - range.start + 1;
      const partial = {
        ...headers,
        'Content-Range': `bytes ${range.start}-${range.end}/${info.size}`,
        'Content-Length': String(length),
      };
      if (request.method === 'HEAD') return new Response(null, { status: 206, headers: partial });
      const buffer = Buffer.alloc(length);
      await handle.read(buffer, 0, length, range.start);
      return new Response(buffer, { status: 206, headers: partial });
    }
    headers['Content-Length'] = String(info.size);
    if (request.method === 'HEAD') return new Response(null, { status: 200, headers });
    return new Response(await handle.readFile(), { status: 200, headers });
  } finally {
    await handle.close();
  }
}
