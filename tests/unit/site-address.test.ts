/** The site's public address, read from SITE_URL in one place, and the HSTS header that depends on it. */
import { afterEach, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { baseHeaders } from '../../src/lib/security-headers.ts';
import { configuredSiteAddress, siteAddress } from '../../src/lib/server/site-address.ts';

const saved = process.env.SITE_URL;
afterEach(() => {
  if (saved === undefined) delete process.env.SITE_URL;
  else process.env.SITE_URL = saved;
});

describe('siteAddress', () => {
  test('is SITE_URL, trimmed and without a trailing slash, when it is set', () => {
    process.env.SITE_URL = ' https://hoclieuso.example.gov.vn/ ';

    assert.equal(configuredSiteAddress(), 'https://hoclieuso.example.gov.vn');
    assert.equal(siteAddress(new URL('http://127.0.0.1:4321/chung-chi/x.pdf')), 'https://hoclieuso.example.gov.vn');
    assert.equal(siteAddress(), 'https://hoclieuso.example.gov.vn');
  });

  test("falls back to the request's origin, and outside a request to a placeholder", () => {
    delete process.env.SITE_URL;

    assert.equal(configuredSiteAddress(), undefined);
    assert.equal(siteAddress(new URL('http://127.0.0.1:4321/chung-chi/x.pdf')), 'http://127.0.0.1:4321');
    assert.equal(siteAddress(), 'https://hoclieuso.local');
  });
});

describe('baseHeaders', () => {
  test('sends HSTS only for an https site address', () => {
    assert.ok(baseHeaders('/', 'https://hoclieuso.example.gov.vn')['Strict-Transport-Security']);
    assert.equal(baseHeaders('/', 'http://10.0.0.5')['Strict-Transport-Security'], undefined);
    assert.equal(baseHeaders('/', undefined)['Strict-Transport-Security'], undefined);
  });
});
