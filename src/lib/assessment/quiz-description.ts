/** A quiz's settings in plain Vietnamese, as the quiz page and the course page list them. Pure. */
import { formatMinutes, formatNumber } from '../format.ts';
import type { Quiz } from '../../schemas/quiz.ts';

/** One line of the settings list: a term and what it means for this quiz. */
export interface QuizFact {
  term: string;
  detail: string;
}

/** Questions drawn per attempt (a case group counts as one question). */
export function questionCount(quiz: Pick<Quiz, 'draw'>): number {
  return quiz.draw.reduce((sum, rule) => sum + rule.count, 0);
}

/** The settings a learner needs before starting, in plain words. */
export function quizFacts(quiz: Quiz): QuizFact[] {
  return [
    {
      term: 'Số câu hỏi',
      detail: `${questionCount(quiz)} câu, rút ngẫu nhiên từ ngân hàng câu hỏi cho mỗi lần làm (một nhóm câu hỏi tình huống tính là một câu).`,
    },
    {
      term: 'Thời gian làm bài',
      detail:
        quiz.timeLimitMinutes === undefined
          ? 'Không giới hạn.'
          : `${formatMinutes(quiz.timeLimitMinutes)} cho mỗi lần, tính từ lúc bắt đầu theo đồng hồ của máy chủ. Hết giờ, bài được chấm theo các câu trả lời đã lưu.`,
    },
    {
      term: 'Số lần làm bài',
      detail: quiz.attemptsAllowed === undefined ? 'Không giới hạn.' : `Tối đa ${quiz.attemptsAllowed} lần.`,
    },
    {
      term: 'Thời gian chờ giữa hai lần',
      detail:
        quiz.waitMinutesBetweenAttempts === undefined
          ? 'Không phải chờ.'
          : `${formatMinutes(quiz.waitMinutesBetweenAttempts)} sau khi lần trước được chấm.`,
    },
    { term: 'Điểm đạt', detail: `Từ ${formatNumber(quiz.passPercent)}% tổng số điểm trở lên.` },
    { term: 'Xem đáp án', detail: feedbackRuleText(quiz) },
  ];
}

/** The feedback rule in plain words, for the quiz page and a hidden review. */
export function feedbackRuleText(quiz: Pick<Quiz, 'feedback' | 'attemptsAllowed'>): string {
  switch (quiz.feedback) {
    case 'sau-khi-nop':
      return 'Đáp án, giải thích và căn cứ pháp lý hiển thị ngay sau khi anh/chị nộp bài.';
    case 'khong':
      return 'Bài này chỉ cho biết điểm, không hiển thị đáp án.';
    case 'sau-han':
      return quiz.attemptsAllowed === undefined
        ? 'Đáp án, giải thích và căn cứ pháp lý hiển thị khi anh/chị đã đạt.'
        : 'Đáp án, giải thích và căn cứ pháp lý hiển thị khi anh/chị đã đạt hoặc đã dùng hết số lần làm bài.';
  }
}

/** How partly right answers score (the rule of grade.ts), for the quiz page. */
export const PARTIAL_CREDIT_RULES = [
  'Câu một lựa chọn và câu đúng/sai: đúng được đủ điểm, sai không có điểm.',
  'Câu nhiều lựa chọn có k phương án đúng: mỗi phương án đúng anh/chị chọn được cộng 1/k số điểm của câu, mỗi phương án sai anh/chị chọn bị trừ 1/k; điểm của câu thấp nhất là 0. Vì vậy chọn tất cả các phương án không được lợi.',
  'Câu sắp xếp: điểm theo tỉ lệ số mục đặt đúng vị trí.',
  'Nhóm câu hỏi tình huống: điểm là tổng điểm các câu trong nhóm.',
] as const;
