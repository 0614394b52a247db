/**
 * The refusals of the attempt services, each with the HTTP status the API answers and the
 * Vietnamese sentence the learner reads. Anything else thrown is a bug and is logged.
 */

/** One problem with one answer; `path` as "answers.c3" ("" for the body itself). */
export interface AnswerIssue {
  path: string;
  message: string;
}

/** What went wrong, from the learner's side: each maps to one HTTP status below. */
export type AttemptErrorCode = 'not-learner' | 'not-found' | 'refused' | 'closed' | 'late' | 'conflict' | 'invalid';

const STATUS: Record<AttemptErrorCode, 403 | 404 | 409 | 422> = {
  'not-learner': 403,
  'not-found': 404,
  refused: 409,
  closed: 409,
  late: 409,
  conflict: 409,
  invalid: 422,
};

/** A refusal the learner can understand and act on. */
export class AttemptError extends Error {
  readonly code: AttemptErrorCode;
  readonly status: 403 | 404 | 409 | 422;
  readonly issues: AnswerIssue[];
  /** For a waiting time: when the next attempt may start. */
  readonly until: Date | undefined;

  constructor(code: AttemptErrorCode, message: string, details: { issues?: AnswerIssue[]; until?: Date } = {}) {
    super(message);
    this.name = 'AttemptError';
    this.code = code;
    this.status = STATUS[code];
    this.issues = details.issues ?? [];
    this.until = details.until;
  }
}

/** The same answer for an attempt that does not exist and one that belongs to someone else. */
export const attemptNotFound = () => new AttemptError('not-found', 'Không tìm thấy lần làm bài này.');

/** An attempt graded by the learner's submit: nothing more can be saved. */
export const attemptClosed = () =>
  new AttemptError('closed', 'Bài làm này đã được nộp và chấm điểm nên không lưu thêm câu trả lời được.');

/** An attempt past its deadline and grace: graded at its deadline with what was saved in time. */
export const attemptLate = () =>
  new AttemptError(
    'late',
    'Đã hết thời gian làm bài: câu trả lời gửi sau hạn nộp không được lưu. Bài được chấm theo các câu trả lời đã lưu trước hạn.',
  );
