/**
 * The unit list import's commit: one transaction, all or nothing. The preview is claimed first
 * (committing twice does nothing the second time), its rows are checked again against the units
 * as they are now (a change meanwhile refuses the whole file, 409), then new units are inserted
 * in file order (a parent always comes before its children) with a "create" history row dated at
 * "Có hiệu lực từ", existing codes with another name are renamed from that date, and one audit
 * entry records the import.
 */
import { and, eq } from 'drizzle-orm';
import { unitImports, units } from '../../../../db/schema/index.ts';
import { ImportError } from '../../officials-import/errors.ts';
import type { UnitPreviewRow } from '../../org/unit-import-rows.ts';
import { UNIT_KIND_LABELS } from '../../org/unit-rules.ts';
import type { SheetRow } from '../../spreadsheet/sheet-rows.ts';
import { newId } from '../../ids.ts';
import { recordAudit } from '../audit/record-audit.ts';
import type { SessionUser } from '../auth/sessions.ts';
import { getDb } from '../db.ts';
import { renameInTransaction } from '../org/units-admin/operations.ts';
import { recordUnitChanges, type ChangeRow } from '../org/units-admin/unit-writes.ts';
import { checkSheet, countsOf, findUnitImport, type UnitPreviewCounts } from './preview.ts';

const CHANGED_SINCE_PREVIEW =
  'Danh sách đơn vị đã thay đổi kể từ lúc xem trước. Chưa có thay đổi nào được lưu. Hãy tải tệp lên lại để kiểm tra lần nữa.';

/** Units per INSERT (11 columns: well under SQLite's 32,766 parameters). */
const INSERT_BATCH = 400;

export interface UnitCommitResult {
  alreadyCommitted: boolean;
  counts: UnitPreviewCounts;
}

/** The preview's rows as a sheet again, so they are checked by the very rules of the preview. */
function asSheet(rows: readonly UnitPreviewRow[]): SheetRow[] {
  return [
    { row: 1, cells: ['Mã đơn vị', 'Tên đơn vị', 'Loại', 'Mã đơn vị cấp trên', 'Có hiệu lực từ'] },
    ...rows.map((row) => ({
      row: row.row,
      cells: [row.code, row.name, UNIT_KIND_LABELS[row.kind], row.parentCode ?? '', row.validFrom],
    })),
  ];
}

/** Applies the user's previewed unit import. Throws ImportError (404, 409) when it cannot be applied. */
export async function commitUnitImport(
  user: SessionUser,
  importId: string,
  now = new Date(),
): Promise<UnitCommitResult> {
  const record = await findUnitImport(user, importId);
  if (!record) throw new ImportError(404, 'Không tìm thấy bản xem trước này.');
  if (record.status === 'committed') return { alreadyCommitted: true, counts: record.counts };
  if (record.status === 'discarded')
    throw new ImportError(409, 'Bản xem trước này đã được hủy. Hãy tải tệp lên lại nếu vẫn muốn nhập.');
  if (record.problems.length > 0)
    throw new ImportError(
      409,
      `Tệp còn ${record.problems.length.toLocaleString('vi-VN')} dòng lỗi nên chưa nhập được. Hãy sửa các dòng đó rồi tải lên lại; chưa có thay đổi nào được lưu.`,
    );

  const counts = await getDb().transaction(async (tx) => {
    const claimed = await tx
      .update(unitImports)
      .set({ status: 'committed', committedAt: now })
      .where(and(eq(unitImports.id, importId), eq(unitImports.createdBy, user.id), eq(unitImports.status, 'preview')))
      .returning({ id: unitImports.id });
    if (claimed.length === 0) return undefined;

    const again = await checkSheet(user, asSheet(record.rows), tx);
    const same =
      again.problems.length === 0 &&
      again.valid.length === record.rows.length &&
      again.valid.every((row, index) => row.outcome === record.rows[index].outcome);
    if (!same) throw new ImportError(409, CHANGED_SINCE_PREVIEW);

    const placed = new Map<string, { id: string; path: string }>();
    for (const [code, unit] of again.known) if (unit.visible) placed.set(code, { id: unit.id, path: unit.path });
    const inserts: (typeof units.$inferInsert)[] = [];
    const history: ChangeRow[] = [];
    for (const row of again.valid) {
      if (row.outcome === 'renamed') {
        const existing = again.known.get(row.code)!;
        await renameInTransaction(
          tx,
          user,
          existing,
          { name: row.name, effectiveOn: row.validFrom, reason: `Nhập từ tệp "${record.fileName}"` },
          now,
        );
      }
      if (row.outcome !== 'new') continue;
      const parent = row.parentCode ? placed.get(row.parentCode)! : null;
      const id = newId();
      const path = `${parent ? parent.path : '/'}${id}/`;
      placed.set(row.code, { id, path });
      inserts.push({
        id,
        parentId: parent?.id ?? null,
        level: row.level,
        kind: row.kind,
        name: row.name,
        code: row.code,
        path,
        validFrom: row.validFrom,
        createdAt: now,
      });
      history.push({
        unitId: id,
        kind: 'create',
        effectiveOn: row.validFrom,
        newValue: row.name,
        reason: `Nhập từ tệp "${record.fileName}"`,
      });
    }
    for (let i = 0; i < inserts.length; i += INSERT_BATCH)
      await tx.insert(units).values(inserts.slice(i, i + INSERT_BATCH));
    await recordUnitChanges(tx, history, user, now);
    const result = countsOf(again.valid, []);
    await recordAudit(tx, {
      action: 'import-units',
      userId: user.id,
      unitId: user.roles.find((grant) => grant.role === 'province_admin')?.unitId ?? null,
      target: record.fileName,
      details: { created: result.new, renamed: result.renamed, unchanged: result.unchanged },
      at: now,
    });
    return result;
  });
  if (!counts) {
    const latest = await findUnitImport(user, importId);
    return { alreadyCommitted: true, counts: latest?.counts ?? record.counts };
  }
  return { alreadyCommitted: false, counts };
}
