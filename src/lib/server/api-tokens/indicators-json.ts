/**
 * A unit's Decision 700 indicators as the records API sends them: each share with its
 * definition (numerator, denominator, period) and target, without the lists of officials' ids
 * behind the numbers (internal ids; the records endpoint gives the rows by staff code). Pure.
 */
import type { UnitIndicatorsBody } from '../../../schemas/api/indicators.ts';
import { INDICATOR_DEFINITIONS, type UnitIndicators } from '../indicators/index.ts';

/** The JSON shape of GET /api/v1/units/{id}/indicators. */
export function indicatorsJson(
  unit: { id: string; code: string; name: string },
  indicators: UnitIndicators,
): UnitIndicatorsBody {
  return {
    unit: { id: unit.id, code: unit.code, name: unit.name },
    period: { key: indicators.period.key, label: indicators.period.label },
    officials: indicators.officials,
    indicators: Object.values(indicators.shares).map((share) => ({
      key: share.key,
      title: INDICATOR_DEFINITIONS[share.key].title,
      numerator: share.numerator,
      denominator: share.denominator,
      percent: share.percent,
      target: share.target,
      definition: {
        numerator: INDICATOR_DEFINITIONS[share.key].numerator,
        denominator: INDICATOR_DEFINITIONS[share.key].denominator,
        period: INDICATOR_DEFINITIONS[share.key].period,
      },
    })),
    courses: indicators.courses,
    completionsInPeriod: indicators.completionsInPeriod,
    completionsByMonth: indicators.completionsByMonth,
    averageScore: indicators.averageScore,
    evaluationsDue: indicators.evaluationsDue,
    evaluationsDone: indicators.evaluationsDone,
  };
}
