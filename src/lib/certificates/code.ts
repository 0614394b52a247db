/**
 * Certificate codes (mã số giấy chứng nhận): 160 random bits in base32 (RFC 4648, A–Z and 2–7),
 * 32 characters, stored without separators and shown in eight groups of four for reading aloud
 * and typing: "K7QM-2XBD-…". Anyone holding a code can see its record, so a code must be
 * unguessable; 160 bits leave no room for guessing at any request rate. Pure.
 */
import { encodeBase32UpperCaseNoPadding } from '@oslojs/encoding';

/** Random bytes in a code: 20 bytes = 160 bits = 32 base32 characters. */
export const CODE_BYTES = 20;

/** A stored code: 32 base32 characters, upper case, no separators. */
export const CODE_PATTERN = /^[A-Z2-7]{32}$/;

/** A new code from the platform's cryptographic random source. */
export function newCertificateCode(): string {
  const bytes = new Uint8Array(CODE_BYTES);
  crypto.getRandomValues(bytes);
  return encodeBase32UpperCaseNoPadding(bytes);
}

/** "K7QM2XBD…" → "K7QM-2XBD-…": the code as people read and type it. */
export function groupCode(code: string): string {
  return code.match(/.{1,4}/g)?.join('-') ?? code;
}

/**
 * The stored form of a code as someone typed or scanned it, or null if it cannot be one: case
 * does not matter, spaces, dashes and dots between groups are dropped, and the digits 0, 1 and 8,
 * which base32 never uses, are read as the letters O, I and B they are mistaken for.
 */
export function normalizeCode(input: string): string | null {
  const code = input
    .normalize('NFKC')
    .toUpperCase()
    .replace(/[\s\-‐‑–—.]/g, '')
    .replace(/0/g, 'O')
    .replace(/1/g, 'I')
    .replace(/8/g, 'B');
  return CODE_PATTERN.test(code) ? code : null;
}
