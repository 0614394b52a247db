/**
 * Runs before every request rendered on demand (prerendered pages are plain files):
 * refuses cross-origin state changes, loads the session, and sends a user who must change a
 * temporary password to that page first.
 */
import { defineMiddleware, sequence } from 'astro:middleware';
import { SESSION_COOKIE, clearSessionCookie, setSessionCookie } from './lib/server/auth/cookie.ts';
import { validateSessionToken } from './lib/server/auth/sessions.ts';
import { isCrossOriginWrite } from './lib/server/origin-guard.ts';

const json = (status: number, message: string) =>
  new Response(JSON.stringify({ error: message }), { status, headers: { 'Content-Type': 'application/json; charset=utf-8' } });

/** Astro checks the origin of form posts only; JSON and other bodies are checked here. */
const originGuard = defineMiddleware((context, next) => {
  if (context.isPrerendered) return next();
  if (isCrossOriginWrite(context.request, context.url)) {
    return json(403, 'Yêu cầu thay đổi dữ liệu từ trang web khác bị từ chối.');
  }
  return next();
});

const PASSWORD_CHANGE_PATH = '/doi-mat-khau/';
const ALLOWED_BEFORE_PASSWORD_CHANGE = [PASSWORD_CHANGE_PATH, '/dang-xuat/', '/_actions/'];

const session = defineMiddleware(async (context, next) => {
  // Prerendered pages are built once for everyone: no request, no session.
  if (context.isPrerendered) return next();
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
    if (path.startsWith('/api/')) return json(403, 'Anh/chị cần đổi mật khẩu tạm thời trước khi tiếp tục.');
    return context.redirect(PASSWORD_CHANGE_PATH);
  }
  return next();
});

const securityHeaders = defineMiddleware(async (_context, next) => {
  const response = await next();
  response.headers.set('X-Content-Type-Options', 'nosniff');
  response.headers.set('Referrer-Policy', 'same-origin');
  if (!response.headers.has('X-Frame-Options')) response.headers.set('X-Frame-Options', 'DENY');
  return response;
});

export const onRequest = sequence(originGuard, session, securityHeaders);
