/**
 * Records a course completion (once) and issues its certificate when the course's rule holds.
 * Called after anything that may complete a course: a lesson completed, a video watched, a final
 * test passed. Never called inside a write transaction.
 */

/** What happened: nothing new, or the completion (and certificate) just recorded. */
export type CompletionOutcome = { recorded: false } | { recorded: true; certificateCode: string | null };

export async function recordCompletionIfDue(userId: string, courseId: string): Promise<CompletionOutcome> {
  // TODO(issue 4): implemented by the completion/certificate work.
  void userId;
  void courseId;
  return { recorded: false };
}
