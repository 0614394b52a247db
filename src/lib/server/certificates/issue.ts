/**
 * The certificate row written at issue: every field shown on the certificate and on the public
 * verification page is copied here, so the record stays what was issued. Pure; the completion
 * transaction writes it.
 */
import type { certificates } from '../../../../db/schema/index.ts';
import { newId } from '../ids.ts';
import { newCertificateCode } from '../../certificates/code.ts';
import type { CertificateHolder } from './holder.ts';

/** The course and result a certificate attests. */
export interface CertifiedCompletion {
  courseId: string;
  courseTitle: string;
  /** Kind of training, as its Vietnamese label ("Tập huấn chuyên môn, nghiệp vụ, kỹ năng"). */
  trainingKind: string;
  hours: number;
  completedAt: Date;
  /** Percent of the passing final test; null for a course without one. */
  scorePercent: number | null;
  courseVersion: string;
}

/** A new certificate for `userId`, with a fresh code, issued at `issuedAt`. */
export function certificateRow(userId: string, holder: CertificateHolder, completion: CertifiedCompletion, issuedAt: Date): typeof certificates.$inferInsert {
  return {
    id: newId(),
    code: newCertificateCode(),
    userId,
    courseId: completion.courseId,
    officialId: holder.officialId,
    staffCode: holder.staffCode,
    fullName: holder.fullName,
    unitId: holder.unitId,
    unitName: holder.unitName,
    unitPath: holder.unitPath,
    courseTitle: completion.courseTitle,
    trainingKind: completion.trainingKind,
    hours: completion.hours,
    completedAt: completion.completedAt,
    scorePercent: completion.scorePercent,
    courseVersion: completion.courseVersion,
    issuer: holder.issuer,
    issuedAt,
  };
}
