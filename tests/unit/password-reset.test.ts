/** The pure rules of password reset by e-mail: token shape, link, what a request names, the e-mail. */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import {
  RESET_TOKEN_BYTES,
  isLiveResetToken,
  isWellFormedResetToken,
  parseResetIdentifier,
  resetLink,
  resetThrottledMessage,
} from '../../src/lib/accounts/password-reset.ts';
import { passwordResetMail } from '../../src/lib/accounts/password-reset-mail.ts';

describe('reset tokens', () => {
  test('32 random bytes in base64url are well formed; anything else is not', () => {
    for (let i = 0; i < 50; i++)
      assert.ok(isWellFormedResetToken(randomBytes(RESET_TOKEN_BYTES).toString('base64url')));
    const token = randomBytes(RESET_TOKEN_BYTES).toString('base64url');
    for (const bad of [
      token.slice(1),
      `${token}A`,
      `${token.slice(1)}=`,
      `${token.slice(1)}+`,
      '',
      undefined,
      42,
      `${token.slice(1)}\n`,
    ])
      assert.equal(isWellFormedResetToken(bad), false, JSON.stringify(bad));
  });

  test('live until used or expired', () => {
    const now = Date.UTC(2026, 11, 7);
    assert.equal(isLiveResetToken({ expiresAt: new Date(now + 1), usedAt: null }, now), true);
    assert.equal(isLiveResetToken({ expiresAt: new Date(now), usedAt: null }, now), false);
    assert.equal(isLiveResetToken({ expiresAt: new Date(now + 1), usedAt: new Date(now - 1) }, now), false);
  });

  test('the link is the reset page on the site address', () => {
    assert.equal(
      resetLink('https://hoclieuso.tinh.gov.vn', 'abc'),
      'https://hoclieuso.tinh.gov.vn/dat-lai-mat-khau/?t=abc',
    );
  });
});

describe('what a request names', () => {
  test('a staff code or name, trimmed and lower case; anything with @ is an e-mail address', () => {
    assert.deepEqual(parseResetIdentifier('  SL-QL-011 '), { kind: 'username', username: 'sl-ql-011' });
    assert.deepEqual(parseResetIdentifier(' Lan.NT@Xa.gov.vn'), { kind: 'email', email: 'lan.nt@xa.gov.vn' });
  });

  test('the per-address refusal says how long to wait, in Vietnamese', () => {
    assert.match(resetThrottledMessage(30), /30 giây/);
    assert.match(resetThrottledMessage(181), /khoảng 4 phút/);
  });
});

describe('the reset e-mail', () => {
  test('plain text and HTML carry the link; names are escaped in the HTML, which loads nothing', () => {
    const link = 'https://hoclieuso.tinh.gov.vn/dat-lai-mat-khau/?t=abc_-';
    const mail = passwordResetMail({ displayName: 'Nguyễn <b>Lan</b> & "co"', username: 'sl-ql-011', link });
    assert.match(mail.subject, /Đặt lại mật khẩu/);
    assert.ok(mail.text.includes(`\n${link}\n`));
    assert.ok(mail.text.includes('Nguyễn <b>Lan</b>'), 'plain text is as written');
    assert.ok(mail.html.includes('Nguyễn &lt;b&gt;Lan&lt;/b&gt; &amp; &quot;co&quot;'));
    assert.doesNotMatch(mail.html, /<b>/);
    assert.ok(mail.html.includes(`<a href="${link}">`));
    assert.doesNotMatch(mail.html, /<img|<script|src=/);
  });
});
