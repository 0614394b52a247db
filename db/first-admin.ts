/**
 * A production database starts without the demo (whose passwords are in the README): this creates
 * its first system administrator, with a temporary password shown once and changed at the first
 * sign-in. `npm run admin:first -- <tên-đăng-nhập> "<Tên hiển thị>"`. Refuses when a system
 * administrator already exists, so it cannot be used to take over a running site.
 */
import { fileURLToPath } from 'node:url';
import { eq } from 'drizzle-orm';
import { z } from 'astro/zod';
import { hashPassword } from '../src/lib/server/auth/password.ts';
import { newId } from '../src/lib/ids.ts';
import { generateTemporaryPassword, temporaryPasswordExpiry } from '../src/lib/auth/account-rules.ts';
import { VIETNAM_TIME_ZONE } from '../src/lib/vietnam-time.ts';
import { openDatabase, type Database } from './client.ts';
import { migrateDatabase } from './migrate.ts';
import { roleGrants, users } from './schema/index.ts';

export const FirstAdminSchema = z.object({
  username: z
    .string()
    .trim()
    .toLowerCase()
    .regex(
      /^[a-z0-9][a-z0-9._-]{2,63}$/,
      'Tên đăng nhập gồm 3–64 chữ thường không dấu, số, dấu chấm, gạch ngang hoặc gạch dưới.',
    ),
  displayName: z
    .string()
    .trim()
    .min(2, 'Tên hiển thị cần ít nhất 2 ký tự.')
    .max(200, 'Tên hiển thị dài quá 200 ký tự.'),
});

export type FirstAdminResult =
  { ok: true; username: string; temporaryPassword: string; expiresAt: Date } | { ok: false; message: string };

/** Creates the first system administrator, or says why not; nothing is written on a refusal. */
export async function createFirstAdmin(
  db: Database,
  input: { username: string; displayName: string },
): Promise<FirstAdminResult> {
  const parsed = FirstAdminSchema.safeParse(input);
  if (!parsed.success) return { ok: false, message: parsed.error.issues.map((issue) => issue.message).join(' ') };
  const { username, displayName } = parsed.data;
  const temporaryPassword = generateTemporaryPassword();
  const passwordHash = await hashPassword(temporaryPassword);
  return db.transaction(async (tx) => {
    const [existing] = await tx
      .select({ id: roleGrants.id })
      .from(roleGrants)
      .where(eq(roleGrants.role, 'system_admin'))
      .limit(1);
    if (existing)
      return {
        ok: false,
        message: 'Đã có quản trị hệ thống: hãy đăng nhập bằng tài khoản đó để tạo thêm người quản trị.',
      } as const;
    const [taken] = await tx.select({ id: users.id }).from(users).where(eq(users.username, username)).limit(1);
    if (taken) return { ok: false, message: `Tên đăng nhập ${username} đã có người dùng.` } as const;
    const id = newId();
    const expiresAt = temporaryPasswordExpiry();
    await tx.insert(users).values({
      id,
      username,
      displayName,
      passwordHash,
      mustChangePassword: true,
      temporaryPasswordExpiresAt: expiresAt,
    });
    await tx.insert(roleGrants).values({ userId: id, role: 'system_admin', unitId: null });
    return { ok: true, username, temporaryPassword, expiresAt } as const;
  });
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const [username = '', displayName = 'Quản trị hệ thống'] = process.argv.slice(2);
  const db = openDatabase();
  await migrateDatabase(db);
  const result = await createFirstAdmin(db, { username, displayName });
  db.$client.close();
  if (!result.ok) {
    console.error(result.message);
    process.exit(1);
  }
  const until = new Intl.DateTimeFormat('vi-VN', {
    dateStyle: 'short',
    timeStyle: 'short',
    timeZone: VIETNAM_TIME_ZONE,
  }).format(result.expiresAt);
  console.log(
    `Đã tạo quản trị hệ thống ${result.username}. Mật khẩu tạm thời (chỉ hiện một lần, phải đổi ở lần đăng nhập đầu, hết hạn lúc ${until}): ${result.temporaryPassword}`,
  );
}
