/**
 * Activation letters for a unit (issue 16): who gets one, and the file. Codes are stored hashed,
 * so producing the file IS issuing the codes: every call revokes the letters printed before for
 * the same people (activation-codes.ts) and the file is the only place the new codes exist.
 */
import { and, eq, isNull, or, sql } from 'drizzle-orm';
import { z } from 'astro/zod';
import { officials, units, users } from '../../../../db/schema/index.ts';
import { issueActivationCodes, type ActivationLetter, type SkippedOfficial } from './activation-codes.ts';
import { activationLettersPdf } from './activation-letters-pdf.ts';
import { activationUrl } from '../../accounts/activation-code.ts';
import type { SessionUser } from '../auth/sessions.ts';
import { getDb } from '../db.ts';
import { findUnitInScope, pathInSubtree, unitsInScope } from '../org/scope.ts';
import { tableXlsx, XLSX_CONTENT_TYPE } from '../spreadsheet/xlsx.ts';
import { formatTimeOnDate } from '../../format.ts';
import { todayInVietnam } from '../../vietnam-time.ts';
import { positiveIntegerSetting } from '../env-settings.ts';
import { acceptsNewWork } from '../../org/unit-rules.ts';

/** Whose letters: only those who have not chosen a password yet, or every official with an account. */
export const LETTER_FILTERS = ['chua-kich-hoat', 'tat-ca'] as const;
export type LetterFilter = (typeof LETTER_FILTERS)[number];
export const LETTER_FORMATS = ['pdf', 'xlsx'] as const;
export type LetterFormat = (typeof LETTER_FORMATS)[number];

/**
 * The officials of the unit's subtree who get a letter: still working there (active), with an
 * account that is not locked; with 'chua-kich-hoat', only accounts whose owner has not chosen a
 * password yet (no usable password, or a temporary one still to be changed). Staff code order.
 */
export async function letterRecipients(unitPath: string, filter: LetterFilter): Promise<string[]> {
  const notActivated = or(sql`${users.passwordHash} not like '$argon2%'`, eq(users.mustChangePassword, true));
  const rows = await getDb()
    .select({ id: officials.id })
    .from(officials)
    .innerJoin(units, eq(units.id, officials.unitId))
    .innerJoin(users, eq(users.officialId, officials.id))
    .where(
      and(
        pathInSubtree(unitPath),
        eq(officials.active, true),
        isNull(users.disabledAt),
        filter === 'chua-kich-hoat' ? notActivated : undefined,
      ),
    )
    .orderBy(officials.staffCode);
  return rows.map((row) => row.id);
}

/**
 * Letters per file at most (ACTIVATION_LETTERS_PER_FILE, default 5,000): 5,000 pages take the
 * server's one thread for about half a minute and make a file of about 9 MB; a whole province is
 * printed commune by commune (or cluster by cluster).
 */
export function maxLettersPerFile(): number {
  return positiveIntegerSetting('ACTIVATION_LETTERS_PER_FILE', 5000);
}

/** The refusal for a unit with more officials than one file holds. */
export function tooManyLettersMessage(count: number): string {
  return `Đơn vị này có ${count.toLocaleString('vi-VN')} cán bộ cần thư, quá ${maxLettersPerFile().toLocaleString('vi-VN')} thư của một lần tạo. Hãy chọn từng xã, phường hoặc cụm nhỏ hơn; chưa có mã nào được cấp.`;
}

export interface LetterFile {
  bytes: Uint8Array;
  fileName: string;
  contentType: string;
  letters: number;
  skipped: SkippedOfficial[];
}

/** The letters in the chosen format. */
export async function letterFile(
  letters: readonly ActivationLetter[],
  format: LetterFormat,
  siteAddress: string,
  baseName: string,
  now = new Date(),
): Promise<Pick<LetterFile, 'bytes' | 'fileName' | 'contentType'>> {
  if (format === 'pdf')
    return {
      bytes: await activationLettersPdf(letters, siteAddress, now),
      fileName: `${baseName}.pdf`,
      contentType: 'application/pdf',
    };
  const bytes = await tableXlsx(
    'Thư kích hoạt',
    [
      { header: 'Đơn vị', width: 30 },
      { header: 'Họ và tên', width: 28 },
      { header: 'Mã cán bộ', width: 16 },
      { header: 'Mã kích hoạt', width: 18 },
      { header: 'Hiệu lực đến', width: 22 },
      { header: 'Địa chỉ kích hoạt', width: 70 },
    ],
    letters.map((letter) => [
      letter.unitName,
      letter.fullName,
      letter.staffCode,
      letter.code,
      formatTimeOnDate(letter.expiresAt),
      activationUrl(siteAddress, letter.staffCode, letter.code),
    ]),
  );
  return { bytes, fileName: `${baseName}.xlsx`, contentType: XLSX_CONTENT_TYPE };
}

/**
 * Issues codes for the recipients of a unit in the actor's scope and returns the file; undefined
 * when the unit is not in scope (answer 404), `letters: 0` when nobody needs a letter, `tooMany`
 * (nothing issued) past maxLettersPerFile().
 */
export async function produceActivationLetters(
  actor: SessionUser,
  {
    unitId,
    filter,
    format,
    siteAddress,
    now = new Date(),
  }: { unitId: string; filter: LetterFilter; format: LetterFormat; siteAddress: string; now?: Date },
): Promise<LetterFile | { tooMany: number } | undefined> {
  const unit = await findUnitInScope(actor, unitId);
  if (!unit) return undefined;
  const recipients = await letterRecipients(unit.path, filter);
  if (recipients.length === 0)
    return { bytes: new Uint8Array(), fileName: '', contentType: '', letters: 0, skipped: [] };
  if (recipients.length > maxLettersPerFile()) return { tooMany: recipients.length };
  const batch = await issueActivationCodes(actor, recipients, { unit, now });
  const baseName = `thu-kich-hoat-${unit.code}-${todayInVietnam(now)}`;
  const file = await letterFile(batch.letters, format, siteAddress, baseName, now);
  return { ...file, letters: batch.letters.length, skipped: batch.skipped };
}

/**
 * The units letters can be asked for: provinces and commune-level units in the caller's scope that
 * still exist (their offices are included through the subtree), labelled with the names of their
 * ancestors in scope ("Tỉnh Sơn La › Xã Quảng Lợi") and sorted by that label.
 */
export async function letterUnitChoices(actor: SessionUser): Promise<{ id: string; label: string }[]> {
  const inScope = await unitsInScope(actor);
  const names = new Map(inScope.map((unit) => [unit.id, unit.name]));
  return inScope
    .filter((unit) => unit.level !== 'office' && acceptsNewWork(unit))
    .map((unit) => ({
      id: unit.id,
      label: unit.path
        .split('/')
        .filter(Boolean)
        .map((id) => names.get(id))
        .filter(Boolean)
        .join(' › '),
    }))
    .sort((a, b) => a.label.localeCompare(b.label, 'vi'));
}

const letterForm = z.object({
  unitId: z
    .string({ error: 'Hãy chọn đơn vị.' })
    .regex(/^[a-z0-9]{1,64}$/, { error: 'Hãy chọn một đơn vị trong danh sách.' }),
  filter: z.enum(LETTER_FILTERS, { error: 'Hãy chọn cán bộ nào được in thư.' }),
  format: z.enum(LETTER_FORMATS, { error: 'Hãy chọn định dạng PDF hoặc Excel.' }),
});

/** The letters form as posted, or the first problem with it (field name and Vietnamese message). */
export function parseLetterForm(
  form: FormData,
):
  | { ok: true; unitId: string; filter: LetterFilter; format: LetterFormat }
  | { ok: false; field: 'unitId' | 'filter' | 'format'; message: string } {
  const value = (name: string) => {
    const entry = form.get(name);
    return typeof entry === 'string' ? entry : undefined;
  };
  const parsed = letterForm.safeParse({ unitId: value('unitId'), filter: value('filter'), format: value('format') });
  if (parsed.success) return { ok: true, ...parsed.data };
  const issue = parsed.error.issues[0];
  return { ok: false, field: issue.path[0] as 'unitId' | 'filter' | 'format', message: issue.message };
}
