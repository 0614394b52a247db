import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { safeRedirectPath } from '../../src/lib/safe-redirect.ts';

const ORIGIN = 'https://hoclieuso.example.vn';

describe('safeRedirectPath', () => {
  test('refuses every open-redirect payload', () => {
    const payloads = [
      '/\t/evil.example',
      '/%09/evil.example',
      '/\\evil.example',
      '\\/evil.example',
      '//evil.example',
      '/%2F%2Fevil.example',
      '/%2f%2fevil.example',
      '%2F%2Fevil.example',
      'https://evil.example',
      'javascript:alert(1)',
      'JaVaScRiPt:',
      '/\nevil',
      '/\r\n/evil.example',
      'http:/evil.example',
      '/%5Cevil.example',
      '/%5C%5Cevil.example',
      ' /viec-hoc-cua-toi/',
      '/\u00a0/evil.example',
      '/\u2028/evil.example',
      '/%',
      '',
      null,
      undefined,
    ];
    for (const next of payloads) assert.equal(safeRedirectPath(next, ORIGIN), '/', JSON.stringify(next));
  });

  test('keeps a path of this site with its query and fragment', () => {
    assert.equal(safeRedirectPath('/viec-hoc-cua-toi/', ORIGIN), '/viec-hoc-cua-toi/');
    assert.equal(safeRedirectPath('/khoa-hoc/x/?a=1#b', ORIGIN), '/khoa-hoc/x/?a=1#b');
    assert.equal(safeRedirectPath('/tim-kiem/?q=an%20to%C3%A0n', ORIGIN), '/tim-kiem/?q=an%20to%C3%A0n');
  });

  test('normalises dot segments but stays on the site', () => {
    assert.equal(safeRedirectPath('/khoa-hoc/../quan-tri/', ORIGIN), '/quan-tri/');
    assert.equal(safeRedirectPath('/../../evil.example', ORIGIN), '/evil.example');
  });
});
