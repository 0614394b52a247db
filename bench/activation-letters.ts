/**
 * `node bench/activation-letters.ts`: times the activation letters (issue 16) of a commune cluster
 * of 2,000 officials: codes issued (revoking, hashing, inserting, audit) and the PDF of 2,000 A4
 * pages made through the server module the letters page uses (produceActivationLetters). Creates
 * its own seeded temporary database with a new commune "Cụm xã thử thư kích hoạt" under the demo
 * province and 2,000 officials with accounts that have no password yet, as the officials import
 * leaves them. Target: under 60 s. BENCH_LETTERS (2000) changes the count.
 *
 * benchActivationLetters() is exported for other benches: give it a database URL (already set
 * as DATABASE_URL for this process), the unit and the administrator who prints.
 */
import { performance } from 'node:perf_hooks';
import { createTestDatabase, openTestDatabase } from '../tests/support/database.ts';
import { sessionUserOf } from '../tests/support/api-token-fixtures.ts';

export const TARGET_SECONDS = 60;

export interface LettersBenchResult {
  letters: number;
  bytes: number;
  seconds: number;
}

/** Produces the PDF letters of `unitId`'s subtree as `adminUsername`; returns the time and size. */
export async function benchActivationLetters(
  databaseUrl: string,
  unitId: string,
  adminUsername: string,
): Promise<LettersBenchResult> {
  process.env.DATABASE_URL = databaseUrl;
  const { produceActivationLetters } = await import('../src/lib/server/accounts/activation-letters.ts');
  const db = openTestDatabase(databaseUrl);
  const actor = await sessionUserOf(db, adminUsername);
  db.$client.close();
  const started = performance.now();
  const file = await produceActivationLetters(actor, {
    unitId,
    filter: 'tat-ca',
    format: 'pdf',
    siteAddress: 'https://hoclieuso.example.gov.vn',
  });
  const seconds = (performance.now() - started) / 1000;
  if (!file) throw new Error('Đơn vị không thuộc phạm vi của người in thư.');
  if ('tooMany' in file) throw new Error(`${file.tooMany} thư: quá số thư của một lần tạo.`);
  return { letters: file.letters, bytes: file.bytes.byteLength, seconds };
}

/** A seeded database with a commune of `count` officials (accounts without a password) under the demo province. */
async function databaseWithCluster(count: number): Promise<{ databaseUrl: string; unitId: string }> {
  const databaseUrl = await createTestDatabase();
  const { eq } = await import('drizzle-orm');
  const { officials, units, users } = await import('../db/schema/index.ts');
  const { newId } = await import('../src/lib/ids.ts');
  const db = openTestDatabase(databaseUrl);
  const [province] = await db.select().from(units).where(eq(units.code, 'SL'));
  const unitId = newId();
  const now = new Date();
  await db.insert(units).values({
    id: unitId,
    code: 'SL-BENCH',
    name: 'Cụm xã thử thư kích hoạt',
    level: 'commune',
    kind: 'xa',
    parentId: province.id,
    path: `${province.path}${unitId}/`,
  });
  const family = ['Nguyễn', 'Trần', 'Lê', 'Phạm', 'Hoàng', 'Vũ', 'Đặng', 'Bùi'];
  const given = ['An', 'Bình', 'Chi', 'Dũng', 'Hà', 'Hương', 'Khánh', 'Linh', 'Minh', 'Ngọc'];
  for (let start = 0; start < count; start += 400) {
    const officialRows: (typeof officials.$inferInsert)[] = [];
    const userRows: (typeof users.$inferInsert)[] = [];
    for (let i = start; i < Math.min(count, start + 400); i++) {
      const id = newId();
      const staffCode = `SL-BENCH-${String(i + 1).padStart(5, '0')}`;
      const fullName = `${family[i % family.length]} Thị ${given[(i * 3) % given.length]}`;
      officialRows.push({
        id,
        staffCode,
        fullName,
        unitId,
        jobTitle: 'Công chức',
        jobPosition: 'Văn phòng - Thống kê',
        group: 'cong-chuc-chuyen-mon',
        createdAt: now,
        updatedAt: now,
      });
      // As the officials import leaves an account: no usable password (officials-import/commit.ts).
      userRows.push({
        id: newId(),
        username: staffCode.toLowerCase(),
        officialId: id,
        displayName: fullName,
        passwordHash: '!',
      });
    }
    await db.insert(officials).values(officialRows);
    await db.insert(users).values(userRows);
  }
  db.$client.close();
  return { databaseUrl, unitId };
}

if (import.meta.main) {
  const count = Number(process.env.BENCH_LETTERS ?? 2000);
  const { databaseUrl, unitId } = await databaseWithCluster(count);
  const result = await benchActivationLetters(databaseUrl, unitId, 'quantri.songlam');
  const verdict = result.seconds < TARGET_SECONDS ? 'đạt' : 'KHÔNG ĐẠT';
  console.log(
    `Thư kích hoạt: ${result.letters} thư (PDF ${(result.bytes / 1024 / 1024).toFixed(1)} MB) trong ${result.seconds.toFixed(1)} giây; mục tiêu dưới ${TARGET_SECONDS} giây: ${verdict}.`,
  );
  if (result.seconds >= TARGET_SECONDS) process.exitCode = 1;
}
