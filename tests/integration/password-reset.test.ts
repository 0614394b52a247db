/**
 * Issue 16 §3: self-service password reset by e-mail, against the built server on a fresh seeded
 * database and a real SMTP server (smtp-server on a loopback port, messages read with mailparser):
 * - an official asks by staff code (Chromium, axe on every state): the e-mail goes to the
 *   official's address, its link sets a new password, every old session ends, the old password no
 *   longer signs in and the new one does;
 * - the link's token leaves the address for a cookie of the reset page (a redirect with
 *   Referrer-Policy: no-referrer), and a used, expired or superseded link is refused;
 * - an unknown name and an account without an address get the same answer as an account with
 *   one, and no e-mail (the control: the account with an address gets its e-mail in the same run);
 * - limits: per account, the same answer without an e-mail; per client address, 429 in Vietnamese;
 * - without SMTP_URL the page says the e-mail path is unavailable and where to go instead.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { once } from 'node:events';
import { eq } from 'drizzle-orm';
import { SMTPServer } from 'smtp-server';
import { simpleParser } from 'mailparser';
import type { Browser } from 'playwright-core';
import { officials, passwordResetTokens, users } from '../../db/schema/index.ts';
import type { Database } from '../../db/client.ts';
import { DEMO_OFFICIAL_PASSWORD } from '../../db/seed.ts';
import { createTestDatabase, openTestDatabase } from '../support/database.ts';
import { freePort, startServer, type RunningServer } from '../support/server.ts';
import { launchBrowser, PHONE } from '../support/browser.ts';
import { seriousViolations } from '../support/accessibility.ts';
import { getAs, type HttpAnswer } from '../support/http.ts';

/** The public address the server is told it has: links must be built from it, not from the request. */
const SITE = 'http://hoclieuso.test';
const SENDER = 'khong-tra-loi@hoclieuso.test';
const ADDRESS_LIMIT = 40;
const NEUTRAL = /Nếu tên đăng nhập hoặc địa chỉ thư điện tử này thuộc một tài khoản/;
const INVALID_LINK = /Liên kết đặt lại mật khẩu này không còn dùng được/;
const NEW_PASSWORD = 'mua-lua-chin-vang-dong-2026';

interface Received {
  to: string[];
  from: string;
  subject: string;
  text: string;
  html: string;
}

const inbox: Received[] = [];
const smtp = new SMTPServer({
  authOptional: true,
  disabledCommands: ['STARTTLS', 'AUTH'],
  logger: false,
  onData(stream, session, callback) {
    simpleParser(stream)
      .then((mail) => {
        inbox.push({
          to: session.envelope.rcptTo.map((recipient) => recipient.address),
          from: mail.from?.value[0]?.address ?? '',
          subject: mail.subject ?? '',
          text: mail.text ?? '',
          html: typeof mail.html === 'string' ? mail.html : '',
        });
        callback();
      })
      .catch(callback);
  },
});

let server: RunningServer;
/** The same site without SMTP_URL, started alongside (for the last test) to keep the file's wall time down. */
let withoutMail: RunningServer;
let databaseUrl: string;
let db: Database;
let browser: Browser;

before(async () => {
  const port = await freePort();
  smtp.listen(port, '127.0.0.1');
  await once(smtp.server, 'listening');
  databaseUrl = await createTestDatabase();
  db = openTestDatabase(databaseUrl);
  [server, withoutMail, browser] = await Promise.all([
    startServer({
      DATABASE_URL: databaseUrl,
      SMTP_URL: `smtp://127.0.0.1:${port}`,
      MAIL_FROM: `"Học Liệu Số" <${SENDER}>`,
      SITE_URL: SITE,
      PASSWORD_RESET_ADDRESS_PER_HOUR: String(ADDRESS_LIMIT),
    }),
    startServer({ DATABASE_URL: databaseUrl, SITE_URL: SITE }),
    launchBrowser(),
  ]);
});
after(async () => {
  await browser?.close();
  await Promise.all([server?.stop(), withoutMail?.stop()]);
  db?.$client.close();
  await new Promise<void>((resolve) => smtp.close(() => resolve()));
});

/** Waits for an e-mail to `address` arriving after `since` messages; fails after `timeoutMs`. */
async function mailTo(address: string, since: number, timeoutMs = 10_000): Promise<Received> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const mail = inbox.slice(since).find((received) => received.to.includes(address));
    if (mail) return mail;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`Không có thư tới ${address} sau ${timeoutMs} ms`);
}

/** The reset link in a message, and the same path on the test server. */
function linkIn(mail: Received): { link: string; local: string; token: string } {
  const match = /http:\/\/hoclieuso\.test\/dat-lai-mat-khau\/\?t=([A-Za-z0-9_-]{43})/.exec(mail.text);
  assert.ok(match, `the e-mail carries a reset link on SITE_URL:\n${mail.text}`);
  return { link: match[0], local: `${server.baseUrl}/dat-lai-mat-khau/?t=${match[1]}`, token: match[1] };
}

/** Asks for a link as the page's form does, without following the answer. */
async function requestReset(identifier: string): Promise<HttpAnswer> {
  const response = await fetch(`${server.baseUrl}/quen-mat-khau/?_action=passwordReset.request`, {
    method: 'POST',
    redirect: 'manual',
    headers: { Origin: server.baseUrl, 'Content-Type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ identifier }),
  });
  return { status: response.status, headers: response.headers, body: await response.text() };
}

function assertNeutral(answer: HttpAnswer, what: string): void {
  assert.equal(answer.status, 303, `${what}: status`);
  assert.equal(answer.headers.get('location'), '/quen-mat-khau/?da-gui', `${what}: location`);
}

/** Opens a link over HTTP: the token moves to the page's cookie; returns that cookie. */
async function openLink(local: string): Promise<string> {
  const answer = await getAs(server.baseUrl, undefined, new URL(local).pathname + new URL(local).search);
  assert.equal(answer.status, 303);
  assert.equal(answer.headers.get('location'), '/dat-lai-mat-khau/', 'the token leaves the address');
  assert.equal(answer.headers.get('referrer-policy'), 'no-referrer');
  const cookie = /hls_dat_lai_mat_khau=[^;]+/.exec(answer.headers.get('set-cookie') ?? '')?.[0];
  assert.ok(cookie, 'the token is kept in a cookie');
  return cookie;
}

async function submitNewPassword(cookie: string, password: string): Promise<HttpAnswer> {
  const response = await fetch(`${server.baseUrl}/dat-lai-mat-khau/?_action=passwordReset.complete`, {
    method: 'POST',
    redirect: 'manual',
    headers: { Cookie: cookie, Origin: server.baseUrl, 'Content-Type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ newPassword: password, confirmPassword: password }),
  });
  return { status: response.status, headers: response.headers, body: await response.text() };
}

/** The session cookie a sign-in sets, or undefined when it is refused. */
async function signIn(username: string, password: string): Promise<string | undefined> {
  const response = await fetch(`${server.baseUrl}/dang-nhap/?_action=signIn`, {
    method: 'POST',
    redirect: 'manual',
    headers: { Origin: server.baseUrl, 'Content-Type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ username, password }),
  });
  await response.body?.cancel();
  return /hls_session=[^;]+/.exec(response.headers.get('set-cookie') ?? '')?.[0];
}

/** An official's account by staff code, after giving the official (and the account) these addresses. */
async function officialAccount(staffCode: string, officialEmail: string | null, userEmail: string | null = null) {
  const [official] = await db.select().from(officials).where(eq(officials.staffCode, staffCode));
  assert.ok(official, staffCode);
  await db.update(officials).set({ email: officialEmail }).where(eq(officials.id, official.id));
  await db.update(users).set({ email: userEmail }).where(eq(users.officialId, official.id));
  const [account] = await db.select().from(users).where(eq(users.officialId, official.id));
  assert.ok(account, `${staffCode} has an account`);
  return account;
}

const tokenRows = (userId: string) =>
  db.select().from(passwordResetTokens).where(eq(passwordResetTokens.userId, userId));

let usedLink: { local: string; username: string } | undefined;

describe('password reset by e-mail', () => {
  test('an official asks by staff code: the e-mail reaches the official’s address, its link sets a new password, old sessions end, only the new password signs in (Chromium, axe)', async () => {
    const officialAddress = 'nguyen.thi.lan@quangloi.songlam.gov.vn';
    const account = await officialAccount('SL-QL-011', officialAddress, 'dia-chi-cu@example.vn');
    const oldSession = await signIn(account.username, DEMO_OFFICIAL_PASSWORD);
    assert.ok(oldSession, 'the old password signs in before the reset');
    assert.equal((await getAs(server.baseUrl, oldSession, '/viec-hoc-cua-toi/')).status, 200);

    const context = await browser.newContext({ viewport: PHONE, locale: 'vi-VN' });
    const page = await context.newPage();
    const since = inbox.length;
    await page.goto(`${server.baseUrl}/quen-mat-khau/`);
    assert.deepEqual(await seriousViolations(page), [], 'axe: the request form');
    await page.getByLabel('Tên đăng nhập hoặc thư điện tử').fill('SL-QL-011');
    await page.getByRole('button', { name: 'Gửi liên kết đặt lại mật khẩu' }).click();
    await page.waitForURL(/\/quen-mat-khau\/\?da-gui$/);
    assert.match(await page.locator('main').innerText(), NEUTRAL);

    const mail = await mailTo(officialAddress, since);
    assert.deepEqual(mail.to, [officialAddress], 'sent to the official’s address, not the account’s own');
    assert.equal(mail.from, SENDER);
    assert.equal(mail.subject, 'Đặt lại mật khẩu Học Liệu Số');
    assert.match(mail.text, new RegExp(`tài khoản ${account.username}`));
    assert.match(mail.text, /60 phút/);
    const link = linkIn(mail);
    assert.ok(mail.html.includes(`href="${link.link}"`), 'the HTML copy links the same address');
    assert.doesNotMatch(mail.html, /<img|https?:\/\/(?!hoclieuso\.test\/dat-lai-mat-khau\/)/, 'nothing else is loaded');
    const [stored] = await tokenRows(account.id);
    assert.notEqual(stored.tokenHash, link.token, 'only a hash of the token is stored');
    assert.equal(stored.expiresAt.getTime() - stored.createdAt.getTime(), 60 * 60_000);

    const opened = await page.goto(link.local);
    assert.equal(new URL(page.url()).search, '', 'the token has left the address bar');
    const redirect = await opened?.request().redirectedFrom()?.response();
    assert.equal(redirect?.status(), 303, 'the link answers with a redirect, never a page');
    assert.equal(redirect?.headers()['referrer-policy'], 'no-referrer');
    assert.equal(opened?.headers()['cache-control'], 'no-store');
    await page.getByLabel('Mật khẩu mới', { exact: true }).fill(NEW_PASSWORD);
    await page.getByLabel('Nhập lại mật khẩu mới').fill(`${NEW_PASSWORD}-khac`);
    await page.getByRole('button', { name: 'Đặt lại mật khẩu' }).click();
    await page.waitForLoadState();
    assert.match(await page.locator('main').innerText(), /Hai lần nhập mật khẩu mới không khớp nhau/);
    assert.deepEqual(await seriousViolations(page), [], 'axe: the new-password form, with an error');
    await page.getByLabel('Mật khẩu mới', { exact: true }).fill(NEW_PASSWORD);
    await page.getByLabel('Nhập lại mật khẩu mới').fill(NEW_PASSWORD);
    await page.getByRole('button', { name: 'Đặt lại mật khẩu' }).click();
    await page.waitForURL(/\/dat-lai-mat-khau\/\?xong$/);
    assert.match(await page.locator('main').innerText(), /Mật khẩu mới đã được lưu/);
    await context.close();

    const oldPage = await getAs(server.baseUrl, oldSession, '/viec-hoc-cua-toi/');
    assert.equal(oldPage.status, 302, 'the session opened before the reset has ended');
    assert.match(oldPage.headers.get('location') ?? '', /\/dang-nhap\//);
    assert.equal(await signIn(account.username, DEMO_OFFICIAL_PASSWORD), undefined, 'the old password is refused');
    assert.ok(await signIn(account.username, NEW_PASSWORD), 'the new password signs in');
    const [used] = await tokenRows(account.id);
    assert.ok(used.usedAt, 'the token is marked used');
    usedLink = { local: link.local, username: account.username };
  });

  test('a used link opens nothing and sets nothing', async () => {
    assert.ok(usedLink, 'the first test left its link');
    const cookie = await openLink(usedLink.local);
    const page = await getAs(server.baseUrl, cookie, '/dat-lai-mat-khau/');
    assert.match(page.body, INVALID_LINK);
    assert.doesNotMatch(page.body, /name="newPassword"/);
    const again = await submitNewPassword(cookie, 'mot-mat-khau-khac-hẳn-2026');
    assert.equal(again.status, 404);
    assert.match(again.body, INVALID_LINK);
    assert.ok(await signIn(usedLink.username, NEW_PASSWORD), 'the password is still the one set with the link');
  });

  test('an unknown name, an unknown address, an account without an address and a disabled account get the same answer and no e-mail; an account with one gets its e-mail', async () => {
    await officialAccount('SL-QL-012', null, 'khong-dung-cho-can-bo@example.vn');
    const disabled = await officialAccount('SL-QL-016', 'da-nghi@quangloi.songlam.gov.vn');
    await db.update(users).set({ disabledAt: new Date() }).where(eq(users.id, disabled.id));
    const teacherAddress = 'thinh.hv@sonoivu.songlam.gov.vn';
    await db.update(users).set({ email: teacherAddress }).where(eq(users.username, 'giangvien'));
    const since = inbox.length;
    const answers: [string, HttpAnswer][] = [
      ['unknown name', await requestReset('khong-co-tai-khoan-nay')],
      ['unknown address', await requestReset('ai-do@example.vn')],
      ['official without an address (the account’s own is not used)', await requestReset('sl-ql-012')],
      ['disabled account', await requestReset('sl-ql-016')],
      ['an account’s address, typed in capitals', await requestReset('  Thinh.HV@SoNoiVu.SongLam.gov.vn ')],
    ];
    for (const [what, answer] of answers) assertNeutral(answer, what);
    const page = await getAs(server.baseUrl, undefined, '/quen-mat-khau/?da-gui');
    assert.match(page.body, NEUTRAL);
    // Requests are handled in order: once the last one's e-mail is in, the others have been handled.
    const mail = await mailTo(teacherAddress, since);
    assert.match(mail.text, /tài khoản giangvien/);
    assert.deepEqual(
      inbox.slice(since).map((received) => received.to.join()),
      [teacherAddress],
      'no other e-mail was sent',
    );
  });

  test('an expired link is refused', async () => {
    const [teacher] = await db.select().from(users).where(eq(users.username, 'giangvien'));
    const since = inbox.length;
    assertNeutral(await requestReset('giangvien'), 'giangvien');
    const cookie = await openLink(linkIn(await mailTo(teacher.email!, since)).local);
    assert.match((await getAs(server.baseUrl, cookie, '/dat-lai-mat-khau/')).body, /name="newPassword"/, 'live');
    await db
      .update(passwordResetTokens)
      .set({ expiresAt: new Date(Date.now() - 1000) })
      .where(eq(passwordResetTokens.userId, teacher.id));
    assert.match((await getAs(server.baseUrl, cookie, '/dat-lai-mat-khau/')).body, INVALID_LINK);
    const refused = await submitNewPassword(cookie, NEW_PASSWORD);
    assert.equal(refused.status, 404);
    assert.equal(await signIn('giangvien', NEW_PASSWORD), undefined, 'the password did not change');
  });

  test('a second request supersedes the first link; per account, a fourth request within the hour sends nothing', async () => {
    const address = 'tran.van.binh@quangloi.songlam.gov.vn';
    const account = await officialAccount('SL-QL-013', address);
    let since = inbox.length;
    assertNeutral(await requestReset('sl-ql-013'), 'first');
    const first = linkIn(await mailTo(address, since));
    since = inbox.length;
    assertNeutral(await requestReset(address), 'second, by address');
    const second = linkIn(await mailTo(address, since));
    assert.notEqual(first.token, second.token);
    const firstCookie = await openLink(first.local);
    assert.match((await getAs(server.baseUrl, firstCookie, '/dat-lai-mat-khau/')).body, INVALID_LINK);
    assert.equal((await submitNewPassword(firstCookie, NEW_PASSWORD)).status, 404, 'the first link is dead');
    const secondCookie = await openLink(second.local);
    assert.match((await getAs(server.baseUrl, secondCookie, '/dat-lai-mat-khau/')).body, /name="newPassword"/);

    // Three e-mails an hour per account: the third is sent, the fourth gets the same answer and no e-mail.
    since = inbox.length;
    assertNeutral(await requestReset('sl-ql-013'), 'third');
    await mailTo(address, since);
    since = inbox.length;
    assertNeutral(await requestReset('sl-ql-013'), 'fourth');
    const control = await officialAccount('SL-QL-014', 'le.thi.hoa@quangloi.songlam.gov.vn');
    assertNeutral(await requestReset(control.username), 'another account after it');
    await mailTo('le.thi.hoa@quangloi.songlam.gov.vn', since);
    assert.deepEqual(
      inbox.slice(since).map((received) => received.to.join()),
      ['le.thi.hoa@quangloi.songlam.gov.vn'],
      'nothing more went to the account over its limit',
    );
    assert.equal((await tokenRows(account.id)).length, 3);
  });

  test('answers for an account with an address and for an unknown name take the same time (printed); the account gets at most 3 e-mails an hour', async () => {
    const address = 'pham.van.duc@quangloi.songlam.gov.vn';
    await officialAccount('SL-QL-015', address);
    const since = inbox.length;
    const times: Record<'known' | 'unknown', number[]> = { known: [], unknown: [] };
    for (let round = 0; round < 5; round++) {
      for (const [kind, identifier] of [
        ['known', 'sl-ql-015'],
        ['unknown', `khong-ton-tai-${round}`],
      ] as const) {
        const started = performance.now();
        assertNeutral(await requestReset(identifier), kind);
        times[kind].push(performance.now() - started);
      }
    }
    const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
    console.log(
      `thời gian trả lời (trung vị của 5): có tài khoản và thư ${median(times.known).toFixed(1)} ms, ` +
        `không có tài khoản ${median(times.unknown).toFixed(1)} ms`,
    );
    // A request after them all: once its e-mail is in, theirs have been sent (3, the account's hourly limit).
    const sentinel = await officialAccount('SL-QL-017', 'vu.thi.nga@quangloi.songlam.gov.vn');
    assertNeutral(await requestReset(sentinel.username), 'sentinel');
    await mailTo('vu.thi.nga@quangloi.songlam.gov.vn', since);
    assert.equal(inbox.slice(since).filter((received) => received.to.includes(address)).length, 3);
  });

  test('per client address: past the limit, 429 with a Vietnamese message and Retry-After', async () => {
    const statuses: number[] = [];
    let refused: HttpAnswer | undefined;
    for (let i = 0; i <= ADDRESS_LIMIT && !refused; i++) {
      const answer = await requestReset(`khong-co-${i}`);
      statuses.push(answer.status);
      if (answer.status === 429) refused = answer;
      else assertNeutral(answer, `request ${i}`);
    }
    console.log(`giới hạn theo địa chỉ: ${statuses.filter((s) => s === 303).length} × 303 trong lượt này, rồi 429`);
    assert.ok(refused, `refused within ${ADDRESS_LIMIT + 1} requests: ${statuses.join(' ')}`);
    assert.ok(statuses.length > 1, 'earlier requests from the address were accepted (the control)');
    assert.match(refused.body, /Có quá nhiều yêu cầu đặt lại mật khẩu từ địa chỉ mạng này/);
    assert.ok(Number(refused.headers.get('retry-after')) >= 1);
  });
});

describe('without SMTP_URL', () => {
  test('the page says the e-mail path is unavailable and points to the commune administrator; a request is refused', async () => {
    const plain = withoutMail;
    const page = await getAs(plain.baseUrl, undefined, '/quen-mat-khau/');
    assert.equal(page.status, 200);
    assert.match(page.body, /chưa được cấu hình để gửi thư điện tử/);
    assert.match(page.body, /quản trị viên của xã, phường: quản trị viên có thể cấp lại mã kích hoạt/);
    assert.doesNotMatch(page.body, /Gửi liên kết đặt lại mật khẩu/, 'no form to fill in for nothing');
    const since = inbox.length;
    const response = await fetch(`${plain.baseUrl}/quen-mat-khau/?_action=passwordReset.request`, {
      method: 'POST',
      redirect: 'manual',
      headers: { Origin: plain.baseUrl, 'Content-Type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ identifier: 'giangvien' }),
    });
    assert.equal(response.status, 503);
    assert.match(await response.text(), /chưa được cấu hình để gửi thư điện tử/);
    assert.equal(inbox.length, since);
    // The control: the configured server shows the form.
    assert.match((await getAs(server.baseUrl, undefined, '/quen-mat-khau/')).body, /Gửi liên kết đặt lại mật khẩu/);
  });
});
