/**
 * The statements of completions, final tests and certificates, queued from inside the
 * transactions that record them (complete-course.ts, close-attempt.ts, revoke.ts). Facts of an
 * account without an official record (no staff code, mã cán bộ) are not sent: the records
 * system files everything by staff code and has nobody to file them under.
 */
import { and, eq } from 'drizzle-orm';
import type { Database } from '../../../../db/client.ts';
import {
  certificates,
  officials,
  units,
  users,
  type Certificate,
  type QuizAttempt,
} from '../../../../db/schema/index.ts';
import { EVALUATION_CRITERIA, type EvaluationCriterionKey } from '../../evaluations/criteria.ts';
import { siteAddress } from '../site-address.ts';
import { enqueue } from './outbox.ts';
import {
  certificateIssuedFact,
  certificateRevokedFact,
  courseCompletedFact,
  evaluationFact,
  finalTestFact,
  type CertificateFacts,
} from '../../xapi/statements.ts';

/** An open transaction (or a database) that can read and insert. */
export type FactWriter = Pick<Database, 'insert' | 'select'>;

/** The certificate fields the statements need: the issued row, as inserted or as read back. */
type IssuedCertificate = Pick<
  Certificate,
  | 'id'
  | 'code'
  | 'userId'
  | 'courseId'
  | 'courseTitle'
  | 'trainingKind'
  | 'hours'
  | 'completedAt'
  | 'courseVersion'
  | 'issuedAt'
> & {
  scorePercent?: number | null;
  staffCode?: string | null;
  unitPath?: string | null;
};

function certificateFacts(certificate: IssuedCertificate): CertificateFacts {
  return {
    certificateId: certificate.id,
    code: certificate.code,
    course: { id: certificate.courseId, title: certificate.courseTitle },
    trainingKind: certificate.trainingKind,
    hours: certificate.hours,
    scorePercent: certificate.scorePercent ?? null,
  };
}

/** Queues "completed the course" and "was issued the certificate" for a certificate just issued. */
export async function enqueueCompletionStatements(tx: FactWriter, certificate: IssuedCertificate): Promise<void> {
  if (!certificate.staffCode) return;
  const learner = { userId: certificate.userId, staffCode: certificate.staffCode };
  const options = { unitPath: certificate.unitPath ?? null };
  const course = { id: certificate.courseId, title: certificate.courseTitle };
  await enqueue(
    tx,
    courseCompletedFact(
      {
        learner,
        course,
        completedAt: certificate.completedAt,
        scorePercent: certificate.scorePercent ?? null,
        courseVersion: certificate.courseVersion,
      },
      siteAddress(),
    ),
    options,
  );
  await enqueue(
    tx,
    certificateIssuedFact(
      { learner, certificate: certificateFacts(certificate), issuedAt: certificate.issuedAt },
      siteAddress(),
    ),
    options,
  );
}

/** Queues "revoked" for a certificate just revoked. */
export async function enqueueRevocationStatement(tx: FactWriter, certificate: Certificate): Promise<void> {
  if (!certificate.staffCode || !certificate.revokedAt) return;
  const fact = certificateRevokedFact(
    {
      learner: { userId: certificate.userId, staffCode: certificate.staffCode },
      certificate: certificateFacts(certificate),
      revokedAt: certificate.revokedAt,
      reason: certificate.revokeReason ?? '',
    },
    siteAddress(),
  );
  await enqueue(tx, fact, { unitPath: certificate.unitPath });
}

/** The official behind an account now (staff code and unit path), or undefined for an account without one. */
async function officialOf(tx: FactWriter, userId: string) {
  const [official] = await tx
    .select({ staffCode: officials.staffCode, unitPath: units.path })
    .from(users)
    .innerJoin(officials, eq(officials.id, users.officialId))
    .innerJoin(units, eq(units.id, officials.unitId))
    .where(eq(users.id, userId))
    .limit(1);
  return official;
}

/** Queues "passed" or "failed" for a final test just graded; nothing for a practice quiz. */
export async function enqueueFinalTestStatement(tx: FactWriter, attempt: QuizAttempt): Promise<void> {
  if (
    !attempt.final ||
    attempt.passed === null ||
    attempt.earned === null ||
    attempt.maxPoints === null ||
    !attempt.submittedAt
  )
    return;
  const official = await officialOf(tx, attempt.userId);
  if (!official) return;
  const fact = finalTestFact(
    {
      learner: { userId: attempt.userId, staffCode: official.staffCode },
      course: { id: attempt.courseId },
      attemptId: attempt.id,
      quizId: attempt.quizId,
      attemptNumber: attempt.attemptNumber,
      earned: attempt.earned,
      maxPoints: attempt.maxPoints,
      passed: attempt.passed,
      startedAt: attempt.startedAt,
      submittedAt: attempt.submittedAt,
    },
    siteAddress(),
  );
  await enqueue(tx, fact, { unitPath: official.unitPath });
}

/** An evaluation after training as recorded: the completion (user + course), the five 1–5 ratings and the comment. */
export type RecordedEvaluation = {
  userId: string;
  courseId: string;
  evaluatedAt: Date;
  comment?: string | null;
} & Record<EvaluationCriterionKey, number>;

/**
 * Queues the statement of an evaluation after training (hiệu quả sau bồi dưỡng), from inside the
 * transaction that records it: the mean of the five ratings as the score (1–5), each rating as
 * an extension. One statement per completion evaluated.
 */
export async function enqueueEvaluationStatement(tx: FactWriter, evaluation: RecordedEvaluation): Promise<void> {
  const official = await officialOf(tx, evaluation.userId);
  if (!official) return;
  const [certificate] = await tx
    .select({ title: certificates.courseTitle })
    .from(certificates)
    .where(and(eq(certificates.userId, evaluation.userId), eq(certificates.courseId, evaluation.courseId)))
    .limit(1);
  const criteria = Object.fromEntries(
    EVALUATION_CRITERIA.map((criterion) => [criterion.key, evaluation[criterion.key]]),
  );
  const mean =
    EVALUATION_CRITERIA.reduce((sum, criterion) => sum + evaluation[criterion.key], 0) / EVALUATION_CRITERIA.length;
  const fact = evaluationFact(
    {
      learner: { userId: evaluation.userId, staffCode: official.staffCode },
      course: { id: evaluation.courseId, title: certificate?.title },
      evaluationId: `${evaluation.userId}:${evaluation.courseId}`,
      evaluatedAt: evaluation.evaluatedAt,
      rating: { raw: Math.round(mean * 100) / 100, min: 1, max: 5 },
      criteria,
      comment: evaluation.comment,
    },
    siteAddress(),
  );
  await enqueue(tx, fact, { unitPath: official.unitPath });
}
