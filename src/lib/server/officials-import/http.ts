/**
 * The HTTP edge of the import pages: receiving a multipart upload straight to a temporary file
 * (never whole in memory) while holding one of the user's upload slots (uploads/receive-upload.ts),
 * and answering either the page (no JavaScript) or JSON (the page's script).
 */
import { ImportError, MAX_FILE_BYTES } from '../../officials-import/errors.ts';
import type { ImportJobStatus } from './jobs.ts';
import type { UploadSource } from './read-file.ts';
import { jsonResponse } from '../api-http.ts';
import { receiveUpload, type HeldUpload } from '../uploads/receive-upload.ts';
import { UploadError } from '../uploads/stream-to-disk.ts';
import { UploadBusyError } from '../uploads/upload-slots.ts';

/** Room for the multipart envelope around the file. */
const ENVELOPE_BYTES = 64 * 1024;

const TOO_LARGE = `Tệp lớn hơn ${MAX_FILE_BYTES / 1024 / 1024} MB. Hãy chia danh sách thành nhiều tệp nhỏ hơn rồi tải lên từng tệp.`;

/** True when the page's script asked for JSON rather than a page. */
export function wantsJson(request: Request): boolean {
  return (request.headers.get('accept') ?? '').includes('application/json');
}

/** A received upload: its name, where it waits on disk, and `done()` to call once it has been read (frees the slot, removes the file). */
export interface ReceivedImport {
  fileName: string;
  source: UploadSource;
  done(): Promise<void>;
}

/**
 * Takes an upload slot of `userId`, then receives the file of a multipart upload (field "file")
 * onto disk. Throws ImportError 400/413/415, or 429 (with retryAfterSeconds) when the user or the
 * servers already have as many uploads as allowed; the slot is then already free again.
 */
export async function readUpload(request: Request, userId: string): Promise<ReceivedImport> {
  let upload: HeldUpload;
  try {
    upload = await receiveUpload(request, userId, 'officials', {
      files: { file: { maxBytes: MAX_FILE_BYTES, tooLarge: TOO_LARGE } },
      envelopeBytes: ENVELOPE_BYTES,
      label: 'Nhập danh sách cán bộ',
    });
  } catch (error) {
    if (error instanceof UploadBusyError) throw new ImportError(429, error.message, error.retryAfterSeconds);
    if (error instanceof UploadError) {
      const message =
        error.reason === 'not-multipart'
          ? 'Hãy gửi tệp bằng biểu mẫu "Tải lên và kiểm tra" trên trang nhập danh sách cán bộ.'
          : error.reason === 'unreadable'
            ? 'Không đọc được tệp gửi lên. Hãy chọn lại tệp rồi thử lại.'
            : error.message;
      throw new ImportError(error.status, message);
    }
    throw error;
  }
  const file = upload.files.get('file');
  if (!file) {
    await upload.done();
    throw new ImportError(400, 'Hãy chọn tệp danh sách cán bộ (.xlsx hoặc .csv).');
  }
  // done() never rejects: it runs after the answer, once the job has read the file.
  return {
    fileName: file.name || 'danh-sach.csv',
    source: { path: file.path, size: file.size, head: file.head },
    done: upload.done,
  };
}

/** Headers of an ImportError's answer (Retry-After for a 429). */
export function errorHeaders(error: ImportError): Record<string, string> {
  return error.retryAfterSeconds ? { 'Retry-After': String(error.retryAfterSeconds) } : {};
}

/**
 * The answer to a POST that started a job: for the page's script, the job to poll (202); for a
 * plain form, wait for it and redirect where it says (303), or throw its error for the page.
 */
export async function answerForJob(
  job: ImportJobStatus & { finished: Promise<ImportJobStatus> },
  json: boolean,
  failure: string,
): Promise<Response> {
  if (json) return jsonResponse(202, { job: job.id, progress: `/quan-tri/nhap-can-bo/tien-do/${job.id}/` });
  const finished = await job.finished;
  if (finished.state === 'done' && finished.redirectTo)
    return new Response(null, { status: 303, headers: { Location: finished.redirectTo } });
  throw new ImportError(finished.error?.status ?? 500, finished.error?.message ?? failure);
}
