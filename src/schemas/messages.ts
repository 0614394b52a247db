/**
 * Vietnamese error messages for content schemas. Each says what is wrong and how to fix it,
 * because the reader is a course writer, not a programmer.
 */
import type { Term } from './vocabulary.ts';

/** "field is required / must be text" message for a named field. */
export function requiredText(label: string): { error: string } {
  return { error: `Thiếu ${label}. Hãy ghi ${label} (một đoạn chữ, không để trống).` };
}

/** Message for a value outside a controlled vocabulary, listing the allowed slugs. */
export function notInVocabulary(label: string, terms: readonly Term[]) {
  const allowed = terms.map((term) => term.slug).join(', ');
  return {
    error: (issue: { input?: unknown }) =>
      `${label} "${String(issue.input)}" không có trong danh mục. Dùng một trong: ${allowed}.`,
  };
}

/** Message for a number that must be positive. */
export function positiveNumber(label: string): { error: string } {
  return { error: `${label} phải là một số lớn hơn 0, ví dụ 15.` };
}

/** "12345" → "12.345", as Vietnamese writes numbers. */
export function groupedDigits(value: number): string {
  return String(value).replace(/\B(?=(\d{3})+(?!\d))/g, '.');
}

/** Message for a text longer than its field allows. */
export function maxLength(label: string, max: number): { error: string } {
  return { error: `${label} dài tối đa ${groupedDigits(max)} ký tự: hãy viết gọn lại.` };
}
