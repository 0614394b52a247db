/**
 * Administrators' forms on certificates. Revoking needs a reason; it is allowed only to an
 * administrator of the unit the certificate was issued in, and anything outside that scope is
 * "not found" (404), exactly like a certificate that does not exist.
 */
import { ActionError, defineAction } from 'astro:actions';
import { z } from 'astro/zod';
import { revokeCertificate } from '../lib/server/certificates/revoke.ts';
import { requireRecentPassword } from '../lib/server/auth/require-recent-password.ts';
import { requireSignedIn } from '../lib/server/auth/action-guards.ts';
import { getDb } from '../lib/server/db.ts';

/** Shortest and longest reason accepted. */
export const REASON_LENGTH = { min: 10, max: 500 } as const;

export const revoke = defineAction({
  accept: 'form',
  input: z.object({
    certificateId: z
      .string({ error: 'Thiếu mã giấy chứng nhận.' })
      .regex(/^[a-z0-9]{1,64}$/, { error: 'Mã giấy chứng nhận không hợp lệ.' }),
    reason: z
      .string({ error: 'Hãy nhập lý do thu hồi.' })
      .trim()
      .min(1, { error: 'Hãy nhập lý do thu hồi.' })
      .min(REASON_LENGTH.min, {
        error: `Lý do thu hồi quá ngắn: hãy ghi rõ vì sao, ít nhất ${REASON_LENGTH.min} ký tự.`,
      })
      .max(REASON_LENGTH.max, { error: `Lý do thu hồi dài tối đa ${REASON_LENGTH.max} ký tự.` }),
  }),
  handler: async ({ certificateId, reason }, context) => {
    const user = requireSignedIn(context);
    // Irreversible and public: the password must have been entered in the last ten minutes.
    await requireRecentPassword(context.locals);
    const outcome = await revokeCertificate(getDb(), user, certificateId, reason);
    if (outcome === 'not-found')
      throw new ActionError({ code: 'NOT_FOUND', message: 'Không tìm thấy giấy chứng nhận trong phạm vi quản lý.' });
    if (outcome === 'already-revoked')
      throw new ActionError({ code: 'CONFLICT', message: 'Giấy chứng nhận này đã bị thu hồi từ trước.' });
    return { redirectTo: `/quan-tri/chung-chi/${certificateId}/?da-thu-hoi=1` };
  },
});

/** The certificate actions, registered under `certificates` (actions.certificates.revoke). */
export const certificates = { revoke };
