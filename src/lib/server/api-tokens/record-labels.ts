/** Vietnamese words for the values of a training record, for the screen and the exports. Pure. */
import { TRAINING_KINDS, labelOf } from '../../../schemas/vocabulary.ts';
import type { TrainingRecord } from './training-records.ts';

/** Hình thức: online on the platform, or a recorded class in person or blended. */
export const MODE_LABELS: Record<TrainingRecord['mode'], string> = {
  'truc-tuyen': 'Trực tuyến',
  'truc-tiep': 'Trực tiếp',
  'ket-hop': 'Kết hợp',
};

/** Kết quả: passed a final test, completed, did not complete, absent, enrolled (no result yet). */
export const RESULT_LABELS: Record<string, string> = {
  dat: 'Đạt',
  'hoan-thanh': 'Hoàn thành',
  'khong-hoan-thanh': 'Không hoàn thành',
  vang: 'Vắng',
  'da-dang-ky': 'Đã đăng ký (chưa có kết quả)',
};

/** The kind's label ("Kỹ năng bổ trợ"), or the slug when unknown. */
export function kindLabel(kind: string): string {
  return labelOf(TRAINING_KINDS, kind);
}

/** "Còn hiệu lực (mã)" / "Đã thu hồi (mã)" / a class's certificate number / "". */
export function certificateLabel(record: TrainingRecord): string {
  if (!record.certificate) return '';
  if (record.mode !== 'truc-tuyen') return record.certificate.code;
  return `${record.certificate.status === 'da-thu-hoi' ? 'Đã thu hồi' : 'Còn hiệu lực'} (${record.certificate.code})`;
}

/** "dd/mm/yyyy" of a YYYY-MM-DD date. */
export function dayMonthYear(date: string): string {
  const [year, month, day] = date.split('-');
  return `${day}/${month}/${year}`;
}
