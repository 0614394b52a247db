/**
 * Self-service password reset by e-mail (issue 16): what a reset token is, how long it lives, what
 * a request may name and what the pages say. Pure; the server side is
 * src/lib/server/accounts/password-reset.ts.
 */

/** Random bytes in a token: 256 bits, far beyond guessing, so only its SHA-256 needs storing. */
export const RESET_TOKEN_BYTES = 32;
/** A link works for an hour after it is sent (OWASP: short-lived, single use). */
export const RESET_TOKEN_LIFETIME_MS = 60 * 60 * 1000;
export const RESET_TOKEN_LIFETIME_MINUTES = RESET_TOKEN_LIFETIME_MS / 60_000;

/** The page that asks for a link, and the page the link opens. */
export const FORGOT_PASSWORD_PATH = '/quen-mat-khau/';
export const RESET_PASSWORD_PATH = '/dat-lai-mat-khau/';
/** The query parameter that carries the token in the e-mailed link (moved to a cookie at once). */
export const RESET_TOKEN_PARAMETER = 't';

/** 32 bytes in base64url without padding: 43 characters of A–Z, a–z, 0–9, '-' and '_'. */
const TOKEN_PATTERN = /^[A-Za-z0-9_-]{43}$/;

/** Whether `value` has the shape of a reset token (anything else is refused without a look-up). */
export function isWellFormedResetToken(value: unknown): value is string {
  return typeof value === 'string' && TOKEN_PATTERN.test(value);
}

/** The link sent by e-mail: the site's address (no trailing slash), the reset page, the token. */
export function resetLink(siteAddress: string, token: string): string {
  return `${siteAddress}${RESET_PASSWORD_PATH}?${RESET_TOKEN_PARAMETER}=${token}`;
}

/** What a request names: a sign-in name, or an e-mail address (anything with an '@'). */
export type ResetIdentifier = { kind: 'username'; username: string } | { kind: 'email'; email: string };

/** Longest identifier accepted (an e-mail address is at most 254 characters). */
export const MAX_IDENTIFIER_LENGTH = 254;

/** Reads what was typed: trimmed and lower case, as sign-in names and e-mail addresses compare. */
export function parseResetIdentifier(raw: string): ResetIdentifier {
  const value = raw.trim().toLowerCase();
  return value.includes('@') ? { kind: 'email', email: value } : { kind: 'username', username: value };
}

/** Whether a stored token still opens the reset form at `now`. */
export function isLiveResetToken(token: { expiresAt: Date; usedAt: Date | null }, now: number): boolean {
  return token.usedAt === null && token.expiresAt.getTime() > now;
}

/**
 * The one answer to every accepted request, whether or not the account exists or has an
 * address: anything else would tell a stranger which names and addresses are registered.
 */
export const RESET_REQUESTED_MESSAGE =
  `Nếu tên đăng nhập hoặc địa chỉ thư điện tử này thuộc một tài khoản đã đăng ký địa chỉ thư điện tử, ` +
  `chúng tôi đã gửi tới địa chỉ đó một liên kết để đặt lại mật khẩu. Liên kết chỉ dùng được một lần, ` +
  `trong ${RESET_TOKEN_LIFETIME_MINUTES} phút.`;

/** Said when the server has no mail settings: the other way to a new password. */
export const EMAIL_RESET_UNAVAILABLE_MESSAGE =
  'Hệ thống này chưa được cấu hình để gửi thư điện tử, nên chưa thể đặt lại mật khẩu qua thư. ' +
  'Hãy liên hệ quản trị viên của xã, phường: quản trị viên có thể cấp lại mã kích hoạt để anh/chị tự đặt mật khẩu mới.';

/** Said when a link is used, expired, superseded or was never issued (the same for all four). */
export const RESET_LINK_INVALID_MESSAGE =
  'Liên kết đặt lại mật khẩu này không còn dùng được: liên kết đã được dùng, đã quá hạn ' +
  `${RESET_TOKEN_LIFETIME_MINUTES} phút, hoặc đã có liên kết mới hơn được gửi đi.`;

/** What someone over the per-address limit is told, in Vietnamese. */
export function resetThrottledMessage(retryAfterSeconds: number): string {
  const wait =
    retryAfterSeconds > 60 ? `khoảng ${Math.ceil(retryAfterSeconds / 60)} phút` : `${retryAfterSeconds} giây`;
  return `Có quá nhiều yêu cầu đặt lại mật khẩu từ địa chỉ mạng này. Hãy thử lại sau ${wait}.`;
}
