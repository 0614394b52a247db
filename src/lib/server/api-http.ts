/**
 * HTTP details shared by the JSON endpoints (progress API, import pages, middleware): JSON
 * answers, a bounded JSON body, and zod issues in the API's error shape
 * {error, issues:[{path, message}]}.
 */
import { z } from 'astro/zod';
import type { ApiIssue } from '../../schemas/api/common.ts';

/** The headers of every JSON answer: no cache keeps it (it is always about one signed-in person). */
export const JSON_ANSWER_HEADERS: Readonly<Record<string, string>> = {
  'Content-Type': 'application/json; charset=utf-8',
  'Cache-Control': 'private, no-store',
};

/** What a JSON endpoint answers, before it is written (src/lib/server/json-api/endpoint.ts). */
export interface JsonAnswer {
  status: number;
  body: unknown;
  headers?: Record<string, string>;
}

export function answer(status: number, body: unknown, headers?: Record<string, string>): JsonAnswer {
  return { status, body, headers };
}

/** A JSON answer (see JSON_ANSWER_HEADERS). */
export function jsonResponse(status: number, body: unknown, headers: Record<string, string> = {}): Response {
  return new Response(JSON.stringify(body), { status, headers: { ...JSON_ANSWER_HEADERS, ...headers } });
}

/** True when a Content-Type declares JSON (charset and other parameters allowed). */
export function isJsonContentType(type: string | null | undefined): boolean {
  return (type ?? '').split(';')[0].trim().toLowerCase() === 'application/json';
}

/** True when the request declares a JSON body. */
export function isJsonRequest(request: Request): boolean {
  return isJsonContentType(request.headers.get('content-type'));
}

export type BodyRead = { ok: true; value: unknown } | { ok: false; status: 400 | 413; error: string };

/** Reads and parses a JSON body of at most `maxBytes`, without buffering more than that. */
export async function readJsonBody(request: Request, maxBytes: number): Promise<BodyRead> {
  const tooLarge = bodyTooLarge(maxBytes);
  const declared = Number(request.headers.get('content-length') ?? '0');
  if (declared > maxBytes) return tooLarge;
  const chunks: Uint8Array[] = [];
  let size = 0;
  if (request.body) {
    const reader = request.body.getReader();
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      size += value.byteLength;
      if (size > maxBytes) {
        await reader.cancel();
        return tooLarge;
      }
      chunks.push(value);
    }
  }
  return parsedJson(Buffer.concat(chunks));
}

/** The refusal of a body over `maxBytes`. */
export function bodyTooLarge(maxBytes: number): BodyRead {
  return {
    ok: false,
    status: 413,
    error: `Dữ liệu gửi lên quá lớn (tối đa ${Math.floor(maxBytes / 1024)} KB mỗi lần).`,
  };
}

/** A whole body parsed as JSON, or the refusal of one that is not. */
export function parsedJson(bytes: Buffer): BodyRead {
  try {
    return { ok: true, value: JSON.parse(bytes.toString('utf8')) };
  } catch {
    return { ok: false, status: 400, error: 'Dữ liệu gửi lên không phải JSON hợp lệ.' };
  }
}

const vietnamese = z.locales.vi();

/** Parses with Vietnamese messages for the checks a schema does not word itself. */
export function safeParseInVietnamese<T extends z.ZodType>(schema: T, value: unknown) {
  return schema.safeParse(value, { error: vietnamese.localeError });
}

/**
 * zod issues as API issues, one per field: a union reports its own confusion next to the
 * schema's clearer word on the same field, so a custom message wins over a generic one.
 */
export function apiIssues(error: z.ZodError): ApiIssue[] {
  const byPath = new Map<string, { message: string; custom: boolean }>();
  for (const issue of error.issues) {
    const path = issue.path.map(String).join('.');
    const custom = issue.code === 'custom';
    const known = byPath.get(path);
    if (!known || (custom && !known.custom)) byPath.set(path, { message: issue.message, custom });
  }
  return [...byPath.entries()].map(([path, { message }]) => ({ path, message }));
}
