/**
 * Fixture builders for the API token, records API and records export tests: administrators as the
 * server sees them, tokens, online completions (with certificates) and recorded classes written
 * straight into a seeded test database.
 */
import { eq } from 'drizzle-orm';
import type { Database } from '../../db/client.ts';
import {
  certificates,
  classAttendances,
  courseCompletions,
  officials,
  roleGrants,
  trainingClasses,
  units,
  users,
} from '../../db/schema/index.ts';
import type { SessionUser } from '../../src/lib/server/auth/sessions.ts';
import { createApiToken } from '../../src/lib/server/api-tokens/tokens.ts';
import { pathInSubtree } from '../../src/lib/server/org/scope.ts';
import { userIdOf } from './completion-fixtures.ts';

let counter = 0;
const nextId = (prefix: string) => `${prefix}${(++counter).toString(36)}${Math.random().toString(36).slice(2, 8)}`;

/** The signed-in administrator `username` as the session layer would give it. */
export async function sessionUserOf(db: Database, username: string): Promise<SessionUser> {
  const [user] = await db.select().from(users).where(eq(users.username, username));
  const grants = await db
    .select({ role: roleGrants.role, unitId: roleGrants.unitId, unitPath: units.path })
    .from(roleGrants)
    .leftJoin(units, eq(units.id, roleGrants.unitId))
    .where(eq(roleGrants.userId, user.id));
  return {
    id: user.id,
    username: user.username,
    displayName: user.displayName,
    officialId: user.officialId,
    mustChangePassword: false,
    roles: grants,
  };
}

/** The unit with this administrative code. */
export async function unitOf(db: Database, code: string) {
  const [unit] = await db.select().from(units).where(eq(units.code, code));
  if (!unit) throw new Error(`Không có đơn vị ${code}`);
  return unit;
}

/** A new token for `unitCode` made by `username`; returns the secret and the token's id. */
export async function tokenFor(
  db: Database,
  username: string,
  unitCode: string,
  name = `Kiểm thử ${unitCode}`,
): Promise<{ token: string; id: string }> {
  const outcome = await createApiToken(db, await sessionUserOf(db, username), name, (await unitOf(db, unitCode)).id);
  if (!outcome.ok) throw new Error(`${username} không tạo được mã cho ${unitCode}`);
  return { token: outcome.token, id: outcome.id };
}

/** Staff codes of the officials in a unit's subtree (by the unit's code), sorted. */
export async function staffCodesUnder(db: Database, unitCode: string): Promise<string[]> {
  const unit = await unitOf(db, unitCode);
  const rows = await db
    .select({ staffCode: officials.staffCode })
    .from(officials)
    .innerJoin(units, eq(units.id, officials.unitId))
    .where(pathInSubtree(unit.path));
  return rows.map((row) => row.staffCode).sort();
}

/** An online completion of `courseId` by the official `staffCode`, with a certificate if asked. */
export async function addCompletion(
  db: Database,
  staffCode: string,
  courseId: string,
  completedAt: Date,
  options: { scorePercent?: number | null; certificate?: 'valid' | 'revoked' } = {},
): Promise<void> {
  const userId = await userIdOf(db, staffCode);
  const [official] = await db.select().from(officials).where(eq(officials.staffCode, staffCode));
  await db.insert(courseCompletions).values({
    userId,
    courseId,
    officialId: official.id,
    unitId: official.unitId,
    completedAt,
    scorePercent: options.scorePercent ?? null,
    courseVersion: 'test',
  });
  if (options.certificate) {
    await db.insert(certificates).values({
      id: nextId('c'),
      code: nextId('code'),
      userId,
      courseId,
      officialId: official.id,
      staffCode,
      fullName: official.fullName,
      unitId: official.unitId,
      courseTitle: courseId,
      trainingKind: 'x',
      hours: 4,
      completedAt,
      courseVersion: 'test',
      issuer: 'Học Liệu Số',
      issuedAt: completedAt,
      revokedAt: options.certificate === 'revoked' ? completedAt : null,
    });
  }
}

/** A recorded class in `unitCode` attended by every official in `staffCodes`; returns its id. */
export async function addClass(
  db: Database,
  unitCode: string,
  staffCodes: readonly string[],
  details: {
    content: string;
    kind?: string;
    /** The class's field: indicator 3 counts it only for officials with that field. */
    field?: string | null;
    startsOn?: string;
    endsOn?: string;
    result?: 'hoan-thanh' | 'khong-hoan-thanh' | 'vang';
    score?: number | null;
  },
): Promise<string> {
  const unit = await unitOf(db, unitCode);
  const id = nextId('k');
  const ids = await db.select({ id: officials.id, staffCode: officials.staffCode }).from(officials);
  const byCode = new Map(ids.map((row) => [row.staffCode, row.id]));
  await db.transaction(async (tx) => {
    await tx.insert(trainingClasses).values({
      id,
      unitId: unit.id,
      kind: details.kind ?? 'tap-huan-nghiep-vu',
      field: details.field ?? null,
      content: details.content,
      method: 'truc-tiep',
      startsOn: details.startsOn ?? '2026-03-02',
      endsOn: details.endsOn ?? '2026-03-04',
      hours: 16,
      place: 'Hội trường UBND',
      organiser: 'Sở Nội vụ',
      funding: 'ns-tinh',
    });
    for (let start = 0; start < staffCodes.length; start += 200) {
      await tx.insert(classAttendances).values(
        staffCodes.slice(start, start + 200).map((staffCode) => ({
          classId: id,
          officialId: byCode.get(staffCode)!,
          result: details.result ?? 'hoan-thanh',
          score: details.score ?? 8.5,
        })),
      );
    }
  });
  return id;
}

/** A record as the API tests look at it. */
export interface ApiRecordRow {
  staffCode: string;
  trainingId: string;
  mode: string;
  unit: { code: string };
}

/** Pages through GET /api/v1/records following `next`; every row of every page, in order. */
export async function allPages(
  baseUrl: string,
  token: string,
  firstPath: string,
): Promise<{ rows: ApiRecordRow[]; pages: number }> {
  const rows: ApiRecordRow[] = [];
  let path: string | null = firstPath;
  let pages = 0;
  while (path) {
    const response = await fetch(`${baseUrl}${path}`, { headers: { Authorization: `Bearer ${token}` } });
    if (response.status !== 200) throw new Error(`${path}: ${response.status} ${await response.text()}`);
    const body = (await response.json()) as { data: ApiRecordRow[]; next: string | null };
    rows.push(...body.data);
    path = body.next;
    pages += 1;
  }
  return { rows, pages };
}
