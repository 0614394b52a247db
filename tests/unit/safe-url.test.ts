/** Which link and media targets author text may use (src/lib/safe-url.ts). */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { isWebUrl, linkTargetProblem, mediaPathProblem } from '../../src/lib/safe-url.ts';

describe('linkTargetProblem', () => {
  const allowed = [
    'https://thuvienphapluat.vn/van-ban/Luat-42',
    'http://example.vn',
    'mailto:sonoivu@example.vn',
    'tel:02383123456',
    '/khoa-hoc/tiep-cong-dan/',
    '/tim-kiem/?q=dat',
    '#ghi-nho',
  ];
  for (const url of allowed) {
    test(`allows ${url}`, () => assert.equal(linkTargetProblem(url), undefined));
  }

  const refused = [
    'javascript:alert(1)',
    'JaVaScRiPt:alert(1)',
    ' javascript:alert(1)',
    '\u0001javascript:alert(1)',
    'java\nscript:alert(1)',
    'java\tscript:alert(1)',
    'data:text/html,<script>alert(1)</script>',
    'vbscript:msgbox(1)',
    'file:///etc/passwd',
    'blob:https://x/1',
    '//evil.example/',
    '/\\evil.example/',
    '/media/../../data/hoc-lieu-so.db',
    '/media/%2e%2e/%2e%2e/data/hoc-lieu-so.db',
    '/media/%252e%252e/x',
    'trang-khac.html',
    '',
  ];
  for (const url of refused) {
    test(`refuses ${JSON.stringify(url)}`, () => assert.ok(linkTargetProblem(url)));
  }
});

describe('mediaPathProblem', () => {
  test('allows a file under /media/', () => {
    assert.equal(mediaPathProblem('/media/handouts/mau-so_01.v2.txt'), undefined);
  });

  for (const path of [
    '/media/../x',
    '/media/a/../../x',
    '/media/.hidden',
    '/media/a\\..\\x',
    '/media/a b.txt',
    ' /media/a.txt',
    '/public/media/a.txt',
    'media/a.txt',
    '/media/',
    '/media/a//b.txt',
    'https://evil.example/media/a.png',
  ]) {
    test(`refuses ${JSON.stringify(path)}`, () => assert.ok(mediaPathProblem(path)));
  }
});

describe('isWebUrl', () => {
  test('is true for http(s) addresses only', () => {
    assert.equal(isWebUrl('https://vbpl.vn/x'), true);
    assert.equal(isWebUrl('http://vbpl.vn/x'), true);
    for (const url of [
      'javascript:alert(1)',
      'JAVASCRIPT:alert(1)',
      ' https://vbpl.vn',
      'ftp://vbpl.vn',
      'data:,x',
      '//vbpl.vn',
      'vbpl.vn',
    ]) {
      assert.equal(isWebUrl(url), false, url);
    }
  });
});
