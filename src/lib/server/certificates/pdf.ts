/**
 * The certificate as a PDF: one A4 landscape page drawn with pdf-lib, Noto Serif (regular and
 * bold, embedded as subsets through fontkit, so Vietnamese letters render and copy as text), the
 * national motto header, the record as issued, and a QR code of the verification URL drawn as
 * vector rectangles with the URL printed beside it. Everything comes from the stored snapshot.
 * About 20 KB and 0.1 s a certificate; nothing is cached but the font files' bytes.
 */
import { PDFDocument, rgb, type PDFFont, type PDFPage } from 'pdf-lib';
import type { Certificate } from '../../../../db/schema/index.ts';
import { formatNumber } from '../../format.ts';
import { vietnamDateParts } from '../../vietnam-time.ts';
import { groupCode } from '../../certificates/code.ts';
import { placeOfIssuer } from '../../certificates/issuer.ts';
import { darkRuns, qrMatrix } from '../../certificates/qr-code.ts';
import { embedNotoSerif, wrapText as wrap } from '../pdf/noto-serif.ts';

/** The fields a certificate prints. */
export type PrintedCertificate = Pick<
  Certificate,
  | 'code'
  | 'fullName'
  | 'staffCode'
  | 'unitName'
  | 'courseTitle'
  | 'trainingKind'
  | 'hours'
  | 'hoursBasis'
  | 'sample'
  | 'completedAt'
  | 'scorePercent'
  | 'issuer'
  | 'issuedAt'
  | 'revokedAt'
>;

// A4 landscape, in points.
const WIDTH = 841.89;
const HEIGHT = 595.28;
const BRAND = rgb(0x8a / 255, 0x1c / 255, 0x1c / 255);
const INK = rgb(0.1, 0.1, 0.1);
const MUTED = rgb(0.3, 0.3, 0.3);

interface TextStyle {
  font: PDFFont;
  size: number;
  color?: ReturnType<typeof rgb>;
}

/** Draws `text` centred on `centerX`, wrapped to `maxWidth`, first baseline at `y`; returns the y below it. */
function centred(
  page: PDFPage,
  text: string,
  { font, size, color = INK }: TextStyle,
  centerX: number,
  y: number,
  maxWidth: number,
  leading = 1.3,
): number {
  for (const line of wrap(text, font, size, maxWidth)) {
    page.drawText(line, { x: centerX - font.widthOfTextAtSize(line, size) / 2, y, size, font, color });
    y -= size * leading;
  }
  return y;
}

/** Draws a label in the regular face followed by a value in bold, centred as one line. */
function labelled(
  page: PDFPage,
  label: string,
  value: string,
  regular: PDFFont,
  bold: PDFFont,
  size: number,
  y: number,
): void {
  const width = regular.widthOfTextAtSize(label, size) + bold.widthOfTextAtSize(value, size);
  const x = WIDTH / 2 - width / 2;
  page.drawText(label, { x, y, size, font: regular, color: INK });
  page.drawText(value, { x: x + regular.widthOfTextAtSize(label, size), y, size, font: bold, color: INK });
}

/** The certificate's PDF, with `verificationUrl` in its QR code and printed under it. */
export async function certificatePdf(certificate: PrintedCertificate, verificationUrl: string): Promise<Uint8Array> {
  const doc = await PDFDocument.create();
  const { regular, bold } = await embedNotoSerif(doc);
  const code = groupCode(certificate.code);

  doc.setTitle(`Giấy chứng nhận ${code}`, { showInWindowTitleBar: true });
  doc.setAuthor(certificate.issuer);
  doc.setSubject(`${certificate.fullName}: ${certificate.courseTitle}`);
  doc.setKeywords([code, certificate.staffCode ?? ''].filter(Boolean));
  doc.setCreator('Học Liệu Số');
  doc.setProducer('Học Liệu Số');
  doc.setLanguage('vi-VN');
  doc.setCreationDate(certificate.issuedAt);
  doc.setModificationDate(certificate.issuedAt);

  const page = doc.addPage([WIDTH, HEIGHT]);
  // A double frame.
  page.drawRectangle({ x: 18, y: 18, width: WIDTH - 36, height: HEIGHT - 36, borderColor: BRAND, borderWidth: 2.5 });
  page.drawRectangle({ x: 26, y: 26, width: WIDTH - 52, height: HEIGHT - 52, borderColor: BRAND, borderWidth: 0.75 });

  // Header: the issuing body on the left, the national motto on the right, as on state documents.
  const issuerUpper = certificate.issuer.toLocaleUpperCase('vi');
  const left = centred(page, issuerUpper, { font: bold, size: 12 }, 210, HEIGHT - 66, 300);
  page.drawLine({ start: { x: 180, y: left + 8 }, end: { x: 240, y: left + 8 }, thickness: 0.75, color: INK });
  const right = WIDTH - 230;
  centred(page, 'CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM', { font: bold, size: 12 }, right, HEIGHT - 66, 360);
  const motto = 'Độc lập - Tự do - Hạnh phúc';
  const mottoWidth = bold.widthOfTextAtSize(motto, 12.5);
  centred(page, motto, { font: bold, size: 12.5 }, right, HEIGHT - 83, 360);
  page.drawLine({
    start: { x: right - mottoWidth / 2, y: HEIGHT - 87 },
    end: { x: right + mottoWidth / 2, y: HEIGHT - 87 },
    thickness: 0.75,
    color: INK,
  });

  // A revoked certificate still prints (for the record), marked so that no one mistakes it.
  if (certificate.revokedAt) {
    const revoked = vietnamDateParts(certificate.revokedAt);
    centred(
      page,
      `ĐÃ THU HỒI NGÀY ${revoked.day}/${revoked.month}/${revoked.year}: GIẤY CHỨNG NHẬN NÀY KHÔNG CÒN GIÁ TRỊ`,
      { font: bold, size: 12, color: BRAND },
      WIDTH / 2,
      HEIGHT - 122,
      700,
    );
  }

  // A sample course's certificate prints, marked so that no one takes it for training that counts.
  if (certificate.sample) {
    centred(
      page,
      'BẢN MẪU: KHÓA HỌC LÀ TÀI LIỆU MẪU, GIẤY CHỨNG NHẬN KHÔNG CÓ GIÁ TRỊ GHI NHẬN BỒI DƯỠNG',
      { font: bold, size: 12, color: BRAND },
      WIDTH / 2,
      HEIGHT - (certificate.revokedAt ? 138 : 122),
      700,
    );
  }

  // Title and holder.
  let y = centred(page, 'GIẤY CHỨNG NHẬN', { font: bold, size: 34, color: BRAND }, WIDTH / 2, HEIGHT - 165, 700);
  y = centred(page, 'HOÀN THÀNH KHÓA BỒI DƯỠNG', { font: bold, size: 13, color: BRAND }, WIDTH / 2, y + 10, 700);
  y = centred(page, 'Chứng nhận ông/bà', { font: regular, size: 13 }, WIDTH / 2, y - 14, 700);
  y = centred(page, certificate.fullName, { font: bold, size: 26 }, WIDTH / 2, y - 14, 700);
  const who = [
    certificate.staffCode && `Mã cán bộ: ${certificate.staffCode}`,
    certificate.unitName && `Đơn vị: ${certificate.unitName}`,
  ]
    .filter(Boolean)
    .join('   ·   ');
  y = centred(page, who, { font: regular, size: 12 }, WIDTH / 2, y - 4, 680);

  // The course and the result.
  y = centred(page, 'Đã hoàn thành khóa học', { font: regular, size: 13 }, WIDTH / 2, y - 14, 700);
  y = centred(page, certificate.courseTitle, { font: bold, size: 15.5 }, WIDTH / 2, y - 2, 640);
  labelled(page, 'Loại hình bồi dưỡng: ', certificate.trainingKind, regular, bold, 12, y - 10);
  // The hours credited and where they come from (src/lib/credited-hours.ts).
  const hoursLine = `Số giờ được ghi nhận: ${formatNumber(certificate.hours)} giờ${certificate.hoursBasis ? `, ${certificate.hoursBasis}` : ''}`;
  y = centred(page, hoursLine, { font: regular, size: 11 }, WIDTH / 2, y - 10 - 12 * 1.5, 640);
  const completed = vietnamDateParts(certificate.completedAt);
  const result =
    certificate.scorePercent === null
      ? 'Kết quả: Đạt'
      : `Điểm bài kiểm tra cuối khóa: ${formatNumber(certificate.scorePercent)}/100`;
  labelled(
    page,
    'Ngày hoàn thành: ',
    `${completed.day}/${completed.month}/${completed.year}   ·   ${result}`,
    regular,
    bold,
    12,
    y - 4,
  );

  // Bottom left: the QR code of the verification URL, the URL and the code.
  const qr = qrMatrix(verificationUrl);
  const qrSide = 108;
  const quiet = 4;
  const moduleSide = qrSide / (qr.size + 2 * quiet);
  const qrX = 48;
  const qrY = 44;
  page.drawRectangle({ x: qrX, y: qrY, width: qrSide, height: qrSide, color: rgb(1, 1, 1) });
  for (const [row, column, length] of darkRuns(qr)) {
    page.drawRectangle({
      x: qrX + (quiet + column) * moduleSide,
      y: qrY + qrSide - (quiet + row + 1) * moduleSide,
      width: length * moduleSide,
      height: moduleSide,
      color: rgb(0, 0, 0),
    });
  }
  const textX = qrX + qrSide + 10;
  page.drawText('Xác minh giấy chứng nhận tại:', { x: textX, y: qrY + 78, size: 9.5, font: regular, color: MUTED });
  // A long site address gets a smaller size rather than running into the frame.
  const urlSize = Math.min(9.5, (WIDTH - 40 - textX) / (regular.widthOfTextAtSize(verificationUrl, 1) || 1));
  page.drawText(verificationUrl, { x: textX, y: qrY + 63, size: urlSize, font: regular, color: INK });
  page.drawText(`Mã số: ${code}`, { x: textX, y: qrY + 44, size: 11, font: bold, color: INK });
  page.drawText('Quét mã QR hoặc mở địa chỉ trên để xem bản gốc và tình trạng hiệu lực.', {
    x: textX,
    y: qrY + 26,
    size: 8.5,
    font: regular,
    color: MUTED,
  });

  // Bottom right: place and date of issue, the issuing body.
  const issued = vietnamDateParts(certificate.issuedAt);
  const signX = WIDTH - 200;
  let sign = centred(
    page,
    `${placeOfIssuer(certificate.issuer)}, ngày ${issued.day} tháng ${issued.month} năm ${issued.year}`,
    { font: regular, size: 11.5 },
    signX,
    168,
    300,
  );
  sign = centred(page, issuerUpper, { font: bold, size: 11.5 }, signX, sign - 2, 300);
  centred(
    page,
    '(Giấy chứng nhận điện tử, xác minh bằng mã QR)',
    { font: regular, size: 9.5, color: MUTED },
    signX,
    sign - 2,
    300,
  );

  return doc.save();
}
