/**
 * Password hashes: Argon2id (m = 19 MiB, t = 2, p = 1, OWASP's minimum). What a new password
 * must be is src/lib/auth/password-policy.ts.
 */
import { randomUUID } from 'node:crypto';
import { hash, verify } from '@node-rs/argon2';

const ARGON2_OPTIONS = { memoryCost: 19456, timeCost: 2, parallelism: 1 } as const;

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
