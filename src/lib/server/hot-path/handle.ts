/**
 * The hot path: the routes of routes.ts answered straight on node:http, without Astro's request
 * pipeline (Web Request and Response objects, route table, middleware chain, response streaming:
 * most of a small JSON request's CPU time). It does for them exactly what src/middleware.ts does
 * for every API request: starts the background work, refuses cross-origin writes, reads the
 * session (from the sessions cache: at most CACHE_TTL_MS stale, revocations seen within
 * REVOCATION_POLL_MS), refreshes or clears its cookie, and refuses everything to a temporary
 * password. scripts/serve.mjs has already set the security headers and applied TRUSTED_PROXIES.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { JSON_ANSWER_HEADERS, bodyTooLarge, parsedJson, type BodyRead, type JsonAnswer } from '../api-http.ts';
import { cookieFromHeader, sessionCookieName, sessionSetCookieHeader } from '../auth/cookie.ts';
import { validateSessionToken, type SessionUser } from '../auth/sessions.ts';
import { CHANGE_PASSWORD_FIRST } from '../auth/temporary-password.ts';
import { ensureBackgroundWork } from '../background-work.ts';
import { CROSS_ORIGIN_REFUSED, isCrossOriginWrite } from '../origin-guard.ts';
import { hotRouteOf, type HotRoute } from './routes.ts';

/**
 * Answers the request if it is one of the hot routes and returns true; otherwise returns false
 * and leaves it untouched for Astro.
 */
export function handleHotRequest(req: IncomingMessage, res: ServerResponse): boolean {
  const rawUrl = req.url ?? '/';
  const queryAt = rawUrl.indexOf('?');
  const found = hotRouteOf(req.method, queryAt === -1 ? rawUrl : rawUrl.slice(0, queryAt));
  if (!found) return false;
  // Forwarded by a proxy for another address than the build's: Astro decides what it believes.
  if (req.headers['x-forwarded-proto'] && !forwardedForBuildSite(req)) return false;
  answerHot(req, res, found.route, found.params).catch((error: unknown) => {
    console.error('Lỗi khi xử lý yêu cầu:', error);
    if (!res.headersSent) writeAnswer(res, { status: 500, body: { error: 'Lỗi máy chủ.' } });
    else res.destroy();
  });
  return true;
}

async function answerHot(
  req: IncomingMessage,
  res: ServerResponse,
  route: HotRoute,
  params: Record<string, string>,
): Promise<void> {
  ensureBackgroundWork();
  const url = requestUrl(req);
  const headers = { get: (name: string) => headerOf(req, name) };
  if (isCrossOriginWrite({ method: req.method ?? 'GET', headers }, url))
    return writeAnswer(res, { status: 403, body: { error: CROSS_ORIGIN_REFUSED } });

  let user: SessionUser | undefined;
  let setCookie: string | undefined;
  if (route.session) {
    const token = cookieFromHeader(req.headers.cookie, sessionCookieName(url));
    if (token) {
      const valid = await validateSessionToken(token);
      if (valid) {
        user = valid.user;
        if (valid.refreshed) setCookie = sessionSetCookieHeader(url, token, valid.cookieMaxAgeSeconds);
      } else {
        setCookie = sessionSetCookieHeader(url, '', 0);
      }
    }
    if (user?.mustChangePassword)
      return writeAnswer(res, { status: 403, body: { error: CHANGE_PASSWORD_FIRST } }, setCookie);
  }

  const result = await route.endpoint({
    user,
    params,
    query: url.searchParams,
    contentType: headerOf(req, 'content-type'),
    readJson: (maxBytes) => readJson(req, maxBytes),
  });
  writeAnswer(res, result, setCookie);
}

function headerOf(req: IncomingMessage, name: string): string | null {
  const value = req.headers[name];
  return Array.isArray(value) ? value.join(', ') : (value ?? null);
}

/**
 * The site this build was made for: astro.config.mjs's `site`, SITE_URL at build time. Astro
 * believes a proxy's X-Forwarded-Proto/-Host only for that address (its allowedDomains, also from
 * SITE_URL at build time), so the hot path does too, whatever SITE_URL says at run time: both
 * paths must see the same scheme, and so read the same session cookie (__Host- over https).
 */
const BUILD_SITE = new URL(import.meta.env?.SITE ?? 'http://127.0.0.1');

/**
 * The request's URL as Astro sees it: the build's https site when a trusted proxy (serve.mjs
 * removed the headers of any other) forwarded it for that host over https, otherwise plain http
 * on the Host header.
 */
function requestUrl(req: IncomingMessage): URL {
  if (forwardedForBuildSite(req)) return new URL(req.url ?? '/', BUILD_SITE.origin);
  return new URL(req.url ?? '/', `http://${req.headers.host ?? 'localhost'}`);
}

/** True when a trusted proxy forwarded the request over https for the build's https site. */
function forwardedForBuildSite(req: IncomingMessage): boolean {
  const forwardedHost = headerOf(req, 'x-forwarded-host') ?? req.headers.host;
  return (
    BUILD_SITE.protocol === 'https:' &&
    headerOf(req, 'x-forwarded-proto') === 'https' &&
    forwardedHost === BUILD_SITE.host
  );
}

/** Reads a JSON body of at most `maxBytes` without buffering more (see readJsonBody). */
function readJson(req: IncomingMessage, maxBytes: number): Promise<BodyRead> {
  if (Number(req.headers['content-length'] ?? '0') > maxBytes) return Promise.resolve(bodyTooLarge(maxBytes));
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size <= maxBytes) return void chunks.push(chunk);
      // The rest is read and dropped by node:http once the answer is written.
      req.off('data', onData);
      resolve(bodyTooLarge(maxBytes));
    };
    req.on('data', onData);
    req.once('end', () => resolve(parsedJson(Buffer.concat(chunks, Math.min(size, maxBytes)))));
    req.once('error', () => resolve({ ok: false, status: 400, error: 'Không đọc được dữ liệu gửi lên.' }));
  });
}

function writeAnswer(res: ServerResponse, result: JsonAnswer, setCookie?: string): void {
  const body = JSON.stringify(result.body);
  const headers: Record<string, string | number> = {
    ...JSON_ANSWER_HEADERS,
    ...result.headers,
    'Content-Length': Buffer.byteLength(body),
  };
  if (setCookie) headers['Set-Cookie'] = setCookie;
  res.writeHead(result.status, headers).end(body);
}
