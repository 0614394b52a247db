/**
 * The certificate row written at issue: every field shown on the certificate and on the public
 * verification page is copied here, so the record stays what was issued. Pure; the completion
 * transaction writes it.
 */
import { newId } from '../ids.ts';
import { newCertificateCode } from './code.ts';

/** Who a certificate is issued to, and by whom, as src/lib/server/certificates/holder.ts reads them. */
export interface CertificateHolder {
  officialId: string;
  staffCode: string;
  fullName: string;
  unitId: string;
  /** The unit with its larger units: "Văn phòng HĐND và UBND, xã Quảng Lợi, tỉnh Sông Lam". */
  unitName: string;
  unitPath: string;
  /** "Sở Nội vụ tỉnh Sông Lam". */
  issuer: string;
}

/** The course and result a certificate attests. */
export interface CertifiedCompletion {
  courseId: string;
  courseTitle: string;
  /** Kind of training, as its Vietnamese label ("Tập huấn chuyên môn, nghiệp vụ, kỹ năng"). */
  trainingKind: string;
  /** Credited hours (src/lib/credited-hours.ts) and where they come from, as printed. */
  hours: number;
  hoursBasis: string;
  /** Issued for a sample course: printed and verified as a sample. */
  sample: boolean;
  completedAt: Date;
  /** Percent of the passing final test; null for a course without one. */
  scorePercent: number | null;
  courseVersion: string;
}

/** A certificate as issued: a row of the certificates table before any revocation. */
export type NewCertificate = CertificateHolder &
  CertifiedCompletion & { id: string; code: string; userId: string; issuedAt: Date };

/** A new certificate for `userId`, with a fresh code, issued at `issuedAt`. */
export function certificateRow(
  userId: string,
  holder: CertificateHolder,
  completion: CertifiedCompletion,
  issuedAt: Date,
): NewCertificate {
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
    hoursBasis: completion.hoursBasis,
    sample: completion.sample,
    completedAt: completion.completedAt,
    scorePercent: completion.scorePercent,
    courseVersion: completion.courseVersion,
    issuer: holder.issuer,
    issuedAt,
  };
}
