/**
 * The commit: applies a previewed import in one transaction, all or nothing. New staff codes
 * become officials with a learner account (sign-in name = staff code in lower case, no usable
 * password until an administrator issues a temporary one); changed officials are updated and
 * every change of unit, group, flag (and job, fields) is recorded in official_changes with the
 * time and the administrator; unchanged officials are not touched. The preview is claimed
 * first inside the transaction, so committing twice does nothing the second time.
 *
 * The transaction never yields to the event loop. libSQL's embedded driver is synchronous: a
 * second writer in this process that found the database locked would wait for the lock
 * inside its busy handler, blocking the one thread the holder needs to finish, until the
 * busy timeout. Commits of this process also queue behind each other for the same reason.
 * Measured (bench/import.ts): a 20,000-row commit holds the thread about 2 s, 50,000 rows about 5 s.
 */
import { and, eq } from 'drizzle-orm';
import {
  officialChanges,
  officialImports,
  officials,
  roleGrants,
  users,
  type Official,
} from '../../../../db/schema/index.ts';
import { canAdministerPath } from '../../auth/access.ts';
import type { SessionUser } from '../auth/sessions.ts';
import { getDb } from '../db.ts';
import { newId } from '../../ids.ts';
import type { Change } from '../../officials/change-record.ts';
import {
  changesContact,
  contactColumns,
  creationChanges,
  diffRow,
  isUnchanged,
  shownChanges,
} from '../../officials-import/diff.ts';
import { ImportError } from '../../officials-import/errors.ts';
import type { ProgressReporter } from './jobs.ts';
import { insertMany, updateMany } from './bulk-write.ts';
import { contactChangeProblems } from './contact-guard.ts';
import {
  countsOf,
  findImport,
  officialsByStaffCode,
  scopeUnitsByCode,
  takenUsernames,
  type PreviewCounts,
  type PreviewRow,
} from './preview.ts';
import { usernameOf } from '../../officials-import/validate.ts';

/** A password hash no password matches: the account exists but cannot sign in yet. */
export const NO_PASSWORD = '!';

/** Rows per multi-row INSERT (officials have 14 columns: 7,000 parameters, well under SQLite's limit). */
const INSERT_BATCH = 500;
/** Rows per multi-row UPDATE (12 values each). */
const UPDATE_BATCH = 500;
/** What an import writes on an official it updates. */
const UPDATED_COLUMNS = [
  'fullName',
  'unitId',
  'jobTitle',
  'jobPosition',
  'group',
  'fields',
  'underqualified',
  'underqualifiedSince',
  'email',
  'nationalId',
  'updatedAt',
] as const;

/** What a commit did. */
export interface CommitResult {
  /** True when the import had already been committed: nothing was done this time. */
  alreadyCommitted: boolean;
  counts: PreviewCounts;
}

const silent: ProgressReporter = { step() {}, advance() {} };

const CHANGED_SINCE_PREVIEW =
  'Dữ liệu đã thay đổi kể từ lúc xem trước (phạm vi quản lý, đơn vị hoặc mã cán bộ). Chưa có thay đổi nào được lưu. Hãy tải tệp lên lại để kiểm tra lần nữa.';

let commitQueue: Promise<unknown> = Promise.resolve();

/** Runs `work` after every commit queued before it has ended. */
function oneAtATime<T>(work: () => Promise<T>): Promise<T> {
  const run = commitQueue.then(work, work);
  commitQueue = run.catch(() => undefined);
  return run;
}

/**
 * The columns an import sets on an official, from a previewed row (the flag's date only while
 * flagged; the e-mail and national id only when the file gives them, else those recorded).
 */
function officialColumns(row: PreviewRow, current?: Pick<Official, 'email' | 'nationalId'>) {
  return {
    ...contactColumns(row, current),
    fullName: row.fullName,
    unitId: row.unitId,
    jobTitle: row.jobTitle,
    jobPosition: row.jobPosition,
    group: row.group,
    fields: row.fields,
    underqualified: row.underqualified,
    underqualifiedSince: row.underqualified ? row.underqualifiedSince : null,
  };
}

/** Applies the user's previewed import `importId`. Throws ImportError (404, 409) when it cannot be applied. */
export function commitImport(
  user: SessionUser,
  importId: string,
  progress: ProgressReporter = silent,
): Promise<CommitResult> {
  return oneAtATime(() => applyImport(user, importId, progress));
}

async function applyImport(user: SessionUser, importId: string, progress: ProgressReporter): Promise<CommitResult> {
  const record = await findImport(user, importId);
  if (!record) throw new ImportError(404, 'Không tìm thấy bản xem trước này.');
  if (record.status === 'committed') return { alreadyCommitted: true, counts: record.counts };
  if (record.status === 'discarded')
    throw new ImportError(409, 'Bản xem trước này đã được hủy. Hãy tải tệp lên lại nếu vẫn muốn nhập.');
  if (record.problems.length > 0) {
    throw new ImportError(
      409,
      `Tệp còn ${record.problems.length.toLocaleString('vi-VN')} dòng lỗi nên chưa nhập được. Hãy sửa các dòng đó trong tệp rồi tải lên lại; chưa có thay đổi nào được lưu.`,
    );
  }

  // The administrator's scope is read again: it may have shrunk since the preview.
  const unitsByCode = await scopeUnitsByCode(user);
  for (const row of record.rows) {
    if (unitsByCode.get(row.unitCode)?.id !== row.unitId) throw new ImportError(409, CHANGED_SINCE_PREVIEW);
  }
  const unitNames = new Map([...unitsByCode.values()].map((unit) => [unit.id, unit.name]));

  const total = record.rows.length;
  progress.step('Đang ghi vào danh sách cán bộ', total);
  const now = new Date();
  const result = await getDb().transaction(async (tx) => {
    const claimed = await tx
      .update(officialImports)
      .set({ status: 'committed', committedAt: now })
      .where(
        and(
          eq(officialImports.id, importId),
          eq(officialImports.createdBy, user.id),
          eq(officialImports.status, 'preview'),
        ),
      )
      .returning({ id: officialImports.id });
    if (claimed.length === 0) return undefined; // another request committed it first

    // Officials as they are now, inside the transaction: the preview may be minutes old.
    const existing = await officialsByStaffCode(
      record.rows.map((row) => row.staffCode),
      tx,
    );
    const created: PreviewRow[] = [];
    const updated: Pick<Official, (typeof UPDATED_COLUMNS)[number] | 'id'>[] = [];
    const renamed: { officialId: string; displayName: string }[] = [];
    const finalRows: PreviewRow[] = [];
    const changes: (Change & { officialId: string })[] = [];
    let done = 0;
    // Roles may have been granted since the preview: a new e-mail or national id is checked again.
    const contactProblems = await contactChangeProblems(
      user,
      record.rows.flatMap((row) => {
        const current = existing.get(row.staffCode);
        return current && changesContact(diffRow(current, row)) ? [current.id] : [];
      }),
      tx,
    );
    const [contactProblem] = contactProblems.values();
    if (contactProblem) throw new ImportError(409, contactProblem);

    for (const row of record.rows) {
      const current = existing.get(row.staffCode);
      if (!current) {
        created.push(row);
        finalRows.push({ ...row, outcome: 'new', changes: undefined });
        continue;
      }
      if (!canAdministerPath(user, current.unitPath)) throw new ImportError(409, CHANGED_SINCE_PREVIEW);
      const diff = diffRow(current, row);
      if (isUnchanged(diff)) {
        finalRows.push({ ...row, outcome: 'unchanged', changes: undefined });
      } else {
        finalRows.push({ ...row, outcome: 'updated', changes: shownChanges(diff, unitNames) });
        updated.push({
          id: current.id,
          ...officialColumns(row, current),
          updatedAt: now,
        });
        if (diff.nameChanged) renamed.push({ officialId: current.id, displayName: row.fullName });
        for (const change of diff.changes) changes.push({ officialId: current.id, ...change });
      }
      done += 1;
      if (done % 1000 === 0) progress.advance(done);
    }

    await updateMany(tx, officials, 'id', UPDATED_COLUMNS, updated, UPDATE_BATCH);
    await updateMany(tx, users, 'officialId', ['displayName'], renamed, UPDATE_BATCH);

    const taken = await takenUsernames(
      created.map((row) => usernameOf(row.staffCode)),
      tx,
    );
    if (taken.size > 0) throw new ImportError(409, CHANGED_SINCE_PREVIEW);
    const officialRows: (typeof officials.$inferInsert)[] = [];
    const userRows: (typeof users.$inferInsert)[] = [];
    for (const row of created) {
      const officialId = newId();
      officialRows.push({
        id: officialId,
        staffCode: row.staffCode,
        ...officialColumns(row),
        createdAt: now,
        updatedAt: now,
      });
      userRows.push({
        id: newId(),
        username: usernameOf(row.staffCode),
        officialId,
        displayName: row.fullName,
        passwordHash: NO_PASSWORD,
        createdAt: now,
      });
      for (const change of creationChanges(row)) changes.push({ officialId, ...change });
    }
    await insertMany(tx, officials, officialRows, INSERT_BATCH);
    progress.advance(done + created.length / 2);
    await insertMany(tx, users, userRows, INSERT_BATCH);
    await insertMany(
      tx,
      roleGrants,
      userRows.map((account) => ({ userId: account.id!, role: 'learner' as const, unitId: null })),
      INSERT_BATCH,
    );
    await insertMany(
      tx,
      officialChanges,
      changes.map((change) => ({ ...change, changedAt: now, changedBy: user.id })),
      INSERT_BATCH,
    );
    progress.advance(total);

    // The record keeps what the commit really did, which may differ from the preview.
    await tx.update(officialImports).set({ rows: finalRows }).where(eq(officialImports.id, importId));
    return countsOf(finalRows, []);
  });

  if (!result) {
    const again = await findImport(user, importId);
    return { alreadyCommitted: true, counts: again?.counts ?? record.counts };
  }
  return { alreadyCommitted: false, counts: result };
}
