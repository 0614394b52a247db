/**
 * Who may grant which role (src/lib/auth/account-rules.ts), role by role, and the scopes the
 * new roles open (src/lib/auth/access.ts): an inspector reads, an evaluator evaluates, neither
 * administers; an instructor's limits (src/lib/auth/instructor-limits.ts).
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  canGrant,
  grantableRoles,
  grantProblem,
  grantShapeProblem,
  type GrantSpec,
} from '../../src/lib/auth/account-rules.ts';
import {
  adminScopePaths,
  evaluationScopePaths,
  isAdministrator,
  isContentReviewer,
  readScopePaths,
  reviewProvincePaths,
  scopedView,
  type Actor,
} from '../../src/lib/auth/access.ts';
import { instructorReaches, unlimitedInstructor } from '../../src/lib/auth/instructor-limits.ts';
import { PRIVILEGED_LIFETIME, sessionLifetimeFor } from '../../src/lib/auth/session-lifetimes.ts';
import type { Role, RoleGrant } from '../../src/lib/auth/roles.ts';

const grant = (role: Role, unitPath: string | null): RoleGrant => ({ role, unitId: unitPath, unitPath });
const actor = (id: string, ...roles: RoleGrant[]): Actor => ({ id, roles });
const system = actor('ht', grant('system_admin', null));
const province = actor('tinh', grant('province_admin', '/p/'));
const commune = actor('xa', grant('commune_admin', '/p/a/'));
const inspector = actor('tt', grant('inspector', '/p/'));
const evaluator = actor('dg', grant('evaluator', '/p/a/'));

/** Every role on a unit inside the actor's commune (or province, or nationally): who may give it. */
const CASES: [Role, string | null, { system: boolean; province: boolean; commune: boolean }][] = [
  ['commune_admin', '/p/a/', { system: true, province: true, commune: true }],
  ['evaluator', '/p/a/o/', { system: true, province: true, commune: true }],
  ['inspector', '/p/a/', { system: true, province: true, commune: true }],
  ['province_admin', '/p/', { system: true, province: true, commune: false }],
  ['instructor', '/p/a/', { system: true, province: true, commune: false }],
  ['content_reviewer', '/p/', { system: true, province: true, commune: false }],
  ['instructor', null, { system: true, province: false, commune: false }],
  ['content_reviewer', null, { system: true, province: false, commune: false }],
  ['inspector', null, { system: true, province: false, commune: false }],
  ['system_admin', null, { system: true, province: false, commune: false }],
];

describe('canGrant, role by role', () => {
  for (const [role, unitPath, who] of CASES)
    test(`${role} on ${unitPath ?? 'no unit'}`, () => {
      const spec: GrantSpec = { role, unitPath };
      assert.equal(canGrant(system, spec), who.system, 'system administrator');
      assert.equal(canGrant(province, spec), who.province, 'province administrator');
      assert.equal(canGrant(commune, spec), who.commune, 'commune administrator');
      assert.equal(canGrant(inspector, spec), false, 'an inspector grants nothing');
      assert.equal(canGrant(evaluator, spec), false, 'an evaluator grants nothing');
    });

  test('nothing outside one’s own subtree', () => {
    assert.equal(canGrant(commune, { role: 'evaluator', unitPath: '/p/b/' }), false);
    assert.equal(canGrant(province, { role: 'commune_admin', unitPath: '/q/a/' }), false);
  });

  test('limits never make a grant grantable', () => {
    assert.equal(
      canGrant(commune, { role: 'instructor', unitPath: '/p/a/', courseSlugs: ['x'], fields: ['tai-chinh'] }),
      false,
    );
  });

  test('the roles offered by the grant form follow the same table', () => {
    assert.deepEqual(grantableRoles(commune).sort(), ['commune_admin', 'evaluator', 'inspector']);
    assert.deepEqual(grantableRoles(province).sort(), [
      'commune_admin',
      'content_reviewer',
      'evaluator',
      'inspector',
      'instructor',
      'province_admin',
    ]);
    assert.ok(grantableRoles(system).includes('system_admin'));
    assert.deepEqual(grantableRoles(inspector), []);
  });
});

describe('grantProblem', () => {
  test('nobody grants to, or takes back from, themselves', () => {
    assert.match(grantProblem(province, 'tinh', { role: 'evaluator', unitPath: '/p/' }) ?? '', /tự cấp/);
    assert.match(grantProblem(province, 'tinh', { role: 'province_admin', unitPath: '/p/' }, true) ?? '', /tự thu hồi/);
    assert.equal(grantProblem(province, 'khac', { role: 'evaluator', unitPath: '/p/' }), null);
  });

  test('says why in Vietnamese beyond the rank', () => {
    assert.match(
      grantProblem(commune, 'b', { role: 'province_admin', unitPath: '/p/' }) ?? '',
      /cao hơn quyền quản trị/,
    );
    assert.match(grantProblem(province, 'b', { role: 'inspector', unitPath: null }) ?? '', /Chỉ quản trị hệ thống/);
  });
});

describe('grantShapeProblem', () => {
  test('each role on the unit levels it is meant for', () => {
    assert.equal(grantShapeProblem({ role: 'province_admin', unitLevel: 'province' }), null);
    assert.match(grantShapeProblem({ role: 'province_admin', unitLevel: 'commune' }) ?? '', /cấp tỉnh/);
    assert.match(grantShapeProblem({ role: 'commune_admin', unitLevel: null }) ?? '', /hãy chọn đơn vị/);
    assert.match(grantShapeProblem({ role: 'system_admin', unitLevel: 'province' }) ?? '', /toàn hệ thống/);
    assert.equal(grantShapeProblem({ role: 'content_reviewer', unitLevel: null }), null);
    assert.notEqual(grantShapeProblem({ role: 'content_reviewer', unitLevel: 'commune' }), null);
    assert.equal(grantShapeProblem({ role: 'evaluator', unitLevel: 'office' }), null);
  });

  test('limits only on an instructor', () => {
    assert.equal(grantShapeProblem({ role: 'instructor', unitLevel: 'province', courseSlugs: ['a'] }), null);
    assert.match(
      grantShapeProblem({ role: 'evaluator', unitLevel: 'commune', fields: ['tai-chinh'] }) ?? '',
      /Giảng viên/,
    );
  });
});

describe('scopes of the new roles', () => {
  test('an inspector reads a subtree and administers nothing', () => {
    assert.deepEqual(readScopePaths(inspector), ['/p/']);
    assert.deepEqual(adminScopePaths(inspector), []);
    assert.equal(isAdministrator(inspector), false);
    assert.deepEqual(readScopePaths(actor('bo', grant('inspector', null))), ['/']);
  });

  test('an evaluator evaluates a subtree and administers nothing', () => {
    assert.deepEqual(evaluationScopePaths(evaluator), ['/p/a/']);
    assert.deepEqual(adminScopePaths(evaluator), []);
    assert.deepEqual(evaluationScopePaths(commune), ['/p/a/']);
  });

  test('a scoped view answers its own scope; the person itself is unchanged', () => {
    const view = scopedView(inspector, readScopePaths(inspector));
    assert.deepEqual(adminScopePaths(view), ['/p/']);
    assert.deepEqual(adminScopePaths(inspector), []);
    assert.deepEqual(adminScopePaths(scopedView(system, ['/p/a/'])), ['/p/a/']);
  });

  test('inspectors and evaluators get the short sessions of privileged roles', () => {
    assert.equal(sessionLifetimeFor(inspector.roles), PRIVILEGED_LIFETIME);
    assert.equal(sessionLifetimeFor(evaluator.roles), PRIVILEGED_LIFETIME);
  });

  test('a province’s content reviewer is not a national one', () => {
    const perProvince = actor('td', grant('content_reviewer', '/p/'));
    assert.equal(isContentReviewer(perProvince), false);
    assert.deepEqual(reviewProvincePaths(perProvince), ['/p/']);
    assert.equal(isContentReviewer(actor('tdq', grant('content_reviewer', null))), true);
  });
});

describe('instructor limits', () => {
  const course = { slug: 'tai-chinh-xa', fields: ['tai-chinh'] };
  test('no limit reaches every course', () => {
    assert.equal(unlimitedInstructor([{ courseSlugs: null, fields: null }]), true);
    assert.equal(instructorReaches([{ courseSlugs: null, fields: null }], course), true);
  });
  test('limited to courses, to fields, or both', () => {
    assert.equal(instructorReaches([{ courseSlugs: ['tai-chinh-xa'], fields: null }], course), true);
    assert.equal(instructorReaches([{ courseSlugs: ['khac'], fields: null }], course), false);
    assert.equal(instructorReaches([{ courseSlugs: null, fields: ['tai-chinh'] }], course), true);
    assert.equal(instructorReaches([{ courseSlugs: null, fields: ['dau-tu-cong'] }], course), false);
    assert.equal(instructorReaches([{ courseSlugs: ['tai-chinh-xa'], fields: ['dau-tu-cong'] }], course), false);
    assert.equal(instructorReaches([{ courseSlugs: null, fields: ['tai-chinh'] }], { slug: 'moi' }), false);
    assert.equal(instructorReaches([], course), false);
  });
});
