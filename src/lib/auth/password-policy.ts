/**
 * What a new password must be: at least 8 characters, no composition rules, and not a very
 * common one (NIST SP 800-63B). Pure; hashing is src/lib/server/auth/password.ts.
 */
import { COMMON_PASSWORDS } from './common-passwords.ts';
import { foldVietnamese } from '../vietnamese.ts';

export const MIN_PASSWORD_LENGTH = 8;
export const MAX_PASSWORD_LENGTH = 128;

/** Why a new password is refused, in Vietnamese, or null when it is acceptable. */
export function newPasswordProblem(password: string, username?: string): string | null {
  if ([...password].length < MIN_PASSWORD_LENGTH) return `Mật khẩu cần ít nhất ${MIN_PASSWORD_LENGTH} ký tự.`;
  if ([...password].length > MAX_PASSWORD_LENGTH) return `Mật khẩu dài tối đa ${MAX_PASSWORD_LENGTH} ký tự.`;
  const folded = foldVietnamese(password).replace(/\s+/g, '');
  if (COMMON_PASSWORDS.has(folded) || (username && folded.includes(foldVietnamese(username)))) {
    return 'Mật khẩu này quá phổ biến hoặc dễ đoán. Hãy chọn một cụm từ dài hơn mà chỉ anh/chị biết.';
  }
  return null;
}
