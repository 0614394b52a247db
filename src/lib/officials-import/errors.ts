import { RefusedRequest } from '../refused-request.ts';

/** Why an import (upload, preview or commit) was refused as a whole: an HTTP status and a Vietnamese sentence. */
export class ImportError extends RefusedRequest {}

/** Largest upload accepted, in bytes. */
export const MAX_FILE_BYTES = 10 * 1024 * 1024;

/** Most data rows one file may hold. */
export const MAX_ROWS = 50_000;
