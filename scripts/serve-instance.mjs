// One serving process of the production server (scripts/serve.mjs starts one, or WORKERS of them):
// serves one build of the site and switches to a newly published build without a restart.
//
// Which build: data/builds/current.json ({ "id", "at" }) names the published build
// data/builds/<id>/ when its server/entry.mjs exists and is at least as new as dist's (a fresh
// `npm run build` from content/ supersedes older publications, whose files are in content/ too);
// otherwise dist/.
//
// Switching: await globalThis[Symbol.for('hoc-lieu-so.switch-build')](buildId) imports the new
// build and swaps the request handler in one assignment; it resolves { switched, buildId, error? }
// and never rejects. Requests already running finish on the old build, whose background timers
// (src/lib/server/build-lifecycle.ts) are stopped once they are done. current.json is also read
// every 2 s, so every instance sharing data/ follows a publication. A build that is incomplete
// or fails to load leaves the site as it was.
//
// Hot path (HOT_PATH=0 turns it off): the busiest JSON routes (src/lib/server/hot-path/routes.ts)
// are answered by the build's own hot-path handler straight from node:http, without Astro's request
// pipeline. The build hands it over while its middleware module is loaded here with the build.
//
// Security headers: every response, static files included, starts with the defaults of
// src/lib/security-headers.ts (the build's handler may override them), and a prerendered page
// gets the Content-Security-Policy Astro computed for it, from its build's _headers.json.
//
// Observability (README, "Theo dõi máy chủ"): every message and one line per request go to standard
// output as JSON (pino, LOG_LEVEL; src/lib/server/observability/logger.ts says what a line holds
// and leaves out), each answer carries its X-Request-Id, and with METRICS_PORT set Prometheus
// metrics are served on 127.0.0.1:METRICS_PORT/metrics (src/lib/server/observability/metrics.ts).
//
// Behind a reverse proxy (deploy/caddy/Caddyfile): X-Forwarded-* headers are believed only from
// the addresses in TRUSTED_PROXIES, and X-Forwarded-For is cut down to the real client, so
// Astro's clientAddress is that client's (src/lib/server/forwarded.ts).
import cluster from 'node:cluster';
import http from 'node:http';
import { existsSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import './check-node.mjs';
import {
  FALLBACK_PAGE_CSP,
  baseHeaders,
  filePolicy,
  isHtml,
  pagePolicies,
  pagePolicyKey,
  policyForPage,
} from '../src/lib/security-headers.ts';
import { applyTrustedProxies, trustedProxies } from '../src/lib/server/forwarded.ts';
import { createLogger, pathOf, requestIdOf } from '../src/lib/server/observability/logger.ts';
import { configuredSiteAddress } from '../src/lib/server/site-address.ts';
import { pagePatterns, routeMatcher } from '../src/lib/server/observability/routes.ts';
import { linkCurrentClient, serveStatic } from './static-files.mjs';
import { takeWriteTurns } from './write-turns.mjs';

// The build's entry must not start its own server: this process owns the port.
process.env.ASTRO_NODE_AUTOSTART = 'disabled';
// One of several workers: write in turns with the others (scripts/write-turns.mjs says why;
// WRITE_TURNS=0 leaves the waiting to SQLite, to compare).
if (cluster.isWorker && process.env.WRITE_TURNS !== '0') takeWriteTurns();
const HOST = (process.env.HOST ??= '127.0.0.1');
const PORT = Number((process.env.PORT ??= '4321'));

const BUILDS_DIR = resolve('data/builds');
const POINTER_FILE = join(BUILDS_DIR, 'current.json');
const DIST_ENTRY = resolve('dist/server/entry.mjs');
const SWITCH_HOOK = Symbol.for('hoc-lieu-so.switch-build');
const RETIRE_HOOKS = Symbol.for('hoc-lieu-so.retire-hooks');
const HOT_PATH_RECEIVER = Symbol.for('hoc-lieu-so.hot-path');
const HOT_PATH = process.env.HOT_PATH !== '0';
const CURRENT_BUILD = Symbol.for('hoc-lieu-so.current-build');
const POLL_MS = Number(process.env.BUILD_POLL_MS) || 2_000;
/** An old build's timers stop at the latest this long after a switch, even if a request hangs. */
const DRAIN_LIMIT_MS = 30_000;
/** A build folder without a server entry this old is a failed or abandoned build. */
const ABANDONED_MS = 24 * 3_600_000;
const BUILD_ID = /^[A-Za-z0-9][A-Za-z0-9._-]{0,99}$/;
const TRUSTED_PROXIES = trustedProxies(process.env.TRUSTED_PROXIES);
const SITE_ADDRESS = configuredSiteAddress();

const logger = createLogger();
const log = (message) => logger.info(message);
const logError = (message, error, details = {}) =>
  logger.error(
    { ...details, error: error instanceof Error ? error.message : String(error) },
    message.replace(/:$/, ''),
  );
const mtime = (path) => statSync(path).mtimeMs;

/** @typedef {(req: http.IncomingMessage, res: http.ServerResponse) => boolean} HotHandler */
/** @typedef {{ id: string, entry: string, handler: (req: http.IncomingMessage, res: http.ServerResponse) => void, hot: HotHandler | null, hooks: Array<() => void>, inFlight: number, onIdle?: () => void, pagePolicies: Map<string, string> | null }} Build */

function entryOf(buildId) {
  return join(BUILDS_DIR, buildId, 'server', 'entry.mjs');
}

/** current.json as text (null when missing), so a change is noticed even while half-written. */
function readPointerText() {
  try {
    return readFileSync(POINTER_FILE, 'utf8');
  } catch {
    return null;
  }
}

/** The build id current.json names, or null. */
function pointedId(text) {
  if (text === null) return null;
  try {
    const id = JSON.parse(text)?.id;
    return typeof id === 'string' && BUILD_ID.test(id) ? id : null;
  } catch {
    return null;
  }
}

/** The HTML file of a prerendered page of a build, by its pagePolicyKey, or null. */
function pageFileOf(clientDir, key) {
  const candidates = key === '/' ? ['index.html'] : [`${key.slice(1)}/index.html`, `${key.slice(1)}.html`];
  return candidates.map((name) => join(clientDir, name)).find((file) => existsSync(file)) ?? null;
}

/**
 * The prerendered pages' policies of a build, from the _headers.json @astrojs/node writes next to
 * client/ and server/, each cut down to the hashes its page uses (policyForPage); null for a build
 * made without a policy. Read here rather than by the adapter: it looks for the file where the
 * build was made (a publication's is moved since) and gives a page the first policy whose path
 * merely contains the page's ("/" matches them all).
 */
async function pagePoliciesOf(entry) {
  const file = join(dirname(entry), '..', '_headers.json');
  if (!existsSync(file)) return null;
  const clientDir = join(dirname(entry), '..', 'client');
  const policies = pagePolicies(readFileSync(file, 'utf8'));
  for (const [key, policy] of policies) {
    const page = pageFileOf(clientDir, key);
    if (page) policies.set(key, await policyForPage(policy, readFileSync(page, 'utf8')));
  }
  return policies;
}

/**
 * A build's hot-path handler: its middleware module, loaded now rather than at its first request,
 * offers it (src/lib/server/hot-path/offer.ts). Null when HOT_PATH=0 or the build offers none.
 */
async function hotPathOf(entry) {
  const middleware = join(dirname(entry), 'virtual_astro_middleware.mjs');
  if (!HOT_PATH || !existsSync(middleware)) return null;
  let offered = null;
  globalThis[HOT_PATH_RECEIVER] = (handler) => (offered = handler);
  try {
    await import(pathToFileURL(middleware).href);
  } finally {
    delete globalThis[HOT_PATH_RECEIVER];
  }
  return offered;
}

/** Imports a build's entry with a fresh retire-hook array in place; throws when it cannot serve. */
async function load(id, entry) {
  const hooks = [];
  const before = globalThis[RETIRE_HOOKS];
  globalThis[RETIRE_HOOKS] = hooks;
  try {
    const policies = await pagePoliciesOf(entry);
    const module = await import(pathToFileURL(entry).href);
    if (typeof module.handler !== 'function') throw new Error(`${entry} không xuất hàm handler`);
    const hot = await hotPathOf(entry);
    if (HOT_PATH && !hot) log(`Bản dựng ${id} không có đường xử lý nhanh: mọi yêu cầu qua Astro.`);
    return { id, entry, handler: module.handler, hot, hooks, inFlight: 0, pagePolicies: policies };
  } catch (error) {
    // Timers start on first use, not on import: whatever registered meanwhile came from requests
    // the serving build answered during the import, so it stays with that build.
    globalThis[RETIRE_HOOKS] = before ?? [];
    globalThis[RETIRE_HOOKS].push(...hooks);
    throw error;
  }
}

/** @type {Build} */
let current;
/** Builds switched away from whose requests have not all finished yet. */
const draining = new Set();

/**
 * Sets the default security headers, then settles the Content-Security-Policy when the head is
 * written, once the content type is known. A policy the application put in its own response
 * (writeHead's headers: rendered pages, H5P) stands. Otherwise a prerendered page gets exactly its
 * own policy (replacing the adapter's guess), the 404 page its own, another page the strict
 * fallback, anything else the file policy.
 */
function secure(req, res, build) {
  const pathname = (req.url ?? '/').split(/[?#]/)[0];
  for (const [name, value] of Object.entries(baseHeaders(pathname, SITE_ADDRESS))) res.setHeader(name, value);
  const pagePolicy = build.pagePolicies?.get(pagePolicyKey(pathname));
  // Any address that is not found is answered with the prerendered 404 page.
  const notFoundPolicy = build.pagePolicies?.get('/404');
  const writeHead = res.writeHead;
  res.writeHead = function (statusCode, ...rest) {
    res.writeHead = writeHead;
    const given = rest.find((arg) => arg !== null && typeof arg === 'object' && !Array.isArray(arg)) ?? {};
    const fromResponse = (name) => Object.entries(given).find(([key]) => key.toLowerCase() === name)?.[1];
    // An error is never cached: the reverse proxy marks hashed files immutable unless the answer
    // says otherwise (deploy/caddy/Caddyfile), and a 404 for another build's file must not stick.
    if (statusCode >= 400 && fromResponse('cache-control') === undefined && !res.hasHeader('cache-control'))
      res.setHeader('Cache-Control', 'no-store');
    if (fromResponse('content-security-policy') === undefined) {
      const contentType = String(fromResponse('content-type') ?? res.getHeader('content-type') ?? '');
      if (statusCode === 304) {
        // A 304's headers replace those the browser stored with the page or file: only a page's
        // own policy may go with it, never the file policy of a response without a content type.
        if (pagePolicy) res.setHeader('Content-Security-Policy', pagePolicy);
        else res.removeHeader('Content-Security-Policy');
      } else if (!isHtml(contentType)) {
        if (!res.hasHeader('content-security-policy'))
          res.setHeader('Content-Security-Policy', filePolicy(contentType, pathname));
      } else if (pagePolicy ?? (statusCode === 404 ? notFoundPolicy : undefined)) {
        res.setHeader('Content-Security-Policy', pagePolicy ?? notFoundPolicy);
      } else if (!res.hasHeader('content-security-policy') && build.pagePolicies) {
        // Not for a build made before pages had a policy: its inline scripts have no hashes.
        res.setHeader('Content-Security-Policy', FALLBACK_PAGE_CSP);
      }
    }
    return writeHead.call(this, statusCode, ...rest);
  };
}

/** Route patterns from src/pages, for the request log and the metrics (none: fixed labels only). */
const routeOf = routeMatcher(existsSync(resolve('src/pages')) ? pagePatterns(resolve('src/pages')) : []);
/** Answers the hot path wrote (marked in the request log line: "hot": true). */
const answeredHot = new WeakSet();
/** Set below when METRICS_PORT is. */
let metrics = null;

/** The request's log line (and its duration in the metrics) once its answer is done or abandoned. */
function record(req, res, reqId, started, build) {
  const ms = performance.now() - started;
  const path = pathOf(req.url);
  const route = routeOf(path);
  metrics?.observeRequest(route, req.method, res.statusCode, ms / 1000);
  const line = {
    reqId,
    method: req.method,
    route,
    path,
    status: res.statusCode,
    ms: Math.round(ms * 10) / 10,
    build: build.id,
  };
  if (answeredHot.has(res)) line.hot = true;
  if (!res.writableFinished) line.aborted = true;
  if (res.statusCode >= 500) logger.error(line, 'request');
  else logger.info(line, 'request');
}

function serve(req, res) {
  const started = performance.now();
  const build = current;
  // Before anything reads them: a client that is not the proxy cannot choose its own address.
  applyTrustedProxies(req.headers, req.socket.remoteAddress, TRUSTED_PROXIES);
  const reqId = requestIdOf(req.headers['x-request-id']);
  res.setHeader('X-Request-Id', reqId);
  build.inFlight++;
  let finished = false;
  res.once('close', () => {
    if (finished) return;
    finished = true;
    if (--build.inFlight === 0) build.onIdle?.();
    record(req, res, reqId, started, build);
  });
  try {
    secure(req, res, build);
    if (build.hot?.(req, res)) return void answeredHot.add(res);
    // The build's files (precompressed) straight from here; the rest to the build's handler.
    if (!serveStatic(req, res, build.entry)) build.handler(req, res);
  } catch (error) {
    logError('Lỗi khi xử lý yêu cầu:', error, { reqId });
    if (!res.headersSent) res.writeHead(500, { 'Content-Type': 'text/plain; charset=utf-8' });
    res.end('Lỗi máy chủ');
  }
}

function runHooks(build) {
  for (const stop of build.hooks.splice(0)) {
    try {
      stop();
    } catch (error) {
      logError(`Không dừng được một tác vụ nền của bản dựng ${build.id}:`, error);
    }
  }
}

/** Stops the old build's timers once its last request is done (or after DRAIN_LIMIT_MS). */
function retire(build) {
  draining.add(build);
  const done = () => {
    if (!draining.delete(build)) return;
    clearTimeout(limit);
    build.onIdle = undefined;
    runHooks(build);
    log(`Đã ngừng bản dựng ${build.id}.`);
    housekeeping();
  };
  const limit = setTimeout(done, DRAIN_LIMIT_MS);
  limit.unref();
  build.onIdle = done;
  if (build.inFlight === 0) done();
}

/** The build serving before the current one (kept for a rollback). */
let previousId = null;

/**
 * Keeps the current and the previous build in data/builds/ and deletes older complete builds
 * (and failed or abandoned folders a day old). A folder current.json names, one still answering
 * requests, one without a server entry yet (maybe being built) or a name starting with "." is kept.
 */
function housekeeping() {
  if (!existsSync(BUILDS_DIR)) return;
  const keep = new Set([
    current.id,
    previousId,
    pointedId(readPointerText()),
    ...[...draining].map((build) => build.id),
  ]);
  const kept = [current.id, previousId].filter((id) => id && id !== 'dist' && existsSync(entryOf(id)));
  if (kept.length === 0) return;
  const oldestKept = Math.min(...kept.map((id) => mtime(entryOf(id))));
  for (const entry of readdirSync(BUILDS_DIR, { withFileTypes: true })) {
    const id = entry.name;
    if (!entry.isDirectory() || !BUILD_ID.test(id) || keep.has(id)) continue;
    try {
      const complete = existsSync(entryOf(id));
      const old = complete ? mtime(entryOf(id)) < oldestKept : Date.now() - mtime(join(BUILDS_DIR, id)) > ABANDONED_MS;
      if (!old) continue;
      rmSync(join(BUILDS_DIR, id), { recursive: true, force: true });
      log(`Đã xóa bản dựng cũ ${id}.`);
    } catch (error) {
      logError(`Không xóa được bản dựng cũ ${id}:`, error);
    }
  }
}

async function switchNow(buildId) {
  if (typeof buildId !== 'string' || !BUILD_ID.test(buildId))
    throw new Error(`Mã bản dựng không hợp lệ: ${String(buildId)}`);
  if (current.id === buildId) return { switched: false, buildId };
  const entry = entryOf(buildId);
  if (!existsSync(entry)) throw new Error(`Bản dựng ${buildId} chưa hoàn tất (không có ${entry})`);
  const started = Date.now();
  const next = await load(buildId, entry);
  const previous = current;
  current = next;
  globalThis[CURRENT_BUILD] = next.id;
  linkCurrentClient(next.entry, logError);
  previousId = previous.id;
  log(`Đã chuyển sang bản dựng ${buildId} (nạp trong ${Date.now() - started} ms).`);
  retire(previous);
  housekeeping();
  return { switched: true, buildId };
}

let queue = Promise.resolve();

/**
 * Switches the live site to data/builds/<buildId>; switches run one at a time. Never rejects:
 * resolves { switched: true, buildId } once the new build answers every new request,
 * { switched: false, buildId } when that build already serves, and
 * { switched: false, buildId, error } (logged; the site stays as it was) when the build is
 * missing or fails to load.
 */
function switchBuild(buildId) {
  const run = queue
    .then(
      () => switchNow(buildId),
      () => switchNow(buildId),
    )
    .catch((error) => {
      logError(`Không chuyển được sang bản dựng ${buildId}; vẫn phục vụ bản ${current.id}:`, error);
      return { switched: false, buildId, error: error instanceof Error ? error.message : String(error) };
    });
  queue = run;
  return run;
}

/** The build to serve at start: the published one unless dist/ is newer or it does not load. */
async function loadInitial(pointerText) {
  const id = pointedId(pointerText);
  const distAt = existsSync(DIST_ENTRY) ? mtime(DIST_ENTRY) : -Infinity;
  if (id && existsSync(entryOf(id)) && mtime(entryOf(id)) >= distAt) {
    try {
      return await load(id, entryOf(id));
    } catch (error) {
      logError(`Không nạp được bản dựng ${id}; dùng dist/:`, error);
    }
  }
  if (!existsSync(DIST_ENTRY)) throw new Error('Chưa có bản dựng: chạy `npm run build` trước.');
  return load('dist', DIST_ENTRY);
}

if (process.env.METRICS_PORT?.trim()) {
  const { metricsPort, startMetrics } = await import('../src/lib/server/observability/metrics.ts');
  // Each of several workers (scripts/serve-workers.mjs) has its own listener, WORKER_INDEX ports on.
  const port = metricsPort() + Number(process.env.WORKER_INDEX ?? 0);
  metrics = await startMetrics({ port, logger, buildId: () => current?.id ?? 'none' });
}

let seenPointer = readPointerText();
current = await loadInitial(seenPointer);
globalThis[CURRENT_BUILD] = current.id;
linkCurrentClient(current.entry, logError);
globalThis[SWITCH_HOOK] = switchBuild;

// Another instance (or a publication whose switch call never came) changes current.json: follow it.
// A build named before its folder is complete is looked at again at the next poll; one that fails
// to load is not retried until current.json changes again.
let awaited = null;
const poll = setInterval(() => {
  const text = readPointerText();
  if (text === seenPointer) return;
  const id = pointedId(text);
  if (id && id !== current.id && !existsSync(entryOf(id))) {
    if (awaited !== id) log(`current.json chỉ tới bản dựng ${id}, chưa hoàn tất: chờ.`);
    awaited = id;
    return;
  }
  seenPointer = text;
  awaited = null;
  if (id && id !== current.id) void switchBuild(id);
}, POLL_MS);
poll.unref();

const server = http.createServer(serve);
server.on('error', (error) => {
  logError('Máy chủ gặp lỗi:', error);
  process.exit(1);
});
// A long queue of connections waiting to be accepted: when 5,000 learners open a test within seconds,
// Node's default (511) overflows and their phones retry after 1, 3, 7 s. The kernel caps it (somaxconn).
server.listen({ port: PORT, host: HOST, backlog: 4096 }, () =>
  log(`Đang phục vụ bản dựng ${current.id} tại http://${HOST}:${PORT}/`),
);

let stopping = false;
function shutdown(signal) {
  if (stopping) return;
  stopping = true;
  log(`Nhận ${signal}: dừng nhận yêu cầu mới, chờ các yêu cầu đang chạy…`);
  clearInterval(poll);
  const force = setTimeout(() => server.closeAllConnections(), 10_000);
  force.unref();
  server.close(() => {
    for (const build of [current, ...draining]) runHooks(build);
    process.exit(0);
  });
  server.closeIdleConnections();
}
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => shutdown(signal));
