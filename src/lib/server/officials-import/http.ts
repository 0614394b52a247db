/**
 * The HTTP edge of the import pages: reading a multipart upload without ever holding more than
 * the size limit, and answering either the page (no JavaScript) or JSON (the page's script).
 */
import { ImportError, MAX_FILE_BYTES } from './errors.ts';
import type { ImportJobStatus } from './jobs.ts';
import { jsonResponse } from '../api-http.ts';
import { readBodyWithin } from '../limited-body.ts';

/** Room for the multipart envelope around the file. */
const ENVELOPE_BYTES = 64 * 1024;
/** Past this the rest of an oversized body is not even read: the connection is dropped. */
const DRAIN_LIMIT_BYTES = 64 * 1024 * 1024;

const TOO_LARGE = `Tệp lớn hơn ${MAX_FILE_BYTES / 1024 / 1024} MB. Hãy chia danh sách thành nhiều tệp nhỏ hơn rồi tải lên từng tệp.`;

/** True when the page's script asked for JSON rather than a page. */
export function wantsJson(request: Request): boolean {
  return (request.headers.get('accept') ?? '').includes('application/json');
}

/** The file of a multipart upload (field "file"): its name and bytes. Throws ImportError 400/413/415. */
export async function readUpload(request: Request): Promise<{ fileName: string; bytes: Uint8Array }> {
  const contentType = request.headers.get('content-type') ?? '';
  if (!contentType.toLowerCase().startsWith('multipart/form-data')) {
    throw new ImportError(415, 'Hãy gửi tệp bằng biểu mẫu "Tải lên và kiểm tra" trên trang nhập danh sách cán bộ.');
  }
  const body = await readBodyWithin(request, MAX_FILE_BYTES + ENVELOPE_BYTES, DRAIN_LIMIT_BYTES);
  if (!body) throw new ImportError(413, TOO_LARGE);
  let form: FormData;
  try {
    form = await new Response(body, { headers: { 'Content-Type': contentType } }).formData();
  } catch {
    throw new ImportError(400, 'Không đọc được tệp gửi lên. Hãy chọn lại tệp rồi thử lại.');
  }
  const file = form.get('file');
  if (!(file instanceof File) || (file.size === 0 && !file.name)) throw new ImportError(400, 'Hãy chọn tệp danh sách cán bộ (.xlsx hoặc .csv).');
  if (file.size > MAX_FILE_BYTES) throw new ImportError(413, TOO_LARGE);
  return { fileName: file.name || 'danh-sach.csv', bytes: new Uint8Array(await file.arrayBuffer()) };
}

/**
 * The answer to a POST that started a job: for the page's script, the job to poll (202); for a
 * plain form, wait for it and redirect where it says (303), or throw its error for the page.
 */
export async function answerForJob(job: ImportJobStatus & { finished: Promise<ImportJobStatus> }, json: boolean, failure: string): Promise<Response> {
  if (json) return jsonResponse(202, { job: job.id, progress: `/quan-tri/nhap-can-bo/tien-do/${job.id}/` });
  const finished = await job.finished;
  if (finished.state === 'done' && finished.redirectTo) return new Response(null, { status: 303, headers: { Location: finished.redirectTo } });
  throw new ImportError(finished.error?.status ?? 500, finished.error?.message ?? failure);
}
