/**
 * The province's single sign-on settings (/quan-tri/dang-nhap-mot-lan/): province administrators
 * for their own province, the system administrator for any. The issuer is checked by discovery
 * before anything is saved; the client secret is write-only (blank keeps the stored one, unless
 * the issuer or client id changes) and never echoed in a message or the audit log. Like a temporary
 * password, it needs the administrator's password entered in the last ten minutes: whoever
 * controls the provider signs in as the province's officials.
 */
import { ActionError, defineAction } from 'astro:actions';
import { z } from 'astro/zod';
import { SSO_LINK_CLAIMS } from '../lib/auth/sso-link-claims.ts';
import { requireAllowed } from '../lib/server/auth/action-guards.ts';
import { requireRecentPassword } from '../lib/server/auth/require-recent-password.ts';
import { issuerAddressProblem, issuerCheckProblem } from '../lib/server/auth/sso/oidc-client.ts';
import {
  configurableProvince,
  mayConfigureSso,
  reconnects,
  saveProvider,
  storedConnectionOf,
} from '../lib/server/auth/sso/provider-store.ts';

const NOT_FOUND = 'Không tìm thấy tỉnh trong phạm vi quản lý.';
const SECRET_REQUIRED = 'Hãy nhập khóa bí mật (client secret) do nhà cung cấp cấp.';
const NEW_SECRET_REQUIRED =
  'Đã đổi địa chỉ issuer hoặc mã ứng dụng (client id): hãy nhập khóa bí mật (client secret) mới do nhà cung cấp đó cấp.';

const text = (what: string, max: number) =>
  z
    .string({ error: `Hãy nhập ${what}.` })
    .trim()
    .min(1, { error: `Hãy nhập ${what}.` })
    .max(max, { error: `${what[0].toUpperCase()}${what.slice(1)} dài tối đa ${max} ký tự.` });

export const configure = defineAction({
  accept: 'form',
  input: z.object({
    unitId: z.string({ error: 'Thiếu tỉnh.' }).regex(/^[a-z0-9]{1,64}$/, { error: 'Tỉnh không hợp lệ.' }),
    displayName: text('tên hiển thị', 100),
    issuer: text('địa chỉ issuer', 500)
      .transform((value) => value.replace(/\/+$/, '') || value)
      .superRefine((value, context) => {
        const problem = issuerAddressProblem(value);
        if (problem) context.addIssue({ code: 'custom', message: problem });
      }),
    clientId: text('mã ứng dụng (client id)', 200),
    // A blank field comes as null (Astro's form parsing): it keeps the stored secret.
    clientSecret: z
      .string()
      .max(500, { error: 'Khóa bí mật (client secret) dài tối đa 500 ký tự.' })
      .nullish()
      .transform((value) => value?.trim() || undefined),
    linkBy: z.enum(SSO_LINK_CLAIMS, { error: 'Hãy chọn thông tin dùng để nhận ra cán bộ.' }),
    claimName: text('tên trường (claim)', 100).regex(/^[A-Za-z0-9_.:-]+$/, {
      error: 'Tên trường (claim) chỉ gồm chữ cái không dấu, chữ số và các dấu _ . : -',
    }),
    enabled: z
      .string()
      .nullish()
      .transform((value) => value === 'on' || value === 'true'),
  }),
  handler: async (input, context) => {
    const user = requireAllowed(context, mayConfigureSso, NOT_FOUND);
    const province = await configurableProvince(user, input.unitId);
    if (!province) throw new ActionError({ code: 'NOT_FOUND', message: NOT_FOUND });
    await requireRecentPassword(context.locals);
    const stored = await storedConnectionOf(province.id);
    // The old secret never goes to another issuer or client: a change needs a new one.
    if (!input.clientSecret && (!stored || reconnects(stored, input)))
      throw new ActionError({ code: 'BAD_REQUEST', message: stored ? NEW_SECRET_REQUIRED : SECRET_REQUIRED });
    const secret = input.clientSecret ?? stored!.clientSecret;
    const problem = await issuerCheckProblem({ issuer: input.issuer, clientId: input.clientId, clientSecret: secret });
    if (problem) throw new ActionError({ code: 'BAD_REQUEST', message: problem });
    const saved = await saveProvider(user, province, {
      displayName: input.displayName,
      issuer: input.issuer,
      clientId: input.clientId,
      clientSecret: input.clientSecret,
      linkBy: input.linkBy,
      claimName: input.claimName,
      enabled: input.enabled,
    });
    if (!saved.ok) throw new ActionError({ code: 'BAD_REQUEST', message: NEW_SECRET_REQUIRED });
    return { redirectTo: `/quan-tri/dang-nhap-mot-lan/?tinh=${province.id}&da-luu=1` };
  },
});

/** The single sign-on actions, registered under `sso` (actions.sso.configure). */
export const sso = { configure };
