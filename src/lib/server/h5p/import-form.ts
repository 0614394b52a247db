/**
 * The import form at its edge: the multipart body streamed to a temporary file within a size
 * limit (the upload itself is limited, not only what it inflates to) while holding one of the
 * user's upload slots (uploads/receive-upload.ts), the archive's central directory checked against
 * the zip limits before anything inflates it (uploads/zip-limits.ts; validate-package.ts then
 * counts the real bytes), and its fields checked with zod, each problem a short Vietnamese
 * sentence for the field it belongs to.
 */
import { z } from 'astro/zod';
import { DEFAULT_H5P_LIMITS } from '../../h5p/package-rules.ts';
import { H5pTitleSchema } from '../../h5p/package-title.ts';
import { PACKAGE_ID_PATTERN, RESERVED_PACKAGE_IDS } from '../../h5p/package-id.ts';
import { receiveUpload, type HeldUpload } from '../uploads/receive-upload.ts';
import { UploadError } from '../uploads/stream-to-disk.ts';
import { UploadBusyError } from '../uploads/upload-slots.ts';
import { describeBytes } from '../../format.ts';
import { checkZipLimits, ZipLimitError, type ZipLimits } from '../uploads/zip-limits.ts';
import { RefusedRequest } from '../../refused-request.ts';

/** Largest `.h5p` file accepted, in bytes. */
export const MAX_UPLOAD_BYTES = 64 * 1024 * 1024;
/** Room for the multipart envelope and the text fields around the file. */
const ENVELOPE_BYTES = 64 * 1024;

/** The limits validate-package.ts enforces while inflating, checked up front on the central directory. */
const H5P_ZIP_LIMITS: ZipLimits = {
  maxEntries: DEFAULT_H5P_LIMITS.maxEntries,
  maxEntryBytes: DEFAULT_H5P_LIMITS.maxFileBytes,
  maxTotalBytes: DEFAULT_H5P_LIMITS.maxTotalBytes,
  maxRatio: 100,
  ratioFromBytes: 1024 * 1024,
};

/** A form field of the import page. */
export type ImportField = 'file' | 'id' | 'title';

/** A problem with the upload, with the HTTP status to answer and the field to show it next to. */
export class ImportFormError extends RefusedRequest {
  readonly field: ImportField;
  constructor(status: number, field: ImportField, message: string, retryAfterSeconds?: number) {
    super(status, message, retryAfterSeconds);
    this.field = field;
  }
}

/** The text fields of the import form. */
export const H5pImportFieldsSchema = z.object({
  /** The id lessons will use in <H5P id="…" />. */
  id: z
    .string({ error: 'Hãy nhập mã hoạt động, ví dụ phan-loai-don.' })
    .trim()
    .min(1, { error: 'Hãy nhập mã hoạt động, ví dụ phan-loai-don.' })
    .regex(PACKAGE_ID_PATTERN, {
      error:
        'Mã hoạt động chỉ gồm chữ thường không dấu, chữ số và dấu gạch ngang, dài 2–64 ký tự, không bắt đầu hay kết thúc bằng gạch ngang; ví dụ phan-loai-don.',
    })
    .refine((id) => !RESERVED_PACKAGE_IDS.has(id), { error: 'Mã này dành riêng cho hệ thống; hãy chọn mã khác.' }),
  /** The title instructors see in the list and lessons show above the activity: plain text (src/lib/h5p/package-title.ts). */
  title: H5pTitleSchema,
});

/** A chosen package: its name, size and the temporary file it waits in. */
export interface UploadedPackage {
  name: string;
  size: number;
  path: string;
}

/** What the form sent: its text fields as typed and the file, if one was chosen. */
export interface ImportUpload {
  fields: { id: string; title: string };
  file?: UploadedPackage;
  /** Frees the upload slot and removes the temporary file; call it in a `finally`. */
  done(): Promise<void>;
}

const TOO_LARGE = `Tệp lớn hơn ${describeBytes(MAX_UPLOAD_BYTES)}, giới hạn cho một gói H5P. Hãy giảm dung lượng hình ảnh, âm thanh trong gói rồi xuất lại.`;

/**
 * Takes an upload slot of `userId` and receives the import form, the file onto disk. Throws
 * ImportFormError (400, 413, 415, 429); the slot and the file are already freed then.
 */
export async function readImportUpload(request: Request, userId: string): Promise<ImportUpload> {
  let upload: HeldUpload;
  try {
    upload = await receiveUpload(request, userId, 'h5p', {
      files: { file: { maxBytes: MAX_UPLOAD_BYTES, tooLarge: TOO_LARGE } },
      envelopeBytes: ENVELOPE_BYTES,
      label: 'Nhập gói H5P',
    });
  } catch (error) {
    if (error instanceof UploadBusyError)
      throw new ImportFormError(429, 'file', error.message, error.retryAfterSeconds);
    if (error instanceof UploadError) {
      throw new ImportFormError(
        error.status,
        'file',
        error.reason === 'not-multipart' ? 'Hãy gửi gói bằng biểu mẫu "Nhập gói" trên trang này.' : error.message,
      );
    }
    throw error;
  }
  const fields = { id: upload.fields.get('id') ?? '', title: upload.fields.get('title') ?? '' };
  const file = upload.files.get('file');
  return { fields, file: file ? { name: file.name, size: file.size, path: file.path } : undefined, done: upload.done };
}

/** Checks the chosen file before it is opened: present, not empty, named .h5p. */
export function checkChosenFile(file: ImportUpload['file']): UploadedPackage {
  if (!file) throw new ImportFormError(400, 'file', 'Hãy chọn tệp gói H5P (.h5p) để nhập.');
  if (!/\.h5p$/i.test(file.name)) {
    throw new ImportFormError(
      415,
      'file',
      `Tệp "${file.name}" không phải gói H5P: chỉ nhận tệp .h5p xuất từ trình soạn H5P.`,
    );
  }
  if (file.size === 0)
    throw new ImportFormError(400, 'file', `Tệp "${file.name}" không có nội dung. Hãy xuất lại gói rồi tải lên.`);
  return file;
}

/**
 * Refuses a zip bomb from its central directory alone (entry count, declared sizes, ratios),
 * before validate-package.ts inflates anything; throws ImportFormError 422. A file that is not a
 * zip is left to validate-package.ts, which says so in its own words.
 */
export async function checkPackageZip(file: UploadedPackage): Promise<void> {
  try {
    await checkZipLimits(file.path, H5P_ZIP_LIMITS, { label: 'Gói H5P này', inflate: false });
  } catch (error) {
    if (!(error instanceof ZipLimitError)) throw error;
    if (error.kind !== 'unreadable') throw new ImportFormError(422, 'file', error.message);
  }
}
