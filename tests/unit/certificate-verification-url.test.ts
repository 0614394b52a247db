/** The verification URL printed on certificates and put in their QR codes. */
import { afterEach, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { certificatePdfPath, verificationPath, verificationUrl } from '../../src/lib/certificates/verification-url.ts';

const CODE = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
const saved = process.env.SITE_URL;
afterEach(() => {
  if (saved === undefined) delete process.env.SITE_URL;
  else process.env.SITE_URL = saved;
});

describe('verificationUrl', () => {
  test('uses the request’s origin when SITE_URL is not set', () => {
    delete process.env.SITE_URL;

    assert.equal(verificationUrl(CODE, 'http://127.0.0.1:4321'), 'http://127.0.0.1:4321/xac-minh/ABCD-EFGH-IJKL-MNOP-QRST-UVWX-YZ23-4567/');
  });

  test('uses SITE_URL when set, with or without a trailing slash', () => {
    process.env.SITE_URL = 'https://hoclieuso.example.gov.vn/';

    assert.equal(verificationUrl(CODE, 'http://127.0.0.1:4321'), 'https://hoclieuso.example.gov.vn/xac-minh/ABCD-EFGH-IJKL-MNOP-QRST-UVWX-YZ23-4567/');
  });
});

describe('certificate paths', () => {
  test('name the code in its grouped form', () => {
    assert.equal(verificationPath(CODE), '/xac-minh/ABCD-EFGH-IJKL-MNOP-QRST-UVWX-YZ23-4567/');
    assert.equal(certificatePdfPath(CODE), '/chung-chi/ABCD-EFGH-IJKL-MNOP-QRST-UVWX-YZ23-4567.pdf');
  });
});
