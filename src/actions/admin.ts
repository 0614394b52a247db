/**
 * Administrators' forms on an official's page. Every action is a public endpoint, so each one
 * validates its input, then finds the official (and any new unit) through the caller's scope:
 * anything outside it is "not found" (404), exactly like an id that does not exist. The change
 * itself is one transaction; the page then redirects back with a success banner.
 */
import { ActionError, defineAction, type ActionAPIContext } from 'astro:actions';
import { z } from 'astro/zod';
import { FIELDS, OFFICIAL_GROUPS, slugsOf } from '../schemas/vocabulary.ts';
import {
  issueTemporaryPassword,
  setAccountDisabled,
  type AccountActionRefusal,
} from '../lib/server/org/accounts-admin.ts';
import { isCalendarDate } from '../lib/vietnam-time.ts';
import { todayInVietnam } from '../lib/vietnam-time.ts';
import { OutOfScopeError, updateOfficial } from '../lib/server/org/official-changes.ts';
import { findActiveUnitInScope, findOfficialInScope } from '../lib/server/org/scope.ts';
import { leaveTemporaryPassword } from '../lib/server/org/temporary-password-notice.ts';
import { requireRecentPassword } from '../lib/server/auth/require-recent-password.ts';
import { requireSignedIn } from '../lib/server/auth/action-guards.ts';

/** What the official's page says after each kind of change (the `da-luu` query value). */
export const SAVED_NOTICES = {
  'don-vi': 'Đã chuyển cán bộ sang đơn vị mới.',
  'cong-viec': 'Đã lưu chức danh, vị trí việc làm, nhóm và lĩnh vực.',
  'danh-dau': 'Đã lưu đánh dấu chưa đáp ứng yêu cầu chuyên môn.',
  'bo-danh-dau': 'Đã bỏ đánh dấu chưa đáp ứng yêu cầu chuyên môn.',
  'khong-doi': 'Không có gì thay đổi: thông tin đã như vậy từ trước.',
  'mat-khau': 'Đã cấp mật khẩu tạm thời. Mọi phiên đăng nhập của tài khoản này đã kết thúc.',
  khoa: 'Đã khóa tài khoản. Mọi phiên đăng nhập của tài khoản này đã kết thúc.',
  'mo-khoa': 'Đã mở khóa tài khoản.',
} as const;
export type SavedNotice = keyof typeof SAVED_NOTICES;

const notFound = () =>
  new ActionError({ code: 'NOT_FOUND', message: 'Không tìm thấy cán bộ hoặc đơn vị trong phạm vi quản lý.' });

const officialId = z
  .string({ error: 'Thiếu mã cán bộ.' })
  .regex(/^[a-z0-9]{1,64}$/, { error: 'Mã cán bộ không hợp lệ.' });
const shortText = (what: string) =>
  z
    .string({ error: `Hãy nhập ${what}.` })
    .trim()
    .min(1, { error: `Hãy nhập ${what}.` })
    .max(200, { error: `${what[0].toUpperCase()}${what.slice(1)} dài tối đa 200 ký tự.` });

/** The signed-in caller and the official, if the caller administers them; otherwise 401 or 404. */
async function officialInScope(context: ActionAPIContext, id: string) {
  const user = requireSignedIn(context);
  const found = await findOfficialInScope(user, id);
  if (!found) throw notFound();
  return { user, ...found };
}

/** Runs a write, turning "left the scope meanwhile" into the same 404. */
async function inScope<T>(write: () => Promise<T>): Promise<T> {
  try {
    return await write();
  } catch (error) {
    if (error instanceof OutOfScopeError) throw notFound();
    throw error;
  }
}

const backTo = (id: string, notice: SavedNotice) => ({ redirectTo: `/quan-tri/can-bo/${id}/?da-luu=${notice}` });

function refuseAccountAction(result: AccountActionRefusal): never {
  throw new ActionError({ code: result.reason === 'forbidden' ? 'FORBIDDEN' : 'CONFLICT', message: result.message });
}

export const moveOfficial = defineAction({
  accept: 'form',
  input: z.object({
    officialId,
    unitId: z
      .string({ error: 'Hãy chọn đơn vị mới.' })
      .regex(/^[a-z0-9]{1,64}$/, { error: 'Hãy chọn đơn vị mới trong danh sách.' }),
  }),
  handler: async (input, context) => {
    const { user, official } = await officialInScope(context, input.officialId);
    const found = await findActiveUnitInScope(user, input.unitId);
    if (!found) throw notFound();
    if (found.refusal) throw new ActionError({ code: 'CONFLICT', message: found.refusal });
    const { unit } = found;
    if (unit.level === 'province')
      throw new ActionError({
        code: 'BAD_REQUEST',
        message: 'Hãy chọn một xã, phường, đặc khu hoặc cơ quan của nó, không chọn cấp tỉnh.',
      });
    const changes = await inScope(() => updateOfficial(user, official.id, { unitId: unit.id }));
    return backTo(official.id, changes.length ? 'don-vi' : 'khong-doi');
  },
});

export const updateOfficialJob = defineAction({
  accept: 'form',
  input: z.object({
    officialId,
    jobTitle: shortText('chức danh'),
    jobPosition: shortText('vị trí việc làm'),
    group: z.enum(slugsOf(OFFICIAL_GROUPS), { error: 'Hãy chọn nhóm của cán bộ.' }),
    fields: z.array(z.string().max(80)).max(60, { error: 'Chọn quá nhiều lĩnh vực.' }).default([]),
  }),
  handler: async (input, context) => {
    const { user, official } = await officialInScope(context, input.officialId);
    // Fields outside the vocabulary are accepted only if the record had them already (from an import).
    const known = new Set<string>([...FIELDS.map((term) => term.slug), ...official.fields]);
    const unknown = input.fields.find((field) => !known.has(field));
    if (unknown)
      throw new ActionError({ code: 'BAD_REQUEST', message: `Lĩnh vực "${unknown}" không có trong danh mục.` });
    const order = [...FIELDS.map((term) => term.slug as string), ...official.fields];
    const fields = [...new Set(input.fields)].sort((a, b) => order.indexOf(a) - order.indexOf(b));
    const changes = await inScope(() =>
      updateOfficial(user, official.id, {
        jobTitle: input.jobTitle,
        jobPosition: input.jobPosition,
        group: input.group,
        fields,
      }),
    );
    return backTo(official.id, changes.length ? 'cong-viec' : 'khong-doi');
  },
});

export const setExpertiseFlag = defineAction({
  accept: 'form',
  input: z
    .object({
      officialId,
      underqualified: z.enum(['co', 'khong'], {
        error: 'Hãy chọn cán bộ đã đáp ứng hay chưa đáp ứng yêu cầu chuyên môn.',
      }),
      since: z.string().trim().max(10, { error: 'Ngày không hợp lệ. Hãy nhập theo dạng ngày/tháng/năm.' }).optional(),
    })
    .superRefine((input, issues) => {
      if (input.underqualified !== 'co' || !input.since) return;
      if (!isCalendarDate(input.since))
        issues.addIssue({
          code: 'custom',
          path: ['since'],
          message: 'Ngày không hợp lệ. Hãy nhập một ngày có thật, ví dụ 01/07/2026.',
        });
      else if (input.since > todayInVietnam())
        issues.addIssue({ code: 'custom', path: ['since'], message: 'Ngày đánh dấu không được sau hôm nay.' });
      else if (input.since < '2000-01-01')
        issues.addIssue({ code: 'custom', path: ['since'], message: 'Ngày đánh dấu phải từ năm 2000 trở đi.' });
    }),
  handler: async (input, context) => {
    const { user, official } = await officialInScope(context, input.officialId);
    const flagged = input.underqualified === 'co';
    const changes = await inScope(() =>
      updateOfficial(
        user,
        official.id,
        flagged
          ? { underqualified: true, underqualifiedSince: input.since || todayInVietnam() }
          : { underqualified: false },
      ),
    );
    return backTo(official.id, changes.length === 0 ? 'khong-doi' : flagged ? 'danh-dau' : 'bo-danh-dau');
  },
});

export const resetOfficialPassword = defineAction({
  accept: 'form',
  input: z.object({ officialId }),
  handler: async (input, context) => {
    const { user, official } = await officialInScope(context, input.officialId);
    // Handing out a password takes over an account: the administrator's own must be recent.
    await requireRecentPassword(context.locals);
    const result = await inScope(() => issueTemporaryPassword(user, official.id));
    if (!result.ok) refuseAccountAction(result);
    leaveTemporaryPassword(context.cookies, context.url, official.id, result.temporaryPassword);
    return backTo(official.id, 'mat-khau');
  },
});

export const setOfficialAccountStatus = defineAction({
  accept: 'form',
  input: z.object({
    officialId,
    status: z.enum(['khoa', 'mo-khoa'], { error: 'Hãy chọn khóa hay mở khóa tài khoản.' }),
  }),
  handler: async (input, context) => {
    const { user, official } = await officialInScope(context, input.officialId);
    const disable = input.status === 'khoa';
    const result = await inScope(() => setAccountDisabled(user, official.id, disable));
    if (!result.ok) refuseAccountAction(result);
    return backTo(official.id, !result.changed ? 'khong-doi' : disable ? 'khoa' : 'mo-khoa');
  },
});

/** The administrator actions, registered under `admin` (actions.admin.moveOfficial, …). */
export const admin = {
  moveOfficial,
  updateOfficialJob,
  setExpertiseFlag,
  resetOfficialPassword,
  setOfficialAccountStatus,
};
