/**
 * The production server's log: one JSON object a line on standard output (pino), for
 * scripts/serve.mjs's own messages and one line per request.
 *
 * A request's line: {"level":"info","time":"…","pid":…,"hostname":"…","reqId":"…","method":"GET",
 * "route":"/khoa-hoc/[course]/[lesson]","path":"/khoa-hoc/abc/bai-1/","status":200,"ms":3.1,
 * "build":"dist","msg":"request"}; a 5xx answer is logged at level "error", an answer the client
 * did not wait for gets "aborted":true.
 *
 * What it leaves out on purpose: query strings (they may carry search words or tokens), cookies and
 * every other header, IP addresses (the reverse proxy's access log has them for whoever needs them;
 * the learners' own are not the application log's business), user agents, referrers, names and
 * usernames. The user id is not logged either: the server sees only the Node request, and Astro's
 * standalone handler does not hand back the locals where the session's user is.
 *
 * LOG_LEVEL: trace, debug, info (default), warn, error, fatal or silent.
 *
 * Lines are written in blocks, not one system call each (that was a twentieth of a busy server's
 * time): at 4 KB, every 200 ms, and at exit; a process killed outright loses at most 200 ms of them.
 */
import { randomUUID } from 'node:crypto';
import pino, { type Logger } from 'pino';

type Destination = ReturnType<typeof pino.destination>;

const FLUSH_EVERY_MS = 200;
let destination: Destination | undefined;

/** Standard output, buffered; one per process, so two loggers never interleave half lines. */
function standardOutput(): Destination {
  if (destination) return destination;
  const stream = pino.destination({ dest: 1, sync: false, minLength: 4096 });
  setInterval(() => stream.flush(), FLUSH_EVERY_MS).unref();
  process.on('exit', () => stream.flushSync());
  return (destination = stream);
}

const LEVELS = ['trace', 'debug', 'info', 'warn', 'error', 'fatal', 'silent'];

/** The server's logger; an unknown LOG_LEVEL falls back to info, with a warning. */
export function createLogger(level = process.env.LOG_LEVEL): Logger {
  const wanted = level?.trim().toLowerCase() || 'info';
  const logger = pino(
    {
      level: LEVELS.includes(wanted) ? wanted : 'info',
      timestamp: pino.stdTimeFunctions.isoTime,
      formatters: { level: (label) => ({ level: label }) },
    },
    standardOutput(),
  );
  if (!LEVELS.includes(wanted)) logger.warn(`LOG_LEVEL không hợp lệ (${level}); dùng info`);
  return logger;
}

let appLog: Logger | undefined;

/** The logger of server modules running inside the build (pages, API routes), made on first use. */
export function appLogger(): Logger {
  return (appLog ??= createLogger());
}

/** An incoming X-Request-Id is kept when it is this plain (a proxy's UUID or similar). */
const REQUEST_ID = /^[A-Za-z0-9._:-]{1,128}$/;

/** The request's id: a valid incoming X-Request-Id, or a new UUID. */
export function requestIdOf(header: string | string[] | undefined): string {
  return typeof header === 'string' && REQUEST_ID.test(header) ? header : randomUUID();
}

/** The path of a request URL without its query string or fragment, cut to 300 characters. */
export function pathOf(url: string | undefined): string {
  const path = (url ?? '/').split(/[?#]/, 1)[0];
  return path.length > 300 ? `${path.slice(0, 300)}…` : path;
}
