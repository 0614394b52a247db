import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { decideLink, issuerProblem, normaliseLinkValue, type LinkCandidate } from '../../src/lib/auth/sso-linking.ts';

const PROVINCE = '/sl/';
const official = (changes: Partial<LinkCandidate> = {}): LinkCandidate => ({
  officialId: 'o1',
  active: true,
  unitPath: '/sl/ql/vp/',
  userId: 'u1',
  accountDisabled: false,
  ...changes,
});

describe('normaliseLinkValue', () => {
  test('normalises each attribute as the officials import stores it', () => {
    assert.equal(normaliseLinkValue('staff_code', ' sl-ql-007 '), 'SL-QL-007');
    assert.equal(normaliseLinkValue('national_id', '001 234.567-890'), '001234567890');
    assert.equal(normaliseLinkValue('email', ' Binh@QuangLoi.GOV.vn'), 'binh@quangloi.gov.vn');
  });

  test('gives nothing for a missing, malformed or non-text claim', () => {
    assert.equal(normaliseLinkValue('national_id', '12345'), null);
    assert.equal(normaliseLinkValue('national_id', undefined), null);
    assert.equal(normaliseLinkValue('email', 'no-at-sign'), null);
    assert.equal(normaliseLinkValue('staff_code', ['SL-QL-007']), null);
    assert.equal(normaliseLinkValue('staff_code', '   '), null);
  });
});

describe('decideLink', () => {
  test('links exactly one active official of the province who has an account', () => {
    assert.deepEqual(decideLink([official(), official({ officialId: 'o2', active: false, userId: 'u2' })], PROVINCE), {
      ok: true,
      userId: 'u1',
      officialId: 'o1',
    });
  });

  test('refuses none, several, another province, no account and a disabled account', () => {
    const reason = (candidates: LinkCandidate[]) => {
      const decision = decideLink(candidates, PROVINCE);
      return decision.ok ? 'ok' : decision.reason;
    };
    assert.equal(reason([]), 'no-official');
    assert.equal(reason([official({ active: false })]), 'no-official');
    assert.equal(reason([official(), official({ officialId: 'o2', userId: 'u2' })]), 'several');
    assert.equal(reason([official({ unitPath: '/cn/ea/' })]), 'other-province');
    // A province whose id starts like another's is not its subtree: paths end with "/".
    assert.equal(reason([official({ unitPath: '/slx/ql/' })]), 'other-province');
    assert.equal(reason([official({ userId: null })]), 'no-account');
    assert.equal(reason([official({ accountDisabled: true })]), 'disabled');
  });
});

describe('issuerProblem', () => {
  test('accepts https anywhere, and plain http on loopback only when the operator allows it', () => {
    assert.equal(issuerProblem('https://id.laocai.gov.vn/realms/can-bo'), null);
    assert.match(issuerProblem('http://127.0.0.1:4000')!, /phải dùng https/);
    assert.match(issuerProblem('http://localhost:4000')!, /phải dùng https/);
    assert.equal(issuerProblem('http://127.0.0.1:4000', true), null);
    assert.equal(issuerProblem('http://localhost:4000', true), null);
    assert.match(issuerProblem('http://id.laocai.gov.vn', true)!, /phải dùng https/);
    assert.match(issuerProblem('http://10.0.0.5', true)!, /phải dùng https/);
    assert.match(issuerProblem('ftp://id.laocai.gov.vn')!, /phải dùng https/);
    assert.match(issuerProblem('không phải địa chỉ')!, /không phải một địa chỉ web/);
    assert.match(issuerProblem('https://id.laocai.gov.vn/?x=1')!, /truy vấn/);
  });
});
