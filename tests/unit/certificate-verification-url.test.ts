/** The verification URL printed on certificates and put in their QR codes. */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { certificatePdfPath, verificationPath, verificationUrl } from '../../src/lib/certificates/verification-url.ts';

const CODE = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';

describe('verificationUrl', () => {
  test('puts the verification page on the site address given', () => {
    assert.equal(
      verificationUrl(CODE, 'http://127.0.0.1:4321'),
      'http://127.0.0.1:4321/xac-minh/ABCD-EFGH-IJKL-MNOP-QRST-UVWX-YZ23-4567/',
    );
  });

  test('takes the address with or without a trailing slash', () => {
    assert.equal(
      verificationUrl(CODE, 'https://hoclieuso.example.gov.vn/'),
      'https://hoclieuso.example.gov.vn/xac-minh/ABCD-EFGH-IJKL-MNOP-QRST-UVWX-YZ23-4567/',
    );
  });
});

describe('certificate paths', () => {
  test('name the code in its grouped form', () => {
    assert.equal(verificationPath(CODE), '/xac-minh/ABCD-EFGH-IJKL-MNOP-QRST-UVWX-YZ23-4567/');
    assert.equal(certificatePdfPath(CODE), '/chung-chi/ABCD-EFGH-IJKL-MNOP-QRST-UVWX-YZ23-4567.pdf');
  });
});
