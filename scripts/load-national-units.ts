/**
 * `npm run units:national`: loads the bundled national list (db/seed/units/vn-2025.csv: 34
 * provinces and cities, 3,321 commune-level units with placeholder names) into the database of
 * DATABASE_URL, through the unit import's own preview and commit (src/lib/server/units-import/),
 * recorded as done by the first system administrator. Refuses, writing nothing, when any row is
 * refused (for example because the list is already loaded under other names); a second run over
 * an unchanged list finds every unit unchanged and writes nothing.
 */
import { eq } from 'drizzle-orm';
import { roleGrants, users } from '../db/schema/index.ts';
import { migrateDatabase } from '../db/migrate.ts';
import { getDb } from '../src/lib/server/db.ts';
import type { SessionUser } from '../src/lib/server/auth/sessions.ts';
import { commitUnitImport } from '../src/lib/server/units-import/commit.ts';
import { previewNationalList } from '../src/lib/server/units-import/national.ts';
import { findUnitImport } from '../src/lib/server/units-import/preview.ts';

/** Loads the list as `user`; returns the counts (throws ImportError when rows are refused). */
export async function loadNationalUnits(user: SessionUser) {
  const previewId = await previewNationalList(user);
  const preview = await findUnitImport(user, previewId);
  if (!preview) throw new Error('the preview was not kept');
  if (preview.problems.length > 0) return { preview, committed: undefined };
  return { preview, committed: await commitUnitImport(user, previewId) };
}

if (import.meta.main) {
  const db = getDb();
  await migrateDatabase(db);
  const [admin] = await db
    .select({ id: users.id, username: users.username, displayName: users.displayName })
    .from(users)
    .innerJoin(roleGrants, eq(roleGrants.userId, users.id))
    .where(eq(roleGrants.role, 'system_admin'))
    .limit(1);
  if (!admin) {
    console.error('Chưa có quản trị viên hệ thống. Hãy chạy `npm run admin:first` trước.');
    process.exit(1);
  }
  const user: SessionUser = {
    ...admin,
    officialId: null,
    mustChangePassword: false,
    roles: [{ role: 'system_admin', unitId: null, unitPath: null }],
  };
  const started = performance.now();
  const { preview, committed } = await loadNationalUnits(user);
  if (!committed) {
    console.error(`Danh sách có ${preview.problems.length} dòng bị từ chối; chưa nhập gì. Vài dòng đầu:`);
    for (const problem of preview.problems.slice(0, 10))
      console.error(`  dòng ${problem.row} (${problem.code}): ${problem.reasons.join(' ')}`);
    process.exit(1);
  }
  const { counts } = committed;
  console.log(
    `Đã nhập ${counts.new} đơn vị mới, đổi tên ${counts.renamed}, không đổi ${counts.unchanged} ` +
      `trong ${((performance.now() - started) / 1000).toFixed(2)} s.`,
  );
  db.$client.close();
}
