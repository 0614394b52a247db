/**
 * The first line of a sensitive action (recent-password.ts): refuses it with FORBIDDEN and
 * REAUTH_MESSAGE unless the session's password was entered in the last ten minutes. Apart from
 * recent-password.ts because it needs astro:actions, which plain Node (the tests) cannot load.
 */
import { ActionError } from 'astro:actions';
import { REAUTH_MESSAGE, hasRecentPassword } from './recent-password.ts';

export async function requireRecentPassword(locals: App.Locals): Promise<void> {
  if (!(await hasRecentPassword(locals.sessionId)))
    throw new ActionError({ code: 'FORBIDDEN', message: REAUTH_MESSAGE });
}
