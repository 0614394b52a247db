/** Why an import (upload, preview or commit) was refused as a whole: an HTTP status and a Vietnamese sentence. */
export class ImportError extends Error {
  readonly status: number;
  /** For a 429: seconds to wait before trying again (sent as Retry-After). */
  readonly retryAfterSeconds?: number;
  constructor(status: number, message: string, retryAfterSeconds?: number) {
    super(message);
    this.status = status;
    this.retryAfterSeconds = retryAfterSeconds;
  }
}

/** Largest upload accepted, in bytes. */
export const MAX_FILE_BYTES = 10 * 1024 * 1024;

/** Most data rows one file may hold. */
export const MAX_ROWS = 50_000;
