/**
 * Single sign-on against a real OpenID Connect provider (oidc-provider on a loopback port): the
 * province administrator configures it through the real form (the issuer checked by discovery),
 * an official imported with a số định danh cá nhân signs in and is linked just in time, a second
 * sign-in uses the link, an unknown person and another province's official are refused (and the
 * same person, once imported, gets in), a tampered state is refused, and signing out ends the
 * local session and goes on to the provider's end-session endpoint. From the security review: an
 * account holding a role the province's administrator could not grant is never opened, an e-mail
 * links only when verified, a new issuer or client id needs a new secret and drops the old links,
 * plain-http loopback issuers need SSO_ALLOW_INSECURE_LOOPBACK=1, discovery errors are not echoed,
 * and saving needs a recent password.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { and, count, desc, eq, like } from 'drizzle-orm';
import type { Database } from '../../db/client.ts';
import {
  auditLog,
  officials,
  roleGrants,
  sessions,
  ssoProviders,
  units,
  userIdentities,
  users,
} from '../../db/schema/index.ts';
import type { SessionUser } from '../../src/lib/server/auth/sessions.ts';
import { createTestDatabase, openTestDatabase } from '../support/database.ts';
import { getAs, postFormAs } from '../support/http.ts';
import { officialRow } from '../support/officials-csv.ts';
import { csvField } from '../../src/lib/officials-import/parse-csv.ts';
import { startServer, type RunningServer } from '../support/server.ts';
import { issuerCheckProblem } from '../../src/lib/server/auth/sso/oidc-client.ts';
import { startTestProvider, TestBrowser, type TestProvider } from '../support/oidc-test-provider.ts';
import { launchBrowser, PHONE } from '../support/browser.ts';
import { seriousViolations, sidewaysOverflow } from '../support/accessibility.ts';
import { TEMPLATE_COLUMNS } from '../../src/schemas/official-import-row.ts';

const CLIENT = { clientId: 'hoc-lieu-so', clientSecret: 'bi-mat-cua-ung-dung-hoc-lieu-so' };
const ID = { binh: '001234567890', newcomer: '001234567891', elsewhere: '001234567892', reviewer: '001234567893' };
const LAN_EMAIL = 'lan.nguyen@quangloi.gov.vn';

let db: Database;
let server: RunningServer;
let idp: TestProvider;
let provinceId: string;
let provinceAdmin: string;
let songLamAdmin: SessionUser;

/** The officials of the file, with the two optional columns. */
async function importOfficials(rows: { staffCode: string; nationalId: string; email: string }[]): Promise<void> {
  const { createPreview } = await import('../../src/lib/server/officials-import/preview.ts');
  const { commitImport } = await import('../../src/lib/server/officials-import/commit.ts');
  // The template's header with the two optional columns, as the downloaded template has it.
  const lines = [
    TEMPLATE_COLUMNS.map((column) => column.header),
    ...rows.map(({ staffCode, nationalId, email }) => [...officialRow(staffCode), email, nationalId]),
  ].map((cells) => cells.map((cell) => csvField(cell)).join(','));
  const file = new TextEncoder().encode(`\uFEFF${lines.join('\r\n')}\r\n`);
  const id = await createPreview(songLamAdmin, 'sso.csv', file);
  await commitImport(songLamAdmin, id);
}

before(async () => {
  const databaseUrl = await createTestDatabase();
  process.env.DATABASE_URL = databaseUrl;
  db = openTestDatabase(databaseUrl);
  const { createSession, validateSessionToken } = await import('../../src/lib/server/auth/sessions.ts');
  const [admin] = await db.select({ id: users.id }).from(users).where(eq(users.username, 'quantri.songlam'));
  const token = await createSession(admin.id);
  provinceAdmin = `hls_session=${token}`;
  songLamAdmin = (await validateSessionToken(token))!.user;
  [{ id: provinceId }] = await db.select({ id: units.id }).from(units).where(eq(units.code, 'SL'));
  await importOfficials([{ staffCode: 'IT-SSO-1', nationalId: ID.binh, email: 'binh.tran@quangloi.gov.vn' }]);
  // An official of the other province holds the third id.
  const [cn] = await db
    .select({ id: officials.id })
    .from(officials)
    .innerJoin(units, eq(units.id, officials.unitId))
    .where(like(units.code, 'CN-%'))
    .limit(1);
  await db.update(officials).set({ nationalId: ID.elsewhere }).where(eq(officials.id, cn.id));

  // Plain http on loopback is for tests only: the operator's explicit setting allows it.
  server = await startServer({ DATABASE_URL: databaseUrl, SSO_ALLOW_INSECURE_LOOPBACK: '1' });
  idp = await startTestProvider(
    {
      'binh@idp': { name: 'Trần Thị Bình', national_id: ID.binh },
      'newcomer@idp': { name: 'Người mới', national_id: ID.newcomer },
      'elsewhere@idp': { name: 'Cán bộ tỉnh khác', national_id: ID.elsewhere },
      'reviewer@idp': { name: 'Thẩm định viên toàn quốc', national_id: ID.reviewer },
      'lan-unverified@idp': { name: 'Nguyễn Thị Lan', email: LAN_EMAIL, email_verified: false },
      'lan@idp': { name: 'Nguyễn Thị Lan', email: LAN_EMAIL, email_verified: true },
    },
    {
      ...CLIENT,
      redirectUris: [`${server.baseUrl}/dang-nhap/sso/${provinceId}/ket-qua/`],
      postLogoutRedirectUris: [`${server.baseUrl}/`],
    },
  );
});
after(async () => {
  db?.$client.close();
  await server?.stop();
  await idp?.stop();
});

const CONFIGURE = '/quan-tri/dang-nhap-mot-lan/?_action=sso.configure';
const settings = () => ({
  unitId: provinceId,
  displayName: 'Cổng định danh tỉnh Sông Lam',
  issuer: idp.issuer,
  clientId: CLIENT.clientId,
  clientSecret: CLIENT.clientSecret,
  linkBy: 'national_id',
  claimName: 'national_id',
  enabled: 'on',
});

/** One sign-in in a fresh browser (or the one given): the answer of the site's return address. */
async function signInAs(login: string, browser = new TestBrowser()) {
  const start = await browser.fetch(`${server.baseUrl}/dang-nhap/sso/${provinceId}/`);
  assert.equal(start.status, 302, 'the start redirects to the provider');
  const back = await browser.throughProvider(start.headers.get('location')!, login, `${server.baseUrl}/`);
  const answer = await browser.fetch(back);
  return { browser, back, answer, body: await answer.text() };
}

async function whoIs(browser: TestBrowser): Promise<number> {
  return (await browser.fetch(`${server.baseUrl}/api/v1/me`)).status;
}

describe('single sign-on with the province’s OpenID provider', () => {
  test('the form refuses an unreachable or non-https issuer and saves a working one, audited without the secret', async () => {
    const unreachable = await postFormAs(server.baseUrl, provinceAdmin, CONFIGURE, {
      ...settings(),
      issuer: 'http://127.0.0.1:9',
    });
    assert.equal(unreachable.status, 400);
    assert.match(unreachable.body, /Không đọc được thông tin khám phá/);
    assert.doesNotMatch(unreachable.body, /fetch failed|ECONNREFUSED/, 'the error text is not echoed');
    const plainHttp = await postFormAs(server.baseUrl, provinceAdmin, CONFIGURE, {
      ...settings(),
      issuer: 'http://idp.example.gov.vn',
    });
    assert.equal(plainHttp.status, 400);
    assert.match(plainHttp.body, /phải dùng https:\/\//);
    assert.equal((await db.select({ n: count() }).from(ssoProviders))[0].n, 0, 'nothing saved');

    const saved = await postFormAs(server.baseUrl, provinceAdmin, CONFIGURE, settings());
    assert.equal(saved.status, 303, saved.body.slice(0, 500));
    const page = await getAs(server.baseUrl, provinceAdmin, saved.headers.get('location')!);
    assert.equal(page.status, 200);
    assert.ok(
      page.body.includes(`${server.baseUrl}/dang-nhap/sso/${provinceId}/ket-qua/`),
      'the redirect URI is shown',
    );
    assert.ok(!page.body.includes(CLIENT.clientSecret), 'the secret is never shown back');
    const [entry] = await db.select().from(auditLog).where(eq(auditLog.action, 'configure-sso'));
    assert.equal(entry.target, provinceId);
    assert.ok(!JSON.stringify(entry.details).includes(CLIENT.clientSecret), 'the audit entry holds no secret');

    // Saving again with a blank secret keeps the stored one.
    const again = await postFormAs(server.baseUrl, provinceAdmin, CONFIGURE, { ...settings(), clientSecret: '' });
    assert.equal(again.status, 303);
    const [stored] = await db.select().from(ssoProviders);
    assert.equal(stored.clientSecret, CLIENT.clientSecret);

    // Another province's administrator cannot configure this one.
    const [other] = await db.select({ id: users.id }).from(users).where(eq(users.username, 'quantri.caonguyen'));
    const { createSession } = await import('../../src/lib/server/auth/sessions.ts');
    const otherAdmin = `hls_session=${await createSession(other.id)}`;
    const refused = await postFormAs(server.baseUrl, otherAdmin, CONFIGURE, settings());
    assert.equal(refused.status, 404);

    const signInPage = await getAs(server.baseUrl, undefined, '/dang-nhap/');
    assert.match(signInPage.body, /Đăng nhập bằng Cổng định danh tỉnh Sông Lam/);
  });

  test('an imported official signs in, is linked just in time, and lands signed in; the second sign-in uses the link', async () => {
    const first = await signInAs('binh@idp');
    assert.equal(first.answer.status, 303, first.body.match(/role="alert">([^<]*)/)?.[1] ?? '');
    assert.equal(first.answer.headers.get('location'), '/viec-hoc-cua-toi/');
    assert.equal(await whoIs(first.browser), 200);
    const links = await db
      .select({ userId: userIdentities.userId, username: users.username })
      .from(userIdentities)
      .innerJoin(users, eq(users.id, userIdentities.userId));
    assert.deepEqual(
      links.map((link) => link.username),
      ['it-sso-1'],
    );

    // The official's national id changes: the link, not the claim, finds the account now.
    await db.update(officials).set({ nationalId: null }).where(eq(officials.staffCode, 'IT-SSO-1'));
    const second = await signInAs('binh@idp');
    assert.equal(second.answer.status, 303, second.body.slice(0, 300));
    assert.equal(await whoIs(second.browser), 200);
    assert.equal((await db.select({ n: count() }).from(userIdentities))[0].n, 1, 'linked once');
  });

  test('an unknown person is refused and nothing is linked; once imported, the same person signs in', async () => {
    const usersBefore = (await db.select({ n: count() }).from(users))[0].n;
    const refused = await signInAs('newcomer@idp');
    assert.equal(refused.answer.status, 403);
    assert.match(refused.body, /Không tìm thấy cán bộ nào của tỉnh/);
    assert.equal(await whoIs(refused.browser), 401);
    assert.equal((await db.select({ n: count() }).from(users))[0].n, usersBefore, 'no account created');
    assert.equal((await db.select({ n: count() }).from(userIdentities))[0].n, 1, 'nothing linked');

    await importOfficials([{ staffCode: 'IT-SSO-2', nationalId: ID.newcomer, email: '' }]);
    const admitted = await signInAs('newcomer@idp');
    assert.equal(admitted.answer.status, 303, admitted.body.slice(0, 300));
    assert.equal(await whoIs(admitted.browser), 200);
  });

  test('an official of another province is refused', async () => {
    const refused = await signInAs('elsewhere@idp');
    assert.equal(refused.answer.status, 403);
    assert.match(refused.body, /không thuộc tỉnh đã chọn/);
    assert.equal(await whoIs(refused.browser), 401);
    const linked = await db
      .select({ n: count() })
      .from(userIdentities)
      .where(and(eq(userIdentities.providerId, provinceId), eq(userIdentities.subject, 'elsewhere@idp')));
    assert.equal(linked[0].n, 0);
  });

  test('a tampered state or flow cookie is refused; the untouched flow goes through', async () => {
    const browser = new TestBrowser();
    const start = await browser.fetch(`${server.baseUrl}/dang-nhap/sso/${provinceId}/`);
    const back = new URL(
      await browser.throughProvider(start.headers.get('location')!, 'binh@idp', `${server.baseUrl}/`),
    );
    const flowCookie = browser.cookie(server.baseUrl, 'hls_sso_flow')!;
    assert.ok(flowCookie, 'the flow cookie is set');

    const tampered = new URL(back);
    tampered.searchParams.set('state', `${back.searchParams.get('state')}x`);
    const refused = await browser.fetch(tampered.href);
    assert.equal(refused.status, 400);
    assert.match(await refused.text(), /Phiên đăng nhập một lần không hợp lệ/);
    assert.equal(await whoIs(browser), 401);

    // The refusal used the flow up: the genuine answer cannot be replayed after it…
    const replay = await browser.fetch(back.href);
    assert.equal(replay.status, 400);
    // …and a flow cookie altered by one character is refused too.
    const altered = flowCookie.slice(0, -2) + (flowCookie.at(-2) === 'A' ? 'B' : 'A') + flowCookie.at(-1);
    browser.setCookie(server.baseUrl, 'hls_sso_flow', altered);
    assert.equal((await browser.fetch(back.href)).status, 400);
    assert.equal(await whoIs(browser), 401);

    // Control: a fresh, untouched flow signs in.
    assert.equal((await signInAs('binh@idp')).answer.status, 303);
  });

  test('signing out ends the local session and goes on to the provider’s end-session endpoint', async () => {
    const { browser } = await signInAs('binh@idp');
    const sessionCookie = browser.cookie(server.baseUrl, 'hls_session')!;
    const signedOut = await browser.fetch(`${server.baseUrl}/dang-xuat/?_action=signOut`, {
      method: 'POST',
      headers: { Origin: server.baseUrl, 'Content-Type': 'application/x-www-form-urlencoded' },
      body: '',
    });
    assert.equal(signedOut.status, 303);
    const location = new URL(signedOut.headers.get('location')!);
    assert.equal(`${location.origin}${location.pathname}`, `${idp.issuer}/session/end`);
    assert.equal(location.searchParams.get('client_id'), CLIENT.clientId);
    assert.equal(location.searchParams.get('post_logout_redirect_uri'), `${server.baseUrl}/`);
    assert.ok(location.searchParams.get('id_token_hint'), 'the ID token is given as a hint');
    const oldCookie = await getAs(server.baseUrl, `hls_session=${sessionCookie}`, '/api/v1/me');
    assert.equal(oldCookie.status, 401, 'the old session cookie no longer works');
    const atProvider = await browser.fetch(location.href);
    assert.equal(atProvider.status, 200, 'the provider asks to confirm its own sign-out');

    // Control: a password session signs out to the home page, not to the provider.
    const signIn = await fetch(`${server.baseUrl}/dang-nhap/?_action=signIn`, {
      method: 'POST',
      redirect: 'manual',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded', Origin: server.baseUrl },
      body: new URLSearchParams({ username: 'hocvien', password: 'hoc-tap-moi-ngay' }),
    });
    const passwordCookie = (signIn.headers.get('set-cookie') ?? '').split(';')[0];
    const plain = await postFormAs(server.baseUrl, passwordCookie, '/dang-xuat/?_action=signOut', {});
    assert.equal(plain.status, 303);
    assert.equal(plain.headers.get('location'), '/');
  });

  test('an official holding a role the province administrator could not grant is neither linked nor signed in', async () => {
    await importOfficials([{ staffCode: 'IT-SSO-3', nationalId: ID.reviewer, email: '' }]);
    const [account] = await db
      .select({ id: users.id })
      .from(users)
      .innerJoin(officials, eq(officials.id, users.officialId))
      .where(eq(officials.staffCode, 'IT-SSO-3'));
    const linkOf = () =>
      db.select({ n: count() }).from(userIdentities).where(eq(userIdentities.subject, 'reviewer@idp'));
    await db.insert(roleGrants).values({ userId: account.id, role: 'content_reviewer', unitId: null });
    const refused = await signInAs('reviewer@idp');
    assert.equal(refused.answer.status, 403);
    assert.match(refused.body, /vượt quá quyền của quản trị viên cấp tỉnh/);
    assert.equal(await whoIs(refused.browser), 401);
    assert.equal((await linkOf())[0].n, 0, 'nothing linked');

    // Control: the same official without the national role is linked and signed in.
    await db.delete(roleGrants).where(and(eq(roleGrants.userId, account.id), eq(roleGrants.role, 'content_reviewer')));
    const admitted = await signInAs('reviewer@idp');
    assert.equal(admitted.answer.status, 303, admitted.body.slice(0, 300));
    assert.equal((await linkOf())[0].n, 1);

    // A national role granted after the link: the link no longer opens the account.
    await db.insert(roleGrants).values({ userId: account.id, role: 'instructor', unitId: null });
    const again = await signInAs('reviewer@idp');
    assert.equal(again.answer.status, 403);
    assert.equal(await whoIs(again.browser), 401);
  });

  test('linking by e-mail needs the provider to have verified the address', async () => {
    await importOfficials([{ staffCode: 'IT-SSO-4', nationalId: '', email: LAN_EMAIL }]);
    const byEmail = await postFormAs(server.baseUrl, provinceAdmin, CONFIGURE, {
      ...settings(),
      linkBy: 'email',
      claimName: 'email',
    });
    assert.equal(byEmail.status, 303, byEmail.body.slice(0, 300));
    const refused = await signInAs('lan-unverified@idp');
    assert.equal(refused.answer.status, 403);
    assert.match(refused.body, /chưa xác nhận thư điện tử/);
    assert.equal(await whoIs(refused.browser), 401);
    // Control: the verified address links the same official.
    const admitted = await signInAs('lan@idp');
    assert.equal(admitted.answer.status, 303, admitted.body.slice(0, 300));
    const links = await db
      .select({ subject: userIdentities.subject, username: users.username })
      .from(userIdentities)
      .innerJoin(users, eq(users.id, userIdentities.userId))
      .where(like(userIdentities.subject, 'lan%'));
    assert.deepEqual(links, [{ subject: 'lan@idp', username: 'it-sso-4' }]);
  });

  test('a plain-http loopback issuer needs SSO_ALLOW_INSECURE_LOOPBACK=1', async () => {
    const setting = process.env.SSO_ALLOW_INSECURE_LOOPBACK;
    try {
      delete process.env.SSO_ALLOW_INSECURE_LOOPBACK;
      assert.match((await issuerCheckProblem({ issuer: idp.issuer, ...CLIENT }))!, /phải dùng https:\/\//);
      // Control: with the setting, the same issuer passes discovery (as it does for the test server).
      process.env.SSO_ALLOW_INSECURE_LOOPBACK = '1';
      assert.equal(await issuerCheckProblem({ issuer: idp.issuer, ...CLIENT }), null);
    } finally {
      if (setting === undefined) delete process.env.SSO_ALLOW_INSECURE_LOOPBACK;
      else process.env.SSO_ALLOW_INSECURE_LOOPBACK = setting;
    }
  });

  test('saving needs a password entered in the last ten minutes', async () => {
    const [admin] = await db.select({ id: users.id }).from(users).where(eq(users.username, 'quantri.songlam'));
    const { createSession } = await import('../../src/lib/server/auth/sessions.ts');
    const token = await createSession(admin.id);
    await db
      .update(sessions)
      .set({ passwordConfirmedAt: new Date(Date.now() - 11 * 60_000) })
      .where(eq(sessions.id, token.split('.')[0]));
    const stale = await postFormAs(server.baseUrl, `hls_session=${token}`, CONFIGURE, {
      ...settings(),
      displayName: 'Tên đổi khi chưa xác nhận',
    });
    assert.equal(stale.status, 303);
    assert.match(stale.headers.get('location')!, /^\/xac-nhan-mat-khau\/\?next=/);
    const [stored] = await db.select({ displayName: ssoProviders.displayName }).from(ssoProviders);
    assert.equal(stored.displayName, settings().displayName, 'nothing saved');
    // Control: the session signed in just now saves.
    const fresh = await postFormAs(server.baseUrl, provinceAdmin, CONFIGURE, settings());
    assert.equal(fresh.status, 303);
    assert.match(fresh.headers.get('location')!, /da-luu=1/);
  });

  test('a new client id needs a new secret and drops the provider’s links', async () => {
    const links = async () =>
      (await db.select({ n: count() }).from(userIdentities).where(eq(userIdentities.providerId, provinceId)))[0].n;
    const before = await links();
    assert.ok(before > 0);
    const blank = await postFormAs(server.baseUrl, provinceAdmin, CONFIGURE, {
      ...settings(),
      clientId: 'ung-dung-khac',
      clientSecret: '',
    });
    assert.equal(blank.status, 400);
    assert.match(blank.body, /khóa bí mật \(client secret\) mới/);
    assert.equal(
      (await db.select({ clientId: ssoProviders.clientId }).from(ssoProviders))[0].clientId,
      CLIENT.clientId,
    );
    // Control: a blank secret with the same issuer and client id keeps the secret and the links.
    const same = await postFormAs(server.baseUrl, provinceAdmin, CONFIGURE, { ...settings(), clientSecret: '' });
    assert.equal(same.status, 303);
    assert.equal(await links(), before);
    const page = await getAs(server.baseUrl, provinceAdmin, `/quan-tri/dang-nhap-mot-lan/?tinh=${provinceId}`);
    assert.match(
      page.body,
      /data-reconnect-note[^>]*>Đổi địa chỉ issuer hoặc mã ứng dụng thì phải nhập khóa bí mật mới/,
    );

    const moved = await postFormAs(server.baseUrl, provinceAdmin, CONFIGURE, {
      ...settings(),
      clientId: 'ung-dung-khac',
      clientSecret: 'bi-mat-moi',
    });
    assert.equal(moved.status, 303, moved.body.slice(0, 300));
    assert.equal(await links(), 0, 'the old links are gone');
    const [entry] = await db
      .select({ details: auditLog.details })
      .from(auditLog)
      .where(eq(auditLog.action, 'configure-sso'))
      .orderBy(desc(auditLog.id))
      .limit(1);
    assert.equal((entry.details as { linksRemoved: number }).linksRemoved, before);
    // Back to the provider's real client for the tests that follow.
    assert.equal((await postFormAs(server.baseUrl, provinceAdmin, CONFIGURE, settings())).status, 303);
  });

  test('the settings and sign-in pages pass axe on a phone without sideways scrolling', async () => {
    const browser = await launchBrowser();
    try {
      const pages: [string, string | undefined][] = [
        [`/quan-tri/dang-nhap-mot-lan/?tinh=${provinceId}`, provinceAdmin],
        ['/dang-nhap/', undefined],
      ];
      for (const [path, cookie] of pages) {
        const context = await browser.newContext({ viewport: PHONE });
        if (cookie) {
          const [name, value] = cookie.split('=');
          await context.addCookies([{ name, value, url: server.baseUrl }]);
        }
        const page = await context.newPage();
        await page.goto(`${server.baseUrl}${path}`);
        assert.deepEqual(await seriousViolations(page), [], path);
        assert.equal(await sidewaysOverflow(page), 0, path);
        await context.close();
      }
    } finally {
      await browser.close();
    }
  });

  test('a disabled provider has no button and its start address is not found', async () => {
    const disabled = await postFormAs(server.baseUrl, provinceAdmin, CONFIGURE, { ...settings(), enabled: '' });
    assert.equal(disabled.status, 303);
    assert.doesNotMatch((await getAs(server.baseUrl, undefined, '/dang-nhap/')).body, /Đăng nhập bằng Cổng định danh/);
    assert.equal((await getAs(server.baseUrl, undefined, `/dang-nhap/sso/${provinceId}/`)).status, 404);
  });
});
