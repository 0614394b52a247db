/**
 * The xAPI vocabulary the feed uses. ADL verbs where ADL has one (completed, passed, failed);
 * platform verbs, activity types and extensions under `<site>/xapi/…` where it has none
 * (certificate issued or revoked, evaluation after training), each with a Vietnamese display.
 * `base` is the site's address without a trailing slash, as src/lib/server/xapi/record-facts.ts
 * reads it. Pure.
 */

/** A verb: its IRI and how it reads in Vietnamese. */
export interface Verb {
  id: string;
  display: Record<string, string>;
}

/** The verbs of the feed, for a site base. */
export function verbs(base: string) {
  return {
    completed: { id: 'http://adlnet.gov/expapi/verbs/completed', display: { 'vi-VN': 'đã hoàn thành' } },
    passed: { id: 'http://adlnet.gov/expapi/verbs/passed', display: { 'vi-VN': 'đã đạt' } },
    failed: { id: 'http://adlnet.gov/expapi/verbs/failed', display: { 'vi-VN': 'chưa đạt' } },
    certificateIssued: {
      id: `${base}/xapi/verbs/certificate-issued`,
      display: { 'vi-VN': 'được cấp giấy chứng nhận' },
    },
    certificateRevoked: {
      id: `${base}/xapi/verbs/certificate-revoked`,
      display: { 'vi-VN': 'bị thu hồi giấy chứng nhận' },
    },
    evaluated: {
      id: `${base}/xapi/verbs/evaluated-after-training`,
      display: { 'vi-VN': 'được đánh giá hiệu quả sau bồi dưỡng' },
    },
  } satisfies Record<string, Verb>;
}

/** Activity types: ADL's course and assessment, the platform's certificate. */
export function activityTypes(base: string) {
  return {
    course: 'http://adlnet.gov/expapi/activities/course',
    assessment: 'http://adlnet.gov/expapi/activities/assessment',
    certificate: `${base}/xapi/activities/certificate`,
  };
}

/** Extension IRIs for what xAPI has no field for. */
export function extensions(base: string) {
  return {
    hours: `${base}/xapi/extensions/hours`,
    trainingKind: `${base}/xapi/extensions/training-kind`,
    courseVersion: `${base}/xapi/extensions/course-version`,
    attemptNumber: `${base}/xapi/extensions/attempt-number`,
    reason: `${base}/xapi/extensions/revocation-reason`,
    criteria: `${base}/xapi/extensions/evaluation-criteria`,
    comment: `${base}/xapi/extensions/evaluation-comment`,
  };
}

/** The platform as xAPI's context.platform names it. */
export const PLATFORM = 'Học Liệu Số';
/** Every statement's language. */
export const LANGUAGE = 'vi-VN';
