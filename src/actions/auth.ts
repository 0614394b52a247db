/** Sign-in, sign-out and password change as form actions: they work without JavaScript. */
import { ActionError, defineAction } from 'astro:actions';
import { z } from 'astro/zod';
import { clearSessionCookie, setSessionCookie } from '../lib/server/auth/cookie.ts';
import { invalidateSession, newSessionCookieMaxAge } from '../lib/server/auth/sessions.ts';
import {
  TEMPORARY_PASSWORD_EXPIRED_MESSAGE,
  changePassword,
  signIn as checkCredentials,
  throttledMessage,
} from '../lib/server/auth/sign-in.ts';
import { safeRedirectPath } from '../lib/safe-redirect.ts';
import { MAX_PASSWORD_LENGTH } from '../lib/auth/password-policy.ts';
import { requireSignedIn } from '../lib/server/auth/action-guards.ts';

/** Seconds to put in Retry-After for a throttled sign-in, read by the sign-in page that renders the error. */
export const signInRetryAfter = new WeakMap<object, number>();

export const signIn = defineAction({
  accept: 'form',
  input: z.object({
    username: z
      .string()
      .trim()
      .min(1, { error: 'Hãy nhập mã cán bộ hoặc tên đăng nhập.' })
      .max(100, { error: 'Tên đăng nhập quá dài.' }),
    password: z
      .string()
      .min(1, { error: 'Hãy nhập mật khẩu.' })
      .max(MAX_PASSWORD_LENGTH, { error: 'Mật khẩu quá dài.' }),
    next: z.string().max(500).optional(),
  }),
  handler: async ({ username, password, next }, context) => {
    const result = await checkCredentials(username, password, context.clientAddress);
    if (!result.ok && result.reason === 'throttled') {
      signInRetryAfter.set(context.locals, result.retryAfterSeconds);
      throw new ActionError({ code: 'TOO_MANY_REQUESTS', message: throttledMessage(result.retryAfterSeconds) });
    }
    // Told only to whoever typed the right temporary password: it reveals nothing a guesser could use.
    if (!result.ok && result.reason === 'expired')
      throw new ActionError({ code: 'FORBIDDEN', message: TEMPORARY_PASSWORD_EXPIRED_MESSAGE });
    if (!result.ok) throw new ActionError({ code: 'UNAUTHORIZED', message: 'Tên đăng nhập hoặc mật khẩu không đúng.' });
    // The cookie lasts as long as the session may: 30 minutes idle for staff, 14 days for learners.
    setSessionCookie(context.cookies, context.url, result.token, await newSessionCookieMaxAge(result.token));
    // Only a path of this site (no open redirect); a refused `next` lands on the home page.
    return {
      redirectTo: result.mustChangePassword
        ? '/doi-mat-khau/'
        : next
          ? safeRedirectPath(next, context.url.origin)
          : '/viec-hoc-cua-toi/',
    };
  },
});

export const signOut = defineAction({
  accept: 'form',
  handler: async (_input, context) => {
    if (context.locals.sessionId) await invalidateSession(context.locals.sessionId);
    clearSessionCookie(context.cookies, context.url);
    return { redirectTo: '/' };
  },
});

export const changeOwnPassword = defineAction({
  accept: 'form',
  input: z
    .object({
      currentPassword: z.string().min(1, { error: 'Hãy nhập mật khẩu hiện tại.' }).max(MAX_PASSWORD_LENGTH),
      newPassword: z
        .string()
        .min(1, { error: 'Hãy nhập mật khẩu mới.' })
        .max(MAX_PASSWORD_LENGTH, { error: `Mật khẩu dài tối đa ${MAX_PASSWORD_LENGTH} ký tự.` }),
      confirmPassword: z.string().max(MAX_PASSWORD_LENGTH),
    })
    .refine((input) => input.newPassword === input.confirmPassword, {
      path: ['confirmPassword'],
      error: 'Hai lần nhập mật khẩu mới không khớp nhau.',
    }),
  handler: async ({ currentPassword, newPassword }, context) => {
    const user = requireSignedIn(context);
    const result = await changePassword(user.id, currentPassword, newPassword, context.clientAddress);
    // The code tells the page which field the message belongs to (a throttled try: the current password's).
    if (!result.ok) {
      const code = result.retryAfterSeconds
        ? 'TOO_MANY_REQUESTS'
        : result.field === 'currentPassword'
          ? 'UNAUTHORIZED'
          : 'BAD_REQUEST';
      throw new ActionError({ code, message: result.message });
    }
    setSessionCookie(context.cookies, context.url, result.token, await newSessionCookieMaxAge(result.token));
    return { redirectTo: '/viec-hoc-cua-toi/' };
  },
});
