/**
 * Zip bombs (issue 14): an XLSX workbook or an H5P package is a zip, and a few MB of zip can
 * inflate to GB. Before any parser sees an archive, its central directory is checked (entry
 * count, each entry's and the total uncompressed size, compression ratios), then, since those
 * declared sizes can lie, every entry is inflated once and counted (read-zip.ts), stopping at the
 * first byte over a limit; nothing inflated is kept. Refusals are Vietnamese sentences. Each
 * format's owner sets its limits (spreadsheet/workbook-zip.ts, h5p/import-form.ts).
 *
 * For XLSX, the local file headers must also follow each other exactly as the central directory
 * lists them: exceljs's streaming reader walks local headers, not the directory, so data hidden
 * between listed entries would reach it unchecked.
 */
import { open, stat } from 'node:fs/promises';
import type { Entry } from 'yauzl';
import { describeBytes } from '../../format.ts';
import { ByteLimitError, closeZip, inflateEntry, openZip, type ZipSource } from './read-zip.ts';

export interface ZipLimits {
  maxEntries: number;
  /** Most bytes one entry may inflate to. */
  maxEntryBytes: number;
  /** Most bytes all entries together may inflate to. */
  maxTotalBytes: number;
  /** Largest uncompressed/compressed ratio, for one entry and for the whole archive… */
  maxRatio: number;
  /** …counted only from this many uncompressed bytes (a small file of blanks compresses very well). */
  ratioFromBytes: number;
}

/** An archive refused before parsing; `kind` "unreadable" is not a zip at all (the caller words that). */
export class ZipLimitError extends Error {
  readonly status = 422;
  readonly kind: 'unreadable' | 'entries' | 'size' | 'ratio' | 'declared-size' | 'layout';
  constructor(kind: ZipLimitError['kind'], message: string) {
    super(message);
    this.kind = kind;
  }
}

export interface ZipCheckOptions {
  /** How messages name the file: "Tệp Excel này", "Gói H5P này". */
  label: string;
  /** Inflate every entry and count the real bytes (default true). */
  inflate?: boolean;
  /** Require local headers to follow each other as the central directory lists them (default false). */
  layout?: boolean;
}

const times = (ratio: number) => Math.round(ratio).toLocaleString('vi-VN');

/** Checks `source` (a path or the bytes) against `limits`; throws ZipLimitError. Returns what it counted. */
export async function checkZipLimits(
  source: ZipSource,
  limits: ZipLimits,
  options: ZipCheckOptions,
): Promise<{ entries: number; totalBytes: number }> {
  const { label } = options;
  const tooLarge = (detail: string) =>
    new ZipLimitError('size', `${label} khi giải nén quá lớn (${detail}); hãy kiểm tra lại tệp.`);
  const badRatio = (ratio: number, name: string) =>
    new ZipLimitError(
      'ratio',
      `${label} khi giải nén quá lớn so với dung lượng tệp (phần "${name}" nén tới ${times(ratio)} lần, có thể là "bom nén"); hãy kiểm tra lại tệp.`,
    );
  const fileSize = typeof source === 'string' ? (await stat(source)).size : source.length;
  const zip = await openZip(source);
  if (!zip) throw new ZipLimitError('unreadable', `${label} không phải tệp nén hợp lệ.`);
  try {
    if (zip.entryCount > limits.maxEntries) {
      throw new ZipLimitError(
        'entries',
        `${label} chứa quá nhiều tệp bên trong (${zip.entryCount.toLocaleString('vi-VN')}, tối đa ${limits.maxEntries.toLocaleString('vi-VN')}); hãy kiểm tra lại tệp.`,
      );
    }
    // yauzl's cursor starts at the central directory, before any entry is read.
    const directoryOffset = (zip as unknown as { readEntryCursor?: number }).readEntryCursor;

    // 1. What the central directory declares.
    const entries: Entry[] = [];
    let declaredTotal = 0;
    try {
      for await (const entry of zip.eachEntry() as AsyncIterable<Entry>) {
        entries.push(entry);
        if (entry.uncompressedSize > limits.maxEntryBytes)
          throw tooLarge(
            `phần "${entry.fileName}" ${describeBytes(entry.uncompressedSize)}, tối đa ${describeBytes(limits.maxEntryBytes)}`,
          );
        const ratio = entry.uncompressedSize / Math.max(1, entry.compressedSize);
        if (entry.uncompressedSize >= limits.ratioFromBytes && ratio > limits.maxRatio)
          throw badRatio(ratio, entry.fileName);
        declaredTotal += entry.uncompressedSize;
        if (declaredTotal > limits.maxTotalBytes) throw tooLarge(`hơn ${describeBytes(limits.maxTotalBytes)}`);
      }
    } catch (error) {
      if (error instanceof ZipLimitError) throw error;
      throw new ZipLimitError('unreadable', `${label} bị hỏng: không đọc được danh mục bên trong.`);
    }
    if (declaredTotal >= limits.ratioFromBytes && declaredTotal / Math.max(1, fileSize) > limits.maxRatio) {
      throw new ZipLimitError(
        'ratio',
        `${label} khi giải nén quá lớn so với dung lượng tệp (nén tới ${times(declaredTotal / fileSize)} lần, có thể là "bom nén"); hãy kiểm tra lại tệp.`,
      );
    }

    // 2. Nothing hidden between the entries the directory lists.
    if (options.layout && !(await contiguous(source, entries, directoryOffset))) {
      throw new ZipLimitError(
        'layout',
        `${label} có dữ liệu lạ nằm ngoài danh mục tệp nén. Hãy mở tệp bằng Excel, chọn Lưu thành → Sổ làm việc Excel (.xlsx) rồi tải lên lại.`,
      );
    }

    // 3. The real sizes: every entry inflated and counted, stopping at the first byte over a limit.
    if (options.inflate !== false) {
      const budget = { totalLeft: limits.maxTotalBytes, maxFileBytes: limits.maxEntryBytes };
      for (const entry of entries) {
        if (entry.fileName.endsWith('/')) continue;
        if (entry.isEncrypted() || !entry.canDecodeFileData())
          throw new ZipLimitError(
            'unreadable',
            `${label} có phần "${entry.fileName}" bị mã hoá hoặc nén theo cách không được hỗ trợ.`,
          );
        const ratioOf = (size: number) => size / Math.max(1, entry.compressedSize);
        try {
          await inflateEntry(zip, entry, budget, {
            onChunk: (size) => {
              if (size >= limits.ratioFromBytes && ratioOf(size) > limits.maxRatio)
                throw badRatio(ratioOf(size), entry.fileName);
            },
          });
        } catch (error) {
          if (error instanceof ZipLimitError) throw error;
          if (error instanceof ByteLimitError) {
            throw tooLarge(
              error.scope === 'file'
                ? `phần "${entry.fileName}" hơn ${describeBytes(limits.maxEntryBytes)}`
                : `hơn ${describeBytes(limits.maxTotalBytes)}`,
            );
          }
          // yauzl (validateEntrySizes) stops an entry that inflates past the size its header declares.
          if (/too many bytes|not enough bytes/.test(error instanceof Error ? error.message : '')) {
            throw new ZipLimitError(
              'declared-size',
              `${label} khai báo sai kích thước khi giải nén (có thể đã bị sửa để vượt giới hạn); hãy kiểm tra lại tệp.`,
            );
          }
          throw new ZipLimitError('unreadable', `${label} bị hỏng: phần "${entry.fileName}" không giải nén được.`);
        }
      }
      return { entries: entries.length, totalBytes: limits.maxTotalBytes - budget.totalLeft };
    }
    return { entries: entries.length, totalBytes: declaredTotal };
  } finally {
    closeZip(zip);
  }
}

/**
 * True when the local headers start at byte 0 and each entry (header, name, extra field, data,
 * data descriptor) ends exactly where the next one, or the central directory, begins.
 */
async function contiguous(source: ZipSource, entries: Entry[], directoryOffset: number | undefined): Promise<boolean> {
  const handle = typeof source === 'string' ? await open(source, 'r') : undefined;
  const readAt = async (offset: number, length: number): Promise<Buffer> => {
    if (!handle) return (source as Buffer).subarray(offset, offset + length);
    const buffer = Buffer.alloc(length);
    const { bytesRead } = await handle.read(buffer, 0, length, offset);
    return buffer.subarray(0, bytesRead);
  };
  try {
    const sorted = [...entries].sort((a, b) => a.relativeOffsetOfLocalHeader - b.relativeOffsetOfLocalHeader);
    let expected = 0;
    for (const entry of sorted) {
      const offset = entry.relativeOffsetOfLocalHeader;
      if (offset !== expected) return false;
      const header = await readAt(offset, 30);
      if (header.length < 30 || header.readUInt32LE(0) !== 0x04034b50) return false;
      const dataEnd = offset + 30 + header.readUInt16LE(26) + header.readUInt16LE(28) + entry.compressedSize;
      expected = dataEnd;
      if (entry.generalPurposeBitFlag & 0x8) {
        // A data descriptor follows: 12 bytes (16 with its optional signature; 20/24 with zip64 sizes).
        const descriptor = await readAt(dataEnd, 4);
        const signed = descriptor.length === 4 && descriptor.readUInt32LE(0) === 0x08074b50;
        const zip64 = entry.compressedSize >= 0xffffffff || entry.uncompressedSize >= 0xffffffff;
        expected += (signed ? 4 : 0) + (zip64 ? 20 : 12);
      }
    }
    return directoryOffset === undefined || expected === directoryOffset;
  } finally {
    await handle?.close();
  }
}
