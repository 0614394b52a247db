/**
 * Session policy (ASVS 5.0 V7): the cookie is __Host-hls_session over https and hls_session over
 * plain http on localhost; staff sessions (instructors, reviewers, administrators) end after 30
 * minutes idle or 12 hours, learners' after 14 or 60 days, decided by the roles held at
 * validation time; sensitive actions need the password entered in the last ten minutes and the
 * re-authentication page gives it back, then returns to the page (a path of this site only).
 *
 * https is what a build made with SITE_URL sees behind Caddy: a copy of dist/ whose manifest
 * trusts https://localhost (as tests/integration/caddy.test.ts does, without a second build), and
 * requests from loopback (a trusted proxy) carrying X-Forwarded-Proto/-Host.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import { eq } from 'drizzle-orm';
import type { Database } from '../../db/client.ts';
import { certificates, publishJobs, roleGrants, sessions, units, users } from '../../db/schema/index.ts';
import { createTestDatabase, openTestDatabase } from '../support/database.ts';
import { getAs, postFormAs } from '../support/http.ts';
import { buildWithSite, copyProject, type ProjectCopy } from '../support/project-copy.ts';
import { startServer, type RunningServer } from '../support/server.ts';
import { addCompletion } from '../support/api-token-fixtures.ts';
import { TCD, userIdOf } from '../support/completion-fixtures.ts';
import { SECURE_SESSION_COOKIE, SESSION_COOKIE, sessionCookieName } from '../../src/lib/server/auth/cookie.ts';

const SITE = new URL('https://localhost:8443');
const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

let databaseUrl: string;
let db: Database;
let project: ProjectCopy;
/** The copy's server, its build trusting https://localhost. */
let server: RunningServer;
let sessionsModule: typeof import('../../src/lib/server/auth/sessions.ts');
let recent: typeof import('../../src/lib/server/auth/recent-password.ts');

interface Answer {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: string;
}

/** A request as Caddy forwards one from https://localhost:8443 (or, with `plain`, straight over http). */
function request(
  path: string,
  options: { method?: string; cookie?: string; form?: Record<string, string>; plain?: boolean } = {},
): Promise<Answer> {
  const { method = 'GET', cookie, form, plain = false } = options;
  const port = new URL(server.baseUrl).port;
  const headers: Record<string, string> = plain
    ? { host: `127.0.0.1:${port}` }
    : {
        host: SITE.host,
        'x-forwarded-proto': 'https',
        'x-forwarded-host': SITE.host,
        'x-forwarded-for': '198.51.100.7',
      };
  if (cookie) headers.cookie = cookie;
  const body = form ? new URLSearchParams(form).toString() : undefined;
  if (body) {
    headers['content-type'] = 'application/x-www-form-urlencoded';
    headers.origin = plain ? server.baseUrl : SITE.origin;
  }
  return new Promise((resolve, reject) => {
    const req = http.request({ host: '127.0.0.1', port, path, method, headers, agent: false }, (response) => {
      const chunks: Buffer[] = [];
      response.on('data', (chunk: Buffer) => chunks.push(chunk));
      response.on('end', () =>
        resolve({
          status: response.statusCode ?? 0,
          headers: response.headers,
          body: Buffer.concat(chunks).toString('utf8'),
        }),
      );
      response.on('error', reject);
    });
    req.setTimeout(15_000, () => req.destroy(new Error('timeout')));
    req.on('error', reject);
    req.end(body);
  });
}

const setCookies = (answer: Answer) => [answer.headers['set-cookie'] ?? []].flat();
const sessionSetCookie = (answer: Answer, name: string) =>
  setCookies(answer).find((line) => line.startsWith(`${name}=`));

/** A session of `username` started `ageMs` ago (its password entered then, as at sign-in). */
async function sessionOf(username: string, ageMs = 0): Promise<{ token: string; id: string }> {
  const token = await sessionsModule.createSession(await userIdOf(db, username), Date.now() - ageMs);
  return { token, id: token.split('.')[0] };
}

before(async () => {
  databaseUrl = await createTestDatabase();
  // getDb() in this process (createSession, the lifetime checks) opens the same file as the server.
  process.env.DATABASE_URL = databaseUrl;
  db = openTestDatabase(databaseUrl);
  sessionsModule = await import('../../src/lib/server/auth/sessions.ts');
  recent = await import('../../src/lib/server/auth/recent-password.ts');
  project = copyProject();
  buildWithSite(project.root, SITE);
  server = await startServer(
    { DATABASE_URL: databaseUrl, SITE_URL: SITE.origin, TRUSTED_PROXIES: '127.0.0.1,::1,::ffff:127.0.0.1' },
    { cwd: project.root },
  );
});
after(async () => {
  db?.$client.close();
  await server?.stop();
  project?.cleanup();
});

describe('the session cookie', () => {
  test('is named for the scheme: __Host-hls_session over https, hls_session over http', () => {
    assert.equal(sessionCookieName(new URL('https://hoclieuso.example.vn/khoa-hoc/')), '__Host-hls_session');
    assert.equal(sessionCookieName(new URL('http://localhost:4321/')), 'hls_session');
    assert.equal(SECURE_SESSION_COOKIE, `__Host-${SESSION_COOKIE}`);
  });

  test('signing in over https sets __Host-hls_session: Secure, Path=/, no Domain, HttpOnly, SameSite=Lax', async () => {
    const answer = await request('/dang-nhap/?_action=signIn', {
      method: 'POST',
      form: { username: 'hocvien', password: 'hoc-tap-moi-ngay' },
    });

    assert.equal(answer.status, 302, 'sign-in over https refused');
    const cookie = sessionSetCookie(answer, SECURE_SESSION_COOKIE);
    assert.ok(cookie, `no ${SECURE_SESSION_COOKIE} in ${setCookies(answer).join(' | ')}`);
    assert.match(cookie, /; Secure/i);
    assert.match(cookie, /; Path=\/(;|$)/i);
    assert.match(cookie, /; HttpOnly/i);
    assert.match(cookie, /; SameSite=Lax/i);
    assert.doesNotMatch(cookie, /; Domain=/i);
    // A learner's cookie lasts the learner's idle timeout, 14 days.
    assert.match(cookie, /; Max-Age=1209600(;|$)/i);
    assert.equal(sessionSetCookie(answer, SESSION_COOKIE), undefined, 'the bare name is not set over https');
  });

  test('an administrator signing in gets a cookie lasting 30 minutes', async () => {
    const answer = await request('/dang-nhap/?_action=signIn', {
      method: 'POST',
      form: { username: 'quantri.phuthinh', password: 'quan-tri-xa-2026' },
    });

    assert.equal(answer.status, 302);
    assert.match(sessionSetCookie(answer, SECURE_SESSION_COOKIE) ?? '', /; Max-Age=1800(;|$)/i);
  });

  test('signing in over plain http on localhost keeps hls_session, without Secure', async () => {
    const answer = await request('/dang-nhap/?_action=signIn', {
      method: 'POST',
      plain: true,
      form: { username: 'hocvien', password: 'hoc-tap-moi-ngay' },
    });

    assert.equal(answer.status, 302);
    const cookie = sessionSetCookie(answer, SESSION_COOKIE);
    assert.ok(cookie);
    assert.doesNotMatch(cookie, /; Secure/i);
  });

  test('is read under the scheme’s name only: the other name signs nobody in', async () => {
    const { token } = await sessionOf('hocvien');

    const httpsRight = await request('/api/v1/me', { cookie: `${SECURE_SESSION_COOKIE}=${token}` });
    const httpsBare = await request('/api/v1/me', { cookie: `${SESSION_COOKIE}=${token}` });
    const httpRight = await request('/api/v1/me', { plain: true, cookie: `${SESSION_COOKIE}=${token}` });
    const httpPrefixed = await request('/api/v1/me', { plain: true, cookie: `${SECURE_SESSION_COOKIE}=${token}` });

    assert.deepEqual(
      [httpsRight.status, httpsBare.status, httpRight.status, httpPrefixed.status],
      [200, 401, 200, 401],
    );
  });

  test('an administrator’s refreshed cookie lasts 30 minutes, not 14 days', async () => {
    // Two minutes without a request: past the one-minute refresh interval of staff sessions.
    const { token } = await sessionOf('quantri.quangloi', 2 * MINUTE);

    const answer = await request('/api/v1/me', { cookie: `${SECURE_SESSION_COOKIE}=${token}` });

    assert.equal(answer.status, 200);
    const cookie = sessionSetCookie(answer, SECURE_SESSION_COOKIE);
    assert.ok(cookie, 'the cookie was not refreshed');
    assert.match(cookie, /; Max-Age=1800(;|$)/i);
  });
});

describe('session lifetimes by role', () => {
  const { validate } = { validate: (token: string, now: number) => sessionsModule.validateSessionToken(token, now) };

  test('staff sessions (administrator, reviewer, instructor) end after 30 minutes idle; a learner’s does not', async () => {
    for (const username of ['quantri.quangloi', 'thamdinh', 'giangvien']) {
      const start = Date.now();
      const token = await sessionsModule.createSession(await userIdOf(db, username), start);
      assert.ok(await validate(token, start + 29 * MINUTE), `${username}: ended before 30 minutes idle`);
      assert.equal(
        await validate(token, start + 29 * MINUTE + 30 * MINUTE + 1),
        null,
        `${username}: still valid after 30 minutes idle`,
      );
    }
    const start = Date.now();
    const learner = await sessionsModule.createSession(await userIdOf(db, 'hocvien'), start);
    assert.ok(await validate(learner, start + 13 * DAY), 'a learner’s session ended before 14 days idle');
    assert.equal(await validate(learner, start + 13 * DAY + 14 * DAY + 1), null);
  });

  test('activity is written every minute for staff, so the idle timeout counts from the last request', async () => {
    const start = Date.now();
    const token = await sessionsModule.createSession(await userIdOf(db, 'quantri.songlam'), start);

    assert.equal((await validate(token, start + 30_000))?.refreshed, false);
    assert.equal((await validate(token, start + MINUTE + 1))?.refreshed, true);
    // Active at minute 1: idle 30 minutes counts from there.
    assert.ok(await validate(token, start + MINUTE + 29 * MINUTE));
    const learner = await sessionsModule.createSession(await userIdOf(db, 'hocvien'), start);
    assert.equal((await validate(learner, start + MINUTE + 1))?.refreshed, false, 'learners are written hourly');
  });

  test('a staff session ends at 12 hours however active, a learner’s lives on', async () => {
    const start = Date.now();
    const staff = await sessionsModule.createSession(await userIdOf(db, 'quantri.caonguyen'), start);
    const learner = await sessionsModule.createSession(await userIdOf(db, 'hocvien'), start);
    for (let t = start; t < start + 12 * HOUR; t += 20 * MINUTE)
      assert.ok(await validate(staff, t), 'active staff session ended early');

    assert.equal(await validate(staff, start + 12 * HOUR + 1), null);
    assert.ok(await validate(learner, start + 12 * HOUR + 1));
  });

  test('the cookie’s Max-Age is the idle timeout, cut short by the absolute lifetime', async () => {
    const start = Date.now();
    const staff = await sessionsModule.createSession(await userIdOf(db, 'quantri.phuthinh'), start);
    const learner = await sessionsModule.createSession(await userIdOf(db, 'hocvien'), start);

    assert.equal((await validate(staff, start))?.cookieMaxAgeSeconds, 30 * 60);
    assert.equal((await validate(learner, start))?.cookieMaxAgeSeconds, 14 * 24 * 60 * 60);
    for (let t = start; t < start + 12 * HOUR - 10 * MINUTE; t += 20 * MINUTE) await validate(staff, t);
    assert.equal((await validate(staff, start + 12 * HOUR - 10 * MINUTE))?.cookieMaxAgeSeconds, 10 * 60);
  });

  test('the roles held at validation time decide: a learner made administrator loses a day-old session', async () => {
    const [account] = await db
      .insert(users)
      .values({ id: 'sp-promoted', username: 'sp.promoted', displayName: 'Người được giao quyền', passwordHash: 'x' })
      .returning();
    const start = Date.now();
    const token = await sessionsModule.createSession(account.id, start - DAY);
    assert.ok(await validate(token, start), 'a day-old learner session is valid');

    const [commune] = await db.select().from(units).where(eq(units.code, 'SL-QL'));
    await db.insert(roleGrants).values({ userId: account.id, role: 'commune_admin', unitId: commune.id });
    await sessionsModule.forgetCachedSessions(account.id);

    assert.equal(await validate(token, start + 1), null, 'older than 12 hours: ended once the role is held');
  });
});

describe('re-authentication', () => {
  test('counts the password for ten minutes from sign-in, and again from a confirmation', async () => {
    const start = Date.now();
    const token = await sessionsModule.createSession(await userIdOf(db, 'quantri.songlam'), start);
    const id = token.split('.')[0];

    assert.equal(await recent.hasRecentPassword(id, start + 9 * MINUTE), true);
    assert.equal(await recent.hasRecentPassword(id, start + 10 * MINUTE + 1), false);
    const renewed = (
      await recent.renewSessionAfterPassword(id, await userIdOf(db, 'quantri.songlam'), start + 11 * MINUTE)
    ).split('.')[0];
    assert.equal(await recent.hasRecentPassword(renewed, start + 12 * MINUTE), true);
    assert.equal(await recent.hasRecentPassword(id, start + 12 * MINUTE), false, 'the replaced session is gone');
    assert.equal(await recent.hasRecentPassword(undefined), false);
  });

  test('revoking a certificate with a stale password goes to the re-authentication page, which comes back and lets it through', async () => {
    await addCompletion(db, 'SL-QL-007', TCD, new Date('2026-02-10T03:00:00Z'), { certificate: 'valid' });
    const [issued] = await db.select().from(certificates).where(eq(certificates.staffCode, 'SL-QL-007'));
    // The fixture leaves out the unit path that scopes a certificate to its administrators.
    const [unit] = await db.select().from(units).where(eq(units.id, issued.unitId!));
    const [certificate] = await db
      .update(certificates)
      .set({ unitPath: unit.path })
      .where(eq(certificates.id, issued.id))
      .returning();
    const page = `/quan-tri/chung-chi/${certificate.id}/`;
    const { token, id } = await sessionOf('quantri.quangloi', 11 * MINUTE);
    let cookie = `${SESSION_COOKIE}=${token}`;
    const revoke = () =>
      postFormAs(server.baseUrl, cookie, `${page}?_action=certificates.revoke`, {
        certificateId: certificate.id,
        reason: 'Cấp nhầm người, đã xác minh lại hồ sơ.',
      });

    // The page says so before the reason is typed.
    const before = await getAs(server.baseUrl, cookie, page);
    assert.match(before.body, /data-reauth-prompt/);
    assert.ok(before.body.includes(`/xac-nhan-mat-khau/?next=${encodeURIComponent(page)}`));

    const refused = await revoke();
    assert.equal(refused.status, 303);
    assert.equal(refused.headers.get('location'), `/xac-nhan-mat-khau/?next=${encodeURIComponent(page)}`);
    assert.equal(
      (await db.select().from(certificates).where(eq(certificates.id, certificate.id)))[0].revokedAt,
      null,
      'revoked without re-authentication',
    );

    const form = await getAs(server.baseUrl, cookie, `/xac-nhan-mat-khau/?next=${encodeURIComponent(page)}`);
    assert.equal(form.status, 200);
    assert.match(form.body, /autocomplete="current-password"/);

    const wrong = await postFormAs(server.baseUrl, cookie, `/xac-nhan-mat-khau/?next=${encodeURIComponent(page)}`, {
      password: 'khong-phai-mat-khau',
      next: page,
    });
    assert.equal(wrong.status, 401);
    assert.match(wrong.body, /Mật khẩu không đúng/);
    assert.match(wrong.body, /aria-describedby="mat-khau-loi mat-khau-goi-y"/);

    const right = await postFormAs(server.baseUrl, cookie, `/xac-nhan-mat-khau/?next=${encodeURIComponent(page)}`, {
      password: 'quan-tri-xa-2026',
      next: page,
    });
    assert.equal(right.status, 303);
    assert.equal(right.headers.get('location'), page);
    // A new token replaces the old one (ASVS 7.2.4): the old session is gone, the new one keeps its start.
    const renewed = new RegExp(`${SESSION_COOKIE}=([^;]+)`).exec(right.headers.get('set-cookie') ?? '')?.[1];
    assert.ok(renewed && renewed !== token, 'a new session token is set');
    assert.deepEqual(await db.select().from(sessions).where(eq(sessions.id, id)), [], 'the old session is ended');
    const [stored] = await db
      .select()
      .from(sessions)
      .where(eq(sessions.id, renewed.split('.')[0]));
    assert.ok(stored.passwordConfirmedAt && Date.now() - stored.passwordConfirmedAt.getTime() < MINUTE);
    assert.ok(
      Date.now() - stored.createdAt.getTime() >= 11 * MINUTE,
      'the absolute lifetime still counts from the sign-in',
    );
    const stale = await revoke();
    assert.equal(stale.status, 302, 'the old token no longer works: sent to sign in');
    assert.match(stale.headers.get('location') ?? '', /^\/dang-nhap\//);
    assert.equal((await db.select().from(certificates).where(eq(certificates.id, certificate.id)))[0].revokedAt, null);
    cookie = `${SESSION_COOKIE}=${renewed}`;

    const allowed = await revoke();
    assert.equal(allowed.status, 303);
    assert.equal(allowed.headers.get('location'), `${page}?da-thu-hoi=1`);
    assert.ok((await db.select().from(certificates).where(eq(certificates.id, certificate.id)))[0].revokedAt);
  });

  test('returns only to a path of this site', async () => {
    for (const next of ['//evil.example/', 'https://evil.example/', '/\\evil.example']) {
      // A fresh session each time: a confirmation replaces the session it was made in.
      const { token } = await sessionOf('quantri.quangloi', 11 * MINUTE);
      const cookie = `${SESSION_COOKIE}=${token}`;
      const answer = await postFormAs(server.baseUrl, cookie, '/xac-nhan-mat-khau/', {
        password: 'quan-tri-xa-2026',
        next,
      });
      assert.equal(answer.status, 303);
      assert.equal(answer.headers.get('location'), '/', `next=${next}`);
    }
  });

  test('a temporary password and a publication with a stale password are refused and sent to the re-authentication page', async () => {
    const official = await userIdOf(db, 'SL-QL-001');
    const [before] = await db.select({ hash: users.passwordHash }).from(users).where(eq(users.id, official));
    const [officialRow] = await db.select({ officialId: users.officialId }).from(users).where(eq(users.id, official));
    const admin = await sessionOf('quantri.quangloi', 11 * MINUTE);
    const page = `/quan-tri/can-bo/${officialRow.officialId}/`;

    const reset = await postFormAs(
      server.baseUrl,
      `${SESSION_COOKIE}=${admin.token}`,
      `${page}?_action=admin.resetOfficialPassword`,
      { officialId: officialRow.officialId! },
    );

    assert.equal(reset.status, 303);
    assert.equal(reset.headers.get('location'), `/xac-nhan-mat-khau/?next=${encodeURIComponent(page)}`);
    const [after] = await db.select({ hash: users.passwordHash }).from(users).where(eq(users.id, official));
    assert.equal(after.hash, before.hash, 'the password was reset without re-authentication');

    // A submitted draft, published by the reviewer whose password is 11 minutes old.
    const { createCourse } = await import('../../src/lib/server/authoring/new-course.ts');
    const { submitDraft } = await import('../../src/lib/server/authoring/workflow.ts');
    const writer = (await sessionsModule.validateSessionToken((await sessionOf('giangvien')).token))!.user;
    const created = await createCourse(writer, {
      title: 'Khóa học cần xác nhận mật khẩu',
      summary: 'Kiểm thử việc xác nhận lại mật khẩu trước khi xuất bản.',
      kind: 'tap-huan-nghiep-vu',
      fields: ['quan-tri-rui-ro-xa-hoi'],
      audiences: ['cong-chuc-chuyen-mon'],
      hours: 4,
    });
    assert.ok(created.ok);
    assert.ok((await submitDraft(writer, created.draft.id)).ok);
    const reviewer = await sessionOf('thamdinh', 11 * MINUTE);
    const draftPage = `/giang-vien/ban-nhap/${created.draft.id}/`;
    const jobsBefore = (await db.select().from(publishJobs)).length;

    const publish = await postFormAs(
      server.baseUrl,
      `${SESSION_COOKIE}=${reviewer.token}`,
      `${draftPage}?_action=authoring.publishDraft`,
      { draft: created.draft.id },
    );

    assert.equal(publish.status, 303);
    assert.equal(publish.headers.get('location'), `/xac-nhan-mat-khau/?next=${encodeURIComponent(draftPage)}`);
    assert.equal(
      (await db.select().from(publishJobs)).length,
      jobsBefore,
      'a publication was queued without re-authentication',
    );
  });
});
