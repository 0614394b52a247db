/**
 * Sign-in abuse against the real server (issue 14, OWASP ASVS 5.0 V6.3): parallel guesses at one
 * account, one password sprayed over many staff codes from one address, answer times that would
 * tell which accounts exist, and open redirects through `next`. Each phase uses its own loopback
 * addresses (all of 127.0.0.0/8 reaches the server on Linux) and its own accounts, so no throttle
 * layer of one phase leaks into another.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { Agent, request } from 'node:http';
import { randomUUID } from 'node:crypto';
import { signInThrottle, users } from '../../db/schema/index.ts';
import { hashPassword } from '../../src/lib/server/auth/password.ts';
import {
  ADDRESS_FAILURES_PER_HOUR,
  FREE_FAILURES,
  LOCK_DURATION_MS,
  LOCK_AFTER_FAILURES,
} from '../../src/lib/server/auth/throttle.ts';
import { createTestDatabase, openTestDatabase } from '../support/database.ts';
import { startServer, type RunningServer } from '../support/server.ts';
import { OPEN_REDIRECT_PAYLOADS } from '../fixtures/open-redirect-payloads.ts';

const PASSWORD = 'mat-khau-that-2026';
const TRIES = 50;
const code = (prefix: string, i: number) => `${prefix}-${String(i).padStart(3, '0')}`;

let server: RunningServer;
before(async () => {
  const databaseUrl = await createTestDatabase();
  const db = openTestDatabase(databaseUrl);
  const hash = await hashPassword(PASSWORD);
  const rows: (typeof users.$inferInsert)[] = [];
  for (let i = 1; i <= TRIES; i++) {
    rows.push({ id: randomUUID(), username: code('tg-that', i), displayName: `Thật ${i}`, passwordHash: hash });
    rows.push({
      id: randomUUID(),
      username: code('tg-chua', i),
      displayName: `Chưa có mật khẩu ${i}`,
      passwordHash: '!',
    });
    rows.push({ id: randomUUID(), username: code('tg-khoa', i), displayName: `Bị khoá ${i}`, passwordHash: hash });
    rows.push({
      id: randomUUID(),
      username: code('tg-ngung', i),
      displayName: `Ngừng ${i}`,
      passwordHash: hash,
      disabledAt: new Date(),
    });
  }
  rows.push({ id: randomUUID(), username: 'tg-song-song', displayName: 'Song song', passwordHash: hash });
  rows.push({ id: randomUUID(), username: 'tg-doi-chung', displayName: 'Đối chứng', passwordHash: hash });
  rows.push({ id: randomUUID(), username: 'tg-chuyen-huong', displayName: 'Chuyển hướng', passwordHash: hash });
  rows.push({ id: randomUUID(), username: 'tg-doi-mat-khau', displayName: 'Đổi mật khẩu', passwordHash: hash });
  rows.push({ id: randomUUID(), username: 'tg-doi-that', displayName: 'Đổi thật', passwordHash: hash });
  await db.insert(users).values(rows);
  // Locked accounts, as after LOCK_AFTER_FAILURES failures a moment ago.
  const now = Date.now();
  await db.insert(signInThrottle).values(
    Array.from({ length: TRIES }, (_, i) => ({
      username: code('tg-khoa', i + 1),
      failures: LOCK_AFTER_FAILURES,
      lastFailureAt: new Date(now),
      lockedUntil: new Date(now + LOCK_DURATION_MS),
    })),
  );
  db.$client.close();
  server = await startServer({ DATABASE_URL: databaseUrl });
});
after(async () => {
  for (const agent of agents.values()) agent.destroy();
  await server?.stop();
});

interface Answer {
  status: number;
  location?: string;
  retryAfter?: string;
  body: string;
  ms: number;
}

// One kept-alive connection per source address, so that timings are not of TCP handshakes.
const agents = new Map<string, Agent>();
const agentFor = (localAddress: string) => {
  if (!agents.has(localAddress)) agents.set(localAddress, new Agent({ keepAlive: true, maxSockets: 64, localAddress }));
  return agents.get(localAddress)!;
};

/** Sends one request from a given loopback address; `ms` is the time to the full answer. */
function send(
  method: 'GET' | 'POST',
  path: string,
  localAddress: string,
  form?: Record<string, string>,
): Promise<Answer> {
  const body = form ? new URLSearchParams(form).toString() : undefined;
  const headers: Record<string, string> = form
    ? { 'Content-Type': 'application/x-www-form-urlencoded', Origin: server.baseUrl }
    : {};
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const outgoing = request(
      `${server.baseUrl}${path}`,
      { method, headers, agent: agentFor(localAddress) },
      (response) => {
        let text = '';
        response.setEncoding('utf8');
        response.on('data', (chunk) => (text += chunk));
        response.on('end', () =>
          resolve({
            status: response.statusCode ?? 0,
            location: response.headers.location,
            retryAfter: response.headers['retry-after'] as string | undefined,
            body: text,
            ms: performance.now() - started,
          }),
        );
      },
    );
    outgoing.on('error', reject);
    outgoing.end(body);
  });
}

const signIn = (username: string, password: string, localAddress: string, next?: string) =>
  send('POST', '/dang-nhap/?_action=signIn', localAddress, {
    username,
    password,
    ...(next === undefined ? {} : { next }),
  });

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  return (sorted[(sorted.length - 1) >> 1] + sorted[sorted.length >> 1]) / 2;
};

const count = (answers: Answer[], status: number) => answers.filter((answer) => answer.status === status).length;

describe('sign-in abuse against the real server', () => {
  test('40 parallel wrong passwords for one account: only the free failures are checked, the rest wait (429, Retry-After)', async () => {
    const started = Date.now();
    const answers = await Promise.all(
      Array.from({ length: 40 }, () => signIn('tg-song-song', 'sai-mat-khau', '127.0.1.1')),
    );
    const elapsedMs = Date.now() - started;
    // Every answer costs an Argon2 verification, so on a slow machine the 40 may take longer than
    // the schedule's first waits (5 s, then 10 s more, …): a try after such a wait is allowed.
    let allowed = FREE_FAILURES;
    for (let waited = 5_000, total = 5_000; total <= elapsedMs; waited *= 2, total += waited) allowed++;

    console.log(
      `song song: ${count(answers, 401)} × 401, ${count(answers, 429)} × 429 trong ${elapsedMs} ms (lịch cho phép ${allowed} lần sai)`,
    );
    assert.ok(count(answers, 401) >= FREE_FAILURES && count(answers, 401) <= allowed, `${count(answers, 401)} × 401`);
    assert.equal(count(answers, 429), 40 - count(answers, 401));
    for (const answer of answers.filter((a) => a.status === 429)) {
      assert.ok(Number(answer.retryAfter) >= 1, `Retry-After: ${answer.retryAfter}`);
      assert.match(answer.body, /Đã nhập sai nhiều lần/);
    }
  });

  test('a stolen session cannot guess the current password on the change form: it is throttled like sign-in', async () => {
    const change = (cookie: string, currentPassword: string) =>
      fetch(`${server.baseUrl}/_actions/changeOwnPassword`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/x-www-form-urlencoded', Cookie: cookie, Origin: server.baseUrl },
        body: new URLSearchParams({
          currentPassword,
          newPassword: 'mat-khau-moi-rat-dai-2026',
          confirmPassword: 'mat-khau-moi-rat-dai-2026',
        }),
      });
    const sessionOf = async (username: string) => {
      const response = await fetch(`${server.baseUrl}/dang-nhap/?_action=signIn`, {
        method: 'POST',
        redirect: 'manual',
        headers: { 'Content-Type': 'application/x-www-form-urlencoded', Origin: server.baseUrl },
        body: new URLSearchParams({ username, password: PASSWORD }),
      });
      const cookie = /hls_session=[^;]+/.exec(response.headers.get('set-cookie') ?? '')?.[0];
      assert.ok(cookie, `${username} signs in`);
      return cookie;
    };

    const cookie = await sessionOf('tg-doi-mat-khau');
    const answers = await Promise.all(Array.from({ length: 12 }, () => change(cookie, 'doan-thu-mat-khau')));
    const statuses = answers.map((answer) => answer.status);

    console.log(
      `đổi mật khẩu: ${statuses.filter((status) => status === 401).length} × 401, ${statuses.filter((status) => status === 429).length} × 429`,
    );
    assert.ok(statuses.filter((status) => status === 401).length <= FREE_FAILURES + 1, statuses.join(' '));
    assert.ok(statuses.filter((status) => status === 429).length >= 12 - FREE_FAILURES - 1, statuses.join(' '));
    assert.match(await answers[statuses.indexOf(429)].text(), /Đã nhập sai nhiều lần/);

    // The control: the right current password of an untouched account changes it.
    const other = await sessionOf('tg-doi-that');
    assert.equal((await change(other, PASSWORD)).status, 200);
  });

  test('one password sprayed over 200 staff codes from one address is stopped after the per-address limit; another address still signs in', async () => {
    const answers: Answer[] = [];
    for (let i = 1; i <= 200; i++) answers.push(await signIn(code('sl-ql', i), 'HocLieuSo@2026', '127.0.2.1'));
    const firstRefused = answers.findIndex((answer) => answer.status === 429);

    console.log(
      `phun mật khẩu: ${count(answers, 401)} × 401, ${count(answers, 429)} × 429, lần bị chặn đầu tiên: ${firstRefused + 1}`,
    );
    assert.equal(firstRefused, ADDRESS_FAILURES_PER_HOUR);
    assert.equal(count(answers, 401), ADDRESS_FAILURES_PER_HOUR);
    assert.ok(answers.slice(firstRefused).every((answer) => answer.status === 429 && Number(answer.retryAfter) >= 1));

    const control = await signIn('tg-doi-chung', PASSWORD, '127.0.2.2');
    assert.equal(control.status, 302, 'a colleague on another address is not affected');
  });

  test('answers take as long for an unknown, password-less, disabled, locked or real account (within 5 ms, paired by round)', async () => {
    const kinds = {
      'không tồn tại': (i: number) => code('tg-khong-co', i),
      'chưa có mật khẩu': (i: number) => code('tg-chua', i),
      'ngừng hoạt động': (i: number) => code('tg-ngung', i),
      'bị khoá': (i: number) => code('tg-khoa', i),
      'sai mật khẩu': (i: number) => code('tg-that', i),
    };
    // Warm up the server's paths (JIT, decoy hash) on addresses and names not used below.
    for (let i = 0; i < 10; i++) await signIn(`tg-khoi-dong-${i}`, 'sai-mat-khau', `127.0.3.${200 + (i % 5)}`);

    const times: Record<string, number[]> = Object.fromEntries(Object.keys(kinds).map((kind) => [kind, []]));
    const statuses: Record<string, Set<number>> = Object.fromEntries(
      Object.keys(kinds).map((kind) => [kind, new Set<number>()]),
    );
    // Sequential and interleaved, each account tried once and each address a few times only, so
    // that no throttle layer refuses anything but the locked accounts.
    for (let i = 1; i <= TRIES; i++) {
      // A new order each round, so that no kind always follows the same one.
      const round = Object.entries(kinds).sort(() => Math.random() - 0.5);
      for (const [kind, username] of round) {
        const answer = await signIn(username(i), 'sai-mat-khau-nhe', `127.0.3.${i}`);
        times[kind].push(answer.ms);
        statuses[kind].add(answer.status);
      }
    }
    const medians = Object.fromEntries(
      Object.entries(times).map(([kind, values]) => [kind, Number(median(values).toFixed(2))]),
    );

    // Also the median of each round's difference from the real account: drift in the machine's load cancels out.
    const paired = Object.fromEntries(
      Object.entries(times).map(([kind, values]) => [
        kind,
        Number(median(values.map((ms, i) => ms - times['sai mật khẩu'][i])).toFixed(2)),
      ]),
    );
    console.log('trung vị (ms):', JSON.stringify(medians));
    console.log('trung vị chênh lệch theo lượt so với sai mật khẩu (ms):', JSON.stringify(paired));
    for (const kind of Object.keys(kinds))
      assert.deepEqual([...statuses[kind]], [kind === 'bị khoá' ? 429 : 401], kind);
    // The bound holds for the median of each round's difference from the real account: every
    // kind is tried within the same second of each round, so the machine's load (a full test run,
    // fsync jitter) moves both sides alike and cancels out, where the plain medians drift apart.
    for (const [kind, difference] of Object.entries(paired)) {
      assert.ok(
        Math.abs(difference) < 5,
        `${kind}: ${difference} ms slower than a wrong password (medians ${JSON.stringify(medians)})`,
      );
    }
  });

  test('every open-redirect payload in next lands on the home page; a path of the site is kept', async () => {
    const payloads = OPEN_REDIRECT_PAYLOADS;
    for (const next of payloads) {
      const answer = await signIn('tg-chuyen-huong', PASSWORD, '127.0.4.1', next);
      assert.equal(answer.status, 302, JSON.stringify(next));
      assert.equal(answer.location, '/', JSON.stringify(next));
    }
    assert.equal(
      (await signIn('tg-chuyen-huong', PASSWORD, '127.0.4.1', '/khoa-hoc/x/?a=1#b')).location,
      '/khoa-hoc/x/?a=1#b',
    );
    assert.equal((await signIn('tg-chuyen-huong', PASSWORD, '127.0.4.1')).location, '/viec-hoc-cua-toi/');

    // The form does not carry a refused next on either.
    const page = await send('GET', `/dang-nhap/?next=${encodeURIComponent('/\t/evil.example')}`, '127.0.4.1');
    // An empty value, whatever scoped-style attribute follows it.
    assert.match(page.body, /name="next" value(="")?( data-astro-cid-\w+)?>/);
  });
});
