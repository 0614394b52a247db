/**
 * Reading an archive with yauzl, entry by entry, counting the bytes actually inflated so a header
 * that lies about sizes cannot get more past the limits than one chunk. Shared by the zip-bomb
 * checks (zip-limits.ts) and the H5P package reader; knows nothing of either format.
 */
import yauzl, { type Entry, type ZipFile } from 'yauzl';
import type { Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';

/** An archive given as a path on disk or as the uploaded bytes. */
export type ZipSource = string | Buffer;

const ZIP_OPTIONS = {
  lazyEntries: true,
  validateEntrySizes: true,
  decodeStrings: true,
  strictFileNames: true,
  autoClose: false,
};

/** Opens the archive, or returns null when it is not a readable zip. */
export async function openZip(source: ZipSource): Promise<ZipFile | null> {
  try {
    return typeof source === 'string'
      ? await yauzl.openPromise(source, ZIP_OPTIONS)
      : await yauzl.fromBufferPromise(source, ZIP_OPTIONS);
  } catch {
    return null;
  }
}

/** Closes an archive opened by openZip, ignoring a second close. */
export function closeZip(zip: ZipFile): void {
  try {
    if (zip.isOpen) zip.close();
  } catch {
    // Already closed: nothing to release.
  }
}

/** Thrown when inflating an entry goes past a byte budget. */
export class ByteLimitError extends Error {
  readonly scope: 'file' | 'total';
  constructor(scope: 'file' | 'total') {
    super(`byte limit exceeded (${scope})`);
    this.scope = scope;
  }
}

/** Remaining byte budget shared across the entries of one archive. */
export interface ByteBudget {
  totalLeft: number;
  maxFileBytes: number;
}

/**
 * Inflates one entry, charging every chunk to the budget; collects it when `collect` is true (or
 * only its first `head` bytes), writes it to `sink` when given, and tells `onChunk` the size so far
 * (it may throw to stop). Returns the inflated size and, if collected, the bytes.
 */
export async function inflateEntry(
  zip: ZipFile,
  entry: Entry,
  budget: ByteBudget,
  options: { collect?: boolean; head?: number; sink?: Writable; onChunk?: (size: number) => void } = {},
): Promise<{ size: number; data?: Buffer }> {
  const stream = await zip.openReadStreamPromise(entry);
  const chunks: Buffer[] = [];
  const keep = options.collect ? Number.POSITIVE_INFINITY : (options.head ?? 0);
  let kept = 0;
  let size = 0;
  async function* counted(source: AsyncIterable<Buffer>) {
    for await (const chunk of source) {
      size += chunk.length;
      if (size > budget.maxFileBytes) throw new ByteLimitError('file');
      if (size > budget.totalLeft) throw new ByteLimitError('total');
      options.onChunk?.(size);
      if (kept < keep) {
        const part = chunk.length <= keep - kept ? chunk : chunk.subarray(0, keep - kept);
        chunks.push(part);
        kept += part.length;
      }
      yield chunk;
    }
  }
  if (options.sink) {
    // pipeline destroys every stream on failure and reports the first error.
    await pipeline(stream, counted, options.sink);
  } else {
    try {
      for await (const _chunk of counted(stream)) {
        // Counting and collecting happen in `counted`.
      }
    } finally {
      stream.destroy();
    }
  }
  budget.totalLeft -= size;
  return { size, data: keep > 0 ? Buffer.concat(chunks) : undefined };
}
