/**
 * The target (chỉ tiêu) of each indicator for a period: the province's own, as its plan states it
 * (table indicator_targets, set on /quan-tri/chi-tieu/muc-tieu/), else Decision 700's with its
 * source. A province may set a phase, a year or a cumulative period; a year without its own row
 * takes its phase's. Pure.
 */
import type { IndicatorKey } from './indicator-keys.ts';
import type { Period } from './period.ts';

/** One target a province set: its percent and where it comes from (plan, number, section). */
export interface TargetRow {
  indicator: IndicatorKey;
  periodKey: string;
  percent: number;
  source: string;
}

export type TargetTable = readonly TargetRow[];

export interface Target {
  percent: number;
  source: string;
  /** True when the province set it (not Decision 700's default). */
  own: boolean;
}

const D700 = 'Quyết định 700/QĐ-TTg ngày 20/4/2026 của Thủ tướng Chính phủ';

/**
 * Decision 700's targets by phase (its "mục tiêu cụ thể", as the provinces' plans quote them:
 * seeds 000 §II.2 and 001 §II). The leaders' programme has no percent in the decision: 100 % is
 * the default until the province enters its own (e.g. Đồng Tháp's >95 % then 100 %, seed 004).
 */
export const DECISION_700_TARGETS: Record<
  Period['phase'],
  Record<IndicatorKey, { percent: number; source: string }>
> = {
  '2026-2028': {
    'underqualified-sent': { percent: 100, source: `${D700}: đến hết năm 2028, 100% được cử đi bồi dưỡng.` },
    'general-management': { percent: 50, source: `${D700}, giai đoạn 2026–2028: 50% công chức chuyên môn.` },
    'field-skills': {
      percent: 100,
      source: `${D700}, giai đoạn 2026–2028: 100% được bồi dưỡng, tập huấn theo ngành, lĩnh vực và kỹ năng bổ trợ.`,
    },
    'leaders-programme': {
      percent: 100,
      source: `${D700} không nêu tỷ lệ cho chương trình lãnh đạo, quản lý; mặc định 100% cho đến khi tỉnh nhập chỉ tiêu theo kế hoạch của mình.`,
    },
  },
  '2029-2031': {
    'underqualified-sent': {
      percent: 100,
      source: `${D700}: 100% đến hết năm 2028; giai đoạn 2029–2031 tiếp tục cử đi bồi dưỡng.`,
    },
    'general-management': { percent: 50, source: `${D700}, giai đoạn 2029–2031: 50% công chức chuyên môn.` },
    'field-skills': {
      percent: 100,
      source: `${D700}: đến hết năm 2031, 100% được bổ sung kiến thức, kỹ năng, nghiệp vụ mới.`,
    },
    'leaders-programme': {
      percent: 100,
      source: `${D700}, giai đoạn 2029–2031: tập trung bồi dưỡng kỹ năng lãnh đạo, quản lý; không nêu tỷ lệ, mặc định 100%.`,
    },
  },
};

/** The target of an indicator for a period: the province's row for it, for its phase (a year), else Decision 700's. */
export function targetFor(table: TargetTable, key: IndicatorKey, period: Period): Target {
  const own = (periodKey: string) => table.find((row) => row.indicator === key && row.periodKey === periodKey);
  const isYear = /^\d{4}$/.test(period.key);
  const row = own(period.key) ?? (isYear ? own(period.phase) : undefined);
  if (row) return { percent: row.percent, source: row.source, own: true };
  return { ...DECISION_700_TARGETS[period.phase][key], own: false };
}

/** The shares with their targets for the period taken from the province's table (else Decision 700's). */
export function withTargets<T extends { key: IndicatorKey; target: number; targetSource?: string }>(
  shares: Record<IndicatorKey, T>,
  table: TargetTable,
  period: Period,
): Record<IndicatorKey, T> {
  const out = {} as Record<IndicatorKey, T>;
  for (const key of Object.keys(shares) as IndicatorKey[]) {
    const target = targetFor(table, key, period);
    out[key] = { ...shares[key], target: target.percent, targetSource: target.source };
  }
  return out;
}
