/**
 * The indicators' keys and what they need to know of one official in a period: shared by the
 * reference (compute.ts), the fact bits (fact-bits.ts), the targets and the definitions. Pure.
 */

/** What the indicators need to know of one official, at the end of the period. */
export interface OfficialFacts {
  officialId: string;
  staffCode: string;
  fullName: string;
  unitId: string;
  unitPath: string;
  group: string;
  flaggedInPeriod: boolean;
  sentToSpecialized: boolean;
  completedGeneral: boolean;
  /** Any field or skills training in the period, whatever its field (kept for the stored bit). */
  completedField: boolean;
  /** Field or skills training in one of the official's own fields in the period (indicator 3). */
  completedOwnField: boolean;
  /** Cán bộ or lãnh đạo, quản lý at the period's end (indicator 4's denominator). */
  leader: boolean;
  /** Completed a leaders' programme (qlnn-lanh-dao-quan-ly) in the period. */
  completedLeadership: boolean;
}

export const INDICATOR_KEYS = [
  'underqualified-sent',
  'general-management',
  'field-skills',
  'leaders-programme',
] as const;
export type IndicatorKey = (typeof INDICATOR_KEYS)[number];
