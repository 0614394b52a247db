/**
 * The certificate PDF, made in memory: one A4 landscape page whose text (read back with pdf.js)
 * carries the record with its Vietnamese letters, fonts that draw those letters, and a QR code of
 * the verification URL. Rendering it in a browser and scanning the QR code is the e2e test's part.
 */
import { before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import fontkit from '@pdf-lib/fontkit';
import jsQR from 'jsqr';
import { PDFArray, PDFDict, PDFDocument, PDFName, PDFStream, decodePDFRawStream, type PDFRawStream } from 'pdf-lib';
import * as pdfjs from 'pdfjs-dist/legacy/build/pdf.mjs';
import { certificatePdf, type PrintedCertificate } from '../../src/lib/server/certificates/pdf.ts';
import { darkRuns, qrMatrix } from '../../src/lib/certificates/qr-code.ts';

const require = createRequire(import.meta.url);
const URL_OF_RECORD = 'https://hoclieuso.example.gov.vn/xac-minh/ABCD-EFGH-IJKL-MNOP-QRST-UVWX-YZ23-4567/';

/** A certificate as issued, with every letter Vietnamese adds to Latin somewhere in it. */
function certificate(extra: Partial<PrintedCertificate> = {}): PrintedCertificate {
  return {
    code: 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567',
    fullName: 'Nguyễn Thị Hồng Nhung',
    staffCode: 'SL-QL-007',
    unitName: 'Văn phòng HĐND và UBND, xã Quảng Lợi, tỉnh Sông Lam',
    courseTitle: 'Tập huấn: tiếp công dân, giải quyết khiếu nại, tố cáo ở cấp xã',
    trainingKind: 'Tập huấn chuyên môn, nghiệp vụ, kỹ năng',
    hours: 3,
    hoursBasis: 'theo nội dung khóa học',
    sample: false,
    completedAt: new Date('2026-11-24T03:00:00Z'),
    scorePercent: 83.3333,
    issuer: 'Sở Nội vụ tỉnh Sông Lam',
    issuedAt: new Date('2026-11-24T03:00:00Z'),
    revokedAt: null,
    ...extra,
  };
}

/** The page's text as pdf.js extracts it, lines joined by spaces, in NFC. */
async function textOf(bytes: Uint8Array): Promise<string> {
  const document = await pdfjs.getDocument({ data: bytes.slice(), verbosity: 0 }).promise;
  const page = await document.getPage(1);
  const content = await page.getTextContent();
  return content.items
    .map((item) => ('str' in item ? item.str : ''))
    .join(' ')
    .normalize('NFC')
    .replace(/\s+/g, ' ');
}

let pdf: Uint8Array;
let text: string;
before(async () => {
  pdf = await certificatePdf(certificate(), URL_OF_RECORD);
  text = await textOf(pdf);
});

describe('certificatePdf', () => {
  test('is one A4 landscape page', async () => {
    const document = await PDFDocument.load(pdf);

    assert.equal(document.getPageCount(), 1);
    const { width, height } = document.getPage(0).getSize();
    assert.deepEqual([Math.round(width), Math.round(height)], [842, 595]);
  });

  test('prints the holder’s full name with its diacritics as text', () => {
    assert.ok(text.includes('Nguyễn Thị Hồng Nhung'.normalize('NFC')), text);
  });

  test('carries the national motto, the title and the issuer', () => {
    for (const expected of [
      'CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM',
      'Độc lập - Tự do - Hạnh phúc',
      'GIẤY CHỨNG NHẬN',
      'SỞ NỘI VỤ TỈNH SÔNG LAM',
    ]) {
      assert.ok(text.includes(expected.normalize('NFC')), `missing “${expected}”`);
    }
  });

  test('prints the record: staff code, unit, course, kind, hours, date, score and code', () => {
    for (const expected of [
      'SL-QL-007',
      'Văn phòng HĐND và UBND, xã Quảng Lợi, tỉnh Sông Lam',
      'Tập huấn: tiếp công dân, giải quyết khiếu nại, tố cáo ở cấp xã',
      'Tập huấn chuyên môn, nghiệp vụ, kỹ năng',
      'Số giờ được ghi nhận: 3 giờ, theo nội dung khóa học',
      '24/11/2026',
      '83,3/100',
      'ABCD-EFGH-IJKL-MNOP-QRST-UVWX-YZ23-4567',
    ]) {
      assert.ok(text.includes(expected.normalize('NFC')), `missing “${expected}”`);
    }
  });

  test('prints the verification URL as text', () => {
    assert.ok(text.includes(URL_OF_RECORD), text);
  });

  test('says a certificate with no final test passed its course', async () => {
    assert.match(
      await textOf(await certificatePdf(certificate({ scorePercent: null }), URL_OF_RECORD)),
      /Kết quả: Đạt/,
    );
  });

  test('marks a revoked certificate as no longer valid', async () => {
    const revoked = await textOf(
      await certificatePdf(certificate({ revokedAt: new Date('2026-12-01T03:00:00Z') }), URL_OF_RECORD),
    );

    assert.match(revoked, /ĐÃ THU HỒI NGÀY 01\/12\/2026/);
    assert.doesNotMatch(text, /THU HỒI/);
  });

  test('prints a recognised programme’s hours beside its decision, wrapped on the page', async () => {
    const basis =
      'theo Quyết định số 125/QĐ-UBND ngày 15/01/2027 của UBND tỉnh Sông Lam (phần học trực tuyến của chương trình 80 giờ)';
    const printed = await textOf(await certificatePdf(certificate({ hours: 16, hoursBasis: basis }), URL_OF_RECORD));

    assert.match(printed, /Số giờ được ghi nhận: 16 giờ, theo Quyết định số 125\/QĐ-UBND ngày 15\/01\/2027/);
    assert.match(printed, /chương trình 80 giờ/);
  });

  test('marks a sample course’s certificate as a sample, and only that one (control)', async () => {
    const sample = await textOf(await certificatePdf(certificate({ sample: true }), URL_OF_RECORD));

    assert.match(sample, /BẢN MẪU: KHÓA HỌC LÀ TÀI LIỆU MẪU/);
    assert.doesNotMatch(text, /BẢN MẪU/);
  });

  test('stays small: two font subsets and vector drawing', () => {
    assert.ok(pdf.length < 60_000, `${pdf.length} bytes`);
  });

  test('embeds font subsets that draw each character with Noto Serif’s own glyph', async () => {
    // A subset whose glyphs are misplaced still extracts as the right text but draws letters
    // wrong or not at all in pdf.js: compare each embedded glyph with the original font's.
    const originals = {
      'NotoSerif-Regular': fontkit.create(
        readFileSync(require.resolve('@expo-google-fonts/noto-serif/400Regular/NotoSerif_400Regular.ttf')),
      ),
      'NotoSerif-Bold': fontkit.create(
        readFileSync(require.resolve('@expo-google-fonts/noto-serif/700Bold/NotoSerif_700Bold.ttf')),
      ),
    };
    const document = await PDFDocument.load(pdf);
    let compared = 0;
    for (const [, object] of document.context.enumerateIndirectObjects()) {
      if (!(object instanceof PDFDict) || object.get(PDFName.of('Subtype'))?.toString() !== '/Type0') continue;
      // pdf-lib names a subset "<PostScript name>-<number>".
      const baseFont = object
        .get(PDFName.of('BaseFont'))!
        .toString()
        .replace(/^\/(?:[A-Z]{6}\+)?/, '')
        .replace(/-\d+$/, '');
      const original = originals[baseFont as keyof typeof originals];
      assert.ok(original, `unexpected font ${baseFont}`);
      const descendant = object.lookup(PDFName.of('DescendantFonts'), PDFArray).lookup(0, PDFDict);
      const file = descendant
        .lookup(PDFName.of('FontDescriptor'), PDFDict)
        .lookup(PDFName.of('FontFile2'), PDFStream) as PDFRawStream;
      const subset = fontkit.create(Buffer.from(decodePDFRawStream(file).decode()));
      const cmap = new TextDecoder().decode(
        decodePDFRawStream(object.lookup(PDFName.of('ToUnicode'), PDFStream) as PDFRawStream).decode(),
      );
      for (const [, cid, unicode] of cmap.matchAll(/<([0-9A-F]{4})> <([0-9A-F]{4})>/gi)) {
        const character = String.fromCodePoint(parseInt(unicode, 16));
        const expected = original.glyphForCodePoint(character.codePointAt(0)!);
        const actual = subset.getGlyph(parseInt(cid, 16));
        assert.equal(actual.path.toSVG(), expected.path.toSVG(), `${baseFont} draws “${character}” wrongly`);
        compared += 1;
      }
    }
    assert.ok(compared > 60, `only ${compared} glyphs compared`);
  });
});

describe('qrMatrix', () => {
  test('decodes back to the verification URL', () => {
    const matrix = qrMatrix(URL_OF_RECORD);
    const scale = 4;
    const side = (matrix.size + 8) * scale;
    const pixels = new Uint8ClampedArray(side * side * 4).fill(255);
    for (const [row, column, length] of darkRuns(matrix)) {
      for (let y = (row + 4) * scale; y < (row + 5) * scale; y++) {
        for (let x = (column + 4) * scale; x < (column + 4 + length) * scale; x++)
          pixels.fill(0, (y * side + x) * 4, (y * side + x) * 4 + 3);
      }
    }

    assert.equal(jsQR(pixels, side, side)?.data, URL_OF_RECORD);
  });
});
