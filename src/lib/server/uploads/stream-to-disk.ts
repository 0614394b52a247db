/**
 * Receiving a multipart upload without holding it in memory (OWASP ASVS 5.0, issue 14): the body
 * is parsed as it arrives (busboy), each file goes straight to a temporary file under
 * data/tmp/uploads while its bytes are counted, text fields are kept (small, limited). Past a
 * limit the file is removed and the request refused with 413. `request.formData()` would buffer
 * the whole body first, which is what this replaces.
 *
 * The temporary folder is under data/ (not os.tmpdir()) so that a stored upload can be renamed
 * into place (a video into data/drafts/) on the same file system, without a copy.
 */
import { randomUUID } from 'node:crypto';
import { createWriteStream, type WriteStream } from 'node:fs';
import { mkdir, readdir, rename, copyFile, rm, stat, unlink } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import busboy from 'busboy';

/** A file field the form may send, and its limit. */
export interface FileRule {
  /** Largest file accepted, in bytes. */
  maxBytes: number;
  /** The Vietnamese refusal when it is larger. */
  tooLarge: string;
}

export interface ReceiveOptions {
  /** The file fields accepted, by name; files in other fields are dropped unread. */
  files: Record<string, FileRule>;
  /** Largest text field, in bytes (default 256 KB). */
  maxFieldBytes?: number;
  /** Most text fields (default 20). */
  maxFields?: number;
  /** Room for the multipart envelope and text fields on top of the files (default 1 MB). */
  envelopeBytes?: number;
}

/** A file stored by receiveMultipart. */
export interface ReceivedFile {
  field: string;
  /** The name the browser gave it. */
  name: string;
  /** Where it waits on disk (removed by dispose() unless moved away). */
  path: string;
  size: number;
  /** Its first bytes, to recognise the format without reading the file again. */
  head: Buffer;
}

export interface ReceivedUpload {
  fields: Map<string, string>;
  /** Files that were chosen (a file input left empty sends no file). */
  files: Map<string, ReceivedFile>;
  /** Removes the temporary files that are still there; safe to call twice. */
  dispose(): Promise<void>;
}

/** Why an upload could not be received: an HTTP status, a Vietnamese sentence, the field it concerns. */
export class UploadError extends Error {
  readonly status: number;
  readonly reason: 'not-multipart' | 'unreadable' | 'too-large';
  readonly field?: string;
  constructor(status: number, reason: UploadError['reason'], message: string, field?: string) {
    super(message);
    this.status = status;
    this.reason = reason;
    this.field = field;
  }
}

const HEAD_BYTES = 4096;
const UNREADABLE = 'Không đọc được dữ liệu gửi lên. Hãy chọn lại tệp rồi thử lại.';
/** Temporary files older than this were left by a stopped server and are removed. */
const STALE_MS = 24 * 3_600_000;

let cleaned = false;

/** The folder temporary uploads are written to (UPLOAD_TMP_DIR, default data/tmp/uploads). */
export async function uploadTempDir(): Promise<string> {
  const dir = resolve(process.env.UPLOAD_TMP_DIR ?? join(process.cwd(), 'data', 'tmp', 'uploads'));
  // The folder is private; files get the mode of any stored media, since a video is renamed into place as it is.
  await mkdir(dir, { recursive: true, mode: 0o700 });
  if (!cleaned) {
    cleaned = true;
    // Once per process: files a crashed server left behind (another instance's live uploads are recent).
    void removeStale(dir).catch(() => {});
  }
  return dir;
}

async function removeStale(dir: string): Promise<void> {
  const now = Date.now();
  for (const name of await readdir(dir)) {
    const path = join(dir, name);
    const info = await stat(path).catch(() => undefined);
    if (info && now - info.mtimeMs > STALE_MS) await rm(path, { force: true, recursive: true });
  }
}

/** Moves a received file to `target` (same file system: a rename; otherwise copied, then removed). */
export async function moveFile(from: string, target: string): Promise<void> {
  try {
    await rename(from, target);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EXDEV') throw error;
    await copyFile(from, target);
    await unlink(from);
  }
}

/** The largest body `options` accept: every file at its limit, plus the envelope. */
export function maxBodyBytes(options: ReceiveOptions): number {
  return (
    Object.values(options.files).reduce((sum, rule) => sum + rule.maxBytes, 0) + (options.envelopeBytes ?? 1024 * 1024)
  );
}

/**
 * Reads a multipart/form-data request: text fields into memory, files (the fields of
 * `options.files`) onto disk. Throws UploadError: 415 not multipart, 400 unreadable, 413 a file
 * or the whole body over its limit (nothing is left on disk then). A body whose declared length
 * is already too large is refused without being read.
 */
export async function receiveMultipart(request: Request, options: ReceiveOptions): Promise<ReceivedUpload> {
  const contentType = request.headers.get('content-type') ?? '';
  if (!contentType.toLowerCase().startsWith('multipart/form-data'))
    throw new UploadError(415, 'not-multipart', 'Hãy gửi tệp bằng biểu mẫu trên trang này.');
  const rules = Object.entries(options.files);
  const largest = rules.reduce((max, [, rule]) => Math.max(max, rule.maxBytes), 0);
  const maxBody = maxBodyBytes(options);
  const firstRule = rules[0];
  const bodyTooLarge = () =>
    new UploadError(413, 'too-large', firstRule?.[1].tooLarge ?? 'Dữ liệu gửi lên quá lớn.', firstRule?.[0]);

  const declared = Number(request.headers.get('content-length') ?? NaN);
  if (Number.isFinite(declared) && declared > maxBody) {
    // Nothing is stored; read and dropped (up to twice the limit) so the browser gets the 413 rather than a reset.
    await discardBody(request, 2 * maxBody);
    throw bodyTooLarge();
  }

  const dir = await uploadTempDir();
  const fields = new Map<string, string>();
  const files = new Map<string, ReceivedFile>();
  const written: string[] = [];
  const pending: Promise<void>[] = [];
  let tooLarge: UploadError | undefined;
  const dispose = async () => {
    await Promise.all(written.splice(0).map((path) => rm(path, { force: true })));
  };

  let parser: ReturnType<typeof busboy>;
  try {
    parser = busboy({
      headers: { 'content-type': contentType },
      // Browsers send file names as raw UTF-8; busboy's default (latin1) would garble Vietnamese names.
      defParamCharset: 'utf8',
      // busboy stops (and discards) a file one byte past the largest limit; each field's own limit is checked below.
      limits: {
        fileSize: largest + 1,
        files: rules.length,
        fields: options.maxFields ?? 20,
        fieldSize: options.maxFieldBytes ?? 256 * 1024,
        parts: rules.length + (options.maxFields ?? 20),
      },
    });
  } catch {
    throw new UploadError(400, 'unreadable', UNREADABLE);
  }

  parser.on('field', (name, value, info) => {
    if (info.valueTruncated) tooLarge ??= new UploadError(413, 'too-large', `Nội dung ô "${name}" quá dài.`, name);
    else fields.set(name, value);
  });
  parser.on('file', (name, stream, info) => {
    const rule = options.files[name];
    // An unexpected field, a second file of one field, or an empty file input: read past it.
    if (!rule || files.has(name) || !info.filename) {
      stream.resume();
      return;
    }
    const path = join(dir, `${randomUUID()}.upload`);
    written.push(path);
    const file: ReceivedFile = { field: name, name: info.filename, path, size: 0, head: Buffer.alloc(0) };
    files.set(name, file);
    pending.push(
      storeFile(stream, createWriteStream(path, { flags: 'wx', mode: 0o644 }), file, rule, () => {
        tooLarge ??= new UploadError(413, 'too-large', rule.tooLarge, name);
      }),
    );
  });
  const parsed = new Promise<void>((done, fail) => {
    parser.on('close', done);
    parser.on('error', fail);
  });
  // Awaited below; a parser destroyed after a failure also rejects it, which nobody needs to hear.
  parsed.catch(() => {});

  try {
    const reader = request.body?.getReader();
    let received = 0;
    if (reader) {
      for (;;) {
        const { done, value } = await reader.read();
        if (done) break;
        received += value.byteLength;
        if (received > maxBody) {
          // A body that did not declare its length, or lied about it: stop reading here.
          await reader.cancel().catch(() => {});
          throw bodyTooLarge();
        }
        if (!parser.write(value)) await waitForDrain(parser);
      }
    }
    parser.end();
    await parsed;
    await Promise.all(pending);
  } catch (error) {
    parser.destroy();
    await Promise.allSettled(pending);
    await dispose();
    if (error instanceof UploadError) throw error;
    throw new UploadError(400, 'unreadable', UNREADABLE);
  }
  if (tooLarge) {
    await dispose();
    throw tooLarge;
  }
  return { fields, files, dispose };
}

/**
 * Reads a request's body and drops it, before a refusal (413, 429) is answered: a browser still
 * sending its upload when the server answers and stops reading often shows a reset instead of
 * the answer. A body declared (or found) larger than `limit` is cut off instead.
 */
export async function discardBody(request: Request, limit: number): Promise<void> {
  const reader = request.body?.getReader();
  if (!reader) return;
  const declared = Number(request.headers.get('content-length') ?? NaN);
  let read = 0;
  try {
    if (Number.isFinite(declared) && declared > limit) return;
    for (;;) {
      const { done, value } = await reader.read();
      if (done) return;
      read += value.byteLength;
      if (read > limit) return;
    }
  } catch {
    // The browser went away: nothing left to answer.
  } finally {
    await reader.cancel().catch(() => {});
  }
}

/** Waits until busboy takes more input, or fails when it errors meanwhile. */
function waitForDrain(parser: ReturnType<typeof busboy>): Promise<void> {
  return new Promise((done, fail) => {
    const onError = (error: Error) => fail(error);
    parser.once('error', onError);
    parser.once('drain', () => {
      parser.off('error', onError);
      done();
    });
  });
}

/**
 * Writes one file part to disk, counting bytes and keeping the first ones. Past the field's limit
 * the file is closed and removed and the rest of the part is read and dropped (the body keeps
 * flowing, so the other fields are still read and the browser gets the answer).
 */
function storeFile(
  stream: NodeJS.ReadableStream & { truncated?: boolean },
  sink: WriteStream,
  file: ReceivedFile,
  rule: FileRule,
  onTooLarge: () => void,
): Promise<void> {
  return new Promise((done, fail) => {
    const head: Buffer[] = [];
    let headSize = 0;
    let over = false;
    let failed = false;
    sink.on('error', (error) => {
      failed = true;
      stream.resume();
      fail(error);
    });
    stream.on('data', (chunk: Buffer) => {
      if (over || failed) return;
      file.size += chunk.length;
      if (file.size > rule.maxBytes) {
        over = true;
        onTooLarge();
        sink.destroy();
        rm(file.path, { force: true }).catch(() => {});
        return;
      }
      if (headSize < HEAD_BYTES) {
        const part = chunk.subarray(0, HEAD_BYTES - headSize);
        head.push(part);
        headSize += part.length;
      }
      if (!sink.write(chunk)) {
        stream.pause();
        sink.once('drain', () => stream.resume());
      }
    });
    stream.on('error', (error) => {
      sink.destroy();
      fail(error);
    });
    stream.on('end', () => {
      file.head = Buffer.concat(head);
      if (over || failed) return over ? done() : undefined;
      // 'close': the file is complete on disk and its descriptor released before it is renamed or read.
      sink.once('close', () => done());
      sink.end();
    });
  });
}
