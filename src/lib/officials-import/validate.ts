/**
 * Checks every row of an upload and lists each bad row once, with all its reasons: the row
 * schema (src/schemas/official-import-row.ts), then what needs the file as a whole or the
 * database: staff codes repeated in the file, unit codes outside the administrator's scope
 * (told exactly like an unknown code, so the scope does not leak which units exist), staff
 * codes already used by an official the administrator does not manage, sign-in names already
 * taken, and a số định danh cá nhân written for two officials (single sign-on by national id
 * would refuse both). Pure: the caller loads the context.
 */
import {
  normaliseStaffCode,
  parseOfficialImportRow,
  type OfficialImportRow,
} from '../../schemas/official-import-row.ts';
import { normaliseNationalId } from '../auth/sso-linking.ts';
import type { NumberedRawRow } from './sheet.ts';

/** A unit the administrator may import into. */
export interface ScopeUnit {
  id: string;
  code: string;
  name: string;
  path: string;
}

/** What validation needs to know from the database. */
export interface ValidationContext {
  /** Units inside the administrator's scope, by upper-case code. */
  unitsByCode: ReadonlyMap<string, ScopeUnit>;
  /** Officials already recorded with a staff code of the file: whether the administrator manages them. */
  existingStaffCodes: ReadonlyMap<string, { inScope: boolean }>;
  /** Lower-case sign-in names already taken (checked for officials the import would create). */
  takenUsernames: ReadonlySet<string>;
}

/** A row that passed every check, with its unit resolved. */
export interface ValidRow extends OfficialImportRow {
  /** Row number as the spreadsheet shows it. */
  row: number;
  unitId: string;
}

/** A refused row: its number, the staff code as written, and why (Vietnamese sentences). */
export interface RowProblem {
  row: number;
  staffCode: string;
  reasons: string[];
}

/** Lower-case sign-in name of an official's account: their staff code. */
export function usernameOf(staffCode: string): string {
  return staffCode.toLowerCase();
}

/** Splits rows into valid ones and problems (in row order). */
export function validateRows(
  rows: readonly NumberedRawRow[],
  context: ValidationContext,
): { valid: ValidRow[]; problems: RowProblem[] } {
  const rowsByCode = new Map<string, number[]>();
  const rowsByNationalId = new Map<string, number[]>();
  const add = (map: Map<string, number[]>, key: string, row: number) => {
    const list = map.get(key);
    if (list) list.push(row);
    else map.set(key, [row]);
  };
  for (const { row, raw } of rows) {
    const code = normaliseStaffCode(raw.staffCode);
    if (code) add(rowsByCode, code, row);
    const nationalId = normaliseNationalId(raw.nationalId ?? '');
    if (nationalId) add(rowsByNationalId, nationalId, row);
  }

  const valid: ValidRow[] = [];
  const problems: RowProblem[] = [];
  for (const { row, raw } of rows) {
    const parsed = parseOfficialImportRow(raw);
    const reasons = parsed.ok ? [] : [...parsed.reasons];
    const code = normaliseStaffCode(raw.staffCode);

    const sameCode = rowsByCode.get(code);
    if (sameCode && sameCode.length > 1) {
      const others = sameCode.filter((other) => other !== row);
      reasons.push(
        `Mã cán bộ ${code} xuất hiện nhiều lần trong tệp (cả ở dòng ${others.join(', ')}). Mỗi cán bộ chỉ ghi một dòng.`,
      );
    }

    const nationalId = normaliseNationalId(raw.nationalId ?? '');
    const sameNationalId = nationalId ? rowsByNationalId.get(nationalId) : undefined;
    if (sameNationalId && sameNationalId.length > 1) {
      const others = sameNationalId.filter((other) => other !== row);
      reasons.push(
        `Số định danh cá nhân ${nationalId} xuất hiện nhiều lần trong tệp (cả ở dòng ${others.join(', ')}). Mỗi người chỉ có một số định danh.`,
      );
    }

    let unit: ScopeUnit | undefined;
    if (parsed.ok) {
      unit = context.unitsByCode.get(parsed.row.unitCode);
      if (!unit) reasons.push(`Mã đơn vị ${parsed.row.unitCode} không có trong phạm vi quản lý của anh/chị.`);
      const existing = context.existingStaffCodes.get(parsed.row.staffCode);
      if (existing && !existing.inScope) {
        reasons.push(
          `Mã cán bộ ${parsed.row.staffCode} đã được dùng cho một cán bộ ngoài phạm vi quản lý của anh/chị. Hãy kiểm tra lại mã.`,
        );
      } else if (!existing && context.takenUsernames.has(usernameOf(parsed.row.staffCode))) {
        reasons.push(
          `Mã cán bộ ${parsed.row.staffCode} trùng với tên đăng nhập của một tài khoản đã có. Hãy dùng mã khác.`,
        );
      }
    }

    if (reasons.length > 0 || !parsed.ok || !unit)
      problems.push({ row, staffCode: code || cleanCode(raw.staffCode), reasons });
    else valid.push({ row, ...parsed.row, unitId: unit.id });
  }
  return { valid, problems };
}

function cleanCode(text: string): string {
  return text.trim().slice(0, 50);
}
