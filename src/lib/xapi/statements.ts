/**
 * Building xAPI 1.0.3 statements from the platform's facts, as pure functions: the same fact
 * always gives the same statement (the same id, the same timestamp), so a fact queued twice or
 * resent is one statement at the LRS. The actor is the official by staff code (mã cán bộ) under
 * the site's address, never an email; an account without an official record sends nothing.
 */
import { courseUrl, quizUrl } from '../content-paths.ts';
import { verificationPath } from '../certificates/verification-url.ts';
import type { XapiFactKind } from './outbox-states.ts';
import { registrationOf, statementIdOf } from './uuid.ts';
import { LANGUAGE, PLATFORM, activityTypes, extensions, verbs, type Verb } from './vocabulary.ts';

/** A statement as sent: plain JSON. */
export type XapiStatement = {
  id: string;
  actor: { objectType: 'Agent'; account: { homePage: string; name: string } };
  verb: Verb;
  object: {
    objectType: 'Activity';
    id: string;
    definition: { type: string; name: Record<string, string>; description?: Record<string, string> };
  };
  result?: {
    score?: { scaled: number; raw: number; min: number; max: number };
    success?: boolean;
    completion?: boolean;
    duration?: string;
  };
  context: {
    registration: string;
    language: string;
    platform: string;
    contextActivities?: {
      parent: { objectType: 'Activity'; id: string; definition: { type: string; name?: Record<string, string> } }[];
    };
    extensions?: Record<string, unknown>;
  };
  timestamp: string;
};

/** A fact ready for the outbox: its kind, its key (what the id is derived from) and its statement. */
export interface XapiFact {
  kind: XapiFactKind;
  key: string;
  statement: XapiStatement;
}

/** The learner the statement is about: the account (for the registration) and the staff code. */
export interface Learner {
  userId: string;
  staffCode: string;
}

/** A course by id, with its title when known. */
export interface CourseRef {
  id: string;
  title?: string;
}

/** "PT1H2M3.5S" from milliseconds (ISO 8601 duration, as xAPI wants it). */
export function isoDuration(milliseconds: number): string {
  const total = Math.max(0, Math.round(milliseconds / 10)) / 100;
  const hours = Math.floor(total / 3600);
  const minutes = Math.floor((total % 3600) / 60);
  const seconds = Math.round((total % 60) * 100) / 100;
  return `PT${hours ? `${hours}H` : ''}${minutes ? `${minutes}M` : ''}${seconds || (!hours && !minutes) ? `${seconds}S` : ''}`;
}

/** xAPI's score from raw points within [min, max]. */
export function scoreOf(raw: number, max: number, min = 0): { scaled: number; raw: number; min: number; max: number } {
  const scaled = max > min ? Math.round(((raw - min) / (max - min)) * 10_000) / 10_000 : 0;
  return { scaled: Math.min(1, Math.max(-1, scaled)), raw, min, max };
}

function actorOf(staffCode: string, base: string): XapiStatement['actor'] {
  return { objectType: 'Agent', account: { homePage: base, name: staffCode } };
}

function courseActivity(course: CourseRef, base: string) {
  const name = { [LANGUAGE]: course.title ?? `Khóa học ${course.id}` };
  return {
    objectType: 'Activity' as const,
    id: `${base}${courseUrl(course.id)}`,
    definition: { type: activityTypes(base).course, name },
  };
}

function contextOf(
  learner: Learner,
  course: CourseRef,
  base: string,
  parent: boolean,
  extra?: Record<string, unknown>,
): XapiStatement['context'] {
  return {
    registration: registrationOf(learner.userId, course.id),
    language: LANGUAGE,
    platform: PLATFORM,
    ...(parent ? { contextActivities: { parent: [courseActivity(course, base)] } } : {}),
    ...(extra ? { extensions: extra } : {}),
  };
}

function factOf(kind: XapiFactKind, key: string, statement: Omit<XapiStatement, 'id'>): XapiFact {
  return { kind, key, statement: { id: statementIdOf(key), ...statement } };
}

/** A course completion: "completed" the course, with the final test's percent when there was one. */
export function courseCompletedFact(
  input: {
    learner: Learner;
    course: CourseRef;
    completedAt: Date;
    scorePercent: number | null;
    courseVersion?: string;
    durationMs?: number;
  },
  base: string,
): XapiFact {
  const { learner, course } = input;
  return factOf('course-completed', `course-completed:${learner.userId}:${course.id}`, {
    actor: actorOf(learner.staffCode, base),
    verb: verbs(base).completed,
    object: courseActivity(course, base),
    result: {
      ...(input.scorePercent === null ? {} : { score: scoreOf(input.scorePercent, 100) }),
      success: true,
      completion: true,
      ...(input.durationMs === undefined ? {} : { duration: isoDuration(input.durationMs) }),
    },
    context: contextOf(
      learner,
      course,
      base,
      false,
      input.courseVersion ? { [extensions(base).courseVersion]: input.courseVersion } : undefined,
    ),
    timestamp: input.completedAt.toISOString(),
  });
}

/** A graded final test: "passed" or "failed" the test, with points, percent and time taken. */
export function finalTestFact(
  input: {
    learner: Learner;
    course: CourseRef;
    attemptId: string;
    quizId: string;
    attemptNumber: number;
    earned: number;
    maxPoints: number;
    passed: boolean;
    startedAt: Date;
    submittedAt: Date;
  },
  base: string,
): XapiFact {
  const { learner, course } = input;
  const courseName = course.title ? `“${course.title}”` : course.id;
  return factOf(input.passed ? 'test-passed' : 'test-failed', `final-test:${input.attemptId}`, {
    actor: actorOf(learner.staffCode, base),
    verb: input.passed ? verbs(base).passed : verbs(base).failed,
    object: {
      objectType: 'Activity',
      id: `${base}${quizUrl(input.quizId)}`,
      definition: {
        type: activityTypes(base).assessment,
        name: { [LANGUAGE]: 'Bài kiểm tra cuối khóa' },
        description: { [LANGUAGE]: `Bài kiểm tra cuối khóa của khóa học ${courseName}` },
      },
    },
    result: {
      score: scoreOf(input.earned, input.maxPoints),
      success: input.passed,
      completion: true,
      duration: isoDuration(input.submittedAt.getTime() - input.startedAt.getTime()),
    },
    context: contextOf(learner, course, base, true, { [extensions(base).attemptNumber]: input.attemptNumber }),
    timestamp: input.submittedAt.toISOString(),
  });
}

/** A certificate as the statements about it need it. */
export interface CertificateFacts {
  certificateId: string;
  code: string;
  course: CourseRef;
  trainingKind: string;
  hours: number;
  scorePercent: number | null;
}

function certificateActivity(certificate: CertificateFacts, base: string) {
  return {
    objectType: 'Activity' as const,
    id: `${base}${verificationPath(certificate.code)}`,
    definition: {
      type: activityTypes(base).certificate,
      name: { [LANGUAGE]: `Giấy chứng nhận hoàn thành khóa học ${certificate.course.title ?? certificate.course.id}` },
      description: { [LANGUAGE]: `${certificate.trainingKind}, ${certificate.hours} giờ` },
    },
  };
}

/** A certificate issued (cấp giấy chứng nhận) for a completed course. */
export function certificateIssuedFact(
  input: { learner: Learner; certificate: CertificateFacts; issuedAt: Date },
  base: string,
): XapiFact {
  const { learner, certificate } = input;
  const ext = extensions(base);
  return factOf('certificate-issued', `certificate-issued:${certificate.certificateId}`, {
    actor: actorOf(learner.staffCode, base),
    verb: verbs(base).certificateIssued,
    object: certificateActivity(certificate, base),
    result: {
      ...(certificate.scorePercent === null ? {} : { score: scoreOf(certificate.scorePercent, 100) }),
      success: true,
      completion: true,
    },
    context: contextOf(learner, certificate.course, base, true, {
      [ext.hours]: certificate.hours,
      [ext.trainingKind]: certificate.trainingKind,
    }),
    timestamp: input.issuedAt.toISOString(),
  });
}

/** A certificate revoked (thu hồi), with the reason the administrator gave. */
export function certificateRevokedFact(
  input: { learner: Learner; certificate: CertificateFacts; revokedAt: Date; reason: string },
  base: string,
): XapiFact {
  const { learner, certificate } = input;
  return factOf('certificate-revoked', `certificate-revoked:${certificate.certificateId}`, {
    actor: actorOf(learner.staffCode, base),
    verb: verbs(base).certificateRevoked,
    object: certificateActivity(certificate, base),
    context: contextOf(learner, certificate.course, base, true, { [extensions(base).reason]: input.reason }),
    timestamp: input.revokedAt.toISOString(),
  });
}

/**
 * An evaluation of effectiveness after training (hiệu quả sau bồi dưỡng) of a completed course:
 * the overall rating as the score, each criterion's rating and the comment as extensions.
 */
export function evaluationFact(
  input: {
    learner: Learner;
    course: CourseRef;
    evaluationId: string;
    evaluatedAt: Date;
    rating?: { raw: number; min: number; max: number };
    /** Criterion slug → rating. */
    criteria?: Record<string, number>;
    comment?: string | null;
  },
  base: string,
): XapiFact {
  const { learner, course, rating } = input;
  const ext = extensions(base);
  const extra: Record<string, unknown> = {};
  if (input.criteria && Object.keys(input.criteria).length) extra[ext.criteria] = input.criteria;
  if (input.comment) extra[ext.comment] = input.comment;
  return factOf('evaluation', `evaluation:${input.evaluationId}`, {
    actor: actorOf(learner.staffCode, base),
    verb: verbs(base).evaluated,
    object: courseActivity(course, base),
    ...(rating ? { result: { score: scoreOf(rating.raw, rating.max, rating.min) } } : {}),
    context: contextOf(learner, course, base, false, Object.keys(extra).length ? extra : undefined),
    timestamp: input.evaluatedAt.toISOString(),
  });
}
