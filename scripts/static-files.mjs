// The build's files (client/: /_astro/…, /pagefind/…, /media/…, prerendered pages) served by
// scripts/serve.mjs ahead of the build's handler, so they skip @astrojs/node's static handler
// (which matches every request against Astro's routes) and are sent precompressed:
// <file>.br or <file>.gz (scripts/precompress.mjs) chosen by Accept-Encoding, with Vary,
// Content-Length, ETag/Last-Modified, 304 and HEAD. Headers otherwise as @astrojs/node's `send`
// gives them (Content-Type, Cache-Control "public, max-age=0", hashed /_astro/ files immutable);
// serve.mjs's secure() has set the security headers and settles the CSP at writeHead.
// Range requests, other methods and anything not found go on to the build's handler.
//
// A build's client folder never changes once built (a publication writes a new folder), so what
// a path resolves to is remembered per folder, and small files are kept in memory (bounded).
//
// Behind Caddy (deploy/caddy/Caddyfile) these files are served from disk by Caddy itself, through
// data/current-client, a symlink that linkCurrentClient points at the build serving.
import {
  createReadStream,
  mkdirSync,
  readFileSync,
  readlinkSync,
  renameSync,
  rmSync,
  statSync,
  symlinkSync,
} from 'node:fs';
import { dirname, join, posix, relative, resolve, sep } from 'node:path';

/** Files up to this size are kept in memory once read. */
const MAX_CACHED_FILE = 256 * 1024;
/** All kept file bodies together. */
const MAX_CACHED_BYTES = 64 * 1024 * 1024;
/** Paths remembered per client folder (found or not): a crawler cannot grow it without end. */
const MAX_PATHS = 20_000;
/** Client folders remembered: the current build and ones still draining. */
const MAX_FOLDERS = 3;

/** The same types `send` (mime-types) gives these extensions; anything else is a download. */
const TYPES = {
  html: 'text/html; charset=utf-8',
  css: 'text/css; charset=utf-8',
  js: 'text/javascript; charset=utf-8',
  mjs: 'text/javascript; charset=utf-8',
  json: 'application/json; charset=utf-8',
  map: 'application/json; charset=utf-8',
  webmanifest: 'application/manifest+json; charset=utf-8',
  txt: 'text/plain; charset=utf-8',
  vtt: 'text/vtt; charset=utf-8',
  xml: 'application/xml',
  svg: 'image/svg+xml',
  wasm: 'application/wasm',
  ico: 'image/vnd.microsoft.icon',
  png: 'image/png',
  jpg: 'image/jpeg',
  jpeg: 'image/jpeg',
  gif: 'image/gif',
  webp: 'image/webp',
  avif: 'image/avif',
  mp4: 'video/mp4',
  webm: 'video/webm',
  mp3: 'audio/mpeg',
  m4a: 'audio/mp4',
  ogg: 'audio/ogg',
  wav: 'audio/wav',
  pdf: 'application/pdf',
  zip: 'application/zip',
  woff: 'font/woff',
  woff2: 'font/woff2',
};

/** Encodings written by scripts/precompress.mjs, in the order preferred when the client likes both equally. */
const ENCODINGS = [
  ['br', '.br'],
  ['gzip', '.gz'],
];

/**
 * @typedef {{ path: string, size: number, etag: string }} Variant
 * @typedef {{ type: string, mtime: Date, lastModified: string, cacheControl: string,
 *   identity: Variant, encoded: Map<string, Variant> }} StaticFile
 */

/** @type {Map<string, Map<string, StaticFile | null>>} client folder → URL path → file (null: none) */
const folders = new Map();
/** @type {Map<string, Buffer>} file path → body, oldest first */
const bodies = new Map();
let bodyBytes = 0;

/** The client folder of a build, from its server entry (…/server/entry.mjs). */
export function clientDirOf(entry) {
  return resolve(dirname(entry), '..', 'client');
}

function statOrNull(path) {
  try {
    return statSync(path);
  } catch {
    return null;
  }
}

/** `send`'s (the etag package's) weak validator for a file, so caches made before stay valid. */
function weakEtag(stats, suffix = '') {
  return `W/"${stats.size.toString(16)}-${stats.mtime.getTime().toString(16)}${suffix}"`;
}

/** The file a URL path names in `clientDir` (a folder's index.html), or null; never outside it. */
function lookUp(clientDir, pathname) {
  let decoded;
  try {
    decoded = decodeURIComponent(pathname);
  } catch {
    return null;
  }
  if (decoded.includes('\0') || decoded.includes('\\')) return null;
  const normal = posix.normalize(decoded);
  // Dot files and folders (and ".." that normalize left) are not served, as `send` denies them.
  if (normal.split('/').some((part) => part.startsWith('.'))) return null;
  let path = join(clientDir, normal);
  if (!path.startsWith(clientDir + sep)) return null;
  let stats = statOrNull(path);
  if (stats?.isDirectory()) {
    path = join(path, 'index.html');
    stats = statOrNull(path);
  }
  if (!stats?.isFile()) return null;
  const extension = /\.([a-z0-9]+)$/i.exec(path)?.[1]?.toLowerCase() ?? '';
  const encoded = new Map();
  for (const [coding, suffix] of ENCODINGS) {
    const variant = statOrNull(path + suffix);
    // One older than its file was made from an earlier version of it (the file was edited since).
    if (variant?.isFile() && variant.mtimeMs >= stats.mtimeMs)
      encoded.set(coding, { path: path + suffix, size: variant.size, etag: weakEtag(variant, `-${coding}`) });
  }
  return {
    type: TYPES[extension] ?? 'application/octet-stream',
    mtime: stats.mtime,
    lastModified: stats.mtime.toUTCString(),
    // As @astrojs/node: hashed build files never change; anything else is checked every time.
    cacheControl: normal.startsWith('/_astro/') ? 'public, max-age=31536000, immutable' : 'public, max-age=0',
    identity: { path, size: stats.size, etag: weakEtag(stats) },
    encoded,
  };
}

/** The file for `pathname` in `clientDir`, remembered. */
function fileOf(clientDir, pathname) {
  let paths = folders.get(clientDir);
  if (!paths) {
    if (folders.size >= MAX_FOLDERS) folders.delete(folders.keys().next().value);
    paths = new Map();
    folders.set(clientDir, paths);
  }
  if (paths.has(pathname)) return paths.get(pathname);
  const file = lookUp(clientDir, pathname);
  if (paths.size >= MAX_PATHS) paths.clear();
  paths.set(pathname, file);
  return file;
}

/** The codings the client accepts, by its q-values (RFC 9110 §12.5.3); identity is always fine. */
export function chooseEncoding(acceptEncoding, available) {
  if (!acceptEncoding || available.size === 0) return 'identity';
  const weights = new Map();
  for (const part of acceptEncoding.split(',')) {
    const [name, ...params] = part.trim().toLowerCase().split(';');
    if (!name) continue;
    const q = params.map((param) => /^\s*q\s*=\s*([0-9.]+)\s*$/.exec(param)?.[1]).find(Boolean);
    weights.set(name, q === undefined ? 1 : Number(q));
  }
  let best = 'identity';
  let bestWeight = 0;
  for (const [coding] of ENCODINGS) {
    if (!available.has(coding)) continue;
    const weight = weights.get(coding) ?? weights.get('*') ?? 0;
    if (weight > bestWeight) {
      best = coding;
      bestWeight = weight;
    }
  }
  return best;
}

/** True when the request's validators say the client's copy is current (as `send` decides). */
function notModified(req, etag, mtime) {
  const match = req.headers['if-none-match'];
  if (match) {
    if (match.trim() === '*') return true;
    const bare = etag.replace(/^W\//, '');
    return match.split(',').some((tag) => tag.trim().replace(/^W\//, '') === bare);
  }
  const since = Date.parse(req.headers['if-modified-since'] ?? '');
  return Number.isFinite(since) && Math.floor(mtime.getTime() / 1000) * 1000 <= since;
}

/** A small file's body from memory (read once), or null for a large one. */
function bodyOf(variant) {
  if (variant.size > MAX_CACHED_FILE) return null;
  let body = bodies.get(variant.path);
  if (body) {
    // Most recently used last: the oldest goes first when memory runs short.
    bodies.delete(variant.path);
    bodies.set(variant.path, body);
    return body;
  }
  body = readFileSync(variant.path);
  bodies.set(variant.path, body);
  bodyBytes += body.length;
  for (const [path, old] of bodies) {
    if (bodyBytes <= MAX_CACHED_BYTES) break;
    bodies.delete(path);
    bodyBytes -= old.length;
  }
  return body;
}

/**
 * Answers `req` with a file of the build whose server entry is `entry` and returns true, or
 * returns false (nothing written) when the build's handler should answer: not GET or HEAD, a
 * Range request, or no such file.
 */
export function serveStatic(req, res, entry) {
  if ((req.method !== 'GET' && req.method !== 'HEAD') || req.headers.range) return false;
  const url = req.url ?? '/';
  const end = url.search(/[?#]/);
  const file = fileOf(clientDirOf(entry), end < 0 ? url : url.slice(0, end));
  if (!file) return false;

  const coding = chooseEncoding(req.headers['accept-encoding'], file.encoded);
  const variant = coding === 'identity' ? file.identity : file.encoded.get(coding);
  const headers = {
    'Cache-Control': file.cacheControl,
    ETag: variant.etag,
    'Last-Modified': file.lastModified,
  };
  if (file.encoded.size > 0) headers.Vary = 'Accept-Encoding';
  if (notModified(req, variant.etag, file.mtime)) {
    res.writeHead(304, headers);
    res.end();
    return true;
  }
  let body = null;
  try {
    if (req.method !== 'HEAD') body = bodyOf(variant);
  } catch {
    // Gone since it was looked up (a folder rebuilt in place): look again next time, and let the
    // build's handler answer this one.
    folders.get(clientDirOf(entry))?.clear();
    return false;
  }
  headers['Content-Type'] = file.type;
  headers['Content-Length'] = variant.size;
  if (coding === 'identity') headers['Accept-Ranges'] = 'bytes';
  else headers['Content-Encoding'] = coding;
  res.writeHead(200, headers);
  if (req.method === 'HEAD' || body) {
    res.end(body ?? undefined);
    return true;
  }
  const stream = createReadStream(variant.path);
  stream.on('error', () => res.destroy());
  stream.pipe(res);
  return true;
}

/**
 * Points data/current-client (relative to the working folder, the APP_DIR Caddy's root names) at
 * the client folder of the build whose server entry is `entry`: a new symlink under a temporary
 * name renamed over the old one, so Caddy never sees a missing or half-made link. Every instance
 * does it at start and on each switch; all follow current.json, so they agree. Never throws:
 * `onError(message, error)` is told, and Caddy keeps serving the previous build's files.
 * @param {string} entry
 * @param {(message: string, error: unknown) => void} [onError]
 * @param {string} [link]
 */
export function linkCurrentClient(entry, onError = () => undefined, link = resolve('data/current-client')) {
  const target = relative(dirname(link), clientDirOf(entry));
  try {
    if (readlinkSync(link) === target) return;
  } catch {
    // No link yet (or not a link: the rename below says so).
  }
  const temporary = `${link}.${process.pid}.tmp`;
  try {
    mkdirSync(dirname(link), { recursive: true });
    rmSync(temporary, { force: true });
    symlinkSync(target, temporary, 'dir');
    renameSync(temporary, link);
  } catch (error) {
    rmSync(temporary, { force: true });
    onError(`Không trỏ được ${link} tới ${target}:`, error);
  }
}
