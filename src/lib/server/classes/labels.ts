/** Vietnamese labels of the class vocabularies (methods, funding sources, results). Pure. */
import type { ATTENDANCE_RESULTS, CLASS_METHODS, FUNDING_SOURCES } from '../../../../db/schema/classes.ts';

export const CLASS_METHOD_LABELS: Record<(typeof CLASS_METHODS)[number], string> = {
  'truc-tiep': 'Trực tiếp',
  'ket-hop': 'Kết hợp (trực tiếp và trực tuyến)',
};

export const FUNDING_SOURCE_LABELS: Record<(typeof FUNDING_SOURCES)[number], string> = {
  'ns-tinh': 'Ngân sách tỉnh',
  'ns-tw': 'Ngân sách Trung ương',
  'theo-de-an': 'Theo Đề án',
  'khac-xhh': 'Khác (xã hội hóa)',
};

export const ATTENDANCE_RESULT_LABELS: Record<(typeof ATTENDANCE_RESULTS)[number], string> = {
  'hoan-thanh': 'Hoàn thành',
  'khong-hoan-thanh': 'Không hoàn thành',
  vang: 'Vắng',
};
