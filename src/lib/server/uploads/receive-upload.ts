/**
 * An upload form's receipt from start to end: one of the user's upload slots taken
 * (upload-slots.ts), then the multipart body streamed to disk (stream-to-disk.ts), and one `done()`
 * that undoes both. The officials import, H5P import and video forms use it and word its refusals
 * in their own terms.
 */
import { maxBodyBytes, receiveMultipart, type ReceivedUpload, type ReceiveOptions } from './stream-to-disk.ts';
import { acquireSlotForRequest, type UploadKind } from './upload-slots.ts';

/** A received upload that still holds its slot. */
export interface HeldUpload extends ReceivedUpload {
  /** Removes the temporary files and frees the slot; never rejects (failures are logged under the form's label). */
  done(): Promise<void>;
}

/**
 * Takes an upload slot of `userId`, then receives the form (`options`, and `label` naming the form
 * in the log). Throws UploadBusyError (429) or UploadError (400, 413, 415) with the slot already
 * free again. A refused body is read and dropped up to twice the largest body accepted, so the
 * browser gets the answer; past that the connection is cut.
 */
export async function receiveUpload(
  request: Request,
  userId: string,
  kind: UploadKind,
  options: ReceiveOptions & { label: string },
): Promise<HeldUpload> {
  const slot = await acquireSlotForRequest(request, userId, kind, 2 * maxBodyBytes(options));
  let upload: ReceivedUpload;
  try {
    upload = await receiveMultipart(request, options);
  } catch (error) {
    await slot.release();
    throw error;
  }
  return {
    ...upload,
    async done() {
      await upload
        .dispose()
        .catch((error: unknown) => console.error(`${options.label}: không xoá được tệp tạm`, error));
      await slot
        .release()
        .catch((error: unknown) => console.error(`${options.label}: không trả được lượt tải lên`, error));
    },
  };
}
