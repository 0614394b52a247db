/** The commune administrator's one-click re-issue of one official's activation code (issue 16). */
import { ActionError, defineAction, type ActionAPIContext } from 'astro:actions';
import { z } from 'astro/zod';
import { requireSignedIn } from '../lib/server/auth/action-guards.ts';
import { requireRecentPassword } from '../lib/server/auth/require-recent-password.ts';
import { issueActivationCodes } from '../lib/server/accounts/activation-codes.ts';
import { leaveActivationCode } from '../lib/server/accounts/activation-code-notice.ts';
import { findOfficialInScope } from '../lib/server/org/scope.ts';
import { OutOfScopeError } from '../lib/server/org/official-changes.ts';

const notFound = () =>
  new ActionError({ code: 'NOT_FOUND', message: 'Không tìm thấy cán bộ hoặc đơn vị trong phạm vi quản lý.' });

async function officialInScope(context: ActionAPIContext, id: string) {
  const user = requireSignedIn(context);
  const found = await findOfficialInScope(user, id);
  if (!found) throw notFound();
  return { user, ...found };
}

export const reissueActivationCode = defineAction({
  accept: 'form',
  input: z.object({
    officialId: z.string({ error: 'Thiếu mã cán bộ.' }).regex(/^[a-z0-9]{1,64}$/, { error: 'Mã cán bộ không hợp lệ.' }),
  }),
  handler: async (input, context) => {
    const { user, official } = await officialInScope(context, input.officialId);
    // A code hands the account over to whoever holds it: the administrator's own password must be recent.
    await requireRecentPassword(context.locals);
    let batch;
    try {
      batch = await issueActivationCodes(user, [official.id]);
    } catch (error) {
      if (error instanceof OutOfScopeError) throw notFound();
      throw error;
    }
    const [letter] = batch.letters;
    if (!letter) {
      const [skipped] = batch.skipped;
      throw new ActionError({
        code: skipped?.kind === 'no-account' ? 'CONFLICT' : 'FORBIDDEN',
        message: skipped?.reason ?? 'Không cấp được mã kích hoạt cho cán bộ này.',
      });
    }
    leaveActivationCode(context.cookies, context.url, official.id, letter.code);
    return { redirectTo: `/quan-tri/can-bo/${official.id}/?da-luu=ma-kich-hoat#tai-khoan` };
  },
});

/** Registered under `activation` (actions.activation.reissueActivationCode). */
export const activation = { reissueActivationCode };
