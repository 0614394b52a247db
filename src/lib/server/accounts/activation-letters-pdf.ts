/**
 * Activation letters as one PDF: an A4 portrait page per official with their unit, name and staff
 * code, the one-time code in large type, until when it works, short instructions, and a QR code of
 * the activation address (the code filled in) drawn as vector rectangles, as on certificates.
 * The two Noto Serif faces are embedded once for the whole document (subsets of the glyphs used),
 * so 2,000 letters make one file of a few megabytes in seconds.
 */
import {
  PDFDocument,
  concatTransformationMatrix,
  fill,
  popGraphicsState,
  pushGraphicsState,
  rectangle,
  rgb,
  setFillingRgbColor,
  type PDFFont,
  type PDFPage,
} from 'pdf-lib';
import { formatTimeOnDate } from '../../format.ts';
import { activationUrl } from '../../accounts/activation-code.ts';
import { darkRuns, qrMatrix } from '../../certificates/qr-code.ts';
import { embedNotoSerif, wrapText } from '../pdf/noto-serif.ts';
import type { ActivationLetter } from './activation-codes.ts';

// A4 portrait, in points.
const WIDTH = 595.28;
const HEIGHT = 841.89;
const MARGIN = 56;
const BRAND = rgb(0x8a / 255, 0x1c / 255, 0x1c / 255);
const INK = rgb(0.1, 0.1, 0.1);
const MUTED = rgb(0.3, 0.3, 0.3);
const WHITE = rgb(1, 1, 1);

/** Draws wrapped text from `x`, first baseline at `y`; returns the y below it. */
function paragraph(page: PDFPage, text: string, font: PDFFont, size: number, x: number, y: number, maxWidth: number) {
  for (const line of wrapText(text, font, size, maxWidth)) {
    page.drawText(line, { x, y, size, font, color: INK });
    y -= size * 1.4;
  }
  return y;
}

/**
 * Draws the QR code of `text` with its bottom-left corner at (x, y), `side` points square: one
 * path of whole-module rectangles (one per dark run) in a module-sized coordinate system, filled
 * once. That is a few hundred short operators a page instead of a drawRectangle (a dozen
 * operators with long decimals) per run, which made 2,000 letters three times slower.
 */
function drawQr(page: PDFPage, text: string, x: number, y: number, side: number): void {
  const qr = qrMatrix(text);
  const quiet = 4;
  const moduleSide = side / (qr.size + 2 * quiet);
  page.drawRectangle({ x, y, width: side, height: side, color: WHITE });
  page.pushOperators(
    pushGraphicsState(),
    // Row 0 at the top: y grows downwards in module units.
    concatTransformationMatrix(moduleSide, 0, 0, -moduleSide, x + quiet * moduleSide, y + side - quiet * moduleSide),
    setFillingRgbColor(0, 0, 0),
    ...darkRuns(qr).map(([row, column, length]) => rectangle(column, row, length, 1)),
    fill(),
    popGraphicsState(),
  );
}

/** One line of text at (x, y), made smaller (down to `minSize`) when it would not fit in `maxWidth`. */
function fittedLine(page: PDFPage, text: string, font: PDFFont, size: number, x: number, y: number, maxWidth: number) {
  const width = font.widthOfTextAtSize(text, 1) || 1;
  const fitted = Math.max(Math.min(size, maxWidth / width), 7);
  page.drawText(text, { x, y, size: fitted, font, color: INK });
}

const TEXT_WIDTH = WIDTH - 2 * MARGIN;
const QR_SIDE = 150;
const QR_X = WIDTH - MARGIN - QR_SIDE;
const CODE_BOX_TOP = 600;
const CODE_BOX_HEIGHT = 92;
const INSTRUCTIONS_TOP = 418;

/**
 * What every letter of the document shares (heading, the code's box, instructions, the warning,
 * the date printed), drawn once on a page that becomes a form XObject each letter page reuses.
 */
function drawTemplate(page: PDFPage, regular: PDFFont, bold: PDFFont, siteAddress: string, issuedAt: Date): void {
  page.drawText('HỌC LIỆU SỐ', { x: MARGIN, y: HEIGHT - MARGIN - 10, size: 12, font: bold, color: BRAND });
  page.drawText('THƯ KÍCH HOẠT TÀI KHOẢN', { x: MARGIN, y: HEIGHT - MARGIN - 40, size: 22, font: bold, color: BRAND });
  page.drawRectangle({
    x: MARGIN,
    y: CODE_BOX_TOP - CODE_BOX_HEIGHT,
    width: TEXT_WIDTH,
    height: CODE_BOX_HEIGHT,
    borderColor: INK,
    borderWidth: 1.5,
  });
  page.drawText('Mã kích hoạt (chỉ dùng một lần):', {
    x: MARGIN + 16,
    y: CODE_BOX_TOP - 24,
    size: 11,
    font: regular,
    color: MUTED,
  });
  let y = INSTRUCTIONS_TOP;
  page.drawText('Cách kích hoạt', { x: MARGIN, y, size: 14, font: bold, color: BRAND });
  y -= 22;
  const steps = [
    `1. Quét mã QR bên cạnh bằng điện thoại, hoặc mở ${siteAddress}/kich-hoat/`,
    '2. Nhập mã cán bộ và mã kích hoạt ở trên (quét mã QR thì hai ô này đã được điền sẵn).',
    '3. Tự chọn mật khẩu mới, ít nhất 8 ký tự, dễ nhớ với anh/chị nhưng khó đoán với người khác; nhập lại lần nữa rồi bấm “Kích hoạt tài khoản”.',
    '4. Từ đó, đăng nhập bằng mã cán bộ và mật khẩu vừa chọn.',
  ];
  for (const step of steps) y = paragraph(page, step, regular, 11.5, MARGIN, y, QR_X - MARGIN - 20) - 6;
  y = Math.min(y, INSTRUCTIONS_TOP - QR_SIDE) - 18;
  paragraph(
    page,
    'Giữ thư này kín như giữ mật khẩu: ai có mã kích hoạt đều có thể đặt mật khẩu cho tài khoản. Nếu mất thư hoặc cần giúp đỡ, hãy liên hệ quản trị viên của xã, phường (hoặc của cơ quan) để được cấp lại mã.',
    regular,
    10.5,
    MARGIN,
    y,
    TEXT_WIDTH,
  );
  page.drawText(`Thư lập lúc ${formatTimeOnDate(issuedAt)}`, {
    x: MARGIN,
    y: MARGIN - 16,
    size: 9,
    font: regular,
    color: MUTED,
  });
}

/** The letters as one PDF, a page each; `siteAddress` (no trailing slash) goes into every QR code. */
export async function activationLettersPdf(
  letters: readonly ActivationLetter[],
  siteAddress: string,
  issuedAt: Date = new Date(),
): Promise<Uint8Array> {
  const doc = await PDFDocument.create();
  const { regular, bold } = await embedNotoSerif(doc);
  doc.setTitle('Thư kích hoạt tài khoản Học Liệu Số', { showInWindowTitleBar: true });
  doc.setCreator('Học Liệu Số');
  doc.setProducer('Học Liệu Số');
  doc.setLanguage('vi-VN');
  doc.setCreationDate(issuedAt);
  doc.setModificationDate(issuedAt);

  // The shared parts, drawn once and reused as a form XObject; the drawing page is then dropped.
  const templatePage = doc.addPage([WIDTH, HEIGHT]);
  drawTemplate(templatePage, regular, bold, siteAddress, issuedAt);
  const [template] = await doc.embedPages([templatePage]);
  doc.removePage(0);

  for (const letter of letters) {
    const page = doc.addPage([WIDTH, HEIGHT]);
    page.drawPage(template, { x: 0, y: 0 });
    fittedLine(page, `Đơn vị: ${letter.unitName}`, regular, 12, MARGIN, 700, TEXT_WIDTH);
    fittedLine(page, `Kính gửi ông/bà: ${letter.fullName}`, bold, 15, MARGIN, 676, TEXT_WIDTH);
    fittedLine(page, `Mã cán bộ (tên đăng nhập): ${letter.staffCode}`, regular, 13, MARGIN, 652, TEXT_WIDTH);
    // The code, large enough to read across a desk.
    page.drawText(letter.code, { x: MARGIN + 16, y: CODE_BOX_TOP - 70, size: 34, font: bold, color: INK });
    paragraph(
      page,
      `Mã có hiệu lực đến ${formatTimeOnDate(letter.expiresAt)}. Nếu mã đã hết hạn, bị mất hoặc được cấp lại, mã trên thư này không còn dùng được.`,
      bold,
      11.5,
      MARGIN,
      CODE_BOX_TOP - CODE_BOX_HEIGHT - 24,
      TEXT_WIDTH,
    );
    drawQr(
      page,
      activationUrl(siteAddress, letter.staffCode, letter.code),
      QR_X,
      INSTRUCTIONS_TOP - QR_SIDE + 10,
      QR_SIDE,
    );
  }
  return doc.save();
}
