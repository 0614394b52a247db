/**
 * The forms of a package's page: a reviewer approves or rejects a pending version, someone with
 * the right deletes the package. The body is read within a size limit and checked with zod; a
 * refusal comes back as a 4xx status and Vietnamese sentences, each for the field it belongs to.
 */
import { z } from 'astro/zod';
import type { SessionUser } from '../auth/sessions.ts';
import { readBodyWithin } from '../limited-body.ts';
import { scheduleHousekeeping } from './housekeeping.ts';
import { approveVersion, deletePackage, rejectVersion, type ReviewOutcome } from './review.ts';

/** Largest body of these forms (a comment of 2,000 characters is at most 8 KB of UTF-8, encoded). */
const BODY_LIMIT = 32 * 1024;

const versionNumber = z.coerce
  .number({ error: 'Thiếu số phiên bản.' })
  .int({ error: 'Số phiên bản không hợp lệ.' })
  .positive({ error: 'Số phiên bản không hợp lệ.' })
  .max(1_000_000, { error: 'Số phiên bản không hợp lệ.' });

/** The forms' fields; `action` says which form was sent. */
export const PackageActionSchema = z.discriminatedUnion(
  'action',
  [
    z.object({ action: z.literal('duyet'), version: versionNumber }),
    z.object({
      action: z.literal('tu-choi'),
      version: versionNumber,
      comment: z
        .string({ error: 'Hãy ghi lý do từ chối: người nhập gói cần sửa gì.' })
        .trim()
        .min(5, { error: 'Hãy ghi lý do từ chối: người nhập gói cần sửa gì (ít nhất 5 ký tự).' })
        .max(2000, { error: 'Lý do từ chối dài tối đa 2.000 ký tự.' }),
    }),
    z.object({
      action: z.literal('xoa'),
      confirm: z.literal('co', { error: 'Hãy đánh dấu ô xác nhận trước khi xóa gói.' }),
    }),
  ],
  { error: 'Thao tác không hợp lệ: hãy dùng các nút trên trang này.' },
);
export type PackageAction = z.infer<typeof PackageActionSchema>;

/** Where each problem is shown on the page (DOM ids). */
export const ACTION_FIELDS = { comment: 'ly-do-tu-choi', confirm: 'xac-nhan-xoa', action: 'thao-tac' } as const;

export type PackageActionResult =
  | { ok: true; redirect: string }
  | {
      ok: false;
      status: number;
      errors: { field: string; message: string }[];
      action?: PackageAction['action'];
      version?: number;
    };

function refused(
  outcome: Extract<ReviewOutcome, { ok: false }>,
  action: PackageAction['action'],
  version?: number,
): PackageActionResult {
  return {
    ok: false,
    status: outcome.status,
    errors: [{ field: ACTION_FIELDS.action, message: outcome.message }],
    action,
    version,
  };
}

/** Reads, checks and carries out the form the user sent on the page of `packageId`. */
export async function handlePackageAction(
  user: SessionUser,
  packageId: string,
  request: Request,
): Promise<PackageActionResult> {
  const contentType = (request.headers.get('content-type') ?? '').toLowerCase();
  const body = await readBodyWithin(request, BODY_LIMIT, 4 * BODY_LIMIT);
  if (!body)
    return { ok: false, status: 413, errors: [{ field: ACTION_FIELDS.action, message: 'Dữ liệu gửi lên quá lớn.' }] };
  let fields: Record<string, string>;
  try {
    const form = await new Response(body, { headers: { 'Content-Type': contentType } }).formData();
    fields = Object.fromEntries(
      [...form.entries()].filter((entry): entry is [string, string] => typeof entry[1] === 'string'),
    );
  } catch {
    return {
      ok: false,
      status: 400,
      errors: [
        { field: ACTION_FIELDS.action, message: 'Không đọc được dữ liệu gửi lên. Hãy dùng các nút trên trang này.' },
      ],
    };
  }
  const parsed = PackageActionSchema.safeParse(fields);
  if (!parsed.success) {
    const errors = parsed.error.issues.map((issue) => {
      const key = String(issue.path[0] ?? 'action');
      return {
        field: key in ACTION_FIELDS ? ACTION_FIELDS[key as keyof typeof ACTION_FIELDS] : ACTION_FIELDS.action,
        message: issue.message,
      };
    });
    const action =
      typeof fields.action === 'string' && ['duyet', 'tu-choi', 'xoa'].includes(fields.action)
        ? (fields.action as PackageAction['action'])
        : undefined;
    return { ok: false, status: 400, errors, action, version: Number(fields.version) || undefined };
  }
  const input = parsed.data;
  let outcome: ReviewOutcome;
  if (input.action === 'duyet') outcome = await approveVersion(user, packageId, input.version);
  else if (input.action === 'tu-choi') outcome = await rejectVersion(user, packageId, input.version, input.comment);
  else outcome = await deletePackage(user, packageId);
  if (!outcome.ok) return refused(outcome, input.action, 'version' in input ? input.version : undefined);
  scheduleHousekeeping();
  if (input.action === 'xoa')
    return { ok: true, redirect: `/quan-tri/h5p/?${new URLSearchParams({ 'da-xoa': packageId })}` };
  const done = input.action === 'duyet' ? 'da-duyet' : 'da-tu-choi';
  return {
    ok: true,
    redirect: `/quan-tri/h5p/${packageId}/?${new URLSearchParams({ [done]: String(input.version) })}`,
  };
}
