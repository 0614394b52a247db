/**
 * The unit list import's preview: reads an upload (the officials import's format checks and size
 * limits, read-file.ts there), checks every row against the importer's subtree and the units
 * already recorded (src/lib/org/unit-import-rows.ts), and keeps the result in unit_imports
 * (status "preview"). Nothing is written to units here; the commit applies what was kept.
 */
import { readFile } from 'node:fs/promises';
import { and, eq, inArray } from 'drizzle-orm';
import { alias } from 'drizzle-orm/sqlite-core';
import { unitImports, units } from '../../../../db/schema/index.ts';
import { ImportError } from '../../officials-import/errors.ts';
import { CsvSyntaxError, parseCsv } from '../../officials-import/parse-csv.ts';
import {
  checkUnitRows,
  MAX_UNIT_ROWS,
  rawUnitRows,
  type KnownUnit,
  type UnitPreviewRow,
  type UnitRowProblem,
} from '../../org/unit-import-rows.ts';
import {
  canManageUnit,
  managesProvinces,
  unitManagementPaths,
  type UnitKindSlug,
  type UnitLevel,
} from '../../org/unit-rules.ts';
import type { SheetRow } from '../../spreadsheet/sheet-rows.ts';
import { newId } from '../../ids.ts';
import { todayInVietnam } from '../../vietnam-time.ts';
import type { SessionUser } from '../auth/sessions.ts';
import { getDb } from '../db.ts';
import { decodeCsv, detectFormat, type UploadSource } from '../officials-import/read-file.ts';
import { runInWorker, serverWorkerFile, WorkerJobError } from '../uploads/parse-worker.ts';
import type { UnitsXlsxJobInput } from './xlsx-job.ts';

/** Counts shown at the top of the preview. */
export interface UnitPreviewCounts {
  new: number;
  renamed: number;
  unchanged: number;
  bad: number;
}

/** A unit import as its pages show it. */
export interface UnitImportRecord {
  id: string;
  fileName: string;
  status: 'preview' | 'committed' | 'discarded';
  rows: UnitPreviewRow[];
  problems: UnitRowProblem[];
  counts: UnitPreviewCounts;
  createdAt: Date;
  committedAt: Date | null;
}

type Reader = Pick<ReturnType<typeof getDb>, 'select'>;

/** The rows of an uploaded unit list, header first: XLSX in an upload worker, CSV (UTF-8) here. */
export async function readUnitSheet(fileName: string, source: UploadSource): Promise<SheetRow[]> {
  const onDisk = source instanceof Uint8Array ? undefined : source;
  const format = detectFormat(
    fileName,
    onDisk ? (onDisk.size === 0 ? new Uint8Array() : onDisk.head) : (source as Uint8Array),
  );
  if (format === 'xlsx') {
    try {
      return await runInWorker<UnitsXlsxJobInput, SheetRow[]>(serverWorkerFile('units-import/xlsx-job.ts'), {
        source: onDisk ? onDisk.path : (source as Uint8Array),
      });
    } catch (error) {
      if (error instanceof WorkerJobError) throw new ImportError(error.status, error.message);
      throw error;
    }
  }
  const bytes = onDisk ? new Uint8Array(await readFile(onDisk.path)) : (source as Uint8Array);
  try {
    const { records, truncated } = parseCsv(decodeCsv(bytes), { maxRecords: MAX_UNIT_ROWS + 1 });
    if (truncated)
      throw new ImportError(
        422,
        `Tệp có quá ${MAX_UNIT_ROWS.toLocaleString('vi-VN')} dòng. Hãy chia thành nhiều tệp nhỏ hơn.`,
      );
    return records;
  } catch (error) {
    if (error instanceof CsvSyntaxError) throw new ImportError(422, `Không đọc được tệp CSV: ${error.message}`);
    throw error;
  }
}

/** Units recorded with any of these codes, as the checks see them for `user`. */
export async function knownUnits(user: SessionUser, codes: readonly string[], reader: Reader = getDb()) {
  const parent = alias(units, 'parent');
  const roots = unitManagementPaths(user);
  const known = new Map<string, KnownUnit & { path: string }>();
  const unique = [...new Set(codes.filter(Boolean))];
  for (let i = 0; i < unique.length; i += 500) {
    const rows = await reader
      .select({ unit: units, parentCode: parent.code })
      .from(units)
      .leftJoin(parent, eq(parent.id, units.parentId))
      .where(inArray(units.code, unique.slice(i, i + 500)));
    for (const { unit, parentCode } of rows) {
      const visible = roots.some((root) => unit.path.startsWith(root));
      known.set(unit.code, {
        id: unit.id,
        code: unit.code,
        name: unit.name,
        kind: unit.kind as UnitKindSlug,
        level: unit.level as UnitLevel,
        parentCode,
        retired: unit.retiredOn !== null,
        visible,
        changeable: visible && canManageUnit(user, unit.path, unit.level),
        path: unit.path,
      });
    }
  }
  return known;
}

/** Checks raw sheet rows for `user` against the units as they are now (in `reader`). */
export async function checkSheet(user: SessionUser, sheet: readonly SheetRow[], reader: Reader = getDb()) {
  const read = rawUnitRows(sheet);
  if ('refusal' in read) throw new ImportError(422, read.refusal);
  const codes = read.rows.flatMap((row) => [row.code.trim().toUpperCase(), row.parentCode.trim().toUpperCase()]);
  const known = await knownUnits(user, codes, reader);
  const today = todayInVietnam();
  const checked = checkUnitRows(read.rows, {
    known,
    managesProvinces: managesProvinces(user),
    latestDate: today,
    today,
  });
  return { ...checked, known };
}

export function countsOf(rows: readonly UnitPreviewRow[], problems: readonly unknown[]): UnitPreviewCounts {
  const counts: UnitPreviewCounts = { new: 0, renamed: 0, unchanged: 0, bad: problems.length };
  for (const row of rows) counts[row.outcome] += 1;
  return counts;
}

/** Reads and checks an upload and keeps it as a preview; returns its id. Throws ImportError for an unusable file. */
export async function createUnitPreview(user: SessionUser, fileName: string, source: UploadSource): Promise<string> {
  if (unitManagementPaths(user).length === 0) throw new ImportError(404, 'Không tìm thấy trang.');
  const sheet = await readUnitSheet(fileName, source);
  const { valid, problems } = await checkSheet(user, sheet);
  const id = newId();
  await getDb()
    .insert(unitImports)
    .values({
      id,
      createdBy: user.id,
      scopeUnitId: user.roles.find((grant) => grant.role === 'province_admin')?.unitId ?? null,
      fileName: fileName.slice(0, 200),
      status: 'preview',
      rows: valid,
      problems,
      createdAt: new Date(),
    });
  return id;
}

/** The user's own unit import, or undefined (someone else's is not found). */
export async function findUnitImport(user: SessionUser, importId: string): Promise<UnitImportRecord | undefined> {
  if (importId.length > 64 || unitManagementPaths(user).length === 0) return undefined;
  const [record] = await getDb()
    .select()
    .from(unitImports)
    .where(and(eq(unitImports.id, importId), eq(unitImports.createdBy, user.id)))
    .limit(1);
  if (!record) return undefined;
  const rows = record.rows as UnitPreviewRow[];
  const problems = record.problems as UnitRowProblem[];
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

/** Discards the user's own preview; false when there is none to discard. */
export async function discardUnitImport(user: SessionUser, importId: string): Promise<boolean> {
  const result = await getDb()
    .update(unitImports)
    .set({ status: 'discarded' })
    .where(and(eq(unitImports.id, importId), eq(unitImports.createdBy, user.id), eq(unitImports.status, 'preview')))
    .returning({ id: unitImports.id });
  return result.length > 0;
}
