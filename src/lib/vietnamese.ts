/** Text helpers for Vietnamese. Pure: safe in the browser and on the server. */

/**
 * Folds Vietnamese to plain ASCII letters for matching: lower case, tone and vowel marks
 * removed, and đ → d (đ is a letter of its own, so Unicode decomposition does not remove it).
 * "Đất đai" → "dat dai".
 */
export function foldVietnamese(text: string): string {
  return text
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[đĐ]/g, 'd')
    .toLowerCase();
}

/** Splits text into the folded words a search compares, dropping punctuation. */
export function foldedWords(text: string): string[] {
  return foldVietnamese(text)
    .split(/[^a-z0-9]+/)
    .filter(Boolean);
}
