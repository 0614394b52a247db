/**
 * Property: whatever sequence of grants and revocations people make among themselves, following
 * the rules (grantProblem, grantShapeProblem), power never grows: every grant anyone holds at the
 * end was theirs at the start or could have been given by someone's starting grants; whatever
 * anyone can grant at the end, someone could grant at the start; and no grant or revocation was
 * ever applied by a person to themselves. (Two administrators can still give each other what
 * each could give anyway, e.g. a province administrator names a co-administrator who then makes
 * the first one the province's content reviewer: within the power they started with, and in the
 * audit log. fast-check found that case when "someone" read "someone else".)
 * Controls: the same property over two planted faults (rank ignored; granting to oneself
 * allowed) must be found false by fast-check.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import {
  canGrant,
  grantProblem,
  grantShapeProblem,
  type GrantSpec,
  type UnitLevel,
} from '../../src/lib/auth/account-rules.ts';
import { ROLES, type RoleGrant } from '../../src/lib/auth/roles.ts';
import type { Actor } from '../../src/lib/auth/access.ts';
import { isWithin } from '../../src/lib/org/unit-tree.ts';

/** Two provinces, two communes each, one office per commune. */
const UNITS: { path: string; level: UnitLevel }[] = [];
for (const p of ['p', 'q']) {
  UNITS.push({ path: `/${p}/`, level: 'province' });
  for (const c of ['a', 'b']) {
    UNITS.push({ path: `/${p}/${c}/`, level: 'commune' });
    UNITS.push({ path: `/${p}/${c}/o/`, level: 'office' });
  }
}
const levelOf = (path: string | null) => (path ? UNITS.find((unit) => unit.path === path)!.level : null);
/** Every grant there could be: each role on each unit or on none, when its shape is valid. */
const ALL_SPECS: GrantSpec[] = ROLES.filter((role) => role !== 'learner').flatMap((role) =>
  [null, ...UNITS.map((unit) => unit.path)]
    .filter((path) => grantShapeProblem({ role, unitLevel: levelOf(path) }) === null)
    .map((unitPath) => ({ role, unitPath })),
);

const key = (spec: GrantSpec) => `${spec.role}@${spec.unitPath ?? '-'}`;
const toGrant = (spec: GrantSpec): RoleGrant => ({ role: spec.role, unitId: spec.unitPath, unitPath: spec.unitPath });

/** A rule deciding whether actor may give `spec` to target (null: yes). */
type Rule = (actor: Actor, targetId: string, spec: GrantSpec, taking: boolean) => string | null;
const realRule: Rule = (actor, targetId, spec, taking) => grantProblem(actor, targetId, spec, taking);

interface Step {
  actor: number;
  target: number;
  spec: number;
  revoke: boolean;
}
const PEOPLE = 5;
// Starting grants: administrators, inspectors, evaluators and (rarely) a system administrator.
const startingSpecs = ALL_SPECS.filter((spec) => spec.role !== 'system_admin');
const start = fc.array(
  fc.array(fc.nat(startingSpecs.length - 1), { maxLength: 2 }).map((picks) => picks.map((i) => startingSpecs[i])),
  { minLength: PEOPLE, maxLength: PEOPLE },
);
const steps = fc.array(
  fc.record({
    actor: fc.nat(PEOPLE - 1),
    target: fc.nat(PEOPLE - 1),
    spec: fc.nat(ALL_SPECS.length - 1),
    revoke: fc.boolean(),
  }),
  { maxLength: 40 },
);

/** Plays the steps under `rule`; returns the people at the start and at the end. */
function play(initial: GrantSpec[][], plan: Step[], rule: Rule) {
  const people = initial.map((specs, index) => ({ id: `u${index}`, held: new Map(specs.map((s) => [key(s), s])) }));
  const asActor = (index: number): Actor => ({
    id: people[index].id,
    roles: [...people[index].held.values()].map(toGrant),
  });
  const startActors = initial.map((specs, index): Actor => ({ id: `u${index}`, roles: specs.map(toGrant) }));
  let selfApplied = false;
  for (const step of plan) {
    const target = people[step.target];
    const spec = step.revoke
      ? [...target.held.values()][step.spec % Math.max(1, target.held.size)]
      : ALL_SPECS[step.spec];
    if (!spec) continue;
    if (rule(asActor(step.actor), target.id, spec, step.revoke) !== null) continue;
    if (step.actor === step.target) selfApplied = true;
    if (step.revoke) target.held.delete(key(spec));
    else target.held.set(key(spec), spec);
  }
  return { startActors, endActors: people.map((_, index) => asActor(index)), selfApplied };
}

/** The property; returns a description of the first breach, or null. */
function breach(initial: GrantSpec[][], plan: Step[], rule: Rule): string | null {
  const { startActors, endActors, selfApplied } = play(initial, plan, rule);
  if (selfApplied) return 'someone granted to or revoked from themselves';
  for (const [index, person] of endActors.entries()) {
    const had = new Set(startActors[index].roles.map((g) => key({ role: g.role, unitPath: g.unitPath })));
    for (const g of person.roles) {
      const spec = { role: g.role, unitPath: g.unitPath };
      if (had.has(key(spec))) continue;
      if (!startActors.some((other) => canGrant(other, spec)))
        return `${person.id} ends with ${key(spec)}, which nobody could give at the start`;
    }
    for (const spec of ALL_SPECS)
      if (canGrant(person, spec) && !startActors.some((other) => canGrant(other, spec)))
        return `${person.id} can now grant ${key(spec)}, which nobody could at the start`;
  }
  return null;
}

describe('role grants over any sequence', () => {
  test('power never grows: nobody ends holding or able to give more than someone could give at the start', () => {
    fc.assert(
      fc.property(start, steps, (initial, plan) => {
        const found = breach(initial, plan, realRule);
        assert.equal(found, null, found ?? '');
      }),
      { numRuns: 1000 },
    );
  });

  test('control: a rule that ignores rank is caught', () => {
    // Any administrator could give any role but the system administrator's, inside their subtree.
    const rankBlind: Rule = (actor, targetId, spec, taking) => {
      if (actor.id === targetId) return 'self';
      const admin = actor.roles.some(
        (g) => g.role.endsWith('_admin') && g.unitPath && spec.unitPath && isWithin(spec.unitPath, g.unitPath),
      );
      return (admin && spec.role !== 'system_admin') || realRule(actor, targetId, spec, taking) === null ? null : 'no';
    };
    const result = fc.check(
      fc.property(start, steps, (initial, plan) => breach(initial, plan, rankBlind) === null),
      { numRuns: 2000 },
    );
    assert.equal(result.failed, true, 'the planted fault went unnoticed');
  });

  test('control: granting to oneself is caught', () => {
    const selfServing: Rule = (actor, targetId, spec, taking) =>
      canGrant(actor, spec) ? null : realRule(actor, targetId, spec, taking);
    const result = fc.check(
      fc.property(start, steps, (initial, plan) => breach(initial, plan, selfServing) === null),
      { numRuns: 2000 },
    );
    assert.equal(result.failed, true, 'the planted fault went unnoticed');
  });
});
