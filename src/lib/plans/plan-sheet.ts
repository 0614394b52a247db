/**
 * The plan form (biểu kế hoạch bồi dưỡng) a unit files, exactly in its columns: TT; Nội dung bồi
 * dưỡng; Đối tượng; Số lượng (Số lớp, Số người); Thời gian khóa học; Địa điểm; Nguồn kinh phí
 * (triệu đồng: NS tỉnh, NS TW, Theo ĐA, Khác (XHH)); Cơ quan chịu trách nhiệm tổ chức mở lớp;
 * Ghi chú. `planSheetLayout` is the layout (two-row header with merges, rows, totals) the page
 * shows and src/lib/server/plans/plan-form.ts writes as XLSX. Pure.
 */

/** One row of a plan as entered; funding in million đồng. */
export interface PlanItem {
  content: string;
  audience: string;
  classCount: number;
  peopleCount: number;
  duration: string;
  place: string;
  fundProvince: number;
  fundCentral: number;
  fundScheme: number;
  fundOther: number;
  organiser: string;
  note: string;
}

/** The numeric columns the totals row adds up. */
export const PLAN_SUMMED: readonly (keyof PlanItem)[] = [
  'classCount',
  'peopleCount',
  'fundProvince',
  'fundCentral',
  'fundScheme',
  'fundOther',
];

/** The 13 columns of the form, left to right, with their two header rows. */
export const PLAN_COLUMNS = [
  { key: 'position', top: 'TT', bottom: null, width: 6 },
  { key: 'content', top: 'Nội dung bồi dưỡng', bottom: null, width: 40 },
  { key: 'audience', top: 'Đối tượng', bottom: null, width: 24 },
  { key: 'classCount', top: 'Số lượng', bottom: 'Số lớp', width: 9 },
  { key: 'peopleCount', top: 'Số lượng', bottom: 'Số người', width: 10 },
  { key: 'duration', top: 'Thời gian khóa học', bottom: null, width: 16 },
  { key: 'place', top: 'Địa điểm', bottom: null, width: 18 },
  { key: 'fundProvince', top: 'Nguồn kinh phí (triệu đồng)', bottom: 'NS tỉnh', width: 10 },
  { key: 'fundCentral', top: 'Nguồn kinh phí (triệu đồng)', bottom: 'NS TW', width: 10 },
  { key: 'fundScheme', top: 'Nguồn kinh phí (triệu đồng)', bottom: 'Theo ĐA', width: 10 },
  { key: 'fundOther', top: 'Nguồn kinh phí (triệu đồng)', bottom: 'Khác (XHH)', width: 11 },
  { key: 'organiser', top: 'Cơ quan chịu trách nhiệm tổ chức mở lớp', bottom: null, width: 26 },
  { key: 'note', top: 'Ghi chú', bottom: null, width: 16 },
] as const;

/** The plan as the sheet shows it. */
export interface PlanSheetLayout {
  /** Title lines above the table (merged across all columns). */
  titleLines: string[];
  /** Row number (1-based) of the first header row; the second follows it. */
  headerRow: number;
  headerTop: string[];
  headerBottom: string[];
  /** Ranges to merge, in A1 notation. */
  merges: string[];
  body: (string | number)[][];
  totals: (string | number)[];
}

const letter = (column: number) => String.fromCharCode(64 + column);

/** The sheet layout of a plan: titles, the merged two-row header, one row per item, totals. Pure. */
export function planSheetLayout(
  heading: { unitName: string; title: string; period: string },
  items: readonly PlanItem[],
): PlanSheetLayout {
  const titleLines = [heading.unitName.toUpperCase(), heading.title, `Thời kỳ: ${heading.period}`];
  const headerRow = titleLines.length + 2;
  const last = letter(PLAN_COLUMNS.length);
  const merges = titleLines.map((_, index) => `A${index + 1}:${last}${index + 1}`);
  // A column with no second header spans both rows; a group's top cell spans its columns.
  PLAN_COLUMNS.forEach((column, index) => {
    if (column.bottom === null) merges.push(`${letter(index + 1)}${headerRow}:${letter(index + 1)}${headerRow + 1}`);
    else if (index === 0 || PLAN_COLUMNS[index - 1].top !== column.top) {
      let end = index;
      while (end + 1 < PLAN_COLUMNS.length && PLAN_COLUMNS[end + 1].top === column.top) end++;
      merges.push(`${letter(index + 1)}${headerRow}:${letter(end + 1)}${headerRow}`);
    }
  });
  const body = items.map((item, index) =>
    PLAN_COLUMNS.map((column) => (column.key === 'position' ? index + 1 : item[column.key])),
  );
  const totals = PLAN_COLUMNS.map((column, index) => {
    if (index === 1) return 'Tổng cộng';
    if (!(PLAN_SUMMED as readonly string[]).includes(column.key)) return '';
    // Funding in million đồng may have decimals; keep one decimal place of precision.
    return Math.round(items.reduce((sum, item) => sum + Number(item[column.key as keyof PlanItem]), 0) * 1000) / 1000;
  });
  return {
    titleLines,
    headerRow,
    headerTop: PLAN_COLUMNS.map((column) => column.top),
    headerBottom: PLAN_COLUMNS.map((column) => column.bottom ?? column.top),
    merges,
    body,
    totals,
  };
}
