/**
 * The form a province administrator fills with the targets of their own plan: for each indicator
 * a percent per period (blank: Decision 700's applies) and the plan they come from (required when
 * any percent is given). Validated on the server (src/actions/targets.ts); messages in Vietnamese.
 */
import { z } from 'astro/zod';
import { INDICATOR_KEYS, type IndicatorKey } from '../lib/indicators/compute.ts';
import type { TargetRow } from '../lib/indicators/targets.ts';

/** The periods a province sets targets for: the phases, the cumulative period to 2031, and each year. */
export const TARGET_PERIOD_KEYS = [
  '2026-2028',
  '2029-2031',
  '2026-2031',
  '2026',
  '2027',
  '2028',
  '2029',
  '2030',
  '2031',
] as const;

/** Form input name of a percent, and of an indicator's source. */
export const percentName = (key: IndicatorKey, periodKey: string) => `muc__${key}__${periodKey}`;
export const sourceName = (key: IndicatorKey) => `can-cu__${key}`;

const percent = z
  .string()
  .nullish()
  .transform((value, context) => {
    const text = (value ?? '').trim().replace(',', '.');
    if (text === '') return null;
    const number = Number(text);
    if (!Number.isFinite(number) || number < 0 || number > 100) {
      context.addIssue({ code: 'custom', message: 'Chỉ tiêu phải là một số phần trăm từ 0 đến 100.' });
      return z.NEVER;
    }
    return Math.round(number * 10) / 10;
  });

const source = z
  .string()
  .nullish()
  .transform((value) => (value ?? '').trim())
  .pipe(z.string().max(500, { error: 'Căn cứ dài tối đa 500 ký tự.' }));

const shape: Record<string, z.ZodType> = {
  provinceId: z.string({ error: 'Thiếu tỉnh.' }).regex(/^[A-Za-z0-9_-]{1,64}$/, { error: 'Tỉnh không hợp lệ.' }),
};
for (const key of INDICATOR_KEYS) {
  shape[sourceName(key)] = source;
  for (const periodKey of TARGET_PERIOD_KEYS) shape[percentName(key, periodKey)] = percent;
}

/** The form, parsed into the province and its target rows. */
export const targetsForm = z
  .object(shape)
  .superRefine((form, context) => {
    for (const key of INDICATOR_KEYS) {
      const anySet = TARGET_PERIOD_KEYS.some((periodKey) => form[percentName(key, periodKey)] !== null);
      if (anySet && form[sourceName(key)] === '')
        context.addIssue({
          code: 'custom',
          path: [sourceName(key)],
          message: 'Hãy ghi căn cứ của chỉ tiêu: số, ngày và cơ quan ban hành kế hoạch.',
        });
    }
  })
  .transform((form) => ({
    provinceId: form.provinceId as string,
    rows: INDICATOR_KEYS.flatMap((key) =>
      TARGET_PERIOD_KEYS.flatMap((periodKey): TargetRow[] => {
        const value = form[percentName(key, periodKey)] as number | null;
        return value === null
          ? []
          : [{ indicator: key, periodKey, percent: value, source: form[sourceName(key)] as string }];
      }),
    ),
  }));
