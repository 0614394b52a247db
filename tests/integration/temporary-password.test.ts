/**
 * Issue 14 (ASVS 5.0 L2) over HTTP against the built server on a fresh seeded database:
 * - a temporary password opens nothing but changing it and signing out: every action (RPC or
 *   form), every API call is refused and leaves the database as it was; once the password is
 *   changed, the same calls work (the control);
 * - an administrator cannot issue a temporary password to, or lock, an account holding a role
 *   they could not grant (here: a commune official who is also an instructor).
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { count, eq } from 'drizzle-orm';
import {
  apiTokens,
  officials,
  progressEvents,
  quizAttempts,
  roleGrants,
  sessions,
  units,
  users,
} from '../../db/schema/index.ts';
import type { Database } from '../../db/client.ts';
import { createTestDatabase, openTestDatabase } from '../support/database.ts';
import { startServer, type RunningServer } from '../support/server.ts';
import { signInOverHttp } from '../support/authoring-http.ts';
import { getAs, postFormAs, type HttpAnswer } from '../support/http.ts';

const COURSE = 'tiep-cong-dan-khieu-nai-to-cao';
const LESSON = `${COURSE}/tiep-cong-dan-tai-tru-so-ubnd-xa`;
const NEW_PASSWORD = 'con-duong-lang-que-2026';
const CHANGE_FIRST = /đổi mật khẩu tạm thời/;

let server: RunningServer;
let db: Database;
before(async () => {
  const url = await createTestDatabase();
  db = openTestDatabase(url);
  server = await startServer({ DATABASE_URL: url });
});
after(async () => {
  db?.$client.close();
  await server?.stop();
});

/** POSTs to an action's RPC endpoint as the site's own script does; JSON when `json`. */
async function rpc(cookie: string, name: string, input: Record<string, string>, json = false): Promise<HttpAnswer> {
  const response = await fetch(`${server.baseUrl}/_actions/${name}`, {
    method: 'POST',
    redirect: 'manual',
    headers: {
      Cookie: cookie,
      Origin: server.baseUrl,
      'Content-Type': json ? 'application/json' : 'application/x-www-form-urlencoded',
    },
    body: json ? JSON.stringify(input) : new URLSearchParams(input),
  });
  return { status: response.status, headers: response.headers, body: await response.text() };
}

/** A 403 the Astro client turns into an ActionError: code FORBIDDEN, the Vietnamese message. */
function assertActionRefused(answer: HttpAnswer, what: string): void {
  assert.equal(answer.status, 403, `${what}: status`);
  assert.match(answer.headers.get('content-type') ?? '', /application\/json/, `${what}: content type`);
  const body = JSON.parse(answer.body) as { type: string; code: string; message: string };
  assert.equal(body.type, 'AstroActionError', what);
  assert.equal(body.code, 'FORBIDDEN', what);
  assert.match(body.message, CHANGE_FIRST, what);
}

function assertSentToPasswordChange(answer: HttpAnswer, what: string): void {
  assert.equal(answer.status, 303, `${what}: status`);
  assert.equal(
    new URL(answer.headers.get('location') ?? '', server.baseUrl).pathname,
    '/doi-mat-khau/',
    `${what}: location`,
  );
}

const sessionCookieOf = (answer: HttpAnswer) => /hls_session=[^;]+/.exec(answer.headers.get('set-cookie') ?? '')?.[0];

async function userByName(username: string) {
  const [user] = await db.select().from(users).where(eq(users.username, username));
  return user;
}
const countOf = async (rows: Promise<{ n: number }[]>) => (await rows)[0].n;

/** Signs in as a commune administrator and issues a temporary password to the official, as the page's form does. */
async function issueTemporaryPasswordAs(
  adminCookie: string,
  officialId: string,
): Promise<HttpAnswer & { password?: string }> {
  const answer = await postFormAs(
    server.baseUrl,
    adminCookie,
    `/quan-tri/can-bo/${officialId}/?_action=admin.resetOfficialPassword`,
    { officialId },
  );
  // The page shows it once, from a short-lived cookie scoped to the official's page.
  const left = /hls_mat_khau_tam=([^;]+)/.exec(answer.headers.get('set-cookie') ?? '')?.[1];
  return { ...answer, password: left ? decodeURIComponent(left).split(':')[1] : undefined };
}

describe('a temporary password opens nothing but changing it and signing out', () => {
  test('an official with a temporary password can neither learn nor call the API until the password is changed; then the same calls work', async () => {
    const [official] = await db.select().from(officials).where(eq(officials.staffCode, 'SL-QL-003'));
    const admin = await signInOverHttp(server.baseUrl, 'quantri.quangloi', 'quan-tri-xa-2026');
    const issued = await issueTemporaryPasswordAs(admin, official.id);
    assert.equal(issued.status, 303);
    assert.ok(issued.password, 'the temporary password is left for the page');
    const account = await userByName('sl-ql-003');
    assert.equal(account.mustChangePassword, true);

    const cookie = await signInOverHttp(server.baseUrl, 'sl-ql-003', issued.password);
    const lessonInput = { courseId: COURSE, lessonId: LESSON };
    const refused: [string, HttpAnswer][] = [
      ['completeLesson (RPC, form body)', await rpc(cookie, 'completeLesson', lessonInput)],
      ['completeLesson (RPC, JSON body)', await rpc(cookie, 'completeLesson', lessonInput, true)],
      ['quiz.startAttempt (RPC)', await rpc(cookie, 'quiz.startAttempt', { courseId: COURSE, quizSlug: 'on-tap' })],
      ['an action that does not exist (RPC)', await rpc(cookie, 'khong-co-hanh-dong-nay', {})],
      ['a name that only begins like changeOwnPassword (RPC)', await rpc(cookie, 'changeOwnPasswordX', {})],
    ];
    for (const [what, answer] of refused) assertActionRefused(answer, what);

    // Form posts: a redirect to the password page, the action never run.
    assertSentToPasswordChange(
      await postFormAs(server.baseUrl, cookie, `/viec-hoc-cua-toi/?_action=completeLesson`, lessonInput),
      'completeLesson (form)',
    );
    assertSentToPasswordChange(
      await postFormAs(server.baseUrl, cookie, `/doi-mat-khau/?_action=completeLesson`, lessonInput),
      'completeLesson (form on the password page)',
    );
    assertSentToPasswordChange(
      await postFormAs(server.baseUrl, cookie, `/dang-xuat/?_action=quiz.startAttempt`, {
        courseId: COURSE,
        quizSlug: 'on-tap',
      }),
      'quiz.startAttempt (form on the sign-out page)',
    );

    // The API: writes and reads alike.
    const events = await fetch(`${server.baseUrl}/api/v1/progress/events`, {
      method: 'POST',
      headers: { Cookie: cookie, Origin: server.baseUrl, 'Content-Type': 'application/json' },
      body: JSON.stringify({
        events: [
          {
            id: randomUUID(),
            kind: 'lesson_completed',
            courseId: COURSE,
            lessonId: LESSON,
            occurredAt: new Date().toISOString(),
          },
        ],
      }),
    });
    assert.equal(events.status, 403);
    assert.match(((await events.json()) as { error: string }).error, CHANGE_FIRST);
    assert.equal((await getAs(server.baseUrl, cookie, '/api/v1/me/progress')).status, 403);
    // Pages other than the two allowed send the person to the password page.
    assert.equal((await getAs(server.baseUrl, cookie, '/viec-hoc-cua-toi/')).status, 302);
    assert.equal((await getAs(server.baseUrl, cookie, '/doi-mat-khau/')).status, 200);

    assert.equal(
      await countOf(db.select({ n: count() }).from(progressEvents).where(eq(progressEvents.userId, account.id))),
      0,
      'no progress was recorded',
    );
    assert.equal(
      await countOf(db.select({ n: count() }).from(quizAttempts).where(eq(quizAttempts.userId, account.id))),
      0,
      'no attempt was started',
    );
    assert.equal((await userByName('sl-ql-003')).mustChangePassword, true);

    // Signing out works, through the form and through RPC, and ends that session.
    for (const via of ['form', 'rpc'] as const) {
      const other = await signInOverHttp(server.baseUrl, 'sl-ql-003', issued.password);
      const out =
        via === 'form'
          ? await postFormAs(server.baseUrl, other, '/dang-xuat/?_action=signOut', {})
          : await rpc(other, 'signOut', {});
      assert.ok(
        via === 'form' ? out.status === 302 || out.status === 303 : out.status === 200,
        `sign-out (${via}): ${out.status}`,
      );
      const afterwards = await getAs(server.baseUrl, other, '/doi-mat-khau/');
      assert.equal(
        new URL(afterwards.headers.get('location') ?? '/', server.baseUrl).pathname,
        '/dang-nhap/',
        `sign-out (${via}) ended the session`,
      );
    }

    // Changing the password works through the page's form…
    const changed = await postFormAs(server.baseUrl, cookie, '/doi-mat-khau/?_action=changeOwnPassword', {
      currentPassword: issued.password,
      newPassword: NEW_PASSWORD,
      confirmPassword: NEW_PASSWORD,
    });
    assert.equal(changed.status, 302, changed.body.slice(0, 300));
    assert.equal(changed.headers.get('location'), '/viec-hoc-cua-toi/');
    assert.equal((await userByName('sl-ql-003')).mustChangePassword, false);
    const fresh = sessionCookieOf(changed) ?? cookie;

    // …and the control: the same action now records progress.
    const done = await rpc(fresh, 'completeLesson', lessonInput);
    assert.equal(done.status, 200, done.body.slice(0, 300));
    assert.ok(
      (await countOf(db.select({ n: count() }).from(progressEvents).where(eq(progressEvents.userId, account.id)))) > 0,
      'progress is recorded after the change',
    );
    assert.equal((await getAs(server.baseUrl, fresh, '/api/v1/me/progress')).status, 200);
  });

  test('an administrator with a temporary password cannot create an API token until it is changed (through RPC)', async () => {
    // Province administrators are not officials: no page resets them, so the flag is set as a reset would.
    const account = await userByName('quantri.caonguyen');
    await db.update(users).set({ mustChangePassword: true }).where(eq(users.id, account.id));
    const [province] = await db.select().from(units).where(eq(units.code, 'CN'));
    const tokensOf = () =>
      countOf(db.select({ n: count() }).from(apiTokens).where(eq(apiTokens.createdBy, account.id)));
    const before = await tokensOf();

    const cookie = await signInOverHttp(server.baseUrl, 'quantri.caonguyen', 'quan-tri-tinh-2026');
    assertActionRefused(
      await rpc(cookie, 'apiTokens.create', { name: 'Hệ thống thử', unitId: province.id, validForDays: '90' }),
      'apiTokens.create (RPC)',
    );
    assertSentToPasswordChange(
      await postFormAs(server.baseUrl, cookie, '/quan-tri/api/?_action=apiTokens.create', {
        name: 'Hệ thống thử',
        unitId: province.id,
        validForDays: '90',
      }),
      'apiTokens.create (form)',
    );
    assertSentToPasswordChange(
      await postFormAs(server.baseUrl, cookie, '/quan-tri/api/', {
        name: 'Hệ thống thử',
        unitId: province.id,
        validForDays: '90',
      }),
      'a plain form post',
    );
    assert.equal(await tokensOf(), before, 'no token was created');

    const changed = await rpc(cookie, 'changeOwnPassword', {
      currentPassword: 'quan-tri-tinh-2026',
      newPassword: NEW_PASSWORD,
      confirmPassword: NEW_PASSWORD,
    });
    assert.equal(changed.status, 200, changed.body.slice(0, 300));
    assert.equal((await userByName('quantri.caonguyen')).mustChangePassword, false);
    const fresh = sessionCookieOf(changed) ?? cookie;

    const created = await rpc(fresh, 'apiTokens.create', {
      name: 'Hệ thống thử',
      unitId: province.id,
      validForDays: '90',
    });
    assert.equal(created.status, 200, created.body.slice(0, 300));
    assert.equal(await tokensOf(), before + 1, 'the control: a token is created once the password is changed');
  });
});

describe('an administrator cannot take over an account holding a role they could not grant', () => {
  test('a commune administrator can neither reset nor lock an official who is also an instructor; a system administrator can', async () => {
    const [official] = await db.select().from(officials).where(eq(officials.staffCode, 'SL-QL-004'));
    const account = await userByName('sl-ql-004');
    await db.insert(roleGrants).values({ userId: account.id, role: 'instructor', unitId: null });
    const commune = await signInOverHttp(server.baseUrl, 'quantri.quangloi', 'quan-tri-xa-2026');
    const openSessions = () => countOf(db.select({ n: count() }).from(sessions).where(eq(sessions.userId, account.id)));
    await signInOverHttp(server.baseUrl, 'sl-ql-004', 'hoc-tap-moi-ngay');
    const sessionsBefore = await openSessions();

    // The page shows why, and no button.
    const page = await getAs(server.baseUrl, commune, `/quan-tri/can-bo/${official.id}/`);
    assert.equal(page.status, 200);
    assert.match(page.body, /Giảng viên trên toàn hệ thống/);
    assert.doesNotMatch(page.body, /id="cap-mat-khau"|id="trang-thai-tai-khoan"/);

    // The server refuses, whichever way it is asked.
    for (const [name, input] of [
      ['admin.resetOfficialPassword', { officialId: official.id }],
      ['admin.setOfficialAccountStatus', { officialId: official.id, status: 'khoa' }],
    ] as const) {
      const answer = await rpc(commune, name, input);
      assert.equal(answer.status, 403, `${name}: ${answer.status}`);
      assert.match((JSON.parse(answer.body) as { message: string }).message, /Chỉ quản trị hệ thống mới được/);
    }
    const viaPage = await issueTemporaryPasswordAs(commune, official.id);
    assert.equal(viaPage.password, undefined, 'no temporary password through the page form');
    assert.match(viaPage.body, /Chỉ quản trị hệ thống mới được/);
    const unchanged = await userByName('sl-ql-004');
    assert.equal(unchanged.passwordHash, account.passwordHash);
    assert.equal(unchanged.mustChangePassword, false);
    assert.equal(unchanged.disabledAt, null);
    assert.equal(await openSessions(), sessionsBefore, 'the official stays signed in');

    // The control: a system administrator may (the role is one they can grant).
    const system = await signInOverHttp(server.baseUrl, 'quantri.hethong', 'quan-tri-he-thong-2026');
    const allowed = await issueTemporaryPasswordAs(system, official.id);
    assert.equal(allowed.status, 303);
    assert.ok(allowed.password);
    assert.equal((await userByName('sl-ql-004')).mustChangePassword, true);
    assert.equal(await countOf(db.select({ n: count() }).from(sessions).where(eq(sessions.userId, account.id))), 0);
  });
});
