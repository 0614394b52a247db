/**
 * The form of /kich-hoat/, read and answered: fields checked with zod (a bad form is a 400 with
 * Vietnamese messages and writes nothing), then redeemActivationCode. The page sets the cookie and
 * redirects; this module has no astro: imports so tests can load it directly.
 */
import { z } from 'astro/zod';
import { MAX_PASSWORD_LENGTH } from '../../auth/password-policy.ts';
import { redeemActivationCode, type ActivationField } from './activation-redeem.ts';

/** The page's control ids, by field: the error summary links to them. */
export const ACTIVATION_FIELD_IDS = {
  staffCode: 'ma-can-bo',
  code: 'ma-kich-hoat',
  newPassword: 'mat-khau-moi',
  confirmPassword: 'nhap-lai-mat-khau',
} as const;

const activationForm = z
  .object({
    staffCode: z
      .string({ error: 'Hãy nhập mã cán bộ.' })
      .trim()
      .min(1, { error: 'Hãy nhập mã cán bộ.' })
      .max(100, { error: 'Mã cán bộ quá dài.' }),
    code: z
      .string({ error: 'Hãy nhập mã kích hoạt.' })
      .trim()
      .min(1, { error: 'Hãy nhập mã kích hoạt in trên thư.' })
      .max(100, { error: 'Mã kích hoạt quá dài.' }),
    newPassword: z
      .string({ error: 'Hãy nhập mật khẩu mới.' })
      .min(1, { error: 'Hãy nhập mật khẩu mới.' })
      .max(MAX_PASSWORD_LENGTH, { error: `Mật khẩu dài tối đa ${MAX_PASSWORD_LENGTH} ký tự.` }),
    confirmPassword: z.string({ error: 'Hãy nhập lại mật khẩu mới.' }).max(MAX_PASSWORD_LENGTH),
  })
  .refine((input) => input.newPassword === input.confirmPassword, {
    path: ['confirmPassword'],
    error: 'Hai lần nhập mật khẩu mới không khớp nhau.',
  });

export interface FieldMessage {
  field: (typeof ACTIVATION_FIELD_IDS)[keyof typeof ACTIVATION_FIELD_IDS];
  message: string;
}

export type ActivationFormOutcome =
  | { ok: true; token: string }
  | {
      ok: false;
      status: number;
      errors: FieldMessage[];
      retryAfterSeconds?: number;
      /** What was typed, to fill the form in again (never the passwords). */
      typed: { staffCode: string; code: string };
    };

function text(form: FormData, name: string): string | undefined {
  const value = form.get(name);
  return typeof value === 'string' ? value : undefined;
}

/** Answers a posted activation form. */
export async function activateFromForm(form: FormData, clientAddress: string): Promise<ActivationFormOutcome> {
  const typed = {
    staffCode: (text(form, 'staffCode') ?? '').slice(0, 100),
    code: (text(form, 'code') ?? '').slice(0, 100),
  };
  const parsed = activationForm.safeParse({
    staffCode: text(form, 'staffCode'),
    code: text(form, 'code'),
    newPassword: text(form, 'newPassword'),
    confirmPassword: text(form, 'confirmPassword'),
  });
  if (!parsed.success) {
    const errors: FieldMessage[] = [];
    for (const issue of parsed.error.issues) {
      const name = String(issue.path[0] ?? 'staffCode') as keyof typeof ACTIVATION_FIELD_IDS;
      const field = ACTIVATION_FIELD_IDS[name] ?? ACTIVATION_FIELD_IDS.staffCode;
      if (!errors.some((error) => error.field === field)) errors.push({ field, message: issue.message });
    }
    return { ok: false, status: 400, errors, typed };
  }
  const result = await redeemActivationCode({ ...parsed.data, clientAddress });
  if (result.ok) return { ok: true, token: result.token };
  const field = ACTIVATION_FIELD_IDS[result.field satisfies ActivationField];
  return {
    ok: false,
    status: result.status,
    errors: [{ field, message: result.message }],
    retryAfterSeconds: result.retryAfterSeconds,
    typed,
  };
}
