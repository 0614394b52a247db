/** Vietnamese labels of the class vocabularies (methods, funding sources, results). Pure. */
import type { AttendanceResult, ClassMethod, FundingSource } from './vocabulary.ts';

export const CLASS_METHOD_LABELS: Record<ClassMethod, string> = {
  'truc-tiep': 'Trực tiếp',
  'ket-hop': 'Kết hợp (trực tiếp và trực tuyến)',
};

export const FUNDING_SOURCE_LABELS: Record<FundingSource, string> = {
  'ns-tinh': 'Ngân sách tỉnh',
  'ns-tw': 'Ngân sách Trung ương',
  'theo-de-an': 'Theo Đề án',
  'khac-xhh': 'Khác (xã hội hóa)',
};

export const ATTENDANCE_RESULT_LABELS: Record<AttendanceResult, string> = {
  'hoan-thanh': 'Hoàn thành',
  'khong-hoan-thanh': 'Không hoàn thành',
  vang: 'Vắng',
  'da-dang-ky': 'Đã đăng ký (chưa có kết quả)',
};
