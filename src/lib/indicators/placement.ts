/**
 * Where an official is counted, stated once for every screen that places officials by unit
 * (the indicators, the records, the yearly report): in the unit they belonged to at the END of
 * the period, read from the dated history of unit changes (official_changes, field 'unitId').
 * Someone who moved or whose unit was merged counts once, where they were at the period's end.
 * Pure.
 */

/** A dated change of one of an official's fields (official_changes). */
export interface FieldChange {
  oldValue: string | null;
  newValue: string | null;
  changedAt: number;
}

/**
 * The value of a field at an instant: the old value of the first change at or after it, else
 * the current value (the history tells what the field was before each change).
 */
export function valueAt<T extends string | null>(
  changes: readonly FieldChange[] | undefined,
  at: number,
  current: T,
): string | null | T {
  if (!changes || changes.length === 0) return current;
  let first: FieldChange | undefined;
  for (const change of changes)
    if (change.changedAt >= at && (!first || change.changedAt < first.changedAt)) first = change;
  return first ? first.oldValue : current;
}

/**
 * The unit an official counts in for a period ending at `periodEnd` (exclusive, ms): their unit
 * just before the period's end. Null when the history says they had no unit then.
 */
export function unitAtEnd(
  officialCurrentUnit: string,
  unitChanges: readonly FieldChange[] | undefined,
  periodEnd: number,
): string | null {
  return valueAt(unitChanges, periodEnd, officialCurrentUnit);
}
