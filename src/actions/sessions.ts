/**
 * A signed-in person ending their own other sessions (ASVS 7.5.2), from /tai-khoan/phien-dang-nhap/:
 * one, named by the handle the page shows, or every one but this. A handle that names no session
 * of theirs is "not found" (404), whoever's session it may name.
 */
import { ActionError, defineAction } from 'astro:actions';
import { z } from 'astro/zod';
import { endOtherSessions, endOwnSession } from '../lib/server/auth/session-list.ts';
import { requireSession } from '../lib/server/auth/action-guards.ts';

export const SESSIONS_PAGE = '/tai-khoan/phien-dang-nhap/';

export const endOne = defineAction({
  accept: 'form',
  input: z.object({
    session: z
      .string({ error: 'Không rõ phiên đăng nhập cần kết thúc.' })
      .regex(/^[0-9a-f]{32}$/, { error: 'Không rõ phiên đăng nhập cần kết thúc.' }),
  }),
  handler: async ({ session }, context) => {
    const { user, sessionId } = requireSession(context);
    const result = await endOwnSession(user.id, sessionId, session);
    if (!result.ok && result.reason === 'current') {
      throw new ActionError({
        code: 'BAD_REQUEST',
        message: 'Đây là phiên anh/chị đang dùng: hãy bấm “Đăng xuất” để kết thúc nó.',
      });
    }
    if (!result.ok)
      throw new ActionError({
        code: 'NOT_FOUND',
        message: 'Không tìm thấy phiên đăng nhập này; có thể nó đã kết thúc.',
      });
    return { redirectTo: `${SESSIONS_PAGE}?da-dang-xuat=mot` };
  },
});

export const endOthers = defineAction({
  accept: 'form',
  handler: async (_input, context) => {
    const { user, sessionId } = requireSession(context);
    const ended = await endOtherSessions(user.id, sessionId);
    return { redirectTo: `${SESSIONS_PAGE}?da-dang-xuat=${ended > 0 ? 'tat-ca' : 'khong-co'}` };
  },
});

/** Registered under `sessions` (actions.sessions.endOne, actions.sessions.endOthers). */
export const sessions = { endOne, endOthers };
