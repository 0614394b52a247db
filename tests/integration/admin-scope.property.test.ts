/**
 * Property: over random organisation trees and random administrators, every administrator
 * page and action answers 2xx only inside the caller's subtree, and 404 (the same answer as for
 * an id that does not exist) everywhere else; no page names a unit or official outside the
 * subtree, and none carries a password hash. Trees are inserted into the test database while
 * the real built server reads the same libSQL file.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { eq, inArray } from 'drizzle-orm';
import { officials, roleGrants, units, users } from '../../db/schema/index.ts';
import { createTestDatabase, openTestDatabase } from '../support/database.ts';
import { startServer, type RunningServer } from '../support/server.ts';
import type { Database } from '../../db/client.ts';
import { isWithin } from '../../src/lib/org/unit-tree.ts';

// ---- The shape fast-check draws -------------------------------------------------------------

/** A unit below a commune (or the commune itself): its officials and its sub-units. */
interface NodeShape {
  officials: number;
  children: NodeShape[];
}
/** Where an administrator's grant points: a kind of unit and which one of that kind. */
interface GrantPick {
  kind: 'commune_admin' | 'province_admin' | 'deep';
  pick: number;
}
interface TreeShape {
  provinces: NodeShape[][];
  /** Each administrator's grants; an empty list is a signed-in learner without any admin role. */
  admins: GrantPick[][];
}

const node = (depth: number): fc.Arbitrary<NodeShape> =>
  fc.record({
    officials: fc.integer({ min: 0, max: 2 }),
    children: depth === 0 ? fc.constant([]) : fc.array(node(depth - 1), { maxLength: 2 }),
  });
const grant = fc.record({
  kind: fc.constantFrom('commune_admin' as const, 'province_admin' as const, 'deep' as const),
  pick: fc.nat(),
});
const treeShape: fc.Arbitrary<TreeShape> = fc.record({
  provinces: fc.array(fc.array(node(2), { minLength: 1, maxLength: 2 }), { minLength: 1, maxLength: 2 }),
  admins: fc.array(fc.array(grant, { maxLength: 2 }), { minLength: 2, maxLength: 4 }),
});

// ---- The test database and server ------------------------------------------------------------

let server: RunningServer;
let db: Database;
let databaseUrl: string;
let createSession: (userId: string) => Promise<string>;
before(async () => {
  databaseUrl = await createTestDatabase();
  // The server-side session helper below writes through getDb(): point it at the same file.
  process.env.DATABASE_URL = databaseUrl;
  ({ createSession } = await import('../../src/lib/server/auth/sessions.ts'));
  db = openTestDatabase(databaseUrl);
  server = await startServer({ DATABASE_URL: databaseUrl });
});
after(async () => {
  db?.$client.close();
  await server?.stop();
});

// ---- Building a drawn tree in the database ---------------------------------------------------

interface BuiltUnit {
  id: string;
  path: string;
  level: 'province' | 'commune' | 'office';
  name: string;
}
interface BuiltOfficial {
  id: string;
  unitPath: string;
  name: string;
}
interface Caller {
  label: string;
  cookie: string;
  /** Subtree paths the caller administers ("/" for the whole tree). */
  scopes: string[];
}

let runs = 0;
let serial = 0;
const randomId = () => {
  const bytes = crypto.getRandomValues(new Uint8Array(15));
  return Array.from(bytes, (byte) => 'abcdefghijklmnopqrstuvwxyz234567'[byte % 32]).join('');
};

async function buildTree(
  shape: TreeShape,
): Promise<{ units: BuiltUnit[]; officials: BuiltOfficial[]; callers: Caller[] }> {
  const run = String(++runs).padStart(3, '0');
  const unitRows: (typeof units.$inferInsert)[] = [];
  const officialRows: (typeof officials.$inferInsert)[] = [];
  const userRows: (typeof users.$inferInsert)[] = [];
  const grantRows: (typeof roleGrants.$inferInsert)[] = [];
  const built: BuiltUnit[] = [];
  const people: BuiltOfficial[] = [];
  // Fixed-width numbers, so that no name is a part of another one.
  const tag = () => `T${run}-${String(++serial).padStart(5, '0')}`;
  const addUnit = (parentPath: string | null, level: BuiltUnit['level'], count: number) => {
    const id = randomId();
    const path = `${parentPath ?? '/'}${id}/`;
    const name = `Đơn vị ${tag()}`;
    unitRows.push({
      id,
      parentId: parentPath ? parentPath.split('/').at(-2)! : null,
      level,
      kind: level === 'province' ? 'tinh' : level === 'commune' ? 'xa' : 'co-quan',
      name,
      code: `${name}`,
      path,
    });
    built.push({ id, path, level, name });
    for (let i = 0; i < count; i++) {
      const officialId = randomId();
      const fullName = `Cán bộ ${tag()}`;
      officialRows.push({
        id: officialId,
        staffCode: fullName,
        fullName,
        unitId: id,
        jobTitle: 'Công chức',
        jobPosition: 'Văn thư',
        group: 'cong-chuc-chuyen-mon',
      });
      const userId = randomId();
      userRows.push({
        id: userId,
        username: fullName.toLowerCase(),
        officialId,
        displayName: fullName,
        passwordHash: 'not-a-real-hash',
      });
      grantRows.push({ userId, role: 'learner', unitId: null });
      people.push({ id: officialId, unitPath: path, name: fullName });
    }
    return path;
  };
  const addBelow = (parentPath: string, shapeNode: NodeShape, level: BuiltUnit['level']) => {
    const path = addUnit(parentPath, level, shapeNode.officials);
    for (const child of shapeNode.children) addBelow(path, child, 'office');
  };
  for (const communes of shape.provinces) {
    const provincePath = addUnit(null, 'province', 0);
    for (const commune of communes) addBelow(provincePath, commune, 'commune');
  }

  const callerSpecs: { userId: string; label: string; scopes: string[] }[] = [];
  shape.admins.forEach((picks, index) => {
    const userId = randomId();
    userRows.push({
      id: userId,
      username: `quantri-${run}-${index}`,
      displayName: `Quản trị thử ${run}-${index}`,
      passwordHash: 'not-a-real-hash',
    });
    const scopes: string[] = [];
    for (const pick of picks) {
      const candidates = built.filter((unit) =>
        pick.kind === 'commune_admin'
          ? unit.level === 'commune'
          : pick.kind === 'province_admin'
            ? unit.level === 'province'
            : unit.level === 'office',
      );
      const target = candidates[pick.pick % Math.max(1, candidates.length)];
      if (!target) continue;
      const role = pick.kind === 'province_admin' ? 'province_admin' : 'commune_admin';
      if (grantRows.some((row) => row.userId === userId && row.role === role && row.unitId === target.id)) continue;
      grantRows.push({ userId, role, unitId: target.id });
      scopes.push(target.path);
    }
    if (scopes.length === 0) grantRows.push({ userId, role: 'learner', unitId: null });
    callerSpecs.push({
      userId,
      label: scopes.length
        ? `quản trị ${run}-${index} (${picks.map((pick) => pick.kind).join(', ')})`
        : `học viên ${run}-${index}`,
      scopes,
    });
  });

  await db.transaction(async (tx) => {
    await tx.insert(units).values(unitRows);
    if (officialRows.length) await tx.insert(officials).values(officialRows);
    await tx.insert(users).values(userRows);
    await tx.insert(roleGrants).values(grantRows);
  });
  const callers: Caller[] = [];
  for (const spec of callerSpecs)
    callers.push({ label: spec.label, scopes: spec.scopes, cookie: `hls_session=${await createSession(spec.userId)}` });
  return { units: built, officials: people, callers };
}

// ---- Asking the server -----------------------------------------------------------------------

const inScope = (caller: Caller, path: string) => caller.scopes.some((scope) => isWithin(path, scope));

async function get(caller: Caller, path: string): Promise<{ status: number; body: string }> {
  const response = await fetch(`${server.baseUrl}${path}`, { headers: { Cookie: caller.cookie }, redirect: 'manual' });
  return { status: response.status, body: await response.text() };
}

async function post(
  caller: Caller,
  path: string,
  form: Record<string, string>,
): Promise<{ status: number; body: string }> {
  const response = await fetch(`${server.baseUrl}${path}`, {
    method: 'POST',
    redirect: 'manual',
    headers: { Cookie: caller.cookie, Origin: server.baseUrl, 'Content-Type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams(form),
  });
  return { status: response.status, body: await response.text() };
}

/** Fails with a readable message when the answer is not 2xx (or 303 for a form) inside, 404 outside. */
function expectScoped(answer: { status: number }, inside: boolean, what: string): void {
  const ok = answer.status >= 200 && answer.status < 300;
  if (inside)
    assert.ok(ok || answer.status === 303, `${what}: expected success inside the scope, got ${answer.status}`);
  else assert.equal(answer.status, 404, `${what}: expected 404 outside the scope, got ${answer.status}`);
}

/** Fails if an answer names a unit or official outside the caller's scope, or carries a hash. */
function expectNoLeak(
  body: string,
  caller: Caller,
  tree: { units: BuiltUnit[]; officials: BuiltOfficial[] },
  what: string,
): void {
  assert.doesNotMatch(body, /\$argon2/, `${what}: a password hash in the answer`);
  for (const unit of tree.units)
    if (!inScope(caller, unit.path))
      assert.ok(!body.includes(unit.name), `${what}: names ${unit.name}, outside the scope`);
  for (const person of tree.officials)
    if (!inScope(caller, person.unitPath))
      assert.ok(!body.includes(person.name), `${what}: names ${person.name}, outside the scope`);
}

/** Every administrator action on one official, as the RPC endpoint answers it (2xx on success). */
function actionsFor(officialId: string, unitId: string): [string, Record<string, string>][] {
  return [
    ['admin.moveOfficial', { officialId, unitId }],
    [
      'admin.updateOfficialJob',
      { officialId, jobTitle: 'Công chức', jobPosition: 'Văn thư', group: 'cong-chuc-chuyen-mon' },
    ],
    ['admin.setExpertiseFlag', { officialId, underqualified: 'co', since: '2026-01-15' }],
    ['admin.setOfficialAccountStatus', { officialId, status: 'mo-khoa' }],
    ['admin.resetOfficialPassword', { officialId }],
  ];
}

let requests = 0;

async function checkTree(shape: TreeShape): Promise<void> {
  const tree = await buildTree(shape);
  const [seededCommune] = await db.select().from(units).where(eq(units.code, 'SL-QL'));
  const [seededOfficial] = await db.select().from(officials).where(eq(officials.unitId, seededCommune.id)).limit(1);
  // Two demo accounts join every run: the system administrator and Quảng Lợi's administrator.
  const demo = await db
    .select()
    .from(users)
    .where(inArray(users.username, ['quantri.hethong', 'quantri.quangloi']));
  for (const account of demo) {
    tree.callers.push({
      label: account.username,
      scopes: account.username === 'quantri.hethong' ? ['/'] : [seededCommune.path],
      cookie: `hls_session=${await createSession(account.id)}`,
    });
  }

  for (const caller of tree.callers) {
    const isAdmin = caller.scopes.length > 0;
    const overview = await get(caller, '/quan-tri/');
    requests++;
    expectScoped(overview, isAdmin, `${caller.label} /quan-tri/`);
    if (isAdmin) expectNoLeak(overview.body, caller, tree, `${caller.label} /quan-tri/`);

    // The answer for an id that does not exist: everything outside must read exactly the same.
    const missing = await get(caller, `/quan-tri/don-vi/${randomId()}/`);
    requests++;
    assert.equal(missing.status, 404);

    // A unit page to filter by every unit: one of the caller's scope roots (a province for "/").
    const pageUnit = tree.units.find(
      (unit) =>
        isAdmin && inScope(caller, unit.path) && (caller.scopes.includes(unit.path) || unit.level === 'province'),
    );
    for (const unit of tree.units) {
      const inside = inScope(caller, unit.path);
      const page = await get(caller, `/quan-tri/don-vi/${unit.id}/`);
      requests++;
      expectScoped(page, inside, `${caller.label} đơn vị ${unit.name}`);
      if (inside) expectNoLeak(page.body, caller, tree, `${caller.label} đơn vị ${unit.name}`);
      else
        assert.equal(
          page.body,
          missing.body,
          `${caller.label} đơn vị ${unit.name}: the 404 differs from a missing id's`,
        );
      if (pageUnit) {
        const filtered = await get(caller, `/quan-tri/don-vi/${pageUnit.id}/?don-vi=${unit.id}`);
        requests++;
        expectScoped(
          filtered,
          isWithin(unit.path, pageUnit.path),
          `${caller.label} lọc ${pageUnit.name} theo ${unit.name}`,
        );
      }
    }

    for (const person of [
      ...tree.officials,
      { id: seededOfficial.id, unitPath: seededCommune.path, name: seededOfficial.fullName },
    ]) {
      const inside = inScope(caller, person.unitPath);
      const page = await get(caller, `/quan-tri/can-bo/${person.id}/`);
      requests++;
      expectScoped(page, inside, `${caller.label} cán bộ ${person.name}`);
      if (inside) expectNoLeak(page.body, caller, tree, `${caller.label} cán bộ ${person.name}`);
      const unitId = person.unitPath.split('/').at(-2)!;
      for (const [name, form] of actionsFor(person.id, unitId)) {
        const answer = await post(caller, `/_actions/${name}`, form);
        requests++;
        expectScoped(answer, inside, `${caller.label} ${name} cán bộ ${person.name}`);
        assert.doesNotMatch(answer.body, /\$argon2/);
      }
      // The same action through the page's own form: a redirect back inside, 404 outside.
      const viaPage = await post(caller, `/quan-tri/can-bo/${person.id}/?_action=admin.setOfficialAccountStatus`, {
        officialId: person.id,
        status: 'mo-khoa',
      });
      requests++;
      expectScoped(viaPage, inside, `${caller.label} biểu mẫu trang cán bộ ${person.name}`);
      if (!inside) assert.ok(!viaPage.body.includes(person.name), `${caller.label}: the 404 names ${person.name}`);
    }

    // Moving an official the caller administers to every unit: allowed only into the scope.
    const mine = tree.officials.find((person) => inScope(caller, person.unitPath));
    if (mine) {
      for (const unit of tree.units) {
        const answer = await post(caller, '/_actions/admin.moveOfficial', { officialId: mine.id, unitId: unit.id });
        requests++;
        const inside = inScope(caller, unit.path);
        if (inside && unit.level === 'province')
          assert.equal(answer.status, 400, `${caller.label}: moving to a province is refused`);
        else expectScoped(answer, inside, `${caller.label} chuyển ${mine.name} sang ${unit.name}`);
        if (answer.status === 200) mine.unitPath = unit.path;
      }
    }
  }
}

describe('administrator scope (property over random unit trees)', () => {
  test('every administrator page and action answers 2xx only inside the caller’s subtree and 404 outside', async () => {
    const started = Date.now();

    // Up to 16 trees, but no new tree after 45 s, so the file stays within about a minute.
    await fc.assert(fc.asyncProperty(treeShape, checkTree), {
      numRuns: Number(process.env.ADMIN_SCOPE_RUNS ?? 16),
      interruptAfterTimeLimit: 45_000,
      markInterruptAsFailure: false,
    });
    assert.ok(runs >= 3, `only ${runs} trees were checked in the time allowed`);

    console.log(`admin-scope: ${runs} cây, ${requests} yêu cầu, ${((Date.now() - started) / 1000).toFixed(1)} s`);
  });
});
