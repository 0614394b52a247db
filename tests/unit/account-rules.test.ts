import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { accountActionProblem, generateTemporaryPassword } from '../../src/lib/auth/account-rules.ts';
import { newPasswordProblem } from '../../src/lib/auth/password-policy.ts';
import type { RoleGrant } from '../../src/lib/auth/roles.ts';
import type { SessionUser } from '../../src/lib/server/auth/sessions.ts';

function person(id: string, roles: RoleGrant[]): SessionUser {
  return { id, username: id, displayName: id, officialId: null, mustChangePassword: false, roles };
}
const communeAdmin = person('xa', [{ role: 'commune_admin', unitId: 'a', unitPath: '/p/a/' }]);
const provinceAdmin = person('tinh', [{ role: 'province_admin', unitId: 'p', unitPath: '/p/' }]);
const learner: RoleGrant[] = [{ role: 'learner', unitId: null, unitPath: null }];

describe('accountActionProblem', () => {
  test('lets an administrator act on a learner’s account', () => {
    assert.equal(accountActionProblem(communeAdmin, { userId: 'hv', roles: learner }), null);
  });

  test('refuses acting on one’s own account', () => {
    assert.notEqual(accountActionProblem(communeAdmin, { userId: 'xa', roles: communeAdmin.roles }), null);
  });

  test('refuses a commune administrator the account of a province administrator', () => {
    assert.notEqual(accountActionProblem(communeAdmin, { userId: 'tinh', roles: provinceAdmin.roles }), null);
  });

  test('lets a province administrator act on a commune administrator of the province', () => {
    assert.equal(accountActionProblem(provinceAdmin, { userId: 'xa', roles: communeAdmin.roles }), null);
  });

  test('keeps system administrators’ accounts for system administrators', () => {
    const system: RoleGrant[] = [{ role: 'system_admin', unitId: null, unitPath: null }];

    assert.notEqual(accountActionProblem(provinceAdmin, { userId: 'ht', roles: system }), null);
    assert.equal(accountActionProblem(person('ht2', system), { userId: 'ht', roles: system }), null);
  });
});

describe('generateTemporaryPassword', () => {
  test('gives three groups of four unambiguous characters', () => {
    assert.match(generateTemporaryPassword(), /^[a-hj-km-np-z2-9]{4}-[a-hj-km-np-z2-9]{4}-[a-hj-km-np-z2-9]{4}$/);
  });

  test('gives a password the password rules accept', () => {
    assert.equal(newPasswordProblem(generateTemporaryPassword()), null);
  });

  test('does not repeat itself', () => {
    const passwords = new Set(Array.from({ length: 200 }, generateTemporaryPassword));

    assert.equal(passwords.size, 200);
  });
});
