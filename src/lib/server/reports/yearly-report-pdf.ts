/**
 * The yearly report as a PDF, laid out like a Vietnamese administrative report: A4 portrait,
 * the issuing unit top left and the national motto top right, the place and date, the title,
 * then the numbered sections with their tables (header repeated on each new page), the
 * signature block and page numbers. Noto Serif subsets keep the diacritics as real text.
 */
import { PDFDocument, rgb, type PDFFont, type PDFPage } from 'pdf-lib';
import { formatDate } from '../../format.ts';
import { embedNotoSerif, wrapText } from '../pdf/noto-serif.ts';
import {
  cellText,
  dateLine,
  levelLabel,
  reportSections,
  reportTitle,
  type ReportCell,
  type ReportTable,
} from './yearly-report-tables.ts';
import type { YearlyReport } from './yearly-report.ts';

// A4 portrait, in points, with the margins of administrative documents (about 2 cm left).
const WIDTH = 595.28;
const HEIGHT = 841.89;
const LEFT = 56;
const RIGHT = 42;
const TOP = 48;
const BOTTOM = 54;
const CONTENT = WIDTH - LEFT - RIGHT;
const INK = rgb(0.1, 0.1, 0.1);
const MUTED = rgb(0.35, 0.35, 0.35);
const RULE = rgb(0.45, 0.45, 0.45);
const HEADER_FILL = rgb(0.93, 0.93, 0.93);

interface Fonts {
  regular: PDFFont;
  bold: PDFFont;
}

/** A cursor that moves down the pages and starts a new one when the next block does not fit. */
class Writer {
  readonly doc: PDFDocument;
  readonly fonts: Fonts;
  page: PDFPage;
  y: number;

  constructor(doc: PDFDocument, fonts: Fonts) {
    this.doc = doc;
    this.fonts = fonts;
    this.page = doc.addPage([WIDTH, HEIGHT]);
    this.y = HEIGHT - TOP;
  }

  /** Starts a new page unless `height` points still fit on this one; true when it did. */
  ensure(height: number): boolean {
    if (this.y - height >= BOTTOM) return false;
    this.page = this.doc.addPage([WIDTH, HEIGHT]);
    this.y = HEIGHT - TOP;
    return true;
  }

  /** A wrapped paragraph across the text width (or centred on `centerX` within `width`). */
  paragraph(
    text: string,
    options: {
      font?: PDFFont;
      size?: number;
      color?: ReturnType<typeof rgb>;
      align?: 'left' | 'center';
      centerX?: number;
      width?: number;
      indent?: number;
      after?: number;
    } = {},
  ): void {
    const font = options.font ?? this.fonts.regular;
    const size = options.size ?? 10.5;
    const width = options.width ?? CONTENT - (options.indent ?? 0);
    const leading = size * 1.35;
    for (const line of wrapText(text, font, size, width)) {
      this.ensure(leading);
      const lineWidth = font.widthOfTextAtSize(line, size);
      const x =
        options.align === 'center'
          ? (options.centerX ?? LEFT + CONTENT / 2) - lineWidth / 2
          : LEFT + (options.indent ?? 0);
      this.page.drawText(line, { x, y: this.y - size, size, font, color: options.color ?? INK });
      this.y -= leading;
    }
    this.y -= options.after ?? 3;
  }
}

/** Draws the issuer block and the national motto; returns the y below them. */
function letterhead(writer: Writer, report: YearlyReport): void {
  const { regular, bold } = writer.fonts;
  const page = writer.page;
  const leftCenter = LEFT + 105;
  const rightCenter = WIDTH - RIGHT - 150;
  let y = HEIGHT - TOP;
  const centred = (text: string, font: PDFFont, size: number, centerX: number, maxWidth: number) => {
    for (const line of wrapText(text, font, size, maxWidth)) {
      page.drawText(line, { x: centerX - font.widthOfTextAtSize(line, size) / 2, y: y - size, size, font, color: INK });
      y -= size * 1.3;
    }
  };
  if (report.parentName) centred(report.parentName.toLocaleUpperCase('vi'), regular, 11, leftCenter, 210);
  centred(report.unit.name.toLocaleUpperCase('vi'), bold, 11, leftCenter, 210);
  page.drawLine({
    start: { x: leftCenter - 30, y: y - 4 },
    end: { x: leftCenter + 30, y: y - 4 },
    thickness: 0.6,
    color: INK,
  });
  const leftBottom = y;

  y = HEIGHT - TOP;
  centred('CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM', bold, 11, rightCenter, 300);
  const motto = 'Độc lập - Tự do - Hạnh phúc';
  const mottoWidth = bold.widthOfTextAtSize(motto, 11.5);
  centred(motto, bold, 11.5, rightCenter, 300);
  page.drawLine({
    start: { x: rightCenter - mottoWidth / 2, y: y + 1 },
    end: { x: rightCenter + mottoWidth / 2, y: y + 1 },
    thickness: 0.6,
    color: INK,
  });
  y -= 10;
  centred(dateLine(report.unit.name, report.generatedAt), regular, 10.5, rightCenter, 300);
  writer.y = Math.min(leftBottom, y) - 22;
}

/** Column widths in points, proportional to the columns' relative widths. */
function columnWidths(table: ReportTable): number[] {
  const total = table.columns.reduce((sum, column) => sum + column.width, 0);
  return table.columns.map((column) => (column.width / total) * CONTENT);
}

const TABLE_SIZE = 8.5;
const PAD = 3;

/** One row's wrapped lines per cell and its height. */
function layoutRow(
  cells: readonly string[],
  widths: readonly number[],
  font: PDFFont,
): { lines: string[][]; height: number } {
  const lines = cells.map((text, index) => wrapText(text, font, TABLE_SIZE, widths[index]! - 2 * PAD));
  const height = Math.max(1, ...lines.map((each) => each.length)) * TABLE_SIZE * 1.3 + 2 * PAD;
  return { lines, height };
}

type Align = 'left' | 'right' | 'center';

function drawRow(
  writer: Writer,
  laid: { lines: string[][]; height: number },
  widths: readonly number[],
  font: PDFFont,
  align: readonly Align[],
  fill?: ReturnType<typeof rgb>,
): void {
  const page = writer.page;
  let x = LEFT;
  laid.lines.forEach((lines, index) => {
    const width = widths[index]!;
    page.drawRectangle({
      x,
      y: writer.y - laid.height,
      width,
      height: laid.height,
      borderColor: RULE,
      borderWidth: 0.5,
      color: fill,
    });
    lines.forEach((line, lineIndex) => {
      const textWidth = font.widthOfTextAtSize(line, TABLE_SIZE);
      const tx =
        align[index] === 'right'
          ? x + width - PAD - textWidth
          : align[index] === 'center'
            ? x + (width - textWidth) / 2
            : x + PAD;
      page.drawText(line, {
        x: tx,
        y: writer.y - PAD - TABLE_SIZE - lineIndex * TABLE_SIZE * 1.3 + 1.5,
        size: TABLE_SIZE,
        font,
        color: INK,
      });
    });
    x += width;
  });
  writer.y -= laid.height;
}

/** Draws a table; its header row is repeated at the top of each new page. */
function drawTable(writer: Writer, table: ReportTable): void {
  const { regular, bold } = writer.fonts;
  const widths = columnWidths(table);
  const align = table.columns.map((column): Align => (column.kind === 'text' ? 'left' : 'right'));
  const headerAlign = table.columns.map((): Align => 'center');
  const header = layoutRow(
    table.columns.map((column) => column.header),
    widths,
    bold,
  );
  const textOf = (cells: readonly ReportCell[]) =>
    table.columns.map((column, index) => cellText(cells[index] ?? null, column.kind));
  const rows = [
    ...table.rows.map((cells) => ({ laid: layoutRow(textOf(cells), widths, regular), font: regular })),
    ...(table.totals ? [{ laid: layoutRow(textOf(table.totals), widths, bold), font: bold }] : []),
  ];
  writer.ensure(header.height + (rows[0]?.laid.height ?? 0));
  drawRow(writer, header, widths, bold, headerAlign, HEADER_FILL);
  for (const row of rows) {
    if (writer.ensure(row.laid.height)) drawRow(writer, header, widths, bold, headerAlign, HEADER_FILL);
    drawRow(writer, row.laid, widths, row.font, align);
  }
  writer.y -= 6;
}

/** The report's PDF. */
export async function yearlyReportPdf(report: YearlyReport): Promise<Uint8Array> {
  const doc = await PDFDocument.create();
  const fonts = await embedNotoSerif(doc);
  const { title, subtitle } = reportTitle(report);
  doc.setTitle(`Báo cáo kết quả bồi dưỡng năm ${report.year}: ${report.unit.name}`, { showInWindowTitleBar: true });
  doc.setAuthor(report.unit.name);
  doc.setSubject(subtitle);
  doc.setCreator('Học Liệu Số');
  doc.setProducer('Học Liệu Số');
  doc.setLanguage('vi-VN');
  doc.setCreationDate(report.generatedAt);
  doc.setModificationDate(report.generatedAt);

  const writer = new Writer(doc, fonts);
  letterhead(writer, report);
  writer.paragraph(title, { font: fonts.bold, size: 14, align: 'center', after: 2 });
  writer.paragraph(subtitle, { font: fonts.bold, size: 11.5, align: 'center', width: CONTENT - 60, after: 6 });
  writer.paragraph(
    `Đơn vị báo cáo: ${report.unit.name} (${levelLabel(report.unit.level).toLowerCase()}, mã ${report.unit.code}). Số liệu lập ngày ${formatDate(report.generatedAt)} trên Học Liệu Số.`,
    {
      size: 10,
      color: MUTED,
      align: 'center',
      after: 12,
    },
  );

  for (const section of reportSections(report)) {
    writer.ensure(60);
    writer.paragraph(section.heading, { font: fonts.bold, size: 11, after: 4 });
    for (const text of section.lead) writer.paragraph(text, { size: 10.5 });
    if (section.table) drawTable(writer, section.table);
    for (const text of section.notes) writer.paragraph(text, { size: 8.5, color: MUTED, after: 2 });
    writer.y -= 8;
  }

  // Recipients on the left, the issuing unit on the right.
  writer.ensure(90);
  const top = writer.y;
  writer.paragraph('Nơi nhận:', { font: fonts.bold, size: 9.5, after: 0 });
  writer.paragraph('- Cơ quan quản lý cấp trên;', { size: 9, after: 0 });
  writer.paragraph('- Lưu: VT.', { size: 9 });
  writer.y = top;
  const signCenter = WIDTH - RIGHT - 130;
  writer.paragraph(report.unit.name.toLocaleUpperCase('vi'), {
    font: fonts.bold,
    size: 11,
    align: 'center',
    centerX: signCenter,
    width: 240,
    after: 2,
  });
  writer.paragraph('(Ký, ghi rõ họ tên và đóng dấu)', {
    size: 9.5,
    color: MUTED,
    align: 'center',
    centerX: signCenter,
    width: 240,
  });

  const pages = doc.getPages();
  pages.forEach((page, index) => {
    const label = `Trang ${index + 1}/${pages.length}`;
    page.drawText(label, {
      x: WIDTH / 2 - fonts.regular.widthOfTextAtSize(label, 8.5) / 2,
      y: 28,
      size: 8.5,
      font: fonts.regular,
      color: MUTED,
    });
  });
  return doc.save();
}
