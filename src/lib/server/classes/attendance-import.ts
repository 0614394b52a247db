/**
 * Importing a class's attendance list from an XLSX file: read the first sheet, validate every row
 * against the officials of the administrator's scope, then write all rows or none.
 */
import type { TrainingClass } from '../../../../db/schema/index.ts';
import type { SessionUser } from '../auth/sessions.ts';
import type { SheetRow } from '../../spreadsheet/sheet-rows.ts';
import { runInWorker, serverWorkerFile, WorkerJobError } from '../uploads/parse-worker.ts';
import { withUploadSlot } from '../uploads/upload-slots.ts';
import type { AttendanceJobInput } from './attendance-job.ts';
import { ATTENDANCE_COLUMNS, foldText, validateAttendanceRows, type RowError } from '../../classes/attendance-rows.ts';
import { AttendanceRefused, officialsByCodeInScope, recordAttendances } from './class-store.ts';
import { todayInVietnam } from '../../vietnam-time.ts';

/**
 * The attendance list arrives through an Astro action, whose whole body (file and form) Astro caps
 * at 1 MB (security.actionBodySizeLimit): the file's own limit stays under it, so this message,
 * not a bare refusal, is what an administrator sees. 900 KB is some 10,000 rows.
 */
export const MAX_ATTENDANCE_BYTES = 900 * 1024;

/** The outcome: how many attendees were recorded, or every error (nothing written). */
export type AttendanceImportResult = { ok: true; recorded: number } | { ok: false; errors: RowError[] };

/**
 * The non-blank rows of the first worksheet, cells as the text a person reads; undefined when the
 * file is not a workbook. The zip checks and exceljs run in a worker with a memory cap
 * (attendance-job.ts): a zip bomb fails there, with a Vietnamese refusal (WorkerJobError 422).
 */
export async function readAttendanceSheet(bytes: Uint8Array): Promise<SheetRow[] | undefined> {
  if (bytes.length < 4 || bytes[0] !== 0x50 || bytes[1] !== 0x4b) return undefined;
  const input: AttendanceJobInput = { source: bytes };
  return runInWorker<AttendanceJobInput, SheetRow[] | undefined>(serverWorkerFile('classes/attendance-job.ts'), input, {
    maxOldGenerationSizeMb: 256,
    timeoutMs: 60_000,
  });
}

/** Imports an attendance list into a class already found in the user's scope. */
export async function importAttendance(
  user: SessionUser,
  trainingClass: TrainingClass,
  bytes: Uint8Array,
): Promise<AttendanceImportResult> {
  let rows: SheetRow[] | undefined;
  try {
    // Parsing holds one of the user's upload slots (uploads/upload-slots.ts), shared by every instance.
    rows = await withUploadSlot(user.id, 'attendance', () => readAttendanceSheet(bytes));
  } catch (error) {
    // A busy refusal (UploadBusyError, 429) is the caller's to answer.
    if (error instanceof WorkerJobError) return { ok: false, errors: [{ row: 0, message: error.message }] };
    throw error;
  }
  if (!rows)
    return {
      ok: false,
      errors: [
        {
          row: 0,
          message:
            'Không đọc được tệp. Hãy chọn tệp Excel (.xlsx) theo mẫu: Mã cán bộ, Họ và tên, Kết quả, Điểm, Số chứng chỉ.',
        },
      ],
    };
  const codeColumn = Math.max(
    0,
    rows[0]?.cells.findIndex((cell) => foldText(cell) === foldText(ATTENDANCE_COLUMNS[0])) ?? 0,
  );
  const officials = await officialsByCodeInScope(
    user,
    rows.slice(1).map((row) => row.cells[codeColumn] ?? ''),
  );
  const checked = validateAttendanceRows(rows, officials, { endsOn: trainingClass.endsOn, today: todayInVietnam() });
  if ('errors' in checked) return { ok: false, errors: checked.errors };
  try {
    await recordAttendances(user, trainingClass, checked.attendances, 'import-attendance');
  } catch (error) {
    // The rows were checked against the same rule; this is only a day that turned meanwhile.
    if (error instanceof AttendanceRefused) return { ok: false, errors: [{ row: 0, message: error.message }] };
    throw error;
  }
  return { ok: true, recorded: checked.attendances.length };
}
