/**
 * Activation codes printed on an official's letter (issue 16): what a code looks like, how what a
 * person types is read back, how it is stored and how long it lasts. Pure, so it is tested
 * directly; issuing and redeeming are src/lib/server/accounts/.
 *
 * A code is 12 characters from 31 (about 59 bits, well past the 50 a one-time code needs when
 * guesses are rate-limited), drawn without bias, printed in three groups of four such as
 * "K7PQ-M3XA-2HRT" so it can be read aloud over the phone. The alphabet has no 0/O, 1/I/L: nothing
 * a commune office printer or a tired reader can mistake for something else.
 */
import { sha256 } from '@oslojs/crypto/sha2';
import { encodeHexLowerCase } from '@oslojs/encoding';

export const ACTIVATION_CODE_ALPHABET = 'ABCDEFGHJKMNPQRSTUVWXYZ23456789';
export const ACTIVATION_CODE_LENGTH = 12;
const GROUP = 4;

/** How long a code opens the account: 30 days from when the letter is printed. */
export const ACTIVATION_CODE_LIFETIME_MS = 30 * 24 * 60 * 60 * 1000;

/** The public page a letter's QR code opens. */
export const ACTIVATION_PATH = '/kich-hoat/';

/** When a code issued at `now` stops working. */
export function activationCodeExpiry(now: Date = new Date()): Date {
  return new Date(now.getTime() + ACTIVATION_CODE_LIFETIME_MS);
}

/** A new code, grouped for reading ("K7PQ-M3XA-2HRT"). `random` fills a byte array (crypto by default). */
export function generateActivationCode(
  random: (bytes: Uint8Array) => Uint8Array = (bytes) => crypto.getRandomValues(bytes),
): string {
  const characters: string[] = [];
  // Bytes at or above the last whole multiple of 31 are dropped, so every character is equally likely.
  const limit = 256 - (256 % ACTIVATION_CODE_ALPHABET.length);
  while (characters.length < ACTIVATION_CODE_LENGTH) {
    for (const byte of random(new Uint8Array(24)))
      if (byte < limit && characters.length < ACTIVATION_CODE_LENGTH)
        characters.push(ACTIVATION_CODE_ALPHABET[byte % ACTIVATION_CODE_ALPHABET.length]);
  }
  return groupActivationCode(characters.join(''));
}

/** A normalised code in groups of four, joined by dashes. */
export function groupActivationCode(code: string): string {
  const groups: string[] = [];
  for (let start = 0; start < code.length; start += GROUP) groups.push(code.slice(start, start + GROUP));
  return groups.join('-');
}

/**
 * What a person typed, as the code it stands for: upper case, without spaces, dashes, dots or
 * underscores (however it was copied); undefined when it cannot be a code at all.
 */
export function normaliseActivationCode(typed: string): string | undefined {
  const code = typed
    .normalize('NFKC')
    .toUpperCase()
    .replace(/[\s\-‐‑–—._]/g, '');
  if (code.length !== ACTIVATION_CODE_LENGTH) return undefined;
  for (const character of code) if (!ACTIVATION_CODE_ALPHABET.includes(character)) return undefined;
  return code;
}

/** What is stored: SHA-256 of the normalised code, in hex. The code itself is never kept. */
export function hashActivationCode(normalisedCode: string): string {
  return encodeHexLowerCase(sha256(new TextEncoder().encode(normalisedCode)));
}

/**
 * The address the letter's QR code opens: the activation page with the staff code and the code
 * filled in. `siteAddress` has no trailing slash.
 */
export function activationUrl(siteAddress: string, staffCode: string, code: string): string {
  const query = new URLSearchParams({ tk: staffCode, ma: code });
  return `${siteAddress}${ACTIVATION_PATH}?${query.toString()}`;
}

/** The one refusal for a code that is unknown, used, expired or replaced: nothing tells which. */
export const ACTIVATION_REFUSED_MESSAGE =
  'Mã kích hoạt không đúng, đã dùng hoặc đã hết hạn. Hãy kiểm tra lại mã cán bộ và mã kích hoạt trên thư; nếu vẫn không được, hãy đề nghị quản trị viên của xã, phường (hoặc của cơ quan) cấp lại mã kích hoạt.';

/** Said only to whoever typed a right code for a locked account. */
export const ACTIVATION_DISABLED_MESSAGE =
  'Tài khoản này đang bị khóa nên chưa kích hoạt được. Hãy liên hệ quản trị viên của xã, phường để được mở khóa.';

/** What someone is told when they have tried too often. */
export function activationThrottledMessage(retryAfterSeconds: number): string {
  const minutes = Math.ceil(retryAfterSeconds / 60);
  return retryAfterSeconds > 60
    ? `Đã nhập mã kích hoạt sai quá nhiều lần. Hãy thử lại sau khoảng ${minutes} phút.`
    : `Đã nhập mã kích hoạt sai quá nhiều lần. Hãy đợi ${retryAfterSeconds} giây rồi thử lại.`;
}
