/**
 * Runs before every request rendered on demand (prerendered pages are plain files):
 * refuses cross-origin state changes, loads the session, sends a user who must change a
 * temporary password to that page first, and sets the security headers of the answer.
 */
import type { APIContext } from 'astro';
import { defineMiddleware, sequence } from 'astro:middleware';
import { clearSessionCookie, sessionCookieName, setSessionCookie } from './lib/server/auth/cookie.ts';
import { validateSessionToken } from './lib/server/auth/sessions.ts';
import { CROSS_ORIGIN_REFUSED, isCrossOriginWrite } from './lib/server/origin-guard.ts';
import { jsonResponse } from './lib/server/api-http.ts';
import { ensureBackgroundWork } from './lib/server/background-work.ts';
import { CHANGE_PASSWORD_FIRST } from './lib/server/auth/temporary-password.ts';
import { offerHotPath } from './lib/server/hot-path/offer.ts';
import { PLAYER_CSP } from './lib/server/h5p/sandbox-headers.ts';
import { configuredSiteAddress } from './lib/server/site-address.ts';
import {
  CSP_REPORT_PATH,
  FALLBACK_PAGE_CSP,
  allowFramingBySite,
  baseHeaders,
  filePolicy,
  isH5pPath,
  isHtml,
  policyForPage,
  previewPolicy,
} from './lib/security-headers.ts';

// This build's hot path (src/lib/server/hot-path/) goes to scripts/serve.mjs, which loads this module with the build.
offerHotPath();

/** Astro checks the origin of form posts only; JSON and other bodies are checked here. */
const originGuard = defineMiddleware((context, next) => {
  if (context.isPrerendered) return next();
  if (isCrossOriginWrite(context.request, context.url)) {
    return jsonResponse(403, { error: CROSS_ORIGIN_REFUSED });
  }
  return next();
});

const PASSWORD_CHANGE_PATH = '/doi-mat-khau/';
/**
 * All a person holding a temporary password may do: read these two pages and run, on each, its
 * one action (also through /_actions/). Anything else, read or write, would let whoever was
 * handed the password act as the account without ever choosing a password of their own.
 */
const ALLOWED_BEFORE_PASSWORD_CHANGE: ReadonlyMap<string, string> = new Map([
  [PASSWORD_CHANGE_PATH, 'changeOwnPassword'],
  ['/dang-xuat/', 'signOut'],
]);
const ACTIONS_BEFORE_PASSWORD_CHANGE = new Set(ALLOWED_BEFORE_PASSWORD_CHANGE.values());

/** The answer for a request made before the temporary password is changed, or undefined to let it through. */
function beforePasswordChange(context: APIContext, path: string): Response | undefined {
  const { method } = context.request;
  const reading = method === 'GET' || method === 'HEAD';
  if (path.startsWith('/_actions/')) {
    const name = path.slice('/_actions/'.length, -1);
    if (method === 'POST' && ACTIONS_BEFORE_PASSWORD_CHANGE.has(name)) return undefined;
    // The body Astro's client reads back as an ActionError: code FORBIDDEN, this message.
    return jsonResponse(403, {
      type: 'AstroActionError',
      code: 'FORBIDDEN',
      status: 403,
      message: CHANGE_PASSWORD_FIRST,
    });
  }
  if (path.startsWith('/api/')) return jsonResponse(403, { error: CHANGE_PASSWORD_FIRST });
  const action = ALLOWED_BEFORE_PASSWORD_CHANGE.get(path);
  if (action !== undefined && (reading || (method === 'POST' && context.url.searchParams.get('_action') === action)))
    return undefined;
  // A form post (an action named in ?_action= runs only after this middleware) goes nowhere: 303 to the page.
  return context.redirect(PASSWORD_CHANGE_PATH, reading ? 302 : 303);
}

const session = defineMiddleware(async (context, next) => {
  // Prerendered pages are built once for everyone: no request, no session.
  if (context.isPrerendered) return next();
  ensureBackgroundWork();
  // H5P player and package files: untrusted, public, sandboxed; they never see or refresh a session.
  if (isH5pPath(context.url.pathname)) return next();
  // Violation reports need no session (and must not be turned away for a password change).
  if (context.url.pathname === CSP_REPORT_PATH) return next();
  const token = context.cookies.get(sessionCookieName(context.url))?.value;
  if (token) {
    const valid = await validateSessionToken(token);
    if (valid) {
      context.locals.user = valid.user;
      context.locals.sessionId = valid.sessionId;
      if (valid.refreshed) setSessionCookie(context.cookies, context.url, token, valid.cookieMaxAgeSeconds);
    } else {
      clearSessionCookie(context.cookies, context.url);
    }
  }
  const user = context.locals.user;
  const path = context.url.pathname.endsWith('/') ? context.url.pathname : `${context.url.pathname}/`;
  if (user?.mustChangePassword) {
    const refused = beforePasswordChange(context, path);
    if (refused) return refused;
  }
  return next();
});

/**
 * The Content-Security-Policy a rendered answer leaves with. Astro sets the page policy on every
 * page it renders, the H5P player's included, so the player gets its sandbox policy back here.
 * A page's policy keeps only the hashes the page uses (policyForPage), a draft preview's is the
 * strictest (previewPolicy); a page that lets the site frame it (X-Frame-Options: SAMEORIGIN)
 * gets frame-ancestors 'self' to match; an answer that is not a page (JSON, PDF, a draft's
 * uploaded file) the file policy.
 */
async function withPolicy(response: Response, pathname: string, preview: boolean): Promise<Response> {
  const headers = response.headers;
  const html = isHtml(headers.get('Content-Type'));
  const policy = headers.get('Content-Security-Policy');
  const framedBySite = headers.get('X-Frame-Options')?.toUpperCase() === 'SAMEORIGIN';
  if (isH5pPath(pathname)) {
    if (html) headers.set('Content-Security-Policy', PLAYER_CSP);
  } else if (!html) {
    // No body: nothing to open as a document, and a bodyless 404 becomes the 404 page, whose own
    // policy must not be overridden by this one (Astro keeps the first response's headers).
    if (!policy && response.body)
      headers.set('Content-Security-Policy', filePolicy(headers.get('Content-Type'), pathname));
  } else if (!policy) {
    headers.set('Content-Security-Policy', framedBySite ? allowFramingBySite(FALLBACK_PAGE_CSP) : FALLBACK_PAGE_CSP);
  } else if (response.body) {
    // The page is read whole to see which inline scripts and styles it has: its policy names those
    // only. Rendered pages are small; the header would otherwise carry every hash of the site.
    const body = await response.text();
    const own = preview ? await previewPolicy(policy, body, { framedBySite }) : await policyForPage(policy, body);
    headers.set('Content-Security-Policy', framedBySite && !preview ? allowFramingBySite(own) : own);
    headers.delete('Content-Length');
    return new Response(body, { status: response.status, statusText: response.statusText, headers });
  } else if (framedBySite) {
    headers.set('Content-Security-Policy', allowFramingBySite(policy));
  }
  return response;
}

/** The response itself, or a copy when its headers are immutable (one made by Response.redirect()). */
function withMutableHeaders(response: Response): Response {
  try {
    response.headers.set('X-Content-Type-Options', 'nosniff');
    return response;
  } catch {
    return new Response(response.body, response);
  }
}

const responseHeaders = defineMiddleware(async (context, next) => {
  // Prerendered pages: their policy is Astro's own, sent from _headers.json (scripts/serve.mjs).
  if (context.isPrerendered) return next();
  const response = withMutableHeaders(await next());
  // A page rendered for a signed-in person carries their name at least: no shared cache may keep
  // it. Pages that allow public caching (the catalog) differ by cookie.
  if (context.locals.user) response.headers.set('Cache-Control', 'private, no-store');
  else if (/\bpublic\b/.test(response.headers.get('Cache-Control') ?? '')) response.headers.append('Vary', 'Cookie');
  for (const [name, value] of Object.entries(baseHeaders(context.url.pathname, configuredSiteAddress()))) {
    if (!response.headers.has(name)) response.headers.set(name, value);
  }
  // `astro dev` computes no page policy (Vite injects inline scripts and styles); the built server does.
  if (import.meta.env.DEV) return response;
  return withPolicy(response, context.url.pathname, context.locals.contentPreview !== undefined);
});

// responseHeaders first, so the answers of the origin guard and the session step get them too.
export const onRequest = sequence(responseHeaders, originGuard, session);
