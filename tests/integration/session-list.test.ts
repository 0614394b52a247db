/**
 * ASVS 5.0 7.5.2 over HTTP against the built server: a signed-in person sees their own sessions
 * at /tai-khoan/phien-dang-nhap/ and ends any other one, or all others; the ended cookies are
 * refused at once. Another person's session cannot be ended from there (404, and it still
 * works: the control); the current session survives "Đăng xuất mọi nơi khác".
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { sessionHandle } from '../../src/lib/server/auth/session-list.ts';
import { createTestDatabase } from '../support/database.ts';
import { startServer, type RunningServer } from '../support/server.ts';
import { signInOverHttp } from '../support/authoring-http.ts';
import { getAs, postFormAs } from '../support/http.ts';

const PAGE = '/tai-khoan/phien-dang-nhap/';

let server: RunningServer;
before(async () => {
  server = await startServer({ DATABASE_URL: await createTestDatabase() });
});
after(() => server?.stop());

const signIn = () => signInOverHttp(server.baseUrl, 'hocvien', 'hoc-tap-moi-ngay');
/** The session id is the part of the cookie before the dot. */
const handleOf = (cookie: string) => sessionHandle(cookie.slice('hls_session='.length).split('.')[0]);
const rowsOf = (html: string) => (html.match(/<tr[\s>]/g) ?? []).length - 1; // less the header row
const endOne = (cookie: string, handle: string) =>
  postFormAs(server.baseUrl, cookie, `${PAGE}?_action=sessions.endOne`, { session: handle });
const endOthers = (cookie: string) => postFormAs(server.baseUrl, cookie, `${PAGE}?_action=sessions.endOthers`, {});

/** True when the cookie still opens a signed-in page; false when it is sent to sign in. */
async function works(cookie: string): Promise<boolean> {
  const answer = await getAs(server.baseUrl, cookie, PAGE);
  if (answer.status === 200) return true;
  assert.equal(answer.status, 302);
  assert.equal(new URL(answer.headers.get('location') ?? '', server.baseUrl).pathname, '/dang-nhap/');
  return false;
}

describe('a person sees and ends their own other sessions (ASVS 7.5.2)', () => {
  test('the page asks for sign-in first', async () => {
    const answer = await getAs(server.baseUrl, undefined, PAGE);
    assert.equal(answer.status, 302);
    assert.match(answer.headers.get('location') ?? '', /^\/dang-nhap\/\?next=/);
  });

  test('two sign-ins list two sessions; ending the other from the first refuses the second cookie; another person’s session is not found and still works', async () => {
    const first = await signIn();
    const second = await signIn();
    const page = await getAs(server.baseUrl, first, PAGE);
    assert.equal(page.status, 200);
    assert.equal(rowsOf(page.body), 2, 'two sessions listed');
    assert.match(page.body, /<caption[^>]*>2 phiên đang mở/);
    assert.equal((page.body.match(/<strong[^>]*>Phiên này<\/strong>/g) ?? []).length, 1, 'one marked as this one');
    assert.match(
      page.body,
      /Đăng xuất phiên này<span class="visually-hidden"[^>]*> \(bắt đầu lúc \d{2}:\d{2} ngày [^)]+\)<\/span>/,
    );
    assert.match(page.body, new RegExp(`value="${handleOf(second)}"`), 'a button for the other session');
    assert.doesNotMatch(page.body, new RegExp(`value="${handleOf(first)}"`), 'none for this one');
    const firstId = first.slice('hls_session='.length).split('.')[0];
    assert.doesNotMatch(page.body, new RegExp(firstId), 'the session id itself is never shown');

    // Someone else's session: not found, and it goes on working (the control).
    const someoneElse = await signInOverHttp(server.baseUrl, 'giangvien', 'soan-bai-giang-2026');
    const refused = await endOne(first, handleOf(someoneElse));
    assert.equal(refused.status, 404);
    assert.match(refused.body, /Không tìm thấy phiên đăng nhập này/);
    assert.equal(await works(someoneElse), true, 'the other person is still signed in');
    assert.equal(await works(second), true, 'nothing of this person ended either');
    // A made-up handle is the same 404; this very session is refused with a pointer to "Đăng xuất".
    assert.equal((await endOne(first, 'f'.repeat(32))).status, 404);
    const self = await endOne(first, handleOf(first));
    assert.equal(self.status, 400);
    assert.match(self.body, /phiên anh\/chị đang dùng/);
    assert.equal(await works(first), true);

    // Ending the other one.
    const ended = await endOne(first, handleOf(second));
    assert.equal(ended.status, 303, ended.body.slice(0, 300));
    assert.equal(ended.headers.get('location'), `${PAGE}?da-dang-xuat=mot`);
    assert.equal(await works(second), false, 'the ended cookie is sent to sign in');
    assert.equal(await works(first), true, 'this one goes on');
    const afterwards = await getAs(server.baseUrl, first, `${PAGE}?da-dang-xuat=mot`);
    assert.equal(rowsOf(afterwards.body), 1);
    assert.match(afterwards.body, /Đã đăng xuất phiên đăng nhập đó\./);
  });

  test('"Đăng xuất mọi nơi khác" ends every other session and leaves this one working', async () => {
    const current = await signIn();
    const others = [await signIn(), await signIn()];
    const ended = await endOthers(current);
    assert.equal(ended.status, 303, ended.body.slice(0, 300));
    assert.equal(ended.headers.get('location'), `${PAGE}?da-dang-xuat=tat-ca`);
    for (const other of others) assert.equal(await works(other), false, 'another session ended');
    assert.equal(await works(current), true, 'the current session still works');
    const page = await getAs(server.baseUrl, current, PAGE);
    assert.equal(rowsOf(page.body), 1, 'only this session is left');
    assert.match(page.body, /không đăng nhập ở nơi nào khác/);
  });

  test('a form post from another site is refused (Astro checks the origin)', async () => {
    const current = await signIn();
    const other = await signIn();
    const answer = await fetch(`${server.baseUrl}${PAGE}?_action=sessions.endOthers`, {
      method: 'POST',
      redirect: 'manual',
      headers: { Cookie: current, Origin: 'https://evil.example', 'Content-Type': 'application/x-www-form-urlencoded' },
      body: '',
    });
    assert.equal(answer.status, 403);
    assert.equal(await works(other), true, 'nothing was ended');
  });
});
