/**
 * The yearly report laid out as numbered sections of tables, the one layout that the preview
 * page, the XLSX workbook and the PDF all draw, so the three never disagree. Cells keep their
 * numbers (the XLSX writes numbers, the page and the PDF format them the Vietnamese way).
 * A "ratio" cell is a share: people counted, people in the denominator and the percent. Pure.
 */
import { COMMON_RULES } from '../../indicators/definitions.ts';
import { PLACEMENT_RULE } from '../../indicators/placement.ts';
import { FUNDING_SOURCE_LABELS } from '../../classes/labels.ts';
import { formatNumber } from '../../format.ts';
import { vietnamDateParts } from '../../vietnam-time.ts';
import type { ShareFigures, YearlyReport } from './yearly-report.ts';

/** How a column's values are written. */
export type ColumnKind = 'text' | 'integer' | 'decimal' | 'percent' | 'ratio';

export interface ReportColumn {
  header: string;
  kind: ColumnKind;
  /** Relative width for the PDF and the XLSX (characters, roughly). */
  width: number;
}

export type ReportCell = string | number | null | ShareFigures;

export interface ReportTable {
  caption: string;
  columns: ReportColumn[];
  rows: ReportCell[][];
  /** A bold last row ("Tổng cộng"). */
  totals?: ReportCell[];
}

export interface ReportSection {
  /** "II. KẾT QUẢ …": the heading as the XLSX and the PDF print it. */
  heading: string;
  /** "II. Kết quả …": the same in sentence case, for the page. */
  title: string;
  /** Sentences before the table. */
  lead: string[];
  table?: ReportTable;
  /** Sentences after the table (definitions, sources). */
  notes: string[];
}

const LEVEL_LABELS: Record<string, string> = {
  province: 'Tỉnh, thành phố',
  commune: 'Xã, phường, đặc khu',
  office: 'Cơ quan, đơn vị',
};

/** The level of a unit in words. */
export function levelLabel(level: string): string {
  return LEVEL_LABELS[level] ?? level;
}

/** Short names of the four indicators, for table rows. */
export const INDICATOR_SHORT_TITLES: Record<string, string> = {
  'underqualified-sent': '1. Cán bộ chưa đáp ứng yêu cầu chuyên môn đã được cử đi bồi dưỡng chuyên môn chuyên ngành',
  'general-management': '2. Công chức chuyên môn được bồi dưỡng kiến thức chung về quản lý nhà nước',
  'field-skills': '3. Cán bộ, công chức được tập huấn chuyên môn, nghiệp vụ, kỹ năng bổ trợ',
  'leaders-programme': '4. Cán bộ, công chức lãnh đạo, quản lý được bồi dưỡng theo chương trình lãnh đạo, quản lý',
};

/** "33,3%" or "—" when nobody is counted. */
export function percentText(value: number | null): string {
  return value === null ? '—' : `${formatNumber(value)}%`;
}

/** "33,3% (1/3)" for a share. */
export function ratioText(share: ShareFigures): string {
  return `${percentText(share.percent)} (${formatNumber(share.numerator)}/${formatNumber(share.denominator)})`;
}

/** A cell as text, the Vietnamese way: what the page and the PDF print. */
export function cellText(cell: ReportCell, kind: ColumnKind): string {
  if (cell === null) return '—';
  if (typeof cell === 'object') return ratioText(cell);
  if (typeof cell === 'string') return cell;
  if (kind === 'percent') return percentText(cell);
  return formatNumber(cell);
}

/** The report's title lines. */
export function reportTitle(report: YearlyReport): { title: string; subtitle: string } {
  return {
    title: 'BÁO CÁO',
    subtitle: `Kết quả bồi dưỡng cán bộ, công chức năm ${report.year} theo Đề án ban hành kèm theo Quyết định số 700/QĐ-TTg`,
  };
}

/** "Xã Quảng Lợi" → "Quảng Lợi", the place a document is dated at. */
export function placeOf(unitName: string): string {
  return unitName.replace(/^(Tỉnh|Thành phố|Xã|Phường|Đặc khu)\s+/u, '');
}

/** "Quảng Lợi, ngày 05 tháng 11 năm 2026", in Vietnam's time zone. */
export function dateLine(unitName: string, at: Date): string {
  const { day, month, year } = vietnamDateParts(at);
  return `${placeOf(unitName)}, ngày ${day} tháng ${month} năm ${year}`;
}

const sum = (values: number[]) => Math.round(values.reduce((total, value) => total + value, 0) * 1000) / 1000;

/** The sections of the report, numbered as a Vietnamese report numbers them (I, II, …). */
export function reportSections(report: YearlyReport): ReportSection[] {
  const sections: (Omit<ReportSection, 'heading' | 'title'> & { name: string })[] = [];
  const add = (name: string, section: Omit<ReportSection, 'heading' | 'title'>) => sections.push({ name, ...section });

  add('Số lượng cán bộ, công chức', {
    lead: [
      `Số người được tính vào các chỉ tiêu của ${report.yearLabel.toLowerCase()} (người đang công tác tại đơn vị và các đơn vị trực thuộc vào ngày cuối năm).`,
    ],
    table: {
      caption: `Số lượng cán bộ, công chức, ${report.yearLabel.toLowerCase()}`,
      columns: [
        { header: 'Nội dung', kind: 'text', width: 60 },
        { header: 'Số người', kind: 'integer', width: 14 },
      ],
      rows: [
        ['Cán bộ, công chức được tính', report.headcount.officials],
        ['Trong đó: chưa đáp ứng yêu cầu chuyên môn của vị trí việc làm (trong năm)', report.headcount.flagged],
        ['Trong đó: công chức chuyên môn', report.headcount.professional],
      ],
    },
    notes: [],
  });

  add('Kết quả thực hiện các chỉ tiêu của Đề án 700', {
    lead: [
      `Tỷ lệ đạt (số người đạt/số người được tính) trong năm ${report.year} và ${report.phaseLabel.charAt(0).toLowerCase()}${report.phaseLabel.slice(1)}, so với chỉ tiêu của giai đoạn.`,
    ],
    table: {
      caption: `Chỉ tiêu Đề án 700, năm ${report.year} và lũy kế giai đoạn`,
      columns: [
        { header: 'Chỉ tiêu', kind: 'text', width: 44 },
        { header: `Năm ${report.year}`, kind: 'ratio', width: 17 },
        { header: `Lũy kế giai đoạn ${report.phase}`, kind: 'ratio', width: 17 },
        { header: 'Chỉ tiêu giai đoạn', kind: 'percent', width: 11 },
      ],
      rows: report.indicators.map((line) => [
        INDICATOR_SHORT_TITLES[line.key] ?? line.title,
        line.year,
        line.phaseToDate,
        line.target,
      ]),
    },
    notes: [
      ...report.indicators.flatMap((line) => [
        `Chỉ tiêu ${INDICATOR_SHORT_TITLES[line.key]?.slice(0, 1)}: tử số: ${line.definition.numerator} Mẫu số: ${line.definition.denominator} ${line.definition.period} Chỉ tiêu: ${line.definition.target}`,
      ]),
      ...COMMON_RULES,
    ],
  });

  const kinds = report.trainingsByKind;
  add('Kết quả bồi dưỡng theo loại hình', {
    lead: [
      `Lượt hoàn thành trong năm ${report.year}: khóa học trực tuyến trên Học Liệu Số và lớp bồi dưỡng trực tiếp, kết hợp có kết quả "hoàn thành".`,
    ],
    table: {
      caption: `Lượt hoàn thành theo loại hình bồi dưỡng, năm ${report.year}`,
      columns: [
        { header: 'Loại hình bồi dưỡng', kind: 'text', width: 40 },
        { header: 'Trực tuyến (lượt)', kind: 'integer', width: 12 },
        { header: 'Trực tiếp, kết hợp (lượt)', kind: 'integer', width: 13 },
        { header: 'Tổng số lượt', kind: 'integer', width: 11 },
        { header: 'Số giờ học (người × giờ)', kind: 'decimal', width: 13 },
      ],
      rows: kinds.map((line) => [line.label, line.online, line.inPerson, line.online + line.inPerson, line.hours]),
      totals: [
        'Tổng cộng',
        sum(kinds.map((l) => l.online)),
        sum(kinds.map((l) => l.inPerson)),
        sum(kinds.map((l) => l.online + l.inPerson)),
        sum(kinds.map((l) => l.hours)),
      ],
    },
    notes: [`${PLACEMENT_RULE} Lượt hoàn thành có giấy chứng nhận đã bị thu hồi không được tính.`],
  });

  const hours = report.hoursBySource;
  add('Số giờ được ghi nhận và căn cứ', {
    lead:
      hours.length === 0
        ? [`Chưa có lượt hoàn thành nào được tính trong năm ${report.year}.`]
        : [
            'Số giờ của một lượt hoàn thành khóa học trực tuyến là số giờ nội dung khóa học thực có (bài học, bài kiểm tra, tình huống, làm tròn xuống nửa giờ), hoặc số giờ học trực tuyến mà quyết định phê duyệt chương trình bồi dưỡng quy định.',
          ],
    table:
      hours.length === 0
        ? undefined
        : {
            caption: `Số giờ học theo khóa học và lớp bồi dưỡng, năm ${report.year}`,
            columns: [
              { header: 'Khóa học, lớp bồi dưỡng', kind: 'text', width: 34 },
              { header: 'Lượt được tính', kind: 'integer', width: 10 },
              { header: 'Số giờ mỗi lượt', kind: 'decimal', width: 10 },
              { header: 'Căn cứ số giờ', kind: 'text', width: 34 },
              { header: 'Số giờ học (người × giờ)', kind: 'decimal', width: 13 },
            ],
            rows: hours.map((line) => [line.title, line.count, line.hoursEach, line.basis, line.hours]),
            totals: ['Tổng cộng', sum(hours.map((l) => l.count)), null, null, sum(hours.map((l) => l.hours))],
          },
    notes: ['Khóa học là tài liệu mẫu không được tính và không có trong báo cáo.'],
  });

  add('Khóa học trực tuyến', {
    lead:
      report.courses.length === 0
        ? [`Chưa có lượt hoàn thành hay bài kiểm tra cuối khóa nào trong năm ${report.year}.`]
        : [],
    table:
      report.courses.length === 0
        ? undefined
        : {
            caption: `Hoàn thành, tỷ lệ đạt và điểm trung bình theo khóa học, năm ${report.year}`,
            columns: [
              { header: 'Khóa học', kind: 'text', width: 42 },
              { header: 'Hoàn thành', kind: 'integer', width: 11 },
              { header: 'Lượt kiểm tra cuối khóa', kind: 'integer', width: 12 },
              { header: 'Tỷ lệ đạt', kind: 'percent', width: 10 },
              { header: 'Điểm trung bình', kind: 'percent', width: 11 },
            ],
            rows: report.courses.map((course) => [
              course.title,
              course.completions,
              course.finalAttempts,
              course.passRate,
              course.averageScore,
            ]),
            totals: [
              'Tổng cộng',
              report.completionsInYear,
              sum(report.courses.map((c) => c.finalAttempts)),
              null,
              report.averageScore,
            ],
          },
    notes: [],
  });

  if (report.subUnits.length > 0) {
    add('Kết quả theo đơn vị trực thuộc', {
      lead: [],
      table: {
        caption: `Chỉ tiêu của từng đơn vị trực thuộc ${report.unit.name}, năm ${report.year}`,
        columns: [
          { header: 'Đơn vị', kind: 'text', width: 30 },
          { header: 'Cán bộ', kind: 'integer', width: 9 },
          { header: 'Chỉ tiêu 1', kind: 'ratio', width: 17 },
          { header: 'Chỉ tiêu 2', kind: 'ratio', width: 17 },
          { header: 'Chỉ tiêu 3', kind: 'ratio', width: 17 },
        ],
        rows: report.subUnits.map((unit) => [
          unit.name,
          unit.officials,
          unit.shares['underqualified-sent'],
          unit.shares['general-management'],
          unit.shares['field-skills'],
        ]),
      },
      notes: ['Chỉ tiêu 1, 2, 3 như ở mục II.'],
    });
  }

  add('Đánh giá hiệu quả sau bồi dưỡng', {
    lead: [
      `Đã đánh giá ${formatNumber(report.evaluations.done)} lượt hoàn thành của năm ${report.year}; ${formatNumber(report.evaluations.due)} lượt hoàn thành đã quá 3 tháng đang chờ đánh giá (tính đến ngày lập báo cáo).`,
      `Trong năm đã ghi nhận ${formatNumber(report.evaluations.recorded)} phiếu đánh giá; điểm trung bình theo từng tiêu chí (thang 1–5):`,
    ],
    table: {
      caption: `Điểm trung bình đánh giá hiệu quả sau bồi dưỡng, năm ${report.year}`,
      columns: [
        { header: 'Tiêu chí', kind: 'text', width: 60 },
        { header: 'Điểm trung bình', kind: 'decimal', width: 14 },
      ],
      rows: report.evaluations.averages.map((line) => [
        line.label,
        line.average === null ? null : Math.round(line.average * 100) / 100,
      ]),
    },
    notes: [],
  });

  const classes = report.classes;
  add('Lớp bồi dưỡng trực tiếp, kết hợp', {
    lead: [`Lớp do đơn vị và các đơn vị trực thuộc ghi nhận, kết thúc trong năm ${report.year}, theo nguồn kinh phí.`],
    table: {
      caption: `Lớp bồi dưỡng trực tiếp, kết hợp theo nguồn kinh phí, năm ${report.year}`,
      columns: [
        { header: 'Nguồn kinh phí', kind: 'text', width: 30 },
        { header: 'Số lớp', kind: 'integer', width: 9 },
        { header: 'Lượt tham dự', kind: 'integer', width: 11 },
        { header: 'Lượt hoàn thành', kind: 'integer', width: 12 },
        { header: 'Số giờ của các lớp', kind: 'decimal', width: 12 },
      ],
      rows: classes.byFunding.map((line) => [
        FUNDING_SOURCE_LABELS[line.source],
        line.classes,
        line.attendances,
        line.completed,
        line.hours,
      ]),
      totals: [
        'Tổng cộng',
        classes.held,
        classes.attendances,
        classes.completed,
        sum(classes.byFunding.map((line) => line.hours)),
      ],
    },
    notes: ['Lớp học ghi nhận nguồn kinh phí nhưng không ghi số tiền; số tiền theo kế hoạch ở mục sau.'],
  });

  const plan = report.plan;
  add(
    `So sánh với kế hoạch bồi dưỡng năm ${report.year}`,
    plan
      ? {
          lead: [`Kế hoạch: ${plan.title}.`],
          table: {
            caption: `Kế hoạch và thực hiện năm ${report.year}`,
            columns: [
              { header: 'Nội dung', kind: 'text', width: 36 },
              { header: 'Kế hoạch', kind: 'decimal', width: 12 },
              { header: 'Thực hiện', kind: 'decimal', width: 12 },
              { header: 'Tỷ lệ thực hiện', kind: 'percent', width: 12 },
            ],
            rows: [
              [
                'Số lớp',
                plan.plannedClasses,
                classes.held,
                plan.plannedClasses > 0 ? (classes.held / plan.plannedClasses) * 100 : null,
              ],
              [
                'Số người (lượt tham dự)',
                plan.plannedPeople,
                classes.attendances,
                plan.plannedPeople > 0 ? (classes.attendances / plan.plannedPeople) * 100 : null,
              ],
              ['Kinh phí NS tỉnh (triệu đồng)', plan.funds.province, null, null],
              ['Kinh phí NS TW (triệu đồng)', plan.funds.central, null, null],
              ['Kinh phí theo Đề án (triệu đồng)', plan.funds.scheme, null, null],
              ['Kinh phí khác, xã hội hóa (triệu đồng)', plan.funds.other, null, null],
            ],
          },
          notes: [
            'Thực hiện: các lớp trực tiếp, kết hợp ở mục trên; kinh phí thực chi chưa được ghi nhận trên hệ thống.',
          ],
        }
      : { lead: [`Đơn vị chưa lập kế hoạch bồi dưỡng năm ${report.year} trên hệ thống.`], notes: [] },
  );

  add('Giao khóa học quá hạn', {
    lead: [
      `Có ${formatNumber(report.overdueAssignments)} lượt giao khóa học đã quá hạn mà cán bộ chưa hoàn thành (tính đến ngày lập báo cáo).`,
    ],
    notes: [],
  });

  return sections.map(({ name, ...section }, index) => ({
    heading: `${ROMAN[index]}. ${name.toLocaleUpperCase('vi')}`,
    title: `${ROMAN[index]}. ${name}`,
    ...section,
  }));
}

const ROMAN = ['I', 'II', 'III', 'IV', 'V', 'VI', 'VII', 'VIII', 'IX', 'X', 'XI', 'XII'];
