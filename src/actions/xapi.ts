/**
 * Province and system administrators' forms on the xAPI feed: resend one statement, or every
 * failed one in scope. Anyone else, and any statement outside the caller's scope, is "not found".
 */
import { ActionError, defineAction } from 'astro:actions';
import { z } from 'astro/zod';
import { requireAllowed } from '../lib/server/auth/action-guards.ts';
import { getDb } from '../lib/server/db.ts';
import { mayManageXapi, resendAllFailed, resendStatement } from '../lib/server/xapi/admin.ts';

const NOT_FOUND = 'Không tìm thấy bản ghi xAPI trong phạm vi quản lý.';

export const resend = defineAction({
  accept: 'form',
  input: z.object({
    statementId: z
      .string({ error: 'Thiếu mã bản ghi.' })
      .regex(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/, { error: 'Mã bản ghi không hợp lệ.' }),
  }),
  handler: async ({ statementId }, context) => {
    const user = requireAllowed(context, mayManageXapi, NOT_FOUND);
    const outcome = await resendStatement(getDb(), user, statementId);
    if (outcome === 'not-found') throw new ActionError({ code: 'NOT_FOUND', message: NOT_FOUND });
    if (outcome === 'already-delivered')
      throw new ActionError({ code: 'CONFLICT', message: 'Bản ghi này đã được hệ thống nhận, không cần gửi lại.' });
    return { resent: 1 };
  },
});

export const resendFailed = defineAction({
  accept: 'form',
  input: z.object({}),
  handler: async (_input, context) => {
    const user = requireAllowed(context, mayManageXapi, NOT_FOUND);
    return { resent: await resendAllFailed(getDb(), user) };
  },
});

/** The xAPI actions, registered under `xapi` (actions.xapi.resend, actions.xapi.resendFailed). */
export const xapi = { resend, resendFailed };
