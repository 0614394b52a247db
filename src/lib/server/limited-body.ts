/** Reading an upload's body with a size limit, for the multipart import forms. */

/**
 * Reads a request body of at most `limit` bytes; undefined when it is larger. An oversized body
 * is still read (and dropped) up to `drainLimit`, so the browser gets the answer, not a reset.
 */
export async function readBodyWithin(
  request: Request,
  limit: number,
  drainLimit: number,
): Promise<Uint8Array<ArrayBuffer> | undefined> {
  const declared = Number(request.headers.get('content-length') ?? NaN);
  const reader = request.body?.getReader();
  if (!reader) return new Uint8Array();
  const parts: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > drainLimit || (Number.isFinite(declared) && declared > drainLimit)) {
      await reader.cancel();
      return undefined;
    }
    if (size <= limit) parts.push(value);
  }
  return size > limit ? undefined : Buffer.concat(parts);
}
