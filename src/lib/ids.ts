import { encodeBase32LowerCaseNoPadding } from '@oslojs/encoding';

/** A random id of 120 bits, lower-case base32: safe in URLs and unguessable. */
export function newId(): string {
  const bytes = new Uint8Array(15);
  crypto.getRandomValues(bytes);
  return encodeBase32LowerCaseNoPadding(bytes);
}
