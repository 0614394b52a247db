/**
 * Prometheus metrics of the production server, on their own listener: http://127.0.0.1:METRICS_PORT/metrics.
 * Off unless METRICS_PORT is set. The listener is bound to the loopback address only, never to
 * HOST: the figures need no token because nothing outside the machine can ask for them (a local
 * Prometheus or agent scrapes them; from elsewhere, through an SSH tunnel or the agent).
 *
 * Only scripts/serve.mjs imports this module (and so prom-client): the build's code reports through
 * the globalThis hooks of hooks.ts, which this module installs; see there why.
 *
 * Families (all but the default process_* and nodejs_* ones prefixed hoclieuso_):
 * - http_request_duration_seconds{route,method,status}: route is the page pattern (routes.ts),
 *   status the class (2xx…5xx), method one of a fixed few, so the series stay bounded;
 * - db_write_queue_wait_seconds: how long writes waited for the in-process write lock;
 * - xapi_outbox_statements{status} and xapi_outbox_oldest_pending_age_seconds, read at scrape;
 * - publish_jobs{status}, read at scrape;
 * - failed_sign_ins_total: wrong username or password;
 * - build_info{build}: 1 for the build serving.
 */
import http from 'node:http';
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import type { Client } from '@libsql/client';
import { openDatabase } from '../../../../db/client.ts';
import { PUBLISH_JOB_STATUSES } from '../../authoring/vocabulary.ts';
import type { XapiStatus } from '../../xapi/outbox-states.ts';
import { METRICS_HOOKS, type MetricsHooks } from './hooks.ts';

const PREFIX = 'hoclieuso_';
const METHODS = new Set(['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS']);
/** The outbox statuses of statements not delivered, the ones the gauge counts. */
const UNDELIVERED_XAPI_STATUSES = ['pending', 'failed'] as const satisfies readonly XapiStatus[];

interface Logger {
  info(message: string): void;
  warn(details: object, message: string): void;
  error(details: object, message: string): void;
}

export interface Metrics {
  /** Records one answered request. */
  observeRequest(route: string, method: string, statusCode: number, seconds: number): void;
  /** The metrics page as Prometheus reads it (for tests and the listener). */
  text(): Promise<string>;
  /** Stops the listener, closes the database connection and removes the hooks. */
  close(): Promise<void>;
}

export interface MetricsOptions {
  port: number;
  logger: Logger;
  /** The id of the build serving now. */
  buildId: () => string;
}

/** The number, or null when METRICS_PORT is unset or empty; throws when it is not a port. */
export function metricsPort(value = process.env.METRICS_PORT): number | null {
  if (value === undefined || value.trim() === '') return null;
  const port = Number(value);
  if (!Number.isInteger(port) || port < 1 || port > 65_535) throw new Error(`METRICS_PORT không hợp lệ: ${value}`);
  return port;
}

/** Starts the metrics listener on 127.0.0.1:`port` and installs the hooks; resolves once listening. */
export async function startMetrics({ port, logger, buildId }: MetricsOptions): Promise<Metrics> {
  const register = new Registry();
  collectDefaultMetrics({ register });

  // Opened on the first scrape; reads only (SQLite in WAL mode: never waits for a writer).
  let client: Client | undefined;
  const db = () => (client ??= openDatabase().$client);
  /** Runs a scrape-time query; on failure logs it and gives null, so one broken figure does not hide the rest. */
  const rows = async (sql: string) => {
    try {
      return (await db().execute(sql)).rows;
    } catch (error) {
      logger.warn(
        { error: error instanceof Error ? error.message : String(error) },
        'Không đọc được số liệu từ cơ sở dữ liệu',
      );
      return null;
    }
  };

  const duration = new Histogram({
    name: `${PREFIX}http_request_duration_seconds`,
    help: 'Time from receiving a request to the end of its answer, by route pattern, method and status class.',
    labelNames: ['route', 'method', 'status'] as const,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [register],
  });
  const writeWait = new Histogram({
    name: `${PREFIX}db_write_queue_wait_seconds`,
    help: 'Time a database write waited for the in-process write lock (db/serialized-writes.ts).',
    buckets: [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 10],
    registers: [register],
  });
  const failedSignIns = new Counter({
    name: `${PREFIX}failed_sign_ins_total`,
    help: 'Sign-ins refused for a wrong username or password.',
    registers: [register],
  });
  new Gauge({
    name: `${PREFIX}xapi_outbox_statements`,
    help: 'xAPI statements in the outbox not delivered: pending (waiting or retrying) or failed (retries exhausted).',
    labelNames: ['status'] as const,
    registers: [register],
    async collect() {
      this.reset();
      const found = await rows(
        `SELECT status, count(*) AS n FROM xapi_outbox WHERE status IN ('pending', 'failed') GROUP BY status`,
      );
      if (!found) return;
      for (const status of UNDELIVERED_XAPI_STATUSES)
        this.set({ status }, Number(found.find((row) => row.status === status)?.n ?? 0));
    },
  });
  new Gauge({
    name: `${PREFIX}xapi_outbox_oldest_pending_age_seconds`,
    help: 'Age of the oldest pending xAPI statement (0 when none is pending).',
    registers: [register],
    async collect() {
      this.reset();
      const found = await rows(`SELECT min(created_at) AS oldest FROM xapi_outbox WHERE status = 'pending'`);
      if (!found) return;
      const oldest = found[0]?.oldest;
      this.set(oldest === null || oldest === undefined ? 0 : Math.max(0, (Date.now() - Number(oldest)) / 1000));
    },
  });
  new Gauge({
    name: `${PREFIX}publish_jobs`,
    help: 'Course publishing jobs by status.',
    labelNames: ['status'] as const,
    registers: [register],
    async collect() {
      this.reset();
      const found = await rows('SELECT status, count(*) AS n FROM publish_jobs GROUP BY status');
      if (!found) return;
      for (const status of PUBLISH_JOB_STATUSES)
        this.set({ status }, Number(found.find((row) => row.status === status)?.n ?? 0));
    },
  });
  new Gauge({
    name: `${PREFIX}build_info`,
    help: 'The build serving requests (value 1).',
    labelNames: ['build'] as const,
    registers: [register],
    collect() {
      this.reset();
      this.set({ build: buildId() }, 1);
    },
  });

  const hooks: MetricsHooks = {
    failedSignIn: () => failedSignIns.inc(),
    writeQueueWait: (seconds) => writeWait.observe(seconds),
  };
  (globalThis as { [METRICS_HOOKS]?: MetricsHooks })[METRICS_HOOKS] = hooks;

  const listener = http.createServer((req, res) => {
    if (req.method !== 'GET' || (req.url ?? '/').split('?')[0] !== '/metrics') {
      res.writeHead(404, { 'Content-Type': 'text/plain; charset=utf-8' }).end('Không có: số liệu ở /metrics');
      return;
    }
    register.metrics().then(
      (body) => res.writeHead(200, { 'Content-Type': register.contentType, 'Cache-Control': 'no-store' }).end(body),
      (error) => {
        logger.error({ error: error instanceof Error ? error.message : String(error) }, 'Không tạo được trang số liệu');
        res.writeHead(500, { 'Content-Type': 'text/plain; charset=utf-8' }).end('Lỗi khi tạo số liệu');
      },
    );
  });
  await new Promise<void>((resolve, reject) => {
    listener.once('error', reject);
    listener.listen(port, '127.0.0.1', () => {
      listener.off('error', reject);
      resolve();
    });
  });
  logger.info(`Số liệu Prometheus tại http://127.0.0.1:${port}/metrics`);

  return {
    observeRequest(route, method, statusCode, seconds) {
      duration.observe(
        { route, method: METHODS.has(method) ? method : 'other', status: `${Math.floor(statusCode / 100)}xx` },
        seconds,
      );
    },
    text: () => register.metrics(),
    async close() {
      const globals = globalThis as { [METRICS_HOOKS]?: MetricsHooks };
      if (globals[METRICS_HOOKS] === hooks) delete globals[METRICS_HOOKS];
      client?.close();
      await new Promise<void>((resolve) => listener.close(() => resolve()));
    },
  };
}
