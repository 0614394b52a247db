/**
 * Property (issue 14, ASVS 5.0 L2): an administrator may issue a temporary password to, lock or
 * unlock an account only when the official is in their subtree, the account is not their own,
 * and every role the account holds is one they could grant themselves. Random unit trees and
 * random role sets are written to a test database; for every (actor, target) pair the server
 * functions the admin actions call (setAccountDisabled, issueTemporaryPassword) must answer
 * exactly what an oracle written here, over the generated tree's parent links rather than the
 * server's paths, says; a refused call must leave the account as it was. Controls: predicates
 * with the old flaw planted (global roles ignored; admin rank ignored) are run through the same
 * comparison and must be caught on some generated case.
 *
 * ACCOUNT_TAKEOVER_SEED replays a run (the seed is printed); ACCOUNT_TAKEOVER_CASES sets how many
 * trees (300; no new one after ACCOUNT_TAKEOVER_BUDGET_MS, 90 s, once 100 are done).
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { officials, roleGrants, units, users } from '../../db/schema/index.ts';
import type { Role } from '../../src/lib/auth/roles.ts';
import type { Database } from '../../db/client.ts';
import type { SessionUser } from '../../src/lib/server/auth/sessions.ts';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openDatabase } from '../../db/client.ts';
import { migrateDatabase } from '../../db/migrate.ts';

const SEED = Number(process.env.ACCOUNT_TAKEOVER_SEED ?? Math.floor(Math.random() * 2 ** 31));
const CASES = Number(process.env.ACCOUNT_TAKEOVER_CASES ?? 300);
/** No new case after this long (a loaded machine), but at least MIN_CASES are checked. */
const TIME_BUDGET_MS = Number(process.env.ACCOUNT_TAKEOVER_BUDGET_MS ?? 90_000);
const MIN_CASES = Math.min(CASES, 100);

/** mulberry32: small, seeded, good enough to draw trees. */
function prng(seed: number) {
  let state = seed >>> 0;
  const next = () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return {
    chance: (p: number) => next() < p,
    int: (min: number, max: number) => min + Math.floor(next() * (max - min + 1)),
    pick: <T>(items: readonly T[]): T => items[Math.floor(next() * items.length)],
  };
}
type Random = ReturnType<typeof prng>;

// ---- The model: a tree with parent links, people with grants ------------------------------------

interface ModelUnit {
  id: string;
  parent: ModelUnit | undefined;
  level: 'province' | 'commune' | 'office';
}
interface ModelGrant {
  role: Role;
  unit: ModelUnit | undefined;
}
interface ModelPerson {
  label: string;
  userId: string;
  officialId: string;
  unit: ModelUnit;
  grants: ModelGrant[];
}
interface Case {
  units: ModelUnit[];
  people: ModelPerson[];
}

let serial = 0;
const newId = () => `t${String(++serial).padStart(7, '0')}${Math.floor(Math.random() * 1e6).toString(36)}`;

function drawCase(random: Random): Case {
  const all: ModelUnit[] = [];
  const add = (parent: ModelUnit | undefined, level: ModelUnit['level']) => {
    const unit = { id: newId(), parent, level };
    all.push(unit);
    return unit;
  };
  for (let p = random.int(1, 2); p > 0; p--) {
    const province = add(undefined, 'province');
    for (let c = random.int(1, 3); c > 0; c--) {
      const commune = add(province, 'commune');
      for (let o = random.int(0, 2); o > 0; o--) {
        const office = add(commune, 'office');
        if (random.chance(0.3)) add(office, 'office');
      }
    }
  }
  const byLevel = (level: ModelUnit['level']) => all.filter((unit) => unit.level === level);
  const people: ModelPerson[] = [];
  for (let n = random.int(3, 6); n > 0; n--) {
    const grants: ModelGrant[] = [];
    const grant = (role: Role, unit?: ModelUnit) => {
      if (!grants.some((each) => each.role === role && each.unit === unit)) grants.push({ role, unit });
    };
    if (random.chance(0.85)) grant('learner');
    if (random.chance(0.25)) grant('instructor');
    if (random.chance(0.15)) grant('content_reviewer');
    if (random.chance(0.08)) grant('system_admin');
    // Mostly where such roles sit (a commune, a province), sometimes anywhere: the rank must hold wherever.
    for (let k = random.chance(0.55) ? random.int(1, 2) : 0; k > 0; k--)
      grant('commune_admin', random.chance(0.7) ? random.pick(byLevel('commune')) : random.pick(all));
    if (random.chance(0.3))
      grant('province_admin', random.chance(0.7) ? random.pick(byLevel('province')) : random.pick(all));
    const unit = random.chance(0.9) ? random.pick(all.filter((each) => each.level !== 'province')) : random.pick(all);
    people.push({ label: `người ${people.length}`, userId: newId(), officialId: newId(), unit, grants });
  }
  return { units: all, people };
}

// ---- The oracle, and the planted flaws -----------------------------------------------------------

type Verdict = 'allowed' | 'forbidden' | 'out-of-scope';

/** True when `unit` is `root` or below it, following parent links. */
function within(unit: ModelUnit, root: ModelUnit): boolean {
  for (let at: ModelUnit | undefined = unit; at; at = at.parent) if (at === root) return true;
  return false;
}
const RANK: Partial<Record<Role, number>> = { commune_admin: 1, province_admin: 2, system_admin: 3 };
const isUnitAdminRole = (role: Role) => role === 'commune_admin' || role === 'province_admin';

interface OracleOptions {
  /** Planted flaw: instructor and content reviewer grants are not looked at (the finding). */
  ignoreGlobalRoles?: boolean;
  /** Planted flaw: any administrator over a unit may act on any administrator grant there. */
  ignoreRank?: boolean;
}

function oracle(actor: ModelPerson, target: ModelPerson, options: OracleOptions = {}): Verdict {
  const system = actor.grants.some((grant) => grant.role === 'system_admin');
  const administered = actor.grants.filter((grant) => isUnitAdminRole(grant.role) && grant.unit);
  if (!system && !administered.some((grant) => within(target.unit, grant.unit!))) return 'out-of-scope';
  if (actor === target) return 'forbidden';
  const couldGrant = (grant: ModelGrant): boolean => {
    if (system) return true;
    if (grant.role === 'learner') return true; // the actor administers something: checked above
    if ((grant.role === 'instructor' || grant.role === 'content_reviewer') && options.ignoreGlobalRoles) return true;
    if (!isUnitAdminRole(grant.role) || !grant.unit) return false;
    return administered.some(
      (own) => within(grant.unit!, own.unit!) && (options.ignoreRank || RANK[own.role]! >= RANK[grant.role]!),
    );
  };
  return target.grants.every(couldGrant) ? 'allowed' : 'forbidden';
}

// ---- The database and the server functions -----------------------------------------------------

let db: Database;
let folder: string | undefined;
let server: {
  createSession: (userId: string) => Promise<string>;
  validateSessionToken: (token: string) => Promise<{ user: SessionUser } | null>;
  setAccountDisabled: typeof import('../../src/lib/server/org/accounts-admin.ts').setAccountDisabled;
  issueTemporaryPassword: typeof import('../../src/lib/server/org/accounts-admin.ts').issueTemporaryPassword;
  OutOfScopeError: typeof import('../../src/lib/server/org/official-changes.ts').OutOfScopeError;
};

before(async () => {
  // Thousands of small commits, each synced to disk: on tmpfs when there is one (no demo seed needed).
  folder = mkdtempSync(join(existsSync('/dev/shm') ? '/dev/shm' : tmpdir(), 'hls-takeover-'));
  const url = `file:${join(folder, 'test.db')}`;
  db = openDatabase(url);
  await migrateDatabase(db);
  // The server functions write through getDb(): point it at the same file before loading them.
  process.env.DATABASE_URL = url;
  const sessionsModule = await import('../../src/lib/server/auth/sessions.ts');
  const accounts = await import('../../src/lib/server/org/accounts-admin.ts');
  const changes = await import('../../src/lib/server/org/official-changes.ts');
  server = {
    createSession: (userId) => sessionsModule.createSession(userId),
    validateSessionToken: (token) => sessionsModule.validateSessionToken(token),
    setAccountDisabled: accounts.setAccountDisabled,
    issueTemporaryPassword: accounts.issueTemporaryPassword,
    OutOfScopeError: changes.OutOfScopeError,
  };
});
after(() => {
  db?.$client.close();
  if (folder) rmSync(folder, { recursive: true, force: true });
});

const unitPath = (unit: ModelUnit): string => `${unit.parent ? unitPath(unit.parent) : '/'}${unit.id}/`;

/** Writes the case; returns each person as the server sees them once signed in. */
async function writeCase(drawn: Case): Promise<Map<ModelPerson, SessionUser>> {
  const kinds = { province: 'tinh', commune: 'xa', office: 'co-quan' } as const;
  await db.transaction(async (tx) => {
    await tx.insert(units).values(
      drawn.units.map((unit) => ({
        id: unit.id,
        parentId: unit.parent?.id ?? null,
        level: unit.level,
        kind: kinds[unit.level],
        name: `Đơn vị ${unit.id}`,
        code: unit.id,
        path: unitPath(unit),
      })),
    );
    await tx.insert(officials).values(
      drawn.people.map((person) => ({
        id: person.officialId,
        staffCode: person.officialId,
        fullName: `Cán bộ ${person.officialId}`,
        unitId: person.unit.id,
        jobTitle: 'Công chức',
        jobPosition: 'Văn thư',
        group: 'cong-chuc-chuyen-mon' as const,
      })),
    );
    await tx.insert(users).values(
      drawn.people.map((person) => ({
        id: person.userId,
        username: person.userId,
        officialId: person.officialId,
        displayName: person.label,
        passwordHash: 'not-a-real-hash',
      })),
    );
    const grants = drawn.people.flatMap((person) =>
      person.grants.map((grant) => ({ userId: person.userId, role: grant.role, unitId: grant.unit?.id ?? null })),
    );
    if (grants.length) await tx.insert(roleGrants).values(grants);
  });
  const signedIn = new Map<ModelPerson, SessionUser>();
  for (const person of drawn.people) {
    const valid = await server.validateSessionToken(await server.createSession(person.userId));
    assert.ok(valid, `${person.label}: no session`);
    signedIn.set(person, valid.user);
  }
  return signedIn;
}

/** What can change about an account; a refused call must leave all of it as it was. One query: thousands are made. */
async function accountState(person: ModelPerson) {
  const { rows } = await db.$client.execute({
    sql: `SELECT password_hash, must_change_password, disabled_at,
            (SELECT count(*) FROM sessions WHERE user_id = users.id) AS open_sessions,
            (SELECT count(*) FROM official_changes WHERE official_id = users.official_id) AS changes
          FROM users WHERE id = ?`,
    args: [person.userId],
  });
  const [row] = rows;
  return {
    passwordHash: row.password_hash,
    mustChangePassword: Boolean(row.must_change_password),
    disabledAt: row.disabled_at,
    sessions: Number(row.open_sessions),
    changes: Number(row.changes),
  };
}

async function verdictOf(call: () => Promise<{ ok: boolean; reason?: string; message?: string }>): Promise<Verdict> {
  try {
    const result = await call();
    if (result.ok) return 'allowed';
    assert.equal(result.reason, 'forbidden', `unexpected refusal ${result.reason}`);
    assert.match(result.message ?? '', /^(Không thể|Tài khoản này)/, 'the refusal explains itself in Vietnamese');
    return 'forbidden';
  } catch (error) {
    if (error instanceof server.OutOfScopeError) return 'out-of-scope';
    throw error;
  }
}

/** Locks the target's account as the actor (and unlocks it again when that was allowed). */
async function lockVerdict(actor: SessionUser, target: ModelPerson): Promise<Verdict> {
  const before = await accountState(target);
  const verdict = await verdictOf(() => server.setAccountDisabled(actor, target.officialId, true));
  const afterwards = await accountState(target);
  if (verdict !== 'allowed') {
    assert.deepEqual(afterwards, before, `a refused lock changed ${target.label}'s account`);
    return verdict;
  }
  assert.notEqual(afterwards.disabledAt, null);
  assert.equal(afterwards.sessions, 0);
  assert.equal(
    await verdictOf(() => server.setAccountDisabled(actor, target.officialId, false)),
    'allowed',
    'unlocking is allowed whenever locking is',
  );
  assert.equal((await accountState(target)).disabledAt, null);
  return verdict;
}

async function resetVerdict(actor: SessionUser, target: ModelPerson): Promise<Verdict> {
  const before = await accountState(target);
  const verdict = await verdictOf(() => server.issueTemporaryPassword(actor, target.officialId));
  const afterwards = await accountState(target);
  if (verdict !== 'allowed') assert.deepEqual(afterwards, before, `a refused reset changed ${target.label}'s account`);
  else assert.ok(afterwards.mustChangePassword && afterwards.passwordHash !== before.passwordHash);
  return verdict;
}

const describePerson = (person: ModelPerson, drawn: Case) =>
  `${person.label} (cán bộ ở ${drawn.units.indexOf(person.unit)}; ${person.grants.map((grant) => `${grant.role}${grant.unit ? `@${drawn.units.indexOf(grant.unit)}` : ''}`).join(', ') || 'không vai trò'})`;

// ---- The property --------------------------------------------------------------------------------

describe('account takeover (property over random trees and role sets)', () => {
  test('the server allows a reset or lock exactly when the actor could grant every role the target holds', async () => {
    console.log(`account-takeover: seed ${SEED}, ${CASES} trường hợp (ACCOUNT_TAKEOVER_SEED=${SEED} để chạy lại)`);
    const random = prng(SEED);
    const started = Date.now();
    const tally: Record<Verdict, number> = { allowed: 0, forbidden: 0, 'out-of-scope': 0 };
    const planted = { 'bỏ qua vai trò toàn hệ thống (lỗi cũ)': 0, 'bỏ qua cấp quản trị': 0 };
    let resets = 0;
    let pairs = 0;

    let cases = 0;
    for (let index = 0; index < CASES && (index < MIN_CASES || Date.now() - started < TIME_BUDGET_MS); index++) {
      cases++;
      const drawn = drawCase(random);
      const signedIn = await writeCase(drawn);
      const inScopePairs: [ModelPerson, ModelPerson][] = [];
      for (const actorPerson of drawn.people) {
        for (const target of drawn.people) {
          const expected = oracle(actorPerson, target);
          const actual = await lockVerdict(signedIn.get(actorPerson)!, target);
          pairs++;
          tally[actual]++;
          assert.equal(
            actual,
            expected,
            `seed ${SEED}, trường hợp ${index}: ${describePerson(actorPerson, drawn)} khóa ${describePerson(target, drawn)}`,
          );
          if (expected !== 'out-of-scope') inScopePairs.push([actorPerson, target]);
          // The controls: the same comparison must catch each planted flaw on some case.
          if (oracle(actorPerson, target, { ignoreGlobalRoles: true }) !== actual)
            planted['bỏ qua vai trò toàn hệ thống (lỗi cũ)']++;
          if (oracle(actorPerson, target, { ignoreRank: true }) !== actual) planted['bỏ qua cấp quản trị']++;
        }
      }
      // A reset hashes a password (tens of ms): one in-scope pair per case.
      if (inScopePairs.length) {
        const [actorPerson, target] = random.pick(inScopePairs);
        const actual = await resetVerdict(signedIn.get(actorPerson)!, target);
        resets++;
        assert.equal(
          actual,
          oracle(actorPerson, target),
          `seed ${SEED}, trường hợp ${index}: ${describePerson(actorPerson, drawn)} cấp mật khẩu tạm thời cho ${describePerson(target, drawn)}`,
        );
      }
    }

    console.log(
      `account-takeover: ${cases} cây, ${pairs} cặp khóa/mở khóa, ${resets} lần cấp mật khẩu; cho phép ${tally.allowed}, từ chối ${tally.forbidden}, ngoài phạm vi ${tally['out-of-scope']}; ` +
        `lỗi cài sẵn bị bắt: ${Object.entries(planted)
          .map(([name, n]) => `${name} ${n} cặp`)
          .join(', ')}; ${((Date.now() - started) / 1000).toFixed(1)} s`,
    );
    // Every verdict is exercised, so agreement means something.
    for (const [verdict, n] of Object.entries(tally)) assert.ok(n >= 10, `only ${n} pairs ${verdict}`);
    for (const [name, caught] of Object.entries(planted))
      assert.ok(caught > 0, `the planted flaw "${name}" was never caught: the property is too weak`);
  });
});
