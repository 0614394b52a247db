/**
 * Where an official is placed for a period: the one rule shared by the indicators, the training
 * records (pages, exports, API) and the yearly report. An official counts for the unit they
 * belonged to at the END of the period, read from their dated unit history (official_changes,
 * field 'unitId'): an official who moved out after the period still belongs to their old unit's
 * figures for it, one who moved in does not; a unit merger is a dated move like any other. A view
 * with no period places officials at "now", which is their current unit. Pure.
 *
 * The SQL readers state the same rule as a correlated subquery (src/lib/server/records/
 * placement-sql.ts); tests/integration/placement.test.ts checks that both agree, and the
 * indicator recompute test checks the indicators' side.
 */

/** The rule in words, for every page and file that places officials (records, yearly report). */
export const PLACEMENT_RULE =
  'Mỗi cán bộ được tính vào đơn vị mà họ công tác vào ngày cuối kỳ (theo lịch sử thay đổi hồ sơ, kể cả khi đơn vị được hợp nhất).';
/** …and what a view with no period does (the records screen unfiltered, an official's own record). */
export const PLACEMENT_WITHOUT_PERIOD = 'Khi không chọn kỳ, cán bộ được tính theo đơn vị hiện tại.';

/** A dated change of one of an official's fields (official_changes). */
export interface FieldChange {
  changedAt: number;
  oldValue: string | null;
  newValue: string | null;
}

/** One change of an official's unit (field 'unitId'). */
export type UnitChange = FieldChange;

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
 * The official's unit at the instant `periodEnd` (first instant after the period): the old value
 * of the first change at or after it, else the current value. A creation row has no old value:
 * an official recorded after the instant is placed in the unit they were first recorded in (the
 * indicators leave such an official out anyway: they count only officials recorded by then).
 */
export function unitAtEnd(
  currentUnitId: string,
  unitChanges: readonly UnitChange[] | undefined,
  periodEnd: number,
): string {
  let first: UnitChange | undefined;
  for (const change of unitChanges ?? [])
    if (change.changedAt >= periodEnd && (!first || change.changedAt < first.changedAt)) first = change;
  return first ? (first.oldValue ?? first.newValue ?? currentUnitId) : currentUnitId;
}
