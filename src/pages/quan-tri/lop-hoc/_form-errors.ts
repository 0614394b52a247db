/**
 * Turns an action's error into the error-summary entries of a page: field errors point at their
 * input ids, any other error (one message per line, e.g. a list's row errors) at a fallback id.
 */
import { isInputError } from 'astro:actions';

export interface FormError {
  field: string;
  message: string;
}

/** The summary entries for an action error, if any. */
export function formErrors(error: unknown, fieldIds: Record<string, string>, fallback: string): FormError[] {
  if (!error) return [];
  if (isInputError(error)) {
    return Object.entries(error.fields as Record<string, string[] | undefined>)
      .filter(([, messages]) => messages?.[0])
      .map(([name, messages]) => ({ field: fieldIds[name] ?? fallback, message: messages![0] }));
  }
  const message = (error as { message?: string }).message ?? 'Không lưu được. Hãy thử lại.';
  return message.split('\n').filter(Boolean).map((line) => ({ field: fallback, message: line }));
}
