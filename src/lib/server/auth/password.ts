/**
 * Passwords: Argon2id (m = 19 MiB, t = 2, p = 1, OWASP's minimum), at least 8 characters,
 * no composition rules, and a refusal of very common passwords (NIST SP 800-63B).
 */
import { randomUUID } from 'node:crypto';
import { hash, verify } from '@node-rs/argon2';
import { COMMON_PASSWORDS } from './common-passwords.ts';
import { foldVietnamese } from '../../vietnamese.ts';

const ARGON2_OPTIONS = { memoryCost: 19456, timeCost: 2, parallelism: 1 } as const;
export const MIN_PASSWORD_LENGTH = 8;
export const MAX_PASSWORD_LENGTH = 128;

/** The Argon2id hash (PHC string) of a password. */
export function hashPassword(password: string): Promise<string> {
  return hash(password, ARGON2_OPTIONS);
}

/** True when `password` matches `passwordHash`; false (never a throw) on a malformed hash. */
export async function verifyPassword(passwordHash: string, password: string): Promise<boolean> {
  try {
    return await verify(passwordHash, password);
  } catch {
    return false;
  }
}

// A real hash of a random password, made with the same parameters as every other hash, to verify
// against when there is no usable one (unknown, password-less or disabled account, throttled
// try), so that every answer costs one Argon2 verification. Started at load so the first such
// try is not slower than the rest.
const decoyHash: Promise<string> = hashPassword(randomUUID());
decoyHash.catch(() => {});

/** Spends the same time as a real verification, and is always false. */
export async function verifyDecoy(password: string): Promise<false> {
  await verifyPassword(await decoyHash, password);
  return false;
}

/** Whether a stored hash can match any password ('!' marks an account without one). */
export function isUsableHash(passwordHash: string): boolean {
  return passwordHash.startsWith('$argon2');
}

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
