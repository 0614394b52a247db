/**
 * Seeds the demo: two provinces, their communes and offices, officials with accounts, and one
 * account of each role (listed in the README). Does nothing if the database already has units,
 * unless run with --reset on an empty database file.
 */
import { existsSync, readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { sql } from 'drizzle-orm';
import { hashPassword } from '../src/lib/server/auth/password.ts';
import { newId } from '../src/lib/ids.ts';
import { openDatabase, type Database } from './client.ts';
import { migrateDatabase } from './migrate.ts';
import type { Role } from '../src/lib/auth/roles.ts';
import { courseStaff, indicatorTargets, officials, roleGrants, units, users } from './schema/index.ts';
import { DEMO_PROVINCES, POSITIONS, demoName, officesOf } from './seed/demo-organisation.ts';
import { DEMO_TARGETS } from './seed/demo-targets.ts';
import { seedDemoH5p } from './seed/demo-h5p.ts';

/** Demo accounts: username, password, display name, roles (with the unit code they apply to). */
export const DEMO_ACCOUNTS = [
  { username: 'hocvien', password: 'hoc-tap-moi-ngay', staffCode: 'SL-QL-007', roles: [{ role: 'learner' }] },
  {
    username: 'giangvien',
    password: 'soan-bai-giang-2026',
    displayName: 'ThS. Hoàng Văn Thịnh',
    roles: [{ role: 'instructor' }],
  },
  {
    username: 'thamdinh',
    password: 'tham-dinh-noi-dung-2026',
    displayName: 'TS. Lê Thị Mai',
    roles: [{ role: 'instructor' }, { role: 'content_reviewer' }],
  },
  {
    username: 'quantri.quangloi',
    password: 'quan-tri-xa-2026',
    displayName: 'Quản trị xã Quảng Lợi',
    roles: [{ role: 'commune_admin', unit: 'SL-QL' }],
  },
  {
    username: 'quantri.phuthinh',
    password: 'quan-tri-xa-2026',
    displayName: 'Quản trị xã Phú Thịnh',
    roles: [{ role: 'commune_admin', unit: 'SL-PT' }],
  },
  {
    username: 'quantri.songlam',
    password: 'quan-tri-tinh-2026',
    displayName: 'Sở Nội vụ tỉnh Sông Lam',
    roles: [{ role: 'province_admin', unit: 'SL' }],
  },
  {
    username: 'quantri.caonguyen',
    password: 'quan-tri-tinh-2026',
    displayName: 'Sở Nội vụ tỉnh Cao Nguyên',
    roles: [{ role: 'province_admin', unit: 'CN' }],
  },
  {
    username: 'quantri.hethong',
    password: 'quan-tri-he-thong-2026',
    displayName: 'Quản trị hệ thống',
    roles: [{ role: 'system_admin' }],
  },
] as const satisfies readonly {
  username: string;
  password: string;
  displayName?: string;
  staffCode?: string;
  roles: readonly { role: Role; unit?: string }[];
}[];

/** Password of every other official's account (username: their staff code, lower case). */
export const DEMO_OFFICIAL_PASSWORD = 'hoc-tap-moi-ngay';

/** The courses in content/ (the demo instructor writes them all). */
function demoCourseIds(): string[] {
  const dir = 'content/courses';
  return existsSync(dir)
    ? readdirSync(dir, { withFileTypes: true })
        .filter((entry) => entry.isDirectory())
        .map((entry) => entry.name)
    : [];
}

/** Inserts the demo data in one transaction. */
export async function seedDemo(db: Database): Promise<{ units: number; officials: number; users: number }> {
  await seedDemoH5p(db); // Idempotent, so it runs first: also installs demo H5P activities missing from an older database.
  const [{ count }] = await db.select({ count: sql<number>`count(*)` }).from(units);
  if (count > 0) return { units: 0, officials: 0, users: 0 };
  const hashes = new Map<string, string>();
  for (const password of new Set([DEMO_OFFICIAL_PASSWORD, ...DEMO_ACCOUNTS.map((a) => a.password)]))
    hashes.set(password, await hashPassword(password));

  const unitRows: (typeof units.$inferInsert)[] = [];
  const officialRows: (typeof officials.$inferInsert)[] = [];
  const unitIdByCode = new Map<string, string>();
  let person = 0;
  for (const province of DEMO_PROVINCES) {
    const provinceId = newId();
    unitIdByCode.set(province.code, provinceId);
    unitRows.push({
      id: provinceId,
      parentId: null,
      level: 'province',
      kind: province.kind,
      name: province.name,
      code: province.code,
      path: `/${provinceId}/`,
    });
    for (const commune of province.communes) {
      const communeId = newId();
      const communePath = `/${provinceId}/${communeId}/`;
      unitIdByCode.set(commune.code, communeId);
      unitRows.push({
        id: communeId,
        parentId: provinceId,
        level: 'commune',
        kind: commune.kind,
        name: commune.name,
        code: commune.code,
        path: communePath,
      });
      const officeIds = new Map<string, string>();
      for (const office of officesOf(commune.kind)) {
        const officeId = newId();
        officeIds.set(office.suffix, officeId);
        unitRows.push({
          id: officeId,
          parentId: communeId,
          level: 'office',
          kind: 'co-quan',
          name: office.name,
          code: `${commune.code}-${office.suffix}`,
          path: `${communePath}${officeId}/`,
        });
      }
      for (let i = 0; i < commune.size; i++) {
        const position = POSITIONS[i % POSITIONS.length];
        person += 1;
        // About one in six professional civil servants is flagged, with the date it was set.
        const flagged = position.group === 'cong-chuc-chuyen-mon' && person % 6 === 0;
        officialRows.push({
          id: newId(),
          staffCode: `${commune.code}-${String(i + 1).padStart(3, '0')}`,
          fullName: demoName(person),
          unitId: position.office ? officeIds.get(position.office)! : communeId,
          jobTitle: position.jobTitle,
          jobPosition: position.jobPosition,
          group: position.group,
          fields: position.fields,
          underqualified: flagged,
          underqualifiedSince: flagged ? '2026-07-01' : null,
        });
      }
    }
  }

  const officialIdByCode = new Map(officialRows.map((row) => [row.staffCode, row.id!]));
  const userRows: (typeof users.$inferInsert)[] = [];
  const grantRows: (typeof roleGrants.$inferInsert)[] = [];
  const namedOfficials = new Set<string>(
    DEMO_ACCOUNTS.flatMap((account) => ('staffCode' in account ? [account.staffCode] : [])),
  );
  for (const official of officialRows) {
    if (namedOfficials.has(official.staffCode)) continue;
    const id = newId();
    userRows.push({
      id,
      username: official.staffCode.toLowerCase(),
      officialId: official.id,
      displayName: official.fullName,
      passwordHash: hashes.get(DEMO_OFFICIAL_PASSWORD)!,
    });
    grantRows.push({ userId: id, role: 'learner', unitId: null });
  }
  for (const account of DEMO_ACCOUNTS) {
    const id = newId();
    const official =
      'staffCode' in account ? officialRows.find((row) => row.staffCode === account.staffCode) : undefined;
    userRows.push({
      id,
      username: account.username,
      officialId: official ? officialIdByCode.get(official.staffCode) : null,
      displayName: official?.fullName ?? ('displayName' in account ? account.displayName : account.username),
      passwordHash: hashes.get(account.password)!,
    });
    for (const grant of account.roles)
      grantRows.push({ userId: id, role: grant.role, unitId: 'unit' in grant ? unitIdByCode.get(grant.unit)! : null });
  }

  await db.transaction(async (tx) => {
    await tx.insert(units).values(unitRows);
    await tx.insert(officials).values(officialRows);
    await tx.insert(users).values(userRows);
    await tx.insert(roleGrants).values(grantRows);
    const targetRows = Object.entries(DEMO_TARGETS).flatMap(([code, rows]) =>
      rows.map((row) => ({ ...row, provinceId: unitIdByCode.get(code)!, updatedAt: new Date() })),
    );
    await tx.insert(indicatorTargets).values(targetRows);
    const instructorId = userRows.find((row) => row.username === 'giangvien')!.id;
    const staffRows = demoCourseIds().map((courseId) => ({ courseId, userId: instructorId }));
    if (staffRows.length > 0) await tx.insert(courseStaff).values(staffRows);
  });
  return { units: unitRows.length, officials: officialRows.length, users: userRows.length };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const started = performance.now();
  const db = openDatabase();
  await migrateDatabase(db);
  const seeded = await seedDemo(db);
  db.$client.close();
  console.log(
    seeded.units === 0
      ? 'Dữ liệu mẫu đã có sẵn.'
      : `Đã tạo dữ liệu mẫu: ${seeded.units} đơn vị, ${seeded.officials} cán bộ, ${seeded.users} tài khoản.`,
  );
  // A year of learning history for the demo province, once (DEMO_HISTORY=0 leaves it out). Loaded
  // only here: the tests' databases (tests/support/database.ts) call seedDemo alone.
  if (process.env.DEMO_HISTORY !== '0') {
    await import('./seed/server-seams.ts'); // First: the history's server modules load with its stand-ins.
    const { seedDemoHistory } = await import('./seed/demo-history.ts');
    const { startSeedDb, finishSeedDb } = await import('./seed/seed-db.ts');
    await startSeedDb();
    const history = await seedDemoHistory().finally(finishSeedDb);
    if (history)
      console.log(
        `Đã tạo lịch sử học tập mẫu của tỉnh Sông Lam: ${history.assignments} lượt cử đi học, ` +
          `${history.completions} lượt hoàn thành (${history.certificates} chứng chỉ), ${history.attempts} lần làm bài kiểm tra ` +
          `(${history.failedAttempts} không đạt), ${history.classes} lớp với ${history.attendances} lượt học viên, ` +
          `${history.evaluations} đánh giá sau bồi dưỡng, ${history.plans} kế hoạch; ` +
          `${((performance.now() - started) / 1000).toFixed(1)} giây.`,
      );
  }
}
