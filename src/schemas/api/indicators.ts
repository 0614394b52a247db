/**
 * GET /api/v1/units/{id}/indicators?period=…: a unit's Decision 700 indicators for the records
 * system, each share with its definition (numerator, denominator, period) and target.
 */
import { z } from 'astro/zod';
import { INDICATOR_KEYS } from '../../lib/indicators/compute.ts';
import { periodChoices } from '../../lib/indicators/period.ts';

const PERIOD_KEYS = periodChoices().map((period) => period.key) as [string, ...string[]];

export const IndicatorsParamsSchema = z.object({ id: z.string().meta({ description: 'Mã định danh đơn vị.' }) });

/** The query string; other parameters are ignored. */
export const IndicatorsQuerySchema = z.object({
  period: z
    .enum(PERIOD_KEYS, {
      error: 'Tham số period phải là giai đoạn 2026-2028, 2029-2031 hoặc một năm từ 2026 đến 2031.',
    })
    .default('2026-2028')
    .meta({ description: 'Kỳ báo cáo: một giai đoạn hoặc một năm.' }),
});

const count = () => z.number().int().min(0);

export const UnitIndicatorsSchema = z
  .object({
    unit: z.object({ id: z.string(), code: z.string(), name: z.string() }),
    period: z.object({ key: z.string(), label: z.string() }),
    officials: count(),
    indicators: z.array(
      z.object({
        key: z.enum(INDICATOR_KEYS),
        title: z.string(),
        numerator: count(),
        denominator: count(),
        percent: z.number().nullable().meta({ description: 'Phần trăm 0–100; null khi mẫu số bằng 0.' }),
        target: z.number(),
        definition: z.object({ numerator: z.string(), denominator: z.string(), period: z.string() }),
      }),
    ),
    courses: z.array(
      z.object({
        courseId: z.string(),
        completions: count(),
        averageScore: z.number().nullable(),
        finalAttempts: count(),
        passedAttempts: count(),
        passRate: z.number().nullable(),
      }),
    ),
    completionsInPeriod: count(),
    completionsByMonth: z.array(z.object({ month: z.string().meta({ examples: ['2026-03'] }), completions: count() })),
    averageScore: z.number().nullable(),
    evaluationsDue: count(),
    evaluationsDone: count(),
  })
  .meta({
    id: 'UnitIndicators',
    description:
      'Chỉ tiêu Quyết định 700 của đơn vị (gồm các đơn vị trực thuộc) trong kỳ; mỗi chỉ tiêu nêu tử số, mẫu số, kỳ tính và chỉ tiêu phải đạt.',
  });

export type UnitIndicatorsBody = z.infer<typeof UnitIndicatorsSchema>;
