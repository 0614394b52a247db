import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { safeRedirectPath } from '../../src/lib/safe-redirect.ts';
import { OPEN_REDIRECT_PAYLOADS } from '../fixtures/open-redirect-payloads.ts';

const ORIGIN = 'https://hoclieuso.example.vn';

describe('safeRedirectPath', () => {
  test('refuses every open-redirect payload', () => {
    const payloads = [...OPEN_REDIRECT_PAYLOADS, '', null, undefined];
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
