/**
 * The criteria of the evaluation after training (003: hiệu quả sau bồi dưỡng) and of the
 * learner's feedback, with the labels of each 1–5 rating. Pure.
 */

/** A criterion: the column it is stored in and what the form asks. */
export interface Criterion<K extends string> {
  key: K;
  label: string;
  hint: string;
}

export const EVALUATION_CRITERIA = [
  {
    key: 'taskResults',
    label: 'Kết quả thực hiện nhiệm vụ',
    hint: 'Công việc được giao hoàn thành đúng hạn, đạt chất lượng sau khi áp dụng kiến thức đã học.',
  },
  {
    key: 'adviceQuality',
    label: 'Chất lượng tham mưu',
    hint: 'Văn bản, đề xuất tham mưu cho lãnh đạo đúng quy định, kịp thời, có căn cứ.',
  },
  {
    key: 'responsibility',
    label: 'Tinh thần trách nhiệm và kỷ luật hành chính',
    hint: 'Chấp hành kỷ luật, kỷ cương hành chính, đạo đức công vụ.',
  },
  {
    key: 'coordination',
    label: 'Phối hợp liên ngành',
    hint: 'Phối hợp với các cơ quan, đơn vị khác trong giải quyết công việc.',
  },
  {
    key: 'citizenSatisfaction',
    label: 'Sự hài lòng của người dân và doanh nghiệp',
    hint: 'Phản ánh, đánh giá của người dân, doanh nghiệp khi được phục vụ.',
  },
] as const satisfies readonly Criterion<string>[];

export type EvaluationCriterionKey = (typeof EVALUATION_CRITERIA)[number]['key'];

/** What each rating of the evaluation means. */
export const EVALUATION_RATINGS = [
  { value: 1, label: 'Chưa có chuyển biến' },
  { value: 2, label: 'Chuyển biến ít' },
  { value: 3, label: 'Có chuyển biến' },
  { value: 4, label: 'Chuyển biến rõ' },
  { value: 5, label: 'Chuyển biến rất rõ, nổi bật' },
] as const;

export const FEEDBACK_QUESTIONS = [
  {
    key: 'satisfaction',
    label: 'Anh/chị hài lòng với khóa học ở mức nào?',
    hint: 'Nội dung, cách trình bày, thời lượng.',
  },
  {
    key: 'usefulness',
    label: 'Khóa học hữu ích cho công việc của anh/chị ở mức nào?',
    hint: 'Có thể áp dụng ngay vào nhiệm vụ đang làm.',
  },
  {
    key: 'selfAssessed',
    label: 'Anh/chị tự đánh giá đã nắm được kiến thức, kỹ năng của khóa học ở mức nào?',
    hint: 'Mức độ hiểu và tự làm được.',
  },
] as const satisfies readonly Criterion<string>[];

export type FeedbackQuestionKey = (typeof FEEDBACK_QUESTIONS)[number]['key'];

/** What each rating of the learner's feedback means. */
export const FEEDBACK_RATINGS = [
  { value: 1, label: 'Rất thấp' },
  { value: 2, label: 'Thấp' },
  { value: 3, label: 'Trung bình' },
  { value: 4, label: 'Cao' },
  { value: 5, label: 'Rất cao' },
] as const;

/** Longest comment accepted on either form. */
export const COMMENT_MAX = 2000;

/** Months after a completion before the managing agency evaluates it (003: at least three). */
export const MONTHS_BEFORE_EVALUATION = 3;
