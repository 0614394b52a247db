/**
 * The preview: reads an upload, checks every row against the administrator's scope and the
 * officials already recorded, and keeps the result in official_imports (status "preview").
 * Nothing is written to officials here; the commit applies exactly what was kept.
 */
import { and, eq, inArray } from 'drizzle-orm';
import { officialImports, officials, units, users } from '../../../../db/schema/index.ts';
import { normaliseStaffCode } from '../../../schemas/official-import-row.ts';
import { canAdministerPath, isAdministrator } from '../../auth/access.ts';
import type { SessionUser } from '../auth/sessions.ts';
import { getDb } from '../db.ts';
import { newId } from '../../ids.ts';
import { activeUnitsInScope } from '../org/scope.ts';
import { contactChangeProblems } from './contact-guard.ts';
import {
  changesContact,
  diffRow,
  isUnchanged,
  shownChanges,
  type OfficialState,
  type ShownChange,
} from '../../officials-import/diff.ts';
import { ImportError } from '../../officials-import/errors.ts';
import type { ProgressReporter } from './jobs.ts';
import { yieldToEventLoop } from './parse-xlsx.ts';
import { readSheetRows, type UploadSource } from './read-file.ts';
import { rawRowsOf } from '../../officials-import/sheet.ts';
import {
  usernameOf,
  validateRows,
  type RowProblem,
  type ScopeUnit,
  type ValidRow,
} from '../../officials-import/validate.ts';

/** What the commit would do with a row. */
export type RowOutcome = 'new' | 'updated' | 'unchanged';

/** A valid row as kept for the commit, with what it would change. */
export interface PreviewRow extends ValidRow {
  outcome: RowOutcome;
  /** For updated rows: each changed field, before and after, in words. */
  changes?: ShownChange[];
}

/** Counts shown at the top of the preview. */
export interface PreviewCounts {
  new: number;
  updated: number;
  unchanged: number;
  bad: number;
}

/** An import as the preview page shows it. */
export interface ImportRecord {
  id: string;
  fileName: string;
  status: 'preview' | 'committed' | 'discarded';
  rows: PreviewRow[];
  problems: RowProblem[];
  counts: PreviewCounts;
  createdAt: Date;
  committedAt: Date | null;
}

/** Rows per query when looking up staff codes (SQLite allows 32,766 parameters). */
const LOOKUP_CHUNK = 500;

const silent: ProgressReporter = { step() {}, advance() {} };

/** Splits a list into chunks. */
export function chunks<T>(items: readonly T[], size: number): T[][] {
  const result: T[][] = [];
  for (let i = 0; i < items.length; i += size) result.push(items.slice(i, i + size));
  return result;
}

/** Units the user may import into, by upper-case code (retired units are no target). */
export async function scopeUnitsByCode(user: SessionUser): Promise<Map<string, ScopeUnit>> {
  const scope = await activeUnitsInScope(user);
  return new Map(
    scope.map((unit) => [unit.code.toUpperCase(), { id: unit.id, code: unit.code, name: unit.name, path: unit.path }]),
  );
}

/** Officials recorded with any of these staff codes, with the path of their unit. */
export async function officialsByStaffCode(
  codes: readonly string[],
  db: Pick<ReturnType<typeof getDb>, 'select'> = getDb(),
): Promise<Map<string, OfficialState & { unitPath: string }>> {
  const found = new Map<string, OfficialState & { unitPath: string }>();
  for (const chunk of chunks(codes, LOOKUP_CHUNK)) {
    const rows = await db
      .select({
        id: officials.id,
        staffCode: officials.staffCode,
        fullName: officials.fullName,
        unitId: officials.unitId,
        jobTitle: officials.jobTitle,
        jobPosition: officials.jobPosition,
        group: officials.group,
        fields: officials.fields,
        underqualified: officials.underqualified,
        underqualifiedSince: officials.underqualifiedSince,
        email: officials.email,
        nationalId: officials.nationalId,
        unitPath: units.path,
      })
      .from(officials)
      .innerJoin(units, eq(units.id, officials.unitId))
      .where(inArray(officials.staffCode, chunk));
    for (const row of rows) found.set(row.staffCode, row);
  }
  return found;
}

/** Sign-in names among `usernames` that an account already holds. */
export async function takenUsernames(
  usernames: readonly string[],
  db: Pick<ReturnType<typeof getDb>, 'select'> = getDb(),
): Promise<Set<string>> {
  const taken = new Set<string>();
  for (const chunk of chunks(usernames, LOOKUP_CHUNK)) {
    for (const row of await db.select({ username: users.username }).from(users).where(inArray(users.username, chunk)))
      taken.add(row.username);
  }
  return taken;
}

/** Counts of a preview's outcomes. */
export function countsOf(rows: readonly PreviewRow[], problems: readonly RowProblem[]): PreviewCounts {
  const counts: PreviewCounts = { new: 0, updated: 0, unchanged: 0, bad: problems.length };
  for (const row of rows) counts[row.outcome] += 1;
  return counts;
}

/**
 * Reads and checks an upload for `user` and keeps it as a preview; returns its id. Throws an
 * ImportError (4xx) for a file that cannot be used at all; bad rows are kept as problems.
 */
export async function createPreview(
  user: SessionUser,
  fileName: string,
  source: UploadSource,
  progress: ProgressReporter = silent,
): Promise<string> {
  if (!isAdministrator(user)) throw new ImportError(404, 'Không tìm thấy trang.');

  progress.step('Đang đọc tệp');
  const sheetRows = await readSheetRows(fileName, source, (read) => progress.advance(read));
  const rawRows = rawRowsOf(sheetRows);

  progress.step('Đang đối chiếu với dữ liệu đã có', rawRows.length);
  const unitsByCode = await scopeUnitsByCode(user);
  const codes = [...new Set(rawRows.map(({ raw }) => normaliseStaffCode(raw.staffCode)).filter(Boolean))];
  const existing = await officialsByStaffCode(codes);
  const newCodes = codes.filter((code) => !existing.has(code));
  const taken = await takenUsernames(newCodes.map(usernameOf));

  progress.step('Đang kiểm tra từng dòng', rawRows.length);
  const existingStaffCodes = new Map(
    [...existing].map(([code, official]) => [code, { inScope: canAdministerPath(user, official.unitPath) }]),
  );
  const { valid, problems } = validateRows(rawRows, { unitsByCode, existingStaffCodes, takenUsernames: taken });

  const unitNames = new Map([...unitsByCode.values()].map((unit) => [unit.id, unit.name]));
  const diffs = valid.map((row) => {
    const current = existing.get(row.staffCode);
    return current && { current, diff: diffRow(current, row) };
  });
  // A new e-mail or national id on an account the administrator could not act on is refused.
  const contactProblems = await contactChangeProblems(
    user,
    diffs.flatMap((each) => (each && changesContact(each.diff) ? [each.current.id] : [])),
    getDb(),
  );
  const rows: PreviewRow[] = [];
  for (let i = 0; i < valid.length; i++) {
    const row = valid[i];
    const found = diffs[i];
    const contactProblem = found && contactProblems.get(found.current.id);
    if (!found) rows.push({ ...row, outcome: 'new' });
    else if (contactProblem) problems.push({ row: row.row, staffCode: row.staffCode, reasons: [contactProblem] });
    else {
      const { diff } = found;
      rows.push(
        isUnchanged(diff)
          ? { ...row, outcome: 'unchanged' }
          : { ...row, outcome: 'updated', changes: shownChanges(diff, unitNames) },
      );
    }
    if (i % 1000 === 999) {
      progress.advance(i + 1);
      await yieldToEventLoop();
    }
  }

  if (contactProblems.size > 0) problems.sort((a, b) => a.row - b.row);

  progress.step('Đang lưu bản xem trước');
  const id = newId();
  await getDb()
    .insert(officialImports)
    .values({
      id,
      createdBy: user.id,
      fileName: fileName.slice(0, 200),
      status: 'preview',
      rows,
      problems,
      createdAt: new Date(),
    });
  return id;
}

/** The user's own import with this id, or undefined (someone else's import is not found). */
export async function findImport(user: SessionUser, importId: string): Promise<ImportRecord | undefined> {
  if (!isAdministrator(user) || importId.length > 64) return undefined;
  const [record] = await getDb()
    .select()
    .from(officialImports)
    .where(and(eq(officialImports.id, importId), eq(officialImports.createdBy, user.id)))
    .limit(1);
  if (!record) return undefined;
  const rows = record.rows as PreviewRow[];
  const problems = record.problems as RowProblem[];
  return {
    id: record.id,
    fileName: record.fileName,
    status: record.status,
    rows,
    problems,
    counts: countsOf(rows, problems),
    createdAt: record.createdAt,
    committedAt: record.committedAt,
  };
}

/** Marks the user's own preview as discarded (nothing else changes); false when there is none to discard. */
export async function discardImport(user: SessionUser, importId: string): Promise<boolean> {
  if (!isAdministrator(user)) return false;
  const result = await getDb()
    .update(officialImports)
    .set({ status: 'discarded' })
    .where(
      and(
        eq(officialImports.id, importId),
        eq(officialImports.createdBy, user.id),
        eq(officialImports.status, 'preview'),
      ),
    )
    .returning({ id: officialImports.id });
  return result.length > 0;
}
