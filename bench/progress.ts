/**
 * `npm run bench:progress`: throughput and p99 latency of POST /api/v1/progress/events against a
 * bare endpoint of the same server doing no work (GET /api/v1/health), with autocannon at
 * 50 connections for 10 s each, in one run, on a fresh seeded database.
 * Target: events at ≥ 50 % of the bare endpoint's requests per second, with p99 < 50 ms.
 *
 * Each POST is one learner's batch with fresh UUIDs, from one of 50 signed-in learners:
 * BENCH_EVENTS events (default 1, the tracker's 15-second "video watched" report; 3 adds the
 * lesson opened and completed). The bare endpoint is measured twice: without a cookie (the
 * target's baseline) and with the learners' session cookies, which shows what the session check
 * that every signed-in request passes through costs by itself.
 * Then the same two measures (bare endpoint, events) through the supported deployment: Debian's
 * Caddy with deploy/caddy/Caddyfile (TLS, compression, least_conn) in front of one instance,
 * then of TWO instances sharing the database, beside the single instance reached directly; needs /usr/bin/caddy
 * (`apt-get install caddy`), or BENCH_CADDY=0 to leave this part out.
 * Needs a build (`npm run build`). Options: BENCH_CONNECTIONS, BENCH_SECONDS, BENCH_EVENTS,
 * BENCH_WARM_UP_SECONDS (3), BENCH_CADDY (1). With BENCH_SMOKE=1 (the smoke run of `npm test`, bench/smoke.ts)
 * a missed performance target does not fail the run; a lost or refused event still does.
 */
import { randomUUID } from 'node:crypto';
import { createRequire } from 'node:module';
import { isNotNull } from 'drizzle-orm';
import { users } from '../db/schema/index.ts';
import { caddyPort, requireCaddy, startCaddy } from '../tests/support/caddy.ts';
import { createTestDatabase, openTestDatabase } from '../tests/support/database.ts';
import { startServer, type RunningServer } from '../tests/support/server.ts';

/** The part of autocannon's API used here (the package ships no types). */
interface AutocannonRequest {
  method: 'GET' | 'POST';
  path: string;
  setupRequest?: (request: Record<string, unknown>) => Record<string, unknown>;
}
interface AutocannonResult {
  requests: { average: number };
  latency: { p99: number };
  non2xx: number;
  errors: number;
  timeouts: number;
  '2xx': number;
}
const autocannon = createRequire(import.meta.url)('autocannon') as (options: {
  url: string;
  connections: number;
  duration: number;
  requests: AutocannonRequest[];
}) => Promise<AutocannonResult>;

const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 50);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
const EVENTS_PER_REQUEST = Number(process.env.BENCH_EVENTS ?? 1);
const WARM_UP_SECONDS = Number(process.env.BENCH_WARM_UP_SECONDS ?? 3);
const SMOKE = process.env.BENCH_SMOKE === '1';
const WITH_CADDY = process.env.BENCH_CADDY !== '0';
const LEARNERS = 50;

const COURSE = 'tiep-cong-dan-khieu-nai-to-cao';
const LESSON = `${COURSE}/tiep-cong-dan-tai-tru-so-ubnd-xa`;
const VIDEO = 'quy-trinh-tiep-cong-dan';

const databaseUrl = await createTestDatabase();
process.env.DATABASE_URL = databaseUrl;
// sessions.ts opens DATABASE_URL on first use, so it is imported only now.
const { createSession } = await import('../src/lib/server/auth/sessions.ts');
const db = openTestDatabase(databaseUrl);
const learners = await db.select({ id: users.id }).from(users).where(isNotNull(users.officialId)).limit(LEARNERS);
const cookies = await Promise.all(learners.map(async (learner) => `hls_session=${await createSession(learner.id)}`));

if (WITH_CADDY) requireCaddy();
// The instances' public origin is Caddy's (SITE_URL), so the events' Origin passes through it too.
const proxyPort = await caddyPort();
const publicOrigin = `https://localhost:${proxyPort}`;
const serverEnv = { DATABASE_URL: databaseUrl, SITE_URL: publicOrigin };
const server = await startServer(serverEnv);

/** One learner's batch with fresh UUIDs. */
function batch(): string {
  const occurredAt = new Date().toISOString();
  const start = Math.floor(Math.random() * 80);
  const kinds = [
    {
      kind: 'video_watched',
      videoId: VIDEO,
      data: { intervals: [[start, start + 15]], position: start + 15, duration: 101 },
    },
    { kind: 'lesson_opened' },
    { kind: 'lesson_completed' },
  ];
  const events = Array.from({ length: EVENTS_PER_REQUEST }, (_, index) => ({
    id: randomUUID(),
    courseId: COURSE,
    lessonId: LESSON,
    occurredAt,
    ...kinds[index % kinds.length],
  }));
  return JSON.stringify({ events });
}

interface Figures {
  requestsPerSecond: number;
  p99: number;
  non2xx: number;
  errors: number;
  ok: number;
}

type Target = 'health' | 'health-signed-in' | 'events';

/** Where the load goes: the single instance directly, or Caddy in front of two. */
interface Endpoint {
  url: string;
  origin: string;
}
const direct: Endpoint = { url: server.baseUrl, origin: server.baseUrl };

async function measure(target: Target, seconds: number, endpoint: Endpoint = direct): Promise<Figures> {
  let turn = 0;
  const cookie = () => cookies[turn++ % cookies.length];
  const request: AutocannonRequest =
    target === 'events'
      ? {
          method: 'POST',
          path: '/api/v1/progress/events',
          setupRequest: (base) => ({
            ...base,
            body: batch(),
            headers: { 'content-type': 'application/json', origin: endpoint.origin, cookie: cookie() },
          }),
        }
      : target === 'health-signed-in'
        ? {
            method: 'GET',
            path: '/api/v1/health',
            setupRequest: (base) => ({ ...base, headers: { cookie: cookie() } }),
          }
        : { method: 'GET', path: '/api/v1/health' };
  const result = await autocannon({
    url: endpoint.url,
    connections: CONNECTIONS,
    duration: seconds,
    requests: [request],
  });
  return {
    requestsPerSecond: result.requests.average,
    p99: result.latency.p99,
    non2xx: result.non2xx,
    errors: result.errors + result.timeouts,
    ok: result['2xx'],
  };
}

async function count(): Promise<number> {
  const result = await db.$client.execute('select count(*) as count from progress_events');
  return Number(result.rows[0].count);
}

const format = (value: number, digits = 0) =>
  value.toLocaleString('vi-VN', { maximumFractionDigits: digits, minimumFractionDigits: digits });
const line = (label: string, figures: Figures) =>
  `${label.padEnd(46)} ${format(figures.requestsPerSecond).padStart(6)} yêu cầu/giây, p99 ${format(figures.p99)} ms (lỗi: ${figures.errors}, không 2xx: ${figures.non2xx})`;

/** The second instance and Caddy, started after the single-instance measures. */
let second: RunningServer | undefined;
let caddy: Awaited<ReturnType<typeof startCaddy>> | undefined;

try {
  // Warm the JIT and the connection pool on every route before measuring.
  for (const target of ['health', 'health-signed-in', 'events'] as const) await measure(target, WARM_UP_SECONDS);
  const before = await count();

  const bare = await measure('health', SECONDS);
  const signedIn = await measure('health-signed-in', SECONDS);
  const events = await measure('events', SECONDS);

  const stored = (await count()) - before;
  const integrity = String((await db.$client.execute('pragma integrity_check')).rows[0].integrity_check);
  const ratio = events.requestsPerSecond / bare.requestsPerSecond;
  const allStored = stored >= events.ok * EVENTS_PER_REQUEST;
  const correct = events.non2xx === 0 && events.errors === 0 && allStored;
  const met = ratio >= 0.5 && events.p99 < 50 && correct;

  console.log(
    `autocannon: ${CONNECTIONS} kết nối, ${SECONDS} giây mỗi phép đo; ${EVENTS_PER_REQUEST} hoạt động mỗi yêu cầu, ${cookies.length} học viên.`,
  );
  console.log(line('GET  /api/v1/health (không đăng nhập)', bare));
  console.log(line('GET  /api/v1/health (có cookie phiên)', signedIn));
  console.log(line('POST /api/v1/progress/events', events));
  console.log(
    `Tỉ lệ: ${format(100 * ratio, 1)} % thông lượng của điểm cuối trống (mục tiêu ≥ 50 %, p99 < 50 ms): ${met ? 'ĐẠT' : 'CHƯA ĐẠT'}`,
  );
  console.log(
    `       ${format((100 * events.requestsPerSecond) / signedIn.requestsPerSecond, 1)} % so với điểm cuối trống có cùng bước kiểm tra phiên.`,
  );
  console.log(
    `Đã lưu ${format(stored)} hoạt động (${format(stored / SECONDS)}/giây) cho ${format(events.ok)} câu trả lời 2xx; integrity_check: ${integrity}.`,
  );
  if (!allStored) console.log('LỖI: có hoạt động đã được xác nhận mà không có trong cơ sở dữ liệu.');
  let proxiedCorrect = true;

  if (WITH_CADDY) {
    second = await startServer(serverEnv);
    // One instance behind Caddy first, so the cost of the proxy and the gain of a second instance
    // are told apart.
    for (const upstreams of [[server], [server, second]]) {
      const label = `${upstreams.length} tiến trình`;
      caddy = await startCaddy(
        proxyPort,
        upstreams.map((instance) => new URL(instance.baseUrl).host),
      );
      const proxied: Endpoint = { url: caddy.origin, origin: caddy.origin };
      for (const target of ['health', 'events'] as const) await measure(target, WARM_UP_SECONDS, proxied);
      const proxiedBefore = await count();
      const proxiedBare = await measure('health', SECONDS, proxied);
      const proxiedEvents = await measure('events', SECONDS, proxied);
      const proxiedStored = (await count()) - proxiedBefore;
      const stepCorrect =
        proxiedEvents.non2xx === 0 &&
        proxiedEvents.errors === 0 &&
        proxiedStored >= proxiedEvents.ok * EVENTS_PER_REQUEST;
      proxiedCorrect &&= stepCorrect;
      console.log(
        `Qua Caddy (TLS, deploy/caddy/Caddyfile), ${label} dùng chung cơ sở dữ liệu, cùng ${CONNECTIONS} kết nối:`,
      );
      console.log(line(`GET  /api/v1/health qua Caddy, ${label}`, proxiedBare));
      console.log(line(`POST /api/v1/progress/events qua Caddy, ${label}`, proxiedEvents));
      console.log(
        `So với 1 tiến trình trực tiếp: hoạt động ${format((100 * proxiedEvents.requestsPerSecond) / events.requestsPerSecond, 1)} % thông lượng, p99 ${format(proxiedEvents.p99)} ms so với ${format(events.p99)} ms; ` +
          `đã lưu ${format(proxiedStored)} hoạt động cho ${format(proxiedEvents.ok)} câu trả lời 2xx${stepCorrect ? '' : ' (LỖI: thiếu hoạt động hoặc có lỗi)'}.`,
      );
      await caddy.stop();
      caddy = undefined;
    }
  }
  process.exitCode = (met && proxiedCorrect) || (SMOKE && correct && proxiedCorrect) ? 0 : 1;
} finally {
  db.$client.close();
  await caddy?.stop();
  await second?.stop();
  await server.stop();
}
