/**
 * The errors of a rating form (RatingFields.astro) for its error summary and its fields, from an
 * action's field errors. Pure, so both forms read their errors the same way.
 */

/** One line of the error summary: the field id it links to and the message. */
export interface SummaryError {
  field: string;
  message: string;
}

/**
 * The summary lines and the messages by field: each rating question links to its first choice
 * (`<key>-1`), the comment to its box; an error on no field falls back to the first question.
 */
export function ratingFormErrors(
  fields: Record<string, string[] | undefined>,
  questionKeys: readonly string[],
  fallbackMessage: string,
): { errors: SummaryError[]; fieldErrors: Record<string, string | undefined> } {
  const errors: SummaryError[] = [];
  const fieldErrors: Record<string, string | undefined> = {};
  for (const key of questionKeys) {
    const message = fields[key]?.[0];
    if (message) {
      fieldErrors[key] = message;
      errors.push({ field: `${key}-1`, message });
    }
  }
  if (fields.comment?.[0]) {
    fieldErrors.comment = fields.comment[0];
    errors.push({ field: 'comment', message: fields.comment[0] });
  }
  if (errors.length === 0 && questionKeys[0]) errors.push({ field: `${questionKeys[0]}-1`, message: fallbackMessage });
  return { errors, fieldErrors };
}
