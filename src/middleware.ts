/**
 * Runs before every request rendered on demand (prerendered pages are plain files):
 * refuses cross-origin state changes, loads the session, and sends a user who must change a
 * temporary password to that page first.
 */
import { defineMiddleware, sequence } from 'astro:middleware';
import { SESSION_COOKIE, clearSessionCookie, setSessionCookie } from './lib/server/auth/cookie.ts';
import { validateSessionToken } from './lib/server/auth/sessions.ts';
import { isCrossOriginWrite } from './lib/server/origin-guard.ts';
import { jsonResponse } from './lib/server/api-http.ts';
import { ensureXapiSender } from './lib/server/xapi/sender.ts';
import { ensurePublishRunner } from './lib/server/publishing/runner.ts';


/** Astro checks the origin of form posts only; JSON and other bodies are checked here. */
const originGuard = defineMiddleware((context, next) => {
  if (context.isPrerendered) return next();
  if (isCrossOriginWrite(context.request, context.url)) {
    return jsonResponse(403, { error: 'Yêu cầu thay đổi dữ liệu từ trang web khác bị từ chối.' });
  }
  return next();
});

const PASSWORD_CHANGE_PATH = '/doi-mat-khau/';
const ALLOWED_BEFORE_PASSWORD_CHANGE = [PASSWORD_CHANGE_PATH, '/dang-xuat/', '/_actions/'];

const session = defineMiddleware(async (context, next) => {
  // Prerendered pages are built once for everyone: no request, no session.
  if (context.isPrerendered) return next();
  // Statements queued before a restart are sent without waiting for a new one (no-op without XAPI_ENDPOINT).
  ensureXapiSender();
  ensurePublishRunner();
  // H5P player and package files: untrusted, public, sandboxed; they never see or refresh a session.
  if (context.url.pathname.startsWith('/h5p/')) return next();
  const token = context.cookies.get(SESSION_COOKIE)?.value;
  if (token) {
    const valid = await validateSessionToken(token);
    if (valid) {
      context.locals.user = valid.user;
      context.locals.sessionId = valid.sessionId;
      if (valid.refreshed) setSessionCookie(context.cookies, context.url, token);
    } else {
      clearSessionCookie(context.cookies, context.url);
    }
  }
  const user = context.locals.user;
  const path = context.url.pathname.endsWith('/') ? context.url.pathname : `${context.url.pathname}/`;
  if (user?.mustChangePassword && !ALLOWED_BEFORE_PASSWORD_CHANGE.some((allowed) => path.startsWith(allowed))) {
    if (path.startsWith('/api/')) return jsonResponse(403, { error: 'Anh/chị cần đổi mật khẩu tạm thời trước khi tiếp tục.' });
    return context.redirect(PASSWORD_CHANGE_PATH);
  }
  return next();
});

const responseHeaders = defineMiddleware(async (context, next) => {
  const response = await next();
  // A page rendered for a signed-in person carries their name at least: no shared cache may keep
  // it. Pages that allow public caching (the catalog) differ by cookie.
  if (context.locals.user) response.headers.set('Cache-Control', 'private, no-store');
  else if (/\bpublic\b/.test(response.headers.get('Cache-Control') ?? '')) response.headers.append('Vary', 'Cookie');
  response.headers.set('X-Content-Type-Options', 'nosniff');
  response.headers.set('Referrer-Policy', 'same-origin');
  if (!response.headers.has('X-Frame-Options')) response.headers.set('X-Frame-Options', 'DENY');
  return response;
});

export const onRequest = sequence(originGuard, session, responseHeaders);
