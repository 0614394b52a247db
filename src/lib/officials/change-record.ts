/**
 * What goes into official_changes and how it reads. Pure: which fields an edit really changes,
 * how each value is written down, and how a history row is told in Vietnamese.
 *
 * Values as stored (old_value / new_value):
 * - unitId: the unit id; group: the group slug; fullName, jobTitle, jobPosition: the text;
 * - fields: the field slugs as a JSON array;
 * - underqualified: the date (YYYY-MM-DD) the flag "chưa đáp ứng yêu cầu chuyên môn của vị trí
 *   việc làm" took effect, "" if flagged without a date, null when not flagged;
 * - account: "enabled", "disabled" or "password-reset" (a temporary password was issued);
 * - email, nationalId: the text (set by the officials import; null when there was none).
 * Field names and the flag's values are those the officials' import writes too.
 */
import { FIELDS, OFFICIAL_GROUPS, labelOf } from '../../schemas/vocabulary.ts';
import { formatIsoDate } from '../format.ts';

/** Fields of an official whose every change is kept. */
export const CHANGE_FIELDS = [
  'fullName',
  'unitId',
  'group',
  'underqualified',
  'jobTitle',
  'jobPosition',
  'fields',
  'account',
  'email',
  'nationalId',
] as const;
export type ChangeField = (typeof CHANGE_FIELDS)[number];

/** The editable facts of an official. */
export interface OfficialFacts {
  unitId: string;
  jobTitle: string;
  jobPosition: string;
  group: string;
  fields: string[];
  underqualified: boolean;
  underqualifiedSince: string | null;
}

/** One change to record. */
export interface Change {
  field: ChangeField;
  oldValue: string | null;
  newValue: string | null;
}

/** The stored value of the expertise flag. */
export function flagValue(underqualified: boolean, since: string | null): string | null {
  return underqualified ? (since ?? '') : null;
}

/** The changes an edit makes: one per field whose value really differs. */
export function diffOfficial(current: OfficialFacts, next: Partial<OfficialFacts>): Change[] {
  const changes: Change[] = [];
  const text = (field: ChangeField, before: string, after: string | undefined) => {
    if (after !== undefined && after !== before) changes.push({ field, oldValue: before, newValue: after });
  };
  text('unitId', current.unitId, next.unitId);
  text('group', current.group, next.group);
  text('jobTitle', current.jobTitle, next.jobTitle);
  text('jobPosition', current.jobPosition, next.jobPosition);
  // Fields are a set: the same slugs in another order are no change.
  if (next.fields !== undefined && [...current.fields].sort().join('\n') !== [...next.fields].sort().join('\n')) {
    changes.push({ field: 'fields', oldValue: JSON.stringify(current.fields), newValue: JSON.stringify(next.fields) });
  }
  if (next.underqualified !== undefined || next.underqualifiedSince !== undefined) {
    const flagged = next.underqualified ?? current.underqualified;
    const before = flagValue(current.underqualified, current.underqualifiedSince);
    const after = flagValue(
      flagged,
      flagged
        ? next.underqualifiedSince !== undefined
          ? next.underqualifiedSince
          : current.underqualifiedSince
        : null,
    );
    if (before !== after) changes.push({ field: 'underqualified', oldValue: before, newValue: after });
  }
  return changes;
}

const FIELD_LABELS: Record<ChangeField, string> = {
  fullName: 'Họ và tên',
  unitId: 'Đơn vị',
  group: 'Nhóm',
  underqualified: 'Chưa đáp ứng yêu cầu chuyên môn của vị trí việc làm',
  jobTitle: 'Chức danh',
  jobPosition: 'Vị trí việc làm',
  fields: 'Lĩnh vực',
  account: 'Tài khoản',
  email: 'Thư điện tử',
  nationalId: 'Số định danh cá nhân',
};

const ACCOUNT_VALUES: Record<string, string> = {
  enabled: 'Đang hoạt động',
  disabled: 'Đã khóa',
  'password-reset': 'Đã cấp mật khẩu tạm thời',
};

/** The Vietnamese name of a recorded field. */
export function changeFieldLabel(field: string): string {
  return FIELD_LABELS[field as ChangeField] ?? field;
}

/** A recorded value as a reader should see it ("—" for nothing). */
export function describeChangeValue(
  field: string,
  value: string | null,
  unitNames: ReadonlyMap<string, string> = new Map(),
): string {
  if (field === 'underqualified') {
    if (value === null) return 'Không';
    return value === '' ? 'Có' : `Có, từ ngày ${formatIsoDate(value)}`;
  }
  if (value === null || value === '') return '—';
  switch (field) {
    case 'unitId':
      return unitNames.get(value) ?? 'Đơn vị ngoài phạm vi quản lý';
    case 'group':
      return labelOf(OFFICIAL_GROUPS, value);
    case 'fields': {
      let slugs: unknown;
      try {
        slugs = JSON.parse(value);
      } catch {
        return value;
      }
      if (!Array.isArray(slugs)) return value;
      return slugs.length === 0 ? 'Không có' : slugs.map((slug) => labelOf(FIELDS, String(slug))).join('; ');
    }
    case 'account':
      return ACCOUNT_VALUES[value] ?? value;
    default:
      return value;
  }
}
