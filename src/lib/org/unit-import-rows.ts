/**
 * The unit list import's rules, pure: the template's columns, reading the header, and checking
 * each row (code, name, kind, parent, date) against the file's earlier rows and the units already
 * recorded. Every problem is a Vietnamese sentence tied to the row number a spreadsheet shows.
 */
import { foldVietnamese } from '../vietnamese.ts';
import type { SheetRow } from '../spreadsheet/sheet-rows.ts';
import {
  effectiveDateProblem,
  levelOfKind,
  normaliseUnitCode,
  parentLevelOf,
  UNIT_CODE_PATTERN,
  UNIT_KIND_LABELS,
  UNIT_KIND_SLUGS,
  type UnitKindSlug,
  type UnitLevel,
} from './unit-rules.ts';

/** Text compared without case, marks or punctuation ("Mã đơn vị" = "ma don vi"). */
const matchKey = (text: string) => foldVietnamese(text).replace(/[^a-z0-9]+/g, '');

/** The template's columns, in order. */
export const UNIT_IMPORT_COLUMNS = [
  { key: 'code', header: 'Mã đơn vị' },
  { key: 'name', header: 'Tên đơn vị' },
  { key: 'kind', header: 'Loại' },
  { key: 'parentCode', header: 'Mã đơn vị cấp trên' },
  { key: 'validFrom', header: 'Có hiệu lực từ' },
] as const;
export type UnitImportColumn = (typeof UNIT_IMPORT_COLUMNS)[number]['key'];

/** Most data rows a unit list may hold (the whole country is about 3,400 communes and provinces, with offices some 20,000). */
export const MAX_UNIT_ROWS = 30_000;

/** A row as read. */
export interface RawUnitRow {
  row: number;
  code: string;
  name: string;
  kind: string;
  parentCode: string;
  validFrom: string;
}

/** A checked row, as kept in the preview for the commit. */
export interface UnitPreviewRow {
  row: number;
  code: string;
  name: string;
  kind: UnitKindSlug;
  level: UnitLevel;
  /** Null for a province. */
  parentCode: string | null;
  validFrom: string;
  /** new: a unit to create; renamed: an existing code with another name; unchanged: nothing to do. */
  outcome: 'new' | 'renamed' | 'unchanged';
  /** For renamed rows: the name until now. */
  oldName?: string;
}

/** A bad row: its number, its code as written, and every reason. */
export interface UnitRowProblem {
  row: number;
  code: string;
  reasons: string[];
}

/** A unit already recorded, as the checks need it. */
export interface KnownUnit {
  id: string;
  code: string;
  name: string;
  kind: UnitKindSlug;
  level: UnitLevel;
  parentCode: string | null;
  retired: boolean;
  /** Inside the importer's subtree (may be used as a parent). */
  visible: boolean;
  /** The importer may change it (rename): visible, and a province only for the system administrator. */
  changeable: boolean;
}

const COLUMN_BY_KEY = new Map<string, UnitImportColumn>([
  ...UNIT_IMPORT_COLUMNS.map((column) => [matchKey(column.header), column.key] as const),
  [matchKey('Loại đơn vị'), 'kind'],
  [matchKey('Mã cấp trên'), 'parentCode'],
  [matchKey('Mã đơn vị cha'), 'parentCode'],
  [matchKey('Ngày hiệu lực'), 'validFrom'],
]);

/** The column a header names (case, marks, a note in brackets and "*" ignored). */
export function unitColumnOfHeader(header: string): UnitImportColumn | undefined {
  return COLUMN_BY_KEY.get(matchKey(header.replace(/\([^)]*\)|\*/g, '')));
}

/** True when a row looks like the template's header (it names the code and the name columns). */
export function looksLikeUnitHeader(cells: readonly string[]): boolean {
  const keys = new Set(cells.map(unitColumnOfHeader));
  return keys.has('code') && keys.has('name');
}

/** Why a file as a whole cannot be used, or its rows. */
export function rawUnitRows(rows: readonly SheetRow[]): { rows: RawUnitRow[] } | { refusal: string } {
  const nonBlank = rows.filter((row) => row.cells.some((cell) => cell.trim() !== ''));
  const header = nonBlank[0];
  if (!header) return { refusal: 'Tệp không có dòng nào. Hãy dùng tệp mẫu, điền danh sách đơn vị rồi tải lên lại.' };
  const positions = new Map<UnitImportColumn, number>();
  header.cells.forEach((cell, index) => {
    const key = unitColumnOfHeader(cell);
    if (key && !positions.has(key)) positions.set(key, index);
  });
  const missing = UNIT_IMPORT_COLUMNS.filter((column) => !positions.has(column.key)).map((c) => `"${c.header}"`);
  if (missing.length > 0)
    return {
      refusal: `Tệp thiếu ${missing.length === 1 ? 'cột' : 'các cột'} ${missing.join(', ')} ở dòng tiêu đề (dòng ${header.row}). Hãy dùng tệp mẫu, giữ nguyên dòng tiêu đề.`,
    };
  const data = nonBlank.slice(1);
  if (data.length === 0) return { refusal: 'Tệp chỉ có dòng tiêu đề, chưa có đơn vị nào.' };
  if (data.length > MAX_UNIT_ROWS)
    return { refusal: `Tệp có quá ${MAX_UNIT_ROWS.toLocaleString('vi-VN')} dòng. Hãy chia thành nhiều tệp nhỏ hơn.` };
  const cell = (row: SheetRow, key: UnitImportColumn) => (row.cells[positions.get(key)!] ?? '').trim();
  return {
    rows: data.map((row) => ({
      row: row.row,
      code: cell(row, 'code'),
      name: cell(row, 'name').replace(/\s+/g, ' '),
      kind: cell(row, 'kind'),
      parentCode: cell(row, 'parentCode'),
      validFrom: cell(row, 'validFrom'),
    })),
  };
}

const KIND_BY_KEY = new Map<string, UnitKindSlug>([
  ...UNIT_KIND_SLUGS.map((slug) => [matchKey(slug), slug] as const),
  ...UNIT_KIND_SLUGS.map((slug) => [matchKey(UNIT_KIND_LABELS[slug]), slug] as const),
  [matchKey('Cơ quan'), 'co-quan'],
  [matchKey('Phòng ban'), 'co-quan'],
  [matchKey('Phòng'), 'co-quan'],
  [matchKey('TP'), 'thanh-pho'],
]);

/** The kind written in a cell (a label or a code), or undefined. */
export function parseUnitKind(text: string): UnitKindSlug | undefined {
  return KIND_BY_KEY.get(matchKey(text));
}

/** A date written dd/mm/yyyy (or d/m/yyyy, or YYYY-MM-DD) as YYYY-MM-DD; undefined when unreadable. */
export function parseDateCell(text: string): string | undefined {
  const iso = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  if (iso) return text;
  const vn = /^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})$/.exec(text);
  if (!vn) return undefined;
  return `${vn[3]}-${vn[2].padStart(2, '0')}-${vn[1].padStart(2, '0')}`;
}

/** What the checks know besides the rows. */
export interface UnitCheckContext {
  /** Units already recorded with a code used in the file (as code or parent code), by upper-case code. */
  known: ReadonlyMap<string, KnownUnit>;
  /** The importer is the system administrator (may import provinces). */
  managesProvinces: boolean;
  /** Dates after this (today) are refused. */
  latestDate: string;
  /** Used when the date cell is blank. */
  today: string;
}

const LEVEL_WORDS: Record<UnitLevel, string> = {
  province: 'tỉnh, thành phố',
  commune: 'xã, phường, đặc khu',
  office: 'cơ quan, phòng ban',
};

/** Checks every row; a row is valid only with no reason against it. */
export function checkUnitRows(
  rows: readonly RawUnitRow[],
  context: UnitCheckContext,
): { valid: UnitPreviewRow[]; problems: UnitRowProblem[] } {
  const valid: UnitPreviewRow[] = [];
  const problems: UnitRowProblem[] = [];
  /** Codes seen earlier in the file: the row number, and the level when the row was valid. */
  const earlier = new Map<string, { row: number; level?: UnitLevel }>();
  const laterCodes = new Set(rows.map((row) => normaliseUnitCode(row.code)));

  for (const raw of rows) {
    const reasons: string[] = [];
    const code = normaliseUnitCode(raw.code);
    if (!code) reasons.push('Thiếu mã đơn vị.');
    else if (!UNIT_CODE_PATTERN.test(code))
      reasons.push(`Mã đơn vị "${raw.code}" chỉ được gồm chữ không dấu, chữ số và dấu - . _ (tối đa 40 ký tự).`);
    const seen = code ? earlier.get(code) : undefined;
    if (seen) reasons.push(`Mã đơn vị ${code} đã có ở dòng ${seen.row} của tệp.`);

    if (raw.name.length < 2) reasons.push('Thiếu tên đơn vị.');
    else if (raw.name.length > 200) reasons.push('Tên đơn vị dài quá 200 ký tự.');

    const kind = parseUnitKind(raw.kind);
    if (!kind)
      reasons.push(
        raw.kind
          ? `Loại "${raw.kind}" không có trong danh mục (${Object.values(UNIT_KIND_LABELS).join('; ')}).`
          : 'Thiếu loại đơn vị.',
      );
    const level = kind ? levelOfKind(kind) : undefined;

    const date = raw.validFrom ? parseDateCell(raw.validFrom) : context.today;
    const dateProblem = date ? effectiveDateProblem(date, context.latestDate) : null;
    if (!date)
      reasons.push(
        `Ngày có hiệu lực "${raw.validFrom}" không đọc được; hãy ghi dạng ngày/tháng/năm, ví dụ 01/07/2025.`,
      );
    else if (dateProblem) reasons.push(dateProblem);

    const parentCode = normaliseUnitCode(raw.parentCode) || null;
    if (level) {
      const wanted = parentLevelOf(level);
      if (wanted === null) {
        if (!context.managesProvinces) reasons.push('Chỉ quản trị viên hệ thống được nhập tỉnh, thành phố.');
        if (parentCode)
          reasons.push('Tỉnh, thành phố không có đơn vị cấp trên: hãy để trống cột "Mã đơn vị cấp trên".');
      } else if (!parentCode) {
        reasons.push(`Thiếu mã đơn vị cấp trên (${LEVEL_WORDS[level]} phải thuộc một ${LEVEL_WORDS[wanted]}).`);
      } else {
        const inFile = earlier.get(parentCode);
        const known = context.known.get(parentCode);
        if (inFile) {
          if (!inFile.level)
            reasons.push(`Đơn vị cấp trên ${parentCode} (dòng ${inFile.row}) có lỗi; hãy sửa dòng đó trước.`);
          else if (inFile.level !== wanted)
            reasons.push(`Đơn vị cấp trên ${parentCode} phải là ${LEVEL_WORDS[wanted]}.`);
        } else if (known && known.visible) {
          if (known.level !== wanted) reasons.push(`Đơn vị cấp trên ${parentCode} phải là ${LEVEL_WORDS[wanted]}.`);
          else if (known.retired) reasons.push(`Đơn vị cấp trên ${parentCode} đã giải thể hoặc đã hợp nhất.`);
        } else if (laterCodes.has(parentCode) && parentCode !== code) {
          reasons.push(`Đơn vị cấp trên ${parentCode} phải ở một dòng phía trên dòng này.`);
        } else {
          reasons.push(`Không tìm thấy đơn vị cấp trên có mã ${parentCode} trong tệp hay trong phạm vi quản lý.`);
        }
      }
    }

    let outcome: UnitPreviewRow['outcome'] = 'new';
    let oldName: string | undefined;
    const existing = code ? context.known.get(code) : undefined;
    if (existing) {
      if (!existing.visible) reasons.push(`Mã đơn vị ${code} đã được dùng cho một đơn vị ngoài phạm vi quản lý.`);
      else if (existing.retired) reasons.push(`Đơn vị ${code} (${existing.name}) đã giải thể hoặc đã hợp nhất.`);
      else {
        if (level && existing.level !== level)
          reasons.push(`Đơn vị ${code} đã có với loại khác (${UNIT_KIND_LABELS[existing.kind]}).`);
        if (level && existing.parentCode !== parentCode)
          reasons.push(
            `Đơn vị ${code} đã thuộc ${existing.parentCode ?? 'cấp tỉnh'}; để chuyển đơn vị, hãy dùng trang Quản lý đơn vị.`,
          );
        if (existing.name !== raw.name) {
          if (!existing.changeable) reasons.push(`Chỉ quản trị viên hệ thống được đổi tên ${existing.name}.`);
          outcome = 'renamed';
          oldName = existing.name;
        } else outcome = 'unchanged';
      }
    }

    if (code && !seen) earlier.set(code, { row: raw.row, level: reasons.length === 0 ? level : undefined });
    if (reasons.length > 0) problems.push({ row: raw.row, code: raw.code, reasons });
    else
      valid.push({
        row: raw.row,
        code,
        name: raw.name,
        kind: kind!,
        level: level!,
        parentCode,
        validFrom: date!,
        outcome,
        ...(oldName ? { oldName } : {}),
      });
  }
  return { valid, problems };
}
