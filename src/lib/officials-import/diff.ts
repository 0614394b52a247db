/**
 * What an import row would change on an official: one rule for both the preview (what the
 * administrator is shown) and the commit (what is written and recorded), built on the shared
 * change record (src/lib/officials/change-record.ts) so that an import's entries in
 * official_changes read exactly like an edit made by hand. Pure.
 */
import {
  changeFieldLabel,
  describeChangeValue,
  diffOfficial,
  flagValue,
  type Change,
} from '../officials/change-record.ts';
import type { ValidRow } from './validate.ts';

/** The recorded state of an official that an import may change. */
export interface OfficialState {
  id: string;
  staffCode: string;
  fullName: string;
  unitId: string;
  jobTitle: string;
  jobPosition: string;
  group: 'can-bo' | 'lanh-dao-quan-ly' | 'cong-chuc-chuyen-mon';
  fields: string[];
  underqualified: boolean;
  underqualifiedSince: string | null;
  email: string | null;
  nationalId: string | null;
}

/** What a row changes on an official, one entry per field, as official_changes records it. */
export interface RowDiff {
  nameChanged: boolean;
  changes: Change[];
}

/** The changes a row would make; none when the official already reads exactly so. */
export function diffRow(current: OfficialState, row: ValidRow): RowDiff {
  const nameChanged = current.fullName !== row.fullName;
  const changes: Change[] = nameChanged
    ? [{ field: 'fullName', oldValue: current.fullName, newValue: row.fullName }]
    : [];
  changes.push(
    ...diffOfficial(current, {
      unitId: row.unitId,
      group: row.group,
      jobTitle: row.jobTitle,
      jobPosition: row.jobPosition,
      fields: row.fields,
      underqualified: row.underqualified,
      underqualifiedSince: row.underqualified ? row.underqualifiedSince : null,
    }),
  );
  // An empty (or absent) cell keeps what is recorded: only a value written in the file changes it.
  for (const field of ['email', 'nationalId'] as const) {
    const next = row[field] ?? null;
    if (next !== null && next !== current[field]) changes.push({ field, oldValue: current[field], newValue: next });
  }
  return { nameChanged, changes };
}

/** The e-mail and national id an official will have after the row: the file's, else the recorded ones. */
export function contactColumns(
  row: Pick<ValidRow, 'email' | 'nationalId'>,
  current?: Pick<OfficialState, 'email' | 'nationalId'>,
): { email: string | null; nationalId: string | null } {
  return {
    email: row.email ?? current?.email ?? null,
    nationalId: row.nationalId ?? current?.nationalId ?? null,
  };
}

/**
 * True when the row changes the official's e-mail or national id: password reset links go to that
 * e-mail and single sign-on links accounts by either, so such a change is as strong as taking the
 * account over and is allowed only to someone who could act on the account.
 */
export function changesContact(diff: RowDiff): boolean {
  return diff.changes.some((change) => change.field === 'email' || change.field === 'nationalId');
}

/** True when the row would change nothing. */
export function isUnchanged(diff: RowDiff): boolean {
  return diff.changes.length === 0;
}

/** What official_changes records when an import creates an official: unit, group and the flag if set. */
export function creationChanges(row: ValidRow): Change[] {
  const changes: Change[] = [
    { field: 'unitId', oldValue: null, newValue: row.unitId },
    { field: 'group', oldValue: null, newValue: row.group },
  ];
  if (row.underqualified)
    changes.push({ field: 'underqualified', oldValue: null, newValue: flagValue(true, row.underqualifiedSince) });
  for (const field of ['email', 'nationalId'] as const) {
    const value = row[field] ?? null;
    if (value !== null) changes.push({ field, oldValue: null, newValue: value });
  }
  return changes;
}

/** A change as the preview shows it: the field's name, the value before and after, in words. */
export interface ShownChange {
  field: string;
  from: string;
  to: string;
}

/** The changes of a row in words, for the preview. */
export function shownChanges(diff: RowDiff, unitNames: ReadonlyMap<string, string>): ShownChange[] {
  const shown: ShownChange[] = [];
  for (const change of diff.changes) {
    shown.push({
      field: changeFieldLabel(change.field),
      from: describeChangeValue(change.field, change.oldValue, unitNames),
      to: describeChangeValue(change.field, change.newValue, unitNames),
    });
  }
  return shown;
}
