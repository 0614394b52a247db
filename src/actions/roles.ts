/**
 * The roles screen's forms (/quan-tri/vai-tro/): grant a role, take one back, create an account
 * for someone who is not an imported official. Every handler validates its input, then the server
 * module checks the scope (404 outside it) and the rank (403 beyond it) inside the transaction.
 * Each needs a password typed in the last 10 minutes, like a temporary password does.
 */
import { ActionError, defineAction } from 'astro:actions';
import { z } from 'astro/zod';
import { FIELDS, slugsOf } from '../schemas/vocabulary.ts';
import { ROLES, type Role } from '../lib/auth/roles.ts';
import { isAdministrator } from '../lib/auth/access.ts';
import { requireAllowed } from '../lib/server/auth/action-guards.ts';
import { requireRecentPassword } from '../lib/server/auth/require-recent-password.ts';
import { grantRole, revokeRole, type GrantRefusal, type GrantRequest } from '../lib/server/roles/role-grants.ts';
import { createAccountWithGrant } from '../lib/server/roles/new-account.ts';

const NOT_FOUND = 'Không tìm thấy trang.';
const CODES = { 400: 'BAD_REQUEST', 403: 'FORBIDDEN', 404: 'NOT_FOUND', 409: 'CONFLICT' } as const;

function refused(refusal: GrantRefusal): never {
  throw new ActionError({ code: CODES[refusal.status], message: refusal.message });
}

const text = (what: string, max: number) =>
  z
    .string({ error: `Hãy nhập ${what}.` })
    .trim()
    .min(1, { error: `Hãy nhập ${what}.` })
    .max(max, { error: `${what[0].toUpperCase()}${what.slice(1)} dài tối đa ${max} ký tự.` });

const grantableRole = z.enum(
  ROLES.filter((role) => role !== 'learner') as [Exclude<Role, 'learner'>, ...Exclude<Role, 'learner'>[]],
  { error: 'Hãy chọn vai trò trong danh sách.' },
);
// An empty choice is "no unit": a national or system-wide grant, for system administrators only.
const unitChoice = z
  .string()
  .regex(/^[a-z0-9]{0,64}$/, { error: 'Hãy chọn đơn vị trong danh sách.' })
  .nullish()
  .transform((value) => value || null);
/** "ky-nang-so, an-toan-thong-tin": course slugs separated by commas or spaces; empty is none. */
const courseSlugs = z
  .string()
  .max(2000, { error: 'Giới hạn khóa học dài tối đa 2.000 ký tự.' })
  .nullish()
  .transform((value) => [...new Set((value ?? '').split(/[\s,;]+/).filter(Boolean))])
  .refine((slugs) => slugs.every((slug) => /^[a-z0-9][a-z0-9-]{0,99}$/.test(slug)), {
    error: 'Giới hạn khóa học: hãy nhập mã khóa học (chữ thường không dấu, số và gạch nối), cách nhau bằng dấu phẩy.',
  })
  .refine((slugs) => slugs.length <= 50, { error: 'Giới hạn khóa học: tối đa 50 khóa học.' });
const fieldLimits = z
  .array(z.enum(slugsOf(FIELDS), { error: 'Hãy chọn lĩnh vực trong danh sách.' }))
  .max(FIELDS.length)
  .default([]);

const grantFields = {
  role: grantableRole,
  unitId: unitChoice,
  reason: text('lý do', 500),
  courseSlugs,
  fields: fieldLimits,
};

function grantRequest(input: {
  role: Role;
  unitId: string | null;
  reason: string;
  courseSlugs: string[];
  fields: string[];
}): GrantRequest {
  return {
    role: input.role,
    unitId: input.unitId,
    reason: input.reason,
    courseSlugs: input.courseSlugs.length ? input.courseSlugs : null,
    fields: input.fields.length ? [...new Set(input.fields)] : null,
  };
}

export const grant = defineAction({
  accept: 'form',
  input: z.object({ username: text('tên đăng nhập hoặc mã cán bộ', 64), ...grantFields }),
  handler: async (input, context) => {
    const user = requireAllowed(context, isAdministrator, NOT_FOUND);
    // Roles and new accounts hand over power: a stolen session alone must not be enough.
    await requireRecentPassword(context.locals);
    const result = await grantRole(user, input.username, grantRequest(input));
    if (!result.ok) refused(result);
    return { redirectTo: `/quan-tri/vai-tro/?da-luu=cap&nguoi=${result.userId}` };
  },
});

export const revoke = defineAction({
  accept: 'form',
  input: z.object({
    grantId: z.coerce
      .number({ error: 'Thiếu mã vai trò.' })
      .int({ error: 'Mã vai trò không hợp lệ.' })
      .positive({ error: 'Mã vai trò không hợp lệ.' }),
    reason: text('lý do thu hồi', 500),
  }),
  handler: async (input, context) => {
    const user = requireAllowed(context, isAdministrator, NOT_FOUND);
    // Roles and new accounts hand over power: a stolen session alone must not be enough.
    await requireRecentPassword(context.locals);
    const result = await revokeRole(user, input.grantId, input.reason);
    if (!result.ok) refused(result);
    return { redirectTo: '/quan-tri/vai-tro/?da-luu=thu-hoi' };
  },
});

export const createAccount = defineAction({
  accept: 'form',
  input: z.object({
    username: text('tên đăng nhập', 64).regex(/^[A-Za-z0-9][A-Za-z0-9._-]{2,63}$/, {
      error: 'Tên đăng nhập gồm 3 đến 64 chữ cái không dấu, số, dấu chấm, gạch dưới hoặc gạch nối.',
    }),
    displayName: text('họ và tên', 200),
    email: text('thư điện tử', 254).pipe(z.email({ error: 'Thư điện tử không hợp lệ, ví dụ ten@bonoivu.gov.vn.' })),
    ...grantFields,
  }),
  handler: async (input, context) => {
    const user = requireAllowed(context, isAdministrator, NOT_FOUND);
    // Roles and new accounts hand over power: a stolen session alone must not be enough.
    await requireRecentPassword(context.locals);
    const result = await createAccountWithGrant(
      user,
      { username: input.username, displayName: input.displayName, email: input.email.toLowerCase() },
      grantRequest(input),
    );
    if (!result.ok) refused(result);
    // Shown once on the page answering this POST; never in an address, a log or a later page.
    return {
      username: result.username,
      displayName: input.displayName,
      temporaryPassword: result.temporaryPassword,
      expiresAt: result.expiresAt.toISOString(),
    };
  },
});

/** Registered under `roles` (actions.roles.grant, actions.roles.revoke, actions.roles.createAccount). */
export const roles = { grant, revoke, createAccount };
