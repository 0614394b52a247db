/**
 * Folded alias words for the search index. Pagefind folds tone marks but treats đ as its own
 * letter, so "dat dai" would never find "đất đai". At index time each page gets, after a
 * marker, the folded form of every word it contains with đ; the excerpt code cuts them off.
 */
import { foldVietnamese } from './vietnamese.ts';

/** Separates a page's real text from its alias words in the indexed content. */
export const ALIAS_MARKER = 'hlsbidanh';

/** The distinct folded forms of the words in `text` that contain đ or Đ. */
export function aliasWords(text: string): string[] {
  const words = text.match(/[\p{L}\p{M}]*[đĐ][\p{L}\p{M}]*/gu) ?? [];
  return [...new Set(words.map((word) => foldVietnamese(word)))];
}
