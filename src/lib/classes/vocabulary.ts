/**
 * The fixed vocabularies of classes and plans: the values stored in the database (db/schema/classes.ts
 * uses them as column enums) and accepted by the forms. Their Vietnamese words are in labels.ts. Pure.
 */

/** How a class is taught: trực tiếp (in person) or kết hợp (blended). */
export const CLASS_METHODS = ['truc-tiep', 'ket-hop'] as const;
export type ClassMethod = (typeof CLASS_METHODS)[number];
/** Where the money comes from, as the plan form splits it: NS tỉnh, NS TW, Theo Đề án, Khác (XHH). */
export const FUNDING_SOURCES = ['ns-tinh', 'ns-tw', 'theo-de-an', 'khac-xhh'] as const;
export type FundingSource = (typeof FUNDING_SOURCES)[number];
/**
 * An attendee's result: hoàn thành, không hoàn thành, vắng (the outcomes, recorded once the class
 * has ended: result-timing.ts), or đã đăng ký (enrolled, no outcome yet).
 */
export const ATTENDANCE_RESULTS = ['hoan-thanh', 'khong-hoan-thanh', 'vang', 'da-dang-ky'] as const;
export type AttendanceResult = (typeof ATTENDANCE_RESULTS)[number];
/** A training record's result: an attendee's, or đạt (a final test passed online). */
export type TrainingResult = AttendanceResult | 'dat';
/** A plan covers one year ("2027") or one phase of Decision 700 ("2026-2028"). */
export const PLAN_SPANS = ['nam', 'giai-doan'] as const;
export type PlanSpan = (typeof PLAN_SPANS)[number];
