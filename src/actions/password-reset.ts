/**
 * Self-service password reset by e-mail as form actions (they work without JavaScript): asking
 * for a link (/quen-mat-khau/) and choosing a new password with it (/dat-lai-mat-khau/).
 *
 * After a reset the person is sent to sign in rather than signed in: the link proves only that
 * they can read the mailbox, and signing in with the new password goes through the sign-in
 * throttles and checks like every other sign-in and would go through a second factor if one is
 * added (ASVS 5.0 V6.4.3: a reset must not bypass what sign-in requires). It also confirms they
 * know the password they have just chosen.
 */
import { ActionError, defineAction } from 'astro:actions';
import { z } from 'astro/zod';
import { emailResetAvailable, requestPasswordReset, resetPassword } from '../lib/server/accounts/password-reset.ts';
import { forgetResetToken, keptResetToken } from '../lib/server/accounts/password-reset-cookie.ts';
import {
  EMAIL_RESET_UNAVAILABLE_MESSAGE,
  MAX_IDENTIFIER_LENGTH,
  RESET_LINK_INVALID_MESSAGE,
  resetThrottledMessage,
} from '../lib/accounts/password-reset.ts';
import { MAX_PASSWORD_LENGTH } from '../lib/auth/password-policy.ts';

/** Seconds to put in Retry-After for a refused request, read by the page that renders the error. */
export const resetRequestRetryAfter = new WeakMap<object, number>();

const request = defineAction({
  accept: 'form',
  input: z.object({
    identifier: z
      .string()
      .trim()
      .min(1, { error: 'Hãy nhập tên đăng nhập hoặc địa chỉ thư điện tử.' })
      .max(MAX_IDENTIFIER_LENGTH, { error: 'Tên đăng nhập hoặc địa chỉ thư điện tử quá dài.' }),
  }),
  handler: async ({ identifier }, context) => {
    if (!emailResetAvailable())
      throw new ActionError({ code: 'SERVICE_UNAVAILABLE', message: EMAIL_RESET_UNAVAILABLE_MESSAGE });
    const decision = await requestPasswordReset(identifier, context.clientAddress);
    if (!decision.allowed) {
      resetRequestRetryAfter.set(context.locals, decision.retryAfterSeconds);
      throw new ActionError({ code: 'TOO_MANY_REQUESTS', message: resetThrottledMessage(decision.retryAfterSeconds) });
    }
    return { redirectTo: '/quen-mat-khau/?da-gui' };
  },
});

const complete = defineAction({
  accept: 'form',
  input: z
    .object({
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
  handler: async ({ newPassword }, context) => {
    // The token comes only from the page's cookie, never from the form or the address.
    const result = await resetPassword(keptResetToken(context.cookies), newPassword);
    if (!result.ok && result.reason === 'invalid-link') {
      forgetResetToken(context.cookies, context.url);
      throw new ActionError({ code: 'NOT_FOUND', message: RESET_LINK_INVALID_MESSAGE });
    }
    if (!result.ok) throw new ActionError({ code: 'BAD_REQUEST', message: result.message });
    forgetResetToken(context.cookies, context.url);
    return { redirectTo: '/dat-lai-mat-khau/?xong' };
  },
});

export const passwordReset = { request, complete };
