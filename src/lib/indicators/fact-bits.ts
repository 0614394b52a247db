/**
 * The yes/no facts of one official in one period that the indicators count, packed as bits, and
 * each indicator as a (denominator, numerator) pair of those facts. The reference (compute.ts)
 * and the stored per-official facts (src/lib/server/indicators/) both count through this one
 * table, so a new indicator is a new bit and a new rule here. Pure.
 */
import type { IndicatorKey, OfficialFacts } from './indicator-keys.ts';

/** Bit of each fact. Never renumber a bit: stored rows keep them (add new ones at the end). */
export const FACT_BITS = {
  professional: 1 << 0,
  flagged: 1 << 1,
  sent: 1 << 2,
  general: 1 << 3,
  field: 1 << 4,
  /** Field or skills training in one of the official's own fields (indicator 3). */
  ownField: 1 << 5,
  /** Cán bộ or lãnh đạo, quản lý at the period's end (compute.ts LEADER_GROUPS). */
  leader: 1 << 6,
  /** Completed a leaders' programme (qlnn-lanh-dao-quan-ly). */
  leadership: 1 << 7,
} as const;

export type FactName = keyof typeof FACT_BITS;

/** An indicator: who is in its denominator ('all' = every counted official), who in its numerator (of those). */
export interface ShareRule {
  key: IndicatorKey;
  denominator: FactName | 'all';
  numerator: FactName;
}

export const SHARE_RULES: readonly ShareRule[] = [
  { key: 'underqualified-sent', denominator: 'flagged', numerator: 'sent' },
  { key: 'general-management', denominator: 'professional', numerator: 'general' },
  { key: 'field-skills', denominator: 'all', numerator: 'ownField' },
  { key: 'leaders-programme', denominator: 'leader', numerator: 'leadership' },
];

/** The facts of one official as bits. */
export function factBits(facts: OfficialFacts): number {
  let bits = 0;
  if (facts.group === 'cong-chuc-chuyen-mon') bits |= FACT_BITS.professional;
  if (facts.flaggedInPeriod) bits |= FACT_BITS.flagged;
  if (facts.sentToSpecialized) bits |= FACT_BITS.sent;
  if (facts.completedGeneral) bits |= FACT_BITS.general;
  if (facts.completedField) bits |= FACT_BITS.field;
  if (facts.completedOwnField) bits |= FACT_BITS.ownField;
  if (facts.leader) bits |= FACT_BITS.leader;
  if (facts.completedLeadership) bits |= FACT_BITS.leadership;
  return bits;
}

/** Whether the bits hold a fact ('all' always does). */
export function hasFact(bits: number, fact: FactName | 'all'): boolean {
  return fact === 'all' || (bits & FACT_BITS[fact]) !== 0;
}
