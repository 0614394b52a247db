/**
 * Province and system administrators' forms on API tokens: create one for a province or commune
 * in their scope (the secret is returned once, in this action's result, and never stored), and
 * revoke one. Anything outside the caller's scope is "not found", like a token that does not exist.
 */
import { ActionError, defineAction } from 'astro:actions';
import { z } from 'astro/zod';
import { createApiToken, revokeApiToken } from '../lib/server/api-tokens/tokens.ts';
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
  }),
  handler: async ({ name, unitId }, context) => {
    const user = context.locals.user;
    if (!user) throw new ActionError({ code: 'UNAUTHORIZED', message: 'Hãy đăng nhập trước.' });
    const outcome = await createApiToken(getDb(), user, name, unitId);
    if (!outcome.ok) throw new ActionError({ code: 'NOT_FOUND', message: 'Không tìm thấy đơn vị trong phạm vi quản lý.' });
    return { token: outcome.token, name, unitName: outcome.unit.name };
  },
});

export const revoke = defineAction({
  accept: 'form',
  input: z.object({ tokenId: idField('Mã truy cập không hợp lệ.') }),
  handler: async ({ tokenId }, context) => {
    const user = context.locals.user;
    if (!user) throw new ActionError({ code: 'UNAUTHORIZED', message: 'Hãy đăng nhập trước.' });
    const outcome = await revokeApiToken(getDb(), user, tokenId);
    if (outcome === 'not-found') throw new ActionError({ code: 'NOT_FOUND', message: 'Không tìm thấy mã truy cập trong phạm vi quản lý.' });
    if (outcome === 'already-revoked') throw new ActionError({ code: 'CONFLICT', message: 'Mã truy cập này đã bị thu hồi từ trước.' });
    return { redirectTo: '/quan-tri/api/?da-thu-hoi=1' };
  },
});

/** The API token actions, registered under `apiTokens` (actions.apiTokens.create). */
export const apiTokens = { create, revoke };
