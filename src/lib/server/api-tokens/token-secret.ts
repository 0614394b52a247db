/**
 * API token strings: "hls_" and 160 random bits in lower-case base32 (32 characters). Only the
 * SHA-256 of the whole string is stored; the string is shown once, when the token is created.
 * Pure apart from the random source.
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import { encodeBase32LowerCaseNoPadding } from '@oslojs/encoding';

/** Every token starts with this, so a leaked one is recognisable (secret scanners, logs). */
export const TOKEN_PREFIX = 'hls_';

/** Characters of a token shown in lists to tell tokens apart ("hls_" and four more). */
const DISPLAY_LENGTH = TOKEN_PREFIX.length + 4;

const TOKEN_SHAPE = /^hls_[a-z2-7]{32}$/;

/** A new token string: prefix + 20 random bytes (160 bits) in base32. */
export function generateTokenSecret(): string {
  const bytes = new Uint8Array(20);
  crypto.getRandomValues(bytes);
  return `${TOKEN_PREFIX}${encodeBase32LowerCaseNoPadding(bytes)}`;
}

/** Hex SHA-256 of the token string: what the database keeps and looks tokens up by. */
export function hashTokenSecret(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}

/** The part of a token that lists may show ("hls_abcd…"). */
export function displayPrefixOf(token: string): string {
  return token.slice(0, DISPLAY_LENGTH);
}

/** True when the string has a token's shape; anything else is refused before any lookup. */
export function looksLikeToken(value: string): boolean {
  return TOKEN_SHAPE.test(value);
}

/** Constant-time comparison of two hex hashes of equal length. */
export function sameHash(a: string, b: string): boolean {
  const left = Buffer.from(a, 'hex');
  const right = Buffer.from(b, 'hex');
  return left.length === right.length && left.length > 0 && timingSafeEqual(left, right);
}

/** The token of an `Authorization: Bearer <token>` header, or null when there is none. */
export function bearerTokenOf(header: string | null): string | null {
  if (!header) return null;
  const match = /^Bearer[ ]+(\S+)\s*$/i.exec(header);
  return match ? match[1] : null;
}
