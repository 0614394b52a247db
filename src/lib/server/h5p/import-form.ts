/**
 * The import form at its edge: the multipart body read within a size limit (the upload itself is
 * limited, not only what it inflates to), and its fields checked with zod, each problem a short
 * Vietnamese sentence for the field it belongs to.
 */
import { z } from 'astro/zod';
import { describeBytes } from './package-rules.ts';
import { H5pTitleSchema } from './package-title.ts';
import { PACKAGE_ID_PATTERN, RESERVED_PACKAGE_IDS } from './storage.ts';
import { readBodyWithin } from '../limited-body.ts';

/** Largest `.h5p` file accepted, in bytes. */
export const MAX_UPLOAD_BYTES = 64 * 1024 * 1024;
/** Room for the multipart envelope and the text fields around the file. */
const ENVELOPE_BYTES = 64 * 1024;
/** An oversized body is read (and dropped) up to this size so the browser gets the answer; past it the connection is cut. */
const DRAIN_LIMIT_BYTES = 2 * MAX_UPLOAD_BYTES;

/** A form field of the import page. */
export type ImportField = 'file' | 'id' | 'title';

/** A problem with the upload, with the HTTP status to answer and the field to show it next to. */
export class ImportFormError extends Error {
  readonly status: number;
  readonly field: ImportField;
  constructor(status: number, field: ImportField, message: string) {
    super(message);
    this.status = status;
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
      error: 'Mã hoạt động chỉ gồm chữ thường không dấu, chữ số và dấu gạch ngang, dài 2–64 ký tự, không bắt đầu hay kết thúc bằng gạch ngang; ví dụ phan-loai-don.',
    })
    .refine((id) => !RESERVED_PACKAGE_IDS.has(id), { error: 'Mã này dành riêng cho hệ thống; hãy chọn mã khác.' }),
  /** The title instructors see in the list and lessons show above the activity: plain text (package-title.ts). */
  title: H5pTitleSchema,
});

/** What the form sent: its text fields as typed and the file, if one was chosen. */
export interface ImportUpload {
  fields: { id: string; title: string };
  file?: { name: string; bytes: Buffer };
}

const TOO_LARGE = `Tệp lớn hơn ${describeBytes(MAX_UPLOAD_BYTES)}, giới hạn cho một gói H5P. Hãy giảm dung lượng hình ảnh, âm thanh trong gói rồi xuất lại.`;

/** Reads the multipart body of the import form. Throws ImportFormError (400, 413, 415). */
export async function readImportUpload(request: Request): Promise<ImportUpload> {
  const contentType = request.headers.get('content-type') ?? '';
  if (!contentType.toLowerCase().startsWith('multipart/form-data')) {
    throw new ImportFormError(415, 'file', 'Hãy gửi gói bằng biểu mẫu "Nhập gói" trên trang này.');
  }
  const body = await readBodyWithin(request, MAX_UPLOAD_BYTES + ENVELOPE_BYTES, DRAIN_LIMIT_BYTES);
  if (!body) throw new ImportFormError(413, 'file', TOO_LARGE);
  let form: FormData;
  try {
    form = await new Response(body, { headers: { 'Content-Type': contentType } }).formData();
  } catch {
    throw new ImportFormError(400, 'file', 'Không đọc được dữ liệu gửi lên. Hãy chọn lại tệp rồi thử lại.');
  }
  const text = (name: string) => {
    const value = form.get(name);
    return typeof value === 'string' ? value : '';
  };
  const fields = { id: text('id'), title: text('title') };
  const file = form.get('file');
  if (!(file instanceof File) || (file.size === 0 && !file.name)) return { fields };
  if (file.size > MAX_UPLOAD_BYTES) throw new ImportFormError(413, 'file', TOO_LARGE);
  return { fields, file: { name: file.name, bytes: Buffer.from(await file.arrayBuffer()) } };
}

/** Checks the chosen file before it is opened: present, not empty, named .h5p. */
export function checkChosenFile(file: ImportUpload['file']): { name: string; bytes: Buffer } {
  if (!file) throw new ImportFormError(400, 'file', 'Hãy chọn tệp gói H5P (.h5p) để nhập.');
  if (!/\.h5p$/i.test(file.name)) {
    throw new ImportFormError(415, 'file', `Tệp "${file.name}" không phải gói H5P: chỉ nhận tệp .h5p xuất từ trình soạn H5P.`);
  }
  if (file.bytes.length === 0) throw new ImportFormError(400, 'file', `Tệp "${file.name}" không có nội dung. Hãy xuất lại gói rồi tải lên.`);
  return file;
}

