/**
 * Province and system administrators' forms on API tokens: create one for a province or commune
 * in their scope, valid for a chosen 30 to 365 days (the secret is returned once, in this
 * action's result, and never stored), and revoke one. Anything outside the caller's scope is "not
 * found", like a token that does not exist. Both need the password entered in the last ten
 * minutes (recent-password.ts).
 */
import { ActionError, defineAction } from 'astro:actions';
import { z } from 'astro/zod';
import { TOKEN_VALIDITY_DAYS, createApiToken, revokeApiToken } from '../lib/server/api-tokens/tokens.ts';
import { requireRecentPassword } from '../lib/server/auth/require-recent-password.ts';
import { requireSignedIn } from '../lib/server/auth/action-guards.ts';
import { getDb } from '../lib/server/db.ts';

/** Longest token name accepted. */
export const TOKEN_NAME_MAX = 100;

const idField = (missing: string) => z.string({ error: missing }).regex(/^[a-z0-9]{1,64}$/, { error: missing });

export const create = defineAction({
  accept: 'form',
  input: z.object({
    name: z
      .string({ error: 'Hãy đặt tên cho mã truy cập.' })
      .trim()
      .min(1, { error: 'Hãy đặt tên cho mã truy cập, ví dụ tên hệ thống sẽ dùng nó.' })
      .max(TOKEN_NAME_MAX, { error: `Tên mã truy cập dài tối đa ${TOKEN_NAME_MAX} ký tự.` }),
    unitId: idField('Hãy chọn đơn vị mà mã truy cập được đọc dữ liệu.'),
    // A form sends text: only the offered lifetimes, never longer than a year.
    validForDays: z
      .enum(TOKEN_VALIDITY_DAYS.map(String) as [string, ...string[]], {
        error: 'Hãy chọn thời hạn của mã truy cập: 30, 90, 180 hoặc 365 ngày.',
      })
      .transform(Number),
  }),
  handler: async ({ name, unitId, validForDays }, context) => {
    const user = requireSignedIn(context);
    await requireRecentPassword(context.locals);
    const outcome = await createApiToken(getDb(), user, name, unitId, { validForDays });
    if (!outcome.ok)
      throw new ActionError({ code: 'NOT_FOUND', message: 'Không tìm thấy đơn vị trong phạm vi quản lý.' });
    return { token: outcome.token, name, unitName: outcome.unit.name };
  },
});

export const revoke = defineAction({
  accept: 'form',
  input: z.object({ tokenId: idField('Mã truy cập không hợp lệ.') }),
  handler: async ({ tokenId }, context) => {
    const user = requireSignedIn(context);
    await requireRecentPassword(context.locals);
    const outcome = await revokeApiToken(getDb(), user, tokenId);
    if (outcome === 'not-found')
      throw new ActionError({ code: 'NOT_FOUND', message: 'Không tìm thấy mã truy cập trong phạm vi quản lý.' });
    if (outcome === 'already-revoked')
      throw new ActionError({ code: 'CONFLICT', message: 'Mã truy cập này đã bị thu hồi từ trước.' });
    return { redirectTo: '/quan-tri/api/?da-thu-hoi=1' };
  },
});

/** The API token actions, registered under `apiTokens` (actions.apiTokens.create). */
export const apiTokens = { create, revoke };
