/**
 * The demo provinces' own targets (indicator_targets), taken from real plans on the reference
 * shelf so the dashboard shows how a province's plan differs from Decision 700: Sông Lam borrows
 * the ward plan of Phù Liễn (seed 003: 100 % of officials in general state management by the end
 * of 2031) and Đồng Tháp's leaders' figures (seed 004); Cao Nguyên borrows Đắk Lắk's plan (seed 001).
 * The source text says where each figure comes from, as the screen for province administrators does.
 */
import type { IndicatorKey } from '../../src/lib/indicators/compute.ts';

interface DemoTarget {
  indicator: IndicatorKey;
  periodKey: string;
  percent: number;
  source: string;
}

const PHU_LIEN = 'Số liệu mẫu theo Kế hoạch số 219/KH-UBND ngày 09/6/2026 của UBND phường Phù Liễn, mục II.2';
const DONG_THAP =
  'Số liệu mẫu theo Kế hoạch thực hiện Nghị quyết số 14-NQ/TU ngày 14/4/2026 của Tỉnh ủy Đồng Tháp, mục II.2 (giai đoạn 2 của kế hoạch là 2029–2030)';
const DAK_LAK =
  'Số liệu mẫu theo Kế hoạch triển khai tăng cường bồi dưỡng đội ngũ cán bộ, công chức cấp xã của UBND tỉnh Đắk Lắk (năm 2026), mục II';

/** Targets by province code. */
export const DEMO_TARGETS: Record<string, DemoTarget[]> = {
  SL: [
    { indicator: 'underqualified-sent', periodKey: '2026-2028', percent: 100, source: PHU_LIEN },
    { indicator: 'general-management', periodKey: '2026-2028', percent: 50, source: PHU_LIEN },
    { indicator: 'general-management', periodKey: '2026-2031', percent: 100, source: PHU_LIEN },
    { indicator: 'field-skills', periodKey: '2026-2028', percent: 100, source: PHU_LIEN },
    { indicator: 'field-skills', periodKey: '2029-2031', percent: 100, source: PHU_LIEN },
    { indicator: 'leaders-programme', periodKey: '2026-2028', percent: 95, source: DONG_THAP },
    { indicator: 'leaders-programme', periodKey: '2029-2031', percent: 100, source: DONG_THAP },
  ],
  CN: [
    { indicator: 'underqualified-sent', periodKey: '2026-2028', percent: 100, source: DAK_LAK },
    { indicator: 'general-management', periodKey: '2026-2028', percent: 50, source: DAK_LAK },
    { indicator: 'general-management', periodKey: '2029-2031', percent: 50, source: DAK_LAK },
    { indicator: 'field-skills', periodKey: '2026-2028', percent: 100, source: DAK_LAK },
    { indicator: 'field-skills', periodKey: '2029-2031', percent: 100, source: DAK_LAK },
  ],
};
