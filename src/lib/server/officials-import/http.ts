/**
 * The HTTP edge of the import pages: receiving a multipart upload straight to a temporary file
 * (never whole in memory, uploads/stream-to-disk.ts) while holding one of the user's upload slots
 * (uploads/upload-slots.ts), and answering either the page (no JavaScript) or JSON (the page's script).
 */
import { ImportError, MAX_FILE_BYTES } from './errors.ts';
import type { ImportJobStatus } from './jobs.ts';
import type { UploadSource } from './read-file.ts';
import { jsonResponse } from '../api-http.ts';
import { receiveMultipart, UploadError } from '../uploads/stream-to-disk.ts';
import { acquireSlotForRequest, UploadBusyError } from '../uploads/upload-slots.ts';

/** Room for the multipart envelope around the file. */
const ENVELOPE_BYTES = 64 * 1024;
/** A refused upload's body is read and dropped up to this size, so the browser gets the answer; past it the connection is cut. */
const DRAIN_BYTES = 2 * (MAX_FILE_BYTES + ENVELOPE_BYTES);

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
  let slot;
  try {
    slot = await acquireSlotForRequest(request, userId, 'officials', DRAIN_BYTES);
  } catch (error) {
    if (error instanceof UploadBusyError) throw new ImportError(429, error.message, error.retryAfterSeconds);
    throw error;
  }
  try {
    const upload = await receiveMultipart(request, { files: { file: { maxBytes: MAX_FILE_BYTES, tooLarge: TOO_LARGE } }, envelopeBytes: ENVELOPE_BYTES });
    // Never rejects: it runs after the answer, once the job has read the file.
    const done = async () => {
      await upload.dispose().catch((error: unknown) => console.error('Nhập danh sách cán bộ: không xoá được tệp tạm', error));
      await slot.release().catch((error: unknown) => console.error('Nhập danh sách cán bộ: không trả được lượt tải lên', error));
    };
    const file = upload.files.get('file');
    if (!file) {
      await done();
      throw new ImportError(400, 'Hãy chọn tệp danh sách cán bộ (.xlsx hoặc .csv).');
    }
    return { fileName: file.name || 'danh-sach.csv', source: { path: file.path, size: file.size, head: file.head }, done };
  } catch (error) {
    await slot.release();
    if (error instanceof UploadError) {
      const message = error.reason === 'not-multipart' ? 'Hãy gửi tệp bằng biểu mẫu "Tải lên và kiểm tra" trên trang nhập danh sách cán bộ.' : error.reason === 'unreadable' ? 'Không đọc được tệp gửi lên. Hãy chọn lại tệp rồi thử lại.' : error.message;
      throw new ImportError(error.status, message);
    }
    throw error;
  }
}

/** Headers of an ImportError's answer (Retry-After for a 429). */
export function errorHeaders(error: ImportError): Record<string, string> {
  return error.retryAfterSeconds ? { 'Retry-After': String(error.retryAfterSeconds) } : {};
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
