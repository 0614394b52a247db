/**
 * Credited hours (số giờ được ghi nhận): the one rule for the hours a course's completion is worth,
 * shown in the catalog and on the course page, printed on certificates and summed in the records
 * and the yearly report. Pure.
 *
 * By content: every lesson's minutes (frontmatter `minutes`), every quiz's time (its time limit,
 * or the stated `estimatedMinutes` of an untimed quiz; neither: 0) and every case study's stated
 * `minutes` (none: 0), added up and rounded DOWN to a half hour, so the credit is never above what
 * the content takes (215 minutes credit 3.5 hours; 25 minutes credit 0).
 *
 * By a recognised programme: when a content reviewer records that the course is the online part of
 * a programme approved by a decision (number, date, issuing body, the programme's hours and the
 * online part's hours), a completion credits the online part's hours as the decision states them,
 * never more than the programme's hours; the classes of the programme are recorded as classes.
 */

/** The credit step: hours are counted in half hours. */
export const CREDIT_STEP_HOURS = 0.5;

/** What a course's content takes, as the content states it. */
export interface CourseContentTime {
  lessons: readonly { minutes: number }[];
  quizzes: readonly { timeLimitMinutes?: number; estimatedMinutes?: number }[];
  caseStudies: readonly { minutes?: number }[];
}

/** A reviewer's record that a course is the online part of a recognised programme. */
export interface ProgrammeDecision {
  /** Number of the decision, e.g. "1234/QĐ-UBND". */
  decisionNumber: string;
  /** YYYY-MM-DD. */
  decisionDate: string;
  /** Who issued it, e.g. "UBND tỉnh Sông Lam". */
  issuer: string;
  /** Hours of the whole programme (classes and online study). */
  programmeHours: number;
  /** Hours of the online part as the decision states them. */
  onlineHours: number;
  /** True for a made-up decision of the demonstration data. */
  illustrative?: boolean;
}

/** Where a course's credited hours come from. */
export type HoursBasis = { kind: 'content' } | { kind: 'programme'; decision: ProgrammeDecision };

export interface CreditedHours {
  /** Hours a completion credits. */
  hours: number;
  /** Hours the content supports (by the content rule), whatever the basis. */
  contentHours: number;
  basis: HoursBasis;
}

const positive = (value: number | undefined) =>
  typeof value === 'number' && Number.isFinite(value) && value > 0 ? value : 0;

/** Minutes the content takes: lessons, quizzes (limit, else estimate) and case studies (estimate). */
export function contentMinutes(content: CourseContentTime): number {
  const lessons = content.lessons.reduce((sum, lesson) => sum + positive(lesson.minutes), 0);
  const quizzes = content.quizzes.reduce(
    (sum, quiz) => sum + (positive(quiz.timeLimitMinutes) || positive(quiz.estimatedMinutes)),
    0,
  );
  const cases = content.caseStudies.reduce((sum, caseStudy) => sum + positive(caseStudy.minutes), 0);
  return lessons + quizzes + cases;
}

/** Minutes to hours, rounded down to a half hour (never above the content). */
export function hoursOfMinutes(minutes: number): number {
  if (!(minutes > 0)) return 0;
  const halves = Math.floor(minutes / 30 + 1e-9);
  return halves * CREDIT_STEP_HOURS;
}

/** The hours a completion credits: the decision's online hours (capped) or the content's. */
export function creditedHours(minutes: number, programme?: ProgrammeDecision | null): CreditedHours {
  return creditOf(hoursOfMinutes(minutes), programme);
}

/** As creditedHours, from the content's hours already rounded (hoursOfMinutes). */
export function creditOf(contentHours: number, programme?: ProgrammeDecision | null): CreditedHours {
  if (!programme) return { hours: contentHours, contentHours, basis: { kind: 'content' } };
  return {
    hours: Math.min(positive(programme.onlineHours), positive(programme.programmeHours)),
    contentHours,
    basis: { kind: 'programme', decision: programme },
  };
}

/** "15/01/2027" from "2027-01-15". */
function dayMonthYear(date: string): string {
  const [year, month, day] = date.split('-');
  return `${day}/${month}/${year}`;
}

const hoursText = (hours: number) => String(hours).replace('.', ',');

/**
 * Where the hours come from, as printed beside them: "theo nội dung khóa học", or "theo Quyết định
 * số … ngày … của …" with the programme's hours (and "minh họa" for demonstration data).
 */
/** The basis of hours credited from the content itself (the common case). */
export const CONTENT_HOURS_BASIS = 'theo nội dung khóa học';

export function hoursBasisText(basis: HoursBasis): string {
  if (basis.kind === 'content') return CONTENT_HOURS_BASIS;
  const { decisionNumber, decisionDate, issuer, programmeHours, illustrative } = basis.decision;
  const text =
    `theo Quyết định số ${decisionNumber} ngày ${dayMonthYear(decisionDate)} của ${issuer}` +
    ` (phần học trực tuyến của chương trình ${hoursText(programmeHours)} giờ)`;
  return illustrative ? `${text}, quyết định minh họa của dữ liệu mẫu` : text;
}

/**
 * The content check's refusal of a declared `hours:` the content cannot support, naming both
 * figures; undefined when the declared hours are within the credit.
 */
export function declaredHoursProblem(declared: number, minutes: number): string | undefined {
  const supported = hoursOfMinutes(minutes);
  if (declared <= supported) return undefined;
  const figures =
    `Số giờ khai báo (hours: ${declared}) lớn hơn số giờ nội dung hỗ trợ (${hoursText(supported)} giờ, ` +
    `từ ${minutes} phút bài học, bài kiểm tra và tình huống, làm tròn xuống nửa giờ)`;
  // Hours must be positive: under half an hour of content, only more content helps.
  return supported === 0
    ? `${figures}: nội dung chưa đủ nửa giờ, hãy bổ sung bài học trước khi xuất bản.`
    : `${figures}: hãy ghi hours: ${supported} hoặc bổ sung nội dung.`;
}

/** Why a programme record is refused (Vietnamese, for the reviewer), or undefined when it is sound. */
export function programmeProblem(
  decision: Pick<ProgrammeDecision, 'programmeHours' | 'onlineHours'>,
): string | undefined {
  if (decision.onlineHours > decision.programmeHours)
    return `Số giờ học trực tuyến (${hoursText(decision.onlineHours)}) không được lớn hơn tổng số giờ của chương trình (${hoursText(decision.programmeHours)}).`;
  return undefined;
}
