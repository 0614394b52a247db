/**
 * Which imported official a province's identity provider vouches for. The provider gives a claim
 * (staff code, national id or e-mail, as the province chose); it is normalised the way the
 * officials import stores that attribute, then matched to exactly one active official of the
 * province who has an account. Anything else is refused: no account is ever created here.
 * Pure; the candidates are loaded by src/lib/server/auth/sso/linking.ts.
 */
import type { SsoLinkClaim } from './sso-link-claims.ts';

/** Vietnamese labels of the attributes a province may link by. */
export const SSO_LINK_CLAIM_LABELS: Record<SsoLinkClaim, string> = {
  staff_code: 'Mã cán bộ',
  national_id: 'Số định danh cá nhân (12 chữ số)',
  email: 'Thư điện tử',
};

/** Số định danh cá nhân: 12 digits. */
export const NATIONAL_ID_PATTERN = /^\d{12}$/;

/** A national id as stored: digits only (spaces, dots and dashes people type are dropped); null when not 12 digits. */
export function normaliseNationalId(text: string): string | null {
  const digits = text.normalize('NFC').replace(/[\s.-]/g, '');
  return NATIONAL_ID_PATTERN.test(digits) ? digits : null;
}

/** An e-mail address as stored and compared: trimmed, lower case; null when it is not one. */
export function normaliseEmail(text: string): string | null {
  const email = text.normalize('NFC').trim().toLowerCase();
  return /^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(email) && email.length <= 254 ? email : null;
}

/** A staff code as the officials import stores it: single spaces, trimmed, upper case. */
export function normaliseStaffCodeClaim(text: string): string | null {
  const code = text.normalize('NFC').replace(/\s+/g, ' ').trim().toUpperCase();
  return code.length > 0 && code.length <= 50 ? code : null;
}

/**
 * The claim's value as the officials table holds that attribute, or null when the provider gave
 * nothing usable (missing, not a string or number, malformed).
 */
export function normaliseLinkValue(linkBy: SsoLinkClaim, value: unknown): string | null {
  if (typeof value === 'number' && Number.isSafeInteger(value)) value = String(value);
  if (typeof value !== 'string') return null;
  switch (linkBy) {
    case 'staff_code':
      return normaliseStaffCodeClaim(value);
    case 'national_id':
      return normaliseNationalId(value);
    case 'email':
      return normaliseEmail(value);
  }
}

/** An official holding the claimed value, wherever they work. */
export interface LinkCandidate {
  officialId: string;
  active: boolean;
  /** Tree path of the official's unit. */
  unitPath: string;
  /** Their account, if the import made one. */
  userId: string | null;
  accountDisabled: boolean;
}

export type LinkDecision =
  | { ok: true; userId: string; officialId: string }
  | { ok: false; reason: 'no-official' | 'several' | 'other-province' | 'no-account' | 'disabled' };

/**
 * The one official of the province (the subtree at `provincePath`) the value names. Inactive
 * officials do not count; two or more active ones are refused (the province must fix its list);
 * one found only in another province is refused too, and said so.
 */
export function decideLink(candidates: readonly LinkCandidate[], provincePath: string): LinkDecision {
  const active = candidates.filter((candidate) => candidate.active);
  const inProvince = active.filter((candidate) => candidate.unitPath.startsWith(provincePath));
  if (inProvince.length === 0) return { ok: false, reason: active.length > 0 ? 'other-province' : 'no-official' };
  if (inProvince.length > 1) return { ok: false, reason: 'several' };
  const [official] = inProvince;
  if (!official.userId) return { ok: false, reason: 'no-account' };
  if (official.accountDisabled) return { ok: false, reason: 'disabled' };
  return { ok: true, userId: official.userId, officialId: official.officialId };
}

/** Why a single sign-on was refused, as the refusal page says it. */
export type SsoRefusal =
  | Exclude<LinkDecision, { ok: true }>['reason']
  | 'no-claim'
  | 'email-unverified'
  | 'beyond-province'
  | 'already-linked'
  | 'provider-error'
  | 'flow-invalid'
  | 'unavailable';

export const SSO_REFUSAL_MESSAGES: Record<SsoRefusal, string> = {
  'no-official':
    'Không tìm thấy cán bộ nào của tỉnh khớp với tài khoản định danh này. Hãy đề nghị quản trị viên kiểm tra danh sách cán bộ đã nhập (mã cán bộ, số định danh cá nhân hoặc thư điện tử).',
  several:
    'Có nhiều cán bộ khớp với tài khoản định danh này nên hệ thống không thể chọn. Hãy đề nghị quản trị viên sửa danh sách cán bộ.',
  'other-province':
    'Tài khoản định danh này ứng với một cán bộ không thuộc tỉnh đã chọn. Hãy đăng nhập bằng cổng định danh của tỉnh nơi anh/chị công tác.',
  'no-account': 'Cán bộ này chưa có tài khoản trên hệ thống. Hãy đề nghị quản trị viên kiểm tra.',
  disabled: 'Tài khoản của anh/chị đang bị khóa. Hãy liên hệ quản trị viên của đơn vị.',
  'no-claim':
    'Cổng định danh không cung cấp thông tin cần để nhận ra cán bộ. Hãy đề nghị quản trị viên kiểm tra cấu hình đăng nhập một lần.',
  'email-unverified':
    'Cổng định danh chưa xác nhận thư điện tử của tài khoản định danh này nên hệ thống không dùng nó để nhận ra cán bộ. Hãy xác nhận thư điện tử tại cổng định danh hoặc liên hệ quản trị viên.',
  'beyond-province':
    'Tài khoản này có vai trò vượt quá quyền của quản trị viên cấp tỉnh (ví dụ một vai trò toàn quốc) nên không đăng nhập bằng cổng định danh của tỉnh được. Hãy đăng nhập bằng mật khẩu.',
  'already-linked':
    'Tài khoản trên hệ thống đã gắn với một tài khoản định danh khác của cổng này. Hãy đăng nhập bằng tài khoản định danh đã dùng trước đây hoặc liên hệ quản trị viên.',
  'provider-error': 'Cổng định danh trả về lỗi hoặc phản hồi không hợp lệ. Hãy thử đăng nhập lại.',
  'flow-invalid':
    'Phiên đăng nhập một lần không hợp lệ hoặc đã hết hạn (quá 10 phút, hoặc mở từ trình duyệt khác). Hãy bắt đầu đăng nhập lại.',
  unavailable: 'Đăng nhập một lần của tỉnh này hiện không dùng được. Hãy đăng nhập bằng mật khẩu hoặc thử lại sau.',
};

/** True for a loopback host: the only place a plain-http identity provider may be allowed (tests, a local trial). */
export function isLoopbackHost(hostname: string): boolean {
  return (
    hostname === 'localhost' || hostname === '[::1]' || hostname === '::1' || /^127(?:\.\d{1,3}){3}$/.test(hostname)
  );
}

/**
 * Why an issuer address is not acceptable, or null: https only; plain http on a loopback address
 * too when `allowInsecureLoopback` (an operator's explicit setting, for tests and local trials).
 */
export function issuerProblem(text: string, allowInsecureLoopback = false): string | null {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return 'Địa chỉ nhà cung cấp định danh (issuer) không phải một địa chỉ web hợp lệ.';
  }
  if (url.username || url.password) return 'Địa chỉ issuer không được chứa tên đăng nhập hay mật khẩu.';
  if (url.search || url.hash) return 'Địa chỉ issuer không được có phần truy vấn (?…) hay neo (#…).';
  if (url.protocol === 'https:') return null;
  if (allowInsecureLoopback && url.protocol === 'http:' && isLoopbackHost(url.hostname)) return null;
  return allowInsecureLoopback
    ? 'Địa chỉ issuer phải dùng https:// (chỉ chấp nhận http:// cho địa chỉ nội bộ 127.0.0.1 khi thử nghiệm).'
    : 'Địa chỉ issuer phải dùng https://.';
}
