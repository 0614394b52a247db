/**
 * The headers every response under /h5p/ carries. H5P packages are untrusted: their scripts (and
 * any script hidden in an SVG) must never run with the platform's origin. `Content-Security-Policy:
 * sandbox` gives each such document an opaque origin ("null") whichever way it is opened, in the
 * lesson's <iframe sandbox="allow-scripts"> or typed into the address bar, so it cannot read the
 * platform's cookies or storage or call its API with the learner's credentials.
 */

/**
 * The player page: scripts allowed (H5P needs them) but only from this server, in an opaque
 * origin. 'unsafe-eval' because H5P.MultiChoice compiles its EmbeddedJS templates with `new
 * Function`; it gives a package nothing its own scripts could not already do, since the boundary
 * that protects the platform is the opaque origin, not the script source. Inline styles are
 * allowed because H5P libraries build their markup with style attributes. Nothing may be fetched
 * from another site, posted, or framed except by the platform.
 */
export const PLAYER_CSP = [
  'sandbox allow-scripts',
  "default-src 'none'",
  "script-src 'self' 'unsafe-eval'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: blob:",
  "media-src 'self' blob:",
  "font-src 'self' data:",
  "connect-src 'self'",
  "frame-ancestors 'self'",
  "base-uri 'none'",
  "form-action 'none'",
].join('; ');

/**
 * Package files and the player's own files: loaded by the player as scripts, styles, images and
 * JSON, where this policy does not apply. It matters only when one is opened as a document (an
 * SVG with a script, say): then it gets an opaque origin and no script runs at all.
 */
export const FILE_CSP = [
  'sandbox',
  "default-src 'none'",
  "img-src 'self' data:",
  "style-src 'unsafe-inline'",
  "font-src 'self' data:",
].join('; ');

/** Cache for ever: the URL names an immutable version. */
export const IMMUTABLE = 'public, max-age=31536000, immutable';

/** Headers of the player page. */
export function playerHeaders(): Record<string, string> {
  return {
    'Content-Type': 'text/html; charset=utf-8',
    'Content-Security-Policy': PLAYER_CSP,
    'X-Content-Type-Options': 'nosniff',
    // Older browsers that ignore frame-ancestors: only the platform's own pages may frame the player.
    'X-Frame-Options': 'SAMEORIGIN',
    'Cache-Control': 'no-cache',
  };
}

/**
 * Headers of a file the player loads. The player's opaque origin makes every fetch cross-origin:
 * JSON and fonts are read with CORS, so they need `Access-Control-Allow-Origin: *` (public course
 * material, never with credentials).
 */
export function fileHeaders(
  contentType: string,
  options: { download?: boolean; cache?: string } = {},
): Record<string, string> {
  return {
    'Content-Type': contentType,
    'Content-Security-Policy': FILE_CSP,
    'X-Content-Type-Options': 'nosniff',
    'Access-Control-Allow-Origin': '*',
    'Cache-Control': options.cache ?? IMMUTABLE,
    ...(options.download ? { 'Content-Disposition': 'attachment' } : {}),
  };
}

/** Types a browser may render or run from a package; anything else is sent as a download. */
const CONTENT_TYPES: Record<string, string> = {
  json: 'application/json; charset=utf-8',
  js: 'text/javascript; charset=utf-8',
  css: 'text/css; charset=utf-8',
  png: 'image/png',
  jpg: 'image/jpeg',
  jpeg: 'image/jpeg',
  gif: 'image/gif',
  bmp: 'image/bmp',
  svg: 'image/svg+xml',
  webp: 'image/webp',
  mp3: 'audio/mpeg',
  m4a: 'audio/mp4',
  wav: 'audio/wav',
  ogg: 'audio/ogg',
  mp4: 'video/mp4',
  m4v: 'video/mp4',
  webm: 'video/webm',
  vtt: 'text/vtt; charset=utf-8',
  txt: 'text/plain; charset=utf-8',
  woff: 'font/woff',
  woff2: 'font/woff2',
  ttf: 'font/ttf',
  otf: 'font/otf',
  eot: 'application/vnd.ms-fontobject',
};

/** Content type of a package file by extension, and whether it must be downloaded rather than shown. */
export function contentTypeOf(extension: string): { contentType: string; download: boolean } {
  const known = CONTENT_TYPES[extension];
  return known ? { contentType: known, download: false } : { contentType: 'application/octet-stream', download: true };
}
