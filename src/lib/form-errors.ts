/**
 * An action's error as a form page shows it (the GOV.UK pattern): the lines of the error summary
 * (ErrorSummary.astro), each linking to the control it is about, and the message to show beside
 * each control (FieldError.astro). Every form page reads its action's errors through this. Pure.
 */

/** One line of the error summary: the id of the control it links to, and the message. */
export interface SummaryError {
  field: string;
  message: string;
}

/** What a page shows for an action's error. */
export interface FormErrors {
  summary: SummaryError[];
  /** The first message about each control, by control id. */
  fieldErrors: Record<string, string | undefined>;
}

/**
 * What is read of Astro's ActionError: an input error (ActionInputError) has `fields`, the zod
 * messages by input name, and `issues`; a refusal thrown by the handler has only a message.
 */
export interface ActionErrorLike {
  code?: string;
  message: string;
  fields?: Partial<Record<string, string[]>>;
  issues?: readonly { message: string }[];
}

export interface FormErrorOptions {
  /** The control id of each input, by input name (or a function giving it); an input without one links to `fallback`. */
  fieldIds?: Record<string, string> | ((name: string) => string | undefined);
  /** The control that messages about no known input link to: the handler's refusal, above all. */
  fallback: string | ((error: ActionErrorLike) => string);
  /** Every message about an input, not only the first. */
  everyMessage?: boolean;
  /** Also show the messages about no known input beside the fallback control (default true). */
  fallbackBeside?: boolean;
}

/** For an error without words: Astro's own input error message is English JSON, never shown. */
const INVALID_FORM = 'Biểu mẫu không hợp lệ.';
const NOT_SAVED = 'Không lưu được. Hãy thử lại.';

/**
 * The summary and the messages beside the controls for an action's error (none without one).
 * A refusal's message may hold several lines (a list's row errors): each is a line of the summary.
 */
export function formErrors(error: ActionErrorLike | undefined, options: FormErrorOptions): FormErrors {
  if (!error) return { summary: [], fieldErrors: {} };
  const fallback = typeof options.fallback === 'function' ? options.fallback(error) : options.fallback;
  // Each message with the control it is about; undefined: about no known input.
  const lines: { id: string | undefined; message: string }[] = [];
  if (error.fields) {
    const { fieldIds } = options;
    const idOf =
      typeof fieldIds === 'function'
        ? fieldIds
        : (name: string) => (fieldIds && Object.hasOwn(fieldIds, name) ? fieldIds[name] : undefined);
    for (const [name, messages = []] of Object.entries(error.fields)) {
      for (const message of options.everyMessage ? messages : messages.slice(0, 1))
        if (message) lines.push({ id: idOf(name), message });
    }
    if (lines.length === 0) lines.push({ id: undefined, message: error.issues?.[0]?.message || INVALID_FORM });
  } else {
    for (const line of (error.message || NOT_SAVED).split('\n')) if (line) lines.push({ id: undefined, message: line });
  }
  const fieldErrors: Record<string, string | undefined> = {};
  for (const { id, message } of lines) {
    if (id !== undefined) fieldErrors[id] ??= message;
    else if (options.fallbackBeside !== false) fieldErrors[fallback] ??= message;
  }
  return { summary: lines.map(({ id, message }) => ({ field: id ?? fallback, message })), fieldErrors };
}
