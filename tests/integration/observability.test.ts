/**
 * Seeing what the server does: the built server's JSON request log (one line per request, with the
 * request id it answered with, and nothing of the query string or cookies), its readiness check
 * (200 on a migrated database, 503 on one missing its last migration) and its Prometheus metrics
 * on the loopback listener (request durations by route pattern, failed sign-ins, write-queue wait,
 * outbox and publishing gauges, process metrics).
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { createTestDatabase, openTestDatabase } from '../support/database.ts';
import { eventually } from '../support/eventually.ts';
import { sample } from '../support/metrics.ts';
import { freePort, startServer } from '../support/server.ts';

const ROOT = process.cwd();
const LESSON = '/khoa-hoc/tiep-cong-dan-khieu-nai-to-cao/tiep-cong-dan-tai-tru-so-ubnd-xa/';
const LESSON_ROUTE = '/khoa-hoc/[course]/[lesson]';

interface LoggedServer {
  baseUrl: string;
  metricsUrl: string;
  /** Everything the server has written to stdout and stderr so far. */
  output(): string;
  stop(): Promise<void>;
}

/** The built server as npm start runs it, with metrics on and its output kept for the test to read. */
async function startLoggedServer(env: Record<string, string>): Promise<LoggedServer> {
  const port = await freePort();
  const metricsPort = await freePort();
  const baseUrl = `http://127.0.0.1:${port}`;
  const child: ChildProcess = spawn(process.execPath, [join(ROOT, 'scripts/serve.mjs')], {
    cwd: ROOT,
    env: {
      ...process.env,
      HOST: '127.0.0.1',
      PORT: String(port),
      METRICS_PORT: String(metricsPort),
      LOG_LEVEL: 'info',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
  child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
  const deadline = Date.now() + 20_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`Máy chủ thử nghiệm đã dừng với mã ${child.exitCode}: ${output}`);
    if (Date.now() > deadline) throw new Error('Máy chủ thử nghiệm không trả lời sau 20 giây');
    if (
      await fetch(`${baseUrl}/api/v1/health`).then(
        (response) => response.ok,
        () => false,
      )
    )
      break;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return {
    baseUrl,
    metricsUrl: `http://127.0.0.1:${metricsPort}/metrics`,
    output: () => output,
    stop: () =>
      new Promise((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}

/** The JSON lines of the output (the application's own console lines, such as CSP reports, are not). */
function logLines(output: string): Record<string, unknown>[] {
  return output.split('\n').flatMap((line) => {
    if (!line.startsWith('{')) return [];
    return [JSON.parse(line) as Record<string, unknown>];
  });
}

let server: LoggedServer;
let databaseUrl: string;

before(async () => {
  databaseUrl = await createTestDatabase();
  server = await startLoggedServer({ DATABASE_URL: databaseUrl });
});
after(() => server?.stop());

describe('request log', () => {
  test('one JSON line per request, with the request id the answer carries, and no query string or cookie', async () => {
    const secretQuery = 'truyvan-bi-mat-7f3a9c';
    const secretCookie = 'phien-bi-mat-51d2e8';
    const response = await fetch(`${server.baseUrl}/khoa-hoc/?q=${secretQuery}&token=${secretQuery}`, {
      headers: { 'X-Request-Id': 'obs-test-1', Cookie: `hls_session=${secretCookie}; other=${secretCookie}` },
    });
    await response.text();

    assert.equal(response.status, 200);
    assert.equal(response.headers.get('x-request-id'), 'obs-test-1');
    const lines = await eventually(() => {
      const found = logLines(server.output()).filter((line) => line.reqId === 'obs-test-1');
      return found.length > 0 ? found : undefined;
    });
    await new Promise((resolve) => setTimeout(resolve, 200));
    assert.equal(logLines(server.output()).filter((line) => line.reqId === 'obs-test-1').length, 1);
    const [line] = lines;
    assert.equal(line.msg, 'request');
    assert.equal(line.level, 'info');
    assert.equal(line.method, 'GET');
    assert.equal(line.route, '/khoa-hoc');
    assert.equal(line.path, '/khoa-hoc/');
    assert.equal(line.status, 200);
    assert.equal(typeof line.ms, 'number');
    assert.ok((line.ms as number) >= 0);
    assert.equal(line.build, 'dist');
    assert.equal(typeof line.time, 'string');
    for (const absent of ['ip', 'remoteAddress', 'userAgent', 'headers', 'cookie', 'url', 'query'])
      assert.equal(line[absent], undefined, absent);
    assert.ok(!server.output().includes(secretQuery), 'the query string is in the log');
    assert.ok(!server.output().includes(secretCookie), 'the cookie is in the log');
    assert.ok(!server.output().includes('token='), 'the query string is in the log');
  });

  test('a request without a usable X-Request-Id gets a new one, in its answer and its log line', async () => {
    const none = await fetch(`${server.baseUrl}/api/v1/health`);
    const invalid = await fetch(`${server.baseUrl}/api/v1/health`, {
      headers: { 'X-Request-Id': 'has spaces "and quotes"' },
    });

    for (const response of [none, invalid]) {
      const id = response.headers.get('x-request-id') ?? '';
      assert.match(id, /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
      const line = await eventually(() => logLines(server.output()).find((entry) => entry.reqId === id));
      assert.equal(line.route, '/api/v1/health');
      assert.equal(line.status, 200);
    }
    assert.ok(!server.output().includes('has spaces'));
  });

  test('the server’s own messages are JSON lines too', () => {
    const started = logLines(server.output()).find((line) => String(line.msg).startsWith('Đang phục vụ bản dựng'));
    assert.ok(started, server.output().slice(0, 2000));
    assert.equal(started.level, 'info');
  });
});

describe('readiness', () => {
  test('GET /api/v1/health/ready is 200 on a migrated database, with the checks’ details', async () => {
    const response = await fetch(`${server.baseUrl}/api/v1/health/ready`);
    const body = (await response.json()) as {
      status: string;
      failed: string[];
      checks: Record<string, { ok: boolean; applied?: number; expected?: number; id?: string }>;
    };

    assert.equal(response.status, 200);
    assert.equal(response.headers.get('cache-control'), 'no-store');
    assert.equal(body.status, 'ready');
    assert.deepEqual(body.failed, []);
    assert.equal(body.checks.database.ok, true);
    assert.equal(body.checks.migrations.ok, true);
    assert.ok((body.checks.migrations.expected ?? 0) >= 6);
    assert.equal(body.checks.migrations.applied, body.checks.migrations.expected);
    assert.deepEqual(body.checks.build, { ok: true, id: 'dist' });
  });

  test('control: 503 naming the migrations check on a database missing its last migration; liveness stays 200', async () => {
    const behind = await createTestDatabase();
    const db = openTestDatabase(behind);
    // drizzle's id column is not SQLite's rowid alias (it may be null): the last one is the newest created_at.
    const deleted = await db.$client.execute(
      'DELETE FROM __drizzle_migrations WHERE created_at = (SELECT max(created_at) FROM __drizzle_migrations)',
    );
    db.$client.close();
    assert.equal(deleted.rowsAffected, 1);
    const other = await startServer({ DATABASE_URL: behind });
    try {
      const response = await fetch(`${other.baseUrl}/api/v1/health/ready`);
      const body = (await response.json()) as {
        status: string;
        failed: string[];
        checks: Record<string, { ok: boolean; applied?: number; expected?: number; message?: string }>;
      };

      assert.equal(response.status, 503);
      assert.equal(body.status, 'not-ready');
      assert.deepEqual(body.failed, ['migrations']);
      assert.equal(body.checks.migrations.applied, (body.checks.migrations.expected ?? 0) - 1);
      assert.match(body.checks.migrations.message ?? '', /chưa áp dụng/);
      assert.equal((await fetch(`${other.baseUrl}/api/v1/health`)).status, 200);
    } finally {
      await other.stop();
    }
  });
});

describe('metrics', () => {
  const scrape = async () => {
    const response = await fetch(server.metricsUrl);
    assert.equal(response.status, 200);
    assert.match(response.headers.get('content-type') ?? '', /^text\/plain/);
    return response.text();
  };

  test('the loopback listener answers with the named metric families; the site’s port does not serve them', async () => {
    const page = await scrape();

    for (const family of [
      'hoclieuso_http_request_duration_seconds histogram',
      'hoclieuso_db_write_queue_wait_seconds histogram',
      'hoclieuso_xapi_outbox_statements gauge',
      'hoclieuso_xapi_outbox_oldest_pending_age_seconds gauge',
      'hoclieuso_publish_jobs gauge',
      'hoclieuso_failed_sign_ins_total counter',
      'hoclieuso_build_info gauge',
      'process_cpu_seconds_total counter',
      'nodejs_eventloop_lag_seconds gauge',
    ]) {
      assert.ok(page.includes(`# TYPE ${family}`), family);
    }
    assert.equal(sample(page, 'hoclieuso_publish_jobs', { status: 'queued' }), 0);
    assert.ok(page.includes('hoclieuso_publish_jobs{status="succeeded"}'));
    assert.ok(page.includes('hoclieuso_xapi_outbox_statements{status="pending"}'));
    assert.equal(sample(page, 'hoclieuso_build_info', { build: 'dist' }), 1);
    const onSite = await fetch(`${server.baseUrl}/metrics`);
    assert.doesNotMatch(await onSite.text(), /hoclieuso_/);
  });

  test('a lesson request adds one to the duration histogram of its route pattern, never a series of its own path', async () => {
    const labels = { route: LESSON_ROUTE, method: 'GET', status: '2xx' };
    const before = sample(await scrape(), 'hoclieuso_http_request_duration_seconds_count', labels);

    const response = await fetch(`${server.baseUrl}${LESSON}`);
    await response.text();

    assert.equal(response.status, 200);
    const afterCount = await eventually(async () => {
      const count = sample(await scrape(), 'hoclieuso_http_request_duration_seconds_count', labels);
      return count > before ? count : undefined;
    });
    assert.equal(afterCount, before + 1);
    const page = await scrape();
    assert.ok(!page.includes('tiep-cong-dan-tai-tru-so-ubnd-xa'), 'a raw path became a label');
    assert.ok(!page.includes('truyvan-bi-mat'), 'a query string became a label');
  });

  test('a wrong password adds one to the failed sign-ins and its write waits for the write queue', async () => {
    const page = await scrape();
    const failedBefore = sample(page, 'hoclieuso_failed_sign_ins_total');
    const waitsBefore = sample(page, 'hoclieuso_db_write_queue_wait_seconds_count');

    const response = await fetch(`${server.baseUrl}/dang-nhap/?_action=signIn`, {
      method: 'POST',
      redirect: 'manual',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded', Origin: server.baseUrl },
      body: new URLSearchParams({ username: 'quantri.quangloi', password: 'sai-mat-khau-hoan-toan' }),
    });
    await response.text();

    const after = await scrape();
    assert.equal(sample(after, 'hoclieuso_failed_sign_ins_total'), failedBefore + 1);
    assert.ok(sample(after, 'hoclieuso_db_write_queue_wait_seconds_count') > waitsBefore);
    assert.ok(!server.output().includes('sai-mat-khau-hoan-toan'));
    assert.ok(!server.output().includes('quantri.quangloi'));
  });
});
