/**
 * Receiving a unit list upload: one of the user's upload slots (shared with the officials
 * import), the multipart body streamed to a temporary file, the officials import's size limit.
 */
import { ImportError, MAX_FILE_BYTES } from '../../officials-import/errors.ts';
import type { UploadSource } from '../officials-import/read-file.ts';
import { receiveUpload } from '../uploads/receive-upload.ts';
import { UploadError } from '../uploads/stream-to-disk.ts';
import { UploadBusyError } from '../uploads/upload-slots.ts';

/** A received unit list: its name, where it waits, and `done()` to call once read. */
export interface ReceivedUnitList {
  fileName: string;
  source: UploadSource;
  done(): Promise<void>;
}

/** Receives the "file" field of a multipart upload; throws ImportError (400, 413, 415, 429). */
export async function receiveUnitList(request: Request, userId: string): Promise<ReceivedUnitList> {
  let upload;
  try {
    upload = await receiveUpload(request, userId, 'officials', {
      files: {
        file: {
          maxBytes: MAX_FILE_BYTES,
          tooLarge: `Tệp lớn hơn ${MAX_FILE_BYTES / 1024 / 1024} MB. Hãy chia danh sách thành nhiều tệp nhỏ hơn.`,
        },
      },
      envelopeBytes: 64 * 1024,
      label: 'Nhập danh sách đơn vị',
    });
  } catch (error) {
    if (error instanceof UploadBusyError) throw new ImportError(429, error.message, error.retryAfterSeconds);
    if (error instanceof UploadError)
      throw new ImportError(
        error.status,
        error.reason === 'not-multipart'
          ? 'Hãy gửi tệp bằng biểu mẫu trên trang nhập danh sách đơn vị.'
          : error.message,
      );
    throw error;
  }
  const file = upload.files.get('file');
  if (!file || file.size === 0) {
    await upload.done();
    throw new ImportError(400, 'Hãy chọn tệp danh sách đơn vị (.xlsx hoặc .csv).');
  }
  return {
    fileName: file.name || 'danh-sach-don-vi.csv',
    source: { path: file.path, size: file.size, head: file.head },
    done: upload.done,
  };
}
