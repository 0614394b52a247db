/**
 * The security headers of every response, in one place: astro.config.mjs takes the page policy's
 * directives from here (Astro adds script-src and style-src with the hashes of what it emits),
 * scripts/serve.mjs sets the defaults on every response, static files included, and
 * src/middleware.ts adjusts what Astro renders on request. Plain TypeScript with no imports, so
 * Node runs it as it is from serve.mjs and Vite bundles it into the server.
 *
 * H5P player frames (/h5p/…) keep their own sandbox policy (src/lib/server/h5p/sandbox-headers.ts).
 */

/** Where browsers send Content-Security-Policy violation reports (src/pages/api/csp-report.ts). */
export const CSP_REPORT_PATH = '/api/csp-report';

/** The Reporting API endpoint name that `report-to` refers to (see baseHeaders). */
export const CSP_REPORT_GROUP = 'csp';

/**
 * Every site page's directives besides script-src and style-src. Everything comes from this
 * server: no fonts, images or media from elsewhere, no plugins, no <base> rewriting, forms post
 * here only, and no other site may frame a page (the lesson editor frames its own preview, see
 * previewPolicy). report-uri is what Firefox and Safari use; Chromium uses report-to instead.
 * Media may also be a blob: the video editor reads a chosen file's duration by loading it into a
 * <video> through URL.createObjectURL; only the page's own (hashed or bundled) scripts can make one.
 */
export const PAGE_DIRECTIVES = [
  "default-src 'self'",
  "img-src 'self'",
  "media-src 'self' blob:",
  "font-src 'self'",
  "connect-src 'self'",
  "frame-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'self'",
  "frame-ancestors 'none'",
  `report-uri ${CSP_REPORT_PATH}`,
  `report-to ${CSP_REPORT_GROUP}`,
] as const;

/**
 * Style sources added to Astro's default (style-src 'self' plus the hashes of its inline <style>
 * elements). Style *attributes* are allowed, and only they ('unsafe-inline' in style-src-attr):
 * the statistics pages size their bars with style="width: …%" and Shiki colours lesson code
 * blocks with style="color: …", values no list of hashes can name. An attribute can neither run
 * script nor use selectors to read the page, and can load images only from img-src ('self').
 * script-src stays Astro's default: 'self' and hashes, never 'unsafe-inline' or 'unsafe-eval'.
 */
export const PAGE_STYLE_SOURCES = [{ resource: "'unsafe-inline'", kind: 'attribute' }] as const;

/** A page served without the policy Astro computed for it (which should not happen): no inline script at all. */
export const FALLBACK_PAGE_CSP = [
  ...PAGE_DIRECTIVES,
  "script-src 'self'",
  "style-src 'self'",
  "style-src-attr 'unsafe-inline'",
].join('; ');

/**
 * Anything that is not a page (media, downloads, JSON, PDFs), should it be opened as a document:
 * `sandbox` gives it an opaque origin with scripts off, so an uploaded SVG or XML file cannot run
 * script as this site. Inline styles only for the browser's own image viewer.
 */
export const FILE_CSP = "default-src 'none'; style-src 'unsafe-inline'; sandbox";

/**
 * Video and audio opened directly: no sandbox, because the browser's media viewer would then
 * fetch the file from an opaque origin as a cross-origin request and refuse it. The viewer
 * runs no script of the file's, and nosniff keeps a file with a media type from being read as
 * anything else.
 */
export const MEDIA_FILE_CSP = "default-src 'none'; media-src 'self'";

/**
 * A script file's policy matters only when it runs as a worker, which gets the policy of its own
 * response instead of the page's: requests to this server only.
 */
export const SCRIPT_FILE_CSP = "default-src 'self'; object-src 'none'; base-uri 'none'";

/**
 * Pagefind's worker (the search page) compiles its WebAssembly index reader, which needs
 * 'wasm-unsafe-eval' (WebAssembly only: eval and new Function stay blocked).
 */
export const SEARCH_WORKER_CSP =
  "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; object-src 'none'; base-uri 'none'";

/** True when `pathname` is one of the H5P player's pages or files, which other pages frame. */
export function isH5pPath(pathname: string): boolean {
  return pathname === '/h5p' || pathname.startsWith('/h5p/');
}

/**
 * The headers every response starts with; a response's own values win over these (serve.mjs
 * sets them before the handler runs). `siteUrl` is the public address (SITE_URL, read by the
 * caller), undefined when none is set. HSTS only when it is https: sent over plain http it would
 * be ignored anyway, and on a test or intranet server it would be wrong.
 */
export function baseHeaders(pathname: string, siteUrl: string | undefined): Record<string, string> {
  const headers: Record<string, string> = {
    'X-Content-Type-Options': 'nosniff',
    // Other sites learn nothing of the page a learner came from (course and lesson addresses).
    'Referrer-Policy': 'same-origin',
    // For browsers without frame-ancestors; H5P players are framed by lesson pages.
    'X-Frame-Options': isH5pPath(pathname) ? 'SAMEORIGIN' : 'DENY',
    'Reporting-Endpoints': `${CSP_REPORT_GROUP}="${CSP_REPORT_PATH}"`,
  };
  if (siteUrl && /^https:/i.test(siteUrl)) headers['Strict-Transport-Security'] = 'max-age=31536000; includeSubDomains';
  return headers;
}

/** True for an HTML content type (the only kind that gets a page policy). */
export function isHtml(contentType: string | null | undefined): boolean {
  return /^\s*text\/html\b/i.test(contentType ?? '');
}

/** The policy for a response that is not a page, by its content type (and path, for Pagefind). */
export function filePolicy(contentType: string | null | undefined, pathname = ''): string {
  const type = (contentType ?? '').trim().toLowerCase();
  if (/^(video|audio)\//.test(type)) return MEDIA_FILE_CSP;
  if (/^(text|application)\/(javascript|ecmascript)\b/.test(type))
    return pathname.startsWith('/pagefind/') ? SEARCH_WORKER_CSP : SCRIPT_FILE_CSP;
  return FILE_CSP;
}

/**
 * The key a prerendered page's policy is stored under in the build's _headers.json ("/",
 * "/khoa-hoc/x/y"), for any form of its address: with or without the trailing slash, as
 * ".../index.html", percent-encoded or not.
 */
export function pagePolicyKey(pathname: string): string {
  let path = pathname;
  try {
    path = decodeURI(path);
  } catch {
    // Keep a malformed address as it is: it matches no page.
  }
  path = path.replace(/\/index\.html$/, '/').replace(/\.html$/, '');
  if (path.length > 1) path = path.replace(/\/+$/, '');
  return path || '/';
}

/** One entry of the _headers.json that @astrojs/node writes with `staticHeaders: true`. */
interface StaticHeadersEntry {
  pathname: string;
  headers: { key: string; value: string }[];
}

/**
 * The Content-Security-Policy of each prerendered page, by pagePolicyKey, read from the build's
 * _headers.json text. Each page has its own policy (its own inline styles' hashes), so the page
 * must be matched exactly.
 */
export function pagePolicies(headersJson: string): Map<string, string> {
  const policies = new Map<string, string>();
  const entries = JSON.parse(headersJson) as StaticHeadersEntry[];
  for (const entry of entries) {
    const csp = entry.headers.find((header) => header.key.toLowerCase() === 'content-security-policy');
    if (csp) policies.set(pagePolicyKey(entry.pathname), csp.value);
  }
  return policies;
}

/** A policy as an ordered map of directive name → source list. */
export function parsePolicy(policy: string): Map<string, string[]> {
  const directives = new Map<string, string[]>();
  for (const part of policy.split(';')) {
    const [name, ...sources] = part.trim().split(/\s+/).filter(Boolean);
    if (name && !directives.has(name.toLowerCase())) directives.set(name.toLowerCase(), sources);
  }
  return directives;
}

/** A policy map written back as a header value. */
export function formatPolicy(directives: Map<string, string[]>): string {
  return [...directives].map(([name, sources]) => [name, ...sources].join(' ')).join('; ');
}

/** `policy` with frame-ancestors 'self' instead of 'none': for a page the site frames itself. */
export function allowFramingBySite(policy: string): string {
  const directives = parsePolicy(policy);
  directives.set('frame-ancestors', ["'self'"]);
  return formatPolicy(directives);
}

const HASH_SOURCE = /^'sha(256|384|512)-[A-Za-z0-9+/]+={0,2}'$/;

/** Hashes of inline contents already seen: pages rendered on request repeat the same few. */
const hashOf = new Map<string, Promise<string>>();
const HASHES_KEPT = 256;

/** The CSP source naming `text`'s SHA-256, computed once per distinct content. */
function sha256Source(text: string): Promise<string> {
  let hash = hashOf.get(text);
  if (!hash) {
    if (hashOf.size >= HASHES_KEPT) hashOf.clear();
    hash = crypto.subtle
      .digest('SHA-256', new TextEncoder().encode(text))
      .then((digest) => `'sha256-${btoa(String.fromCharCode(...new Uint8Array(digest)))}'`);
    hashOf.set(text, hash);
  }
  return hash;
}

/** The contents of inline <script> (no src) and <style> elements of a rendered page. */
function inlineElements(html: string): { scripts: string[]; styles: string[] } {
  const scripts: string[] = [];
  const styles: string[] = [];
  for (const match of html.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script\s*>/gi)) {
    if (!/\ssrc\s*=/i.test(` ${match[1]}`)) scripts.push(match[2]);
  }
  for (const match of html.matchAll(/<style\b[^>]*>([\s\S]*?)<\/style\s*>/gi)) styles.push(match[1]);
  return { scripts, styles };
}

/** Keeps, of the SHA-256 hashes in `directives`' `name` (Astro's default), only those of `contents`. */
async function keepHashesOf(directives: Map<string, string[]>, name: string, contents: string[]): Promise<void> {
  const sources = directives.get(name);
  if (!sources) return;
  const present = new Set(await Promise.all(contents.map(sha256Source)));
  directives.set(
    name,
    sources.filter((source) => !source.startsWith("'sha256-") || present.has(source)),
  );
}

/**
 * Astro's policy for a page with, in script-src and style-src, only the hashes of the inline
 * scripts and styles this page has. Astro names every hash of the whole site on every page (about
 * a hundred, 5 KB and growing with the site), more than a reverse proxy's default header buffer
 * (nginx: 4 KB) holds; the page needs one or two. It never allows anything Astro's policy did not.
 */
export async function policyForPage(astroPolicy: string, html: string): Promise<string> {
  const directives = parsePolicy(astroPolicy);
  const { scripts, styles } = inlineElements(html);
  await keepHashesOf(directives, 'script-src', scripts);
  await keepHashesOf(directives, 'style-src', styles);
  return formatPolicy(directives);
}

/**
 * The policy of a draft preview, the strictest of all: it shows text authors wrote, so nothing
 * runs that the page does not need. Only the hashes of Astro's policy for inline scripts and
 * styles this page has (policyForPage), so a script that found its way into author content
 * matches none; no workers, no WebAssembly; requests to this server only; forms only if the page
 * has one (the sign-out button); framed only by the site itself when `framedBySite` (the lesson
 * editor's live preview panel). Style attributes as on the published page (Shiki's code colours).
 */
export async function previewPolicy(
  astroPolicy: string,
  html: string,
  options: { framedBySite: boolean },
): Promise<string> {
  const page = parsePolicy(await policyForPage(astroPolicy, html));
  const hashes = (name: string) => (page.get(name) ?? []).filter((source) => HASH_SOURCE.test(source));
  const directives = new Map<string, string[]>([
    ['default-src', ["'self'"]],
    ['script-src', ["'self'", ...hashes('script-src')]],
    ['style-src', ["'self'", ...hashes('style-src')]],
    ['style-src-attr', ["'unsafe-inline'"]],
    ['img-src', ["'self'"]],
    ['media-src', ["'self'"]],
    ['font-src', ["'self'"]],
    ['connect-src', ["'self'"]],
    ['frame-src', ["'self'"]],
    ['worker-src', ["'none'"]],
    ['manifest-src', ["'none'"]],
    ['object-src', ["'none'"]],
    ['base-uri', ["'none'"]],
    ['form-action', [/<form\b/i.test(html) ? "'self'" : "'none'"]],
    ['frame-ancestors', [options.framedBySite ? "'self'" : "'none'"]],
    ['report-uri', [CSP_REPORT_PATH]],
    ['report-to', [CSP_REPORT_GROUP]],
  ]);
  return formatPolicy(directives);
}
