/**
 * What each indicator counts, in the words the dashboard and the API show (numerator,
 * denominator, period), so a reader can check a figure by hand. Pure text.
 */
import type { IndicatorKey } from './compute.ts';

export interface IndicatorDefinition {
  key: IndicatorKey;
  /** Short title of the indicator. */
  title: string;
  /** Tử số. */
  numerator: string;
  /** Mẫu số. */
  denominator: string;
  /** Which events of which time count. */
  period: string;
  /** Chỉ tiêu, as the plans state it. */
  target: string;
}

export const INDICATOR_DEFINITIONS: Record<IndicatorKey, IndicatorDefinition> = {
  'underqualified-sent': {
    key: 'underqualified-sent',
    title: 'Cán bộ chưa đáp ứng yêu cầu chuyên môn đã được cử đi bồi dưỡng chuyên môn chuyên ngành',
    numerator:
      'Người trong mẫu số đã được giao một khóa bồi dưỡng kiến thức chuyên môn chuyên ngành (không bị hủy trước cuối kỳ) hoặc đã hoàn thành một khóa hay một lớp bồi dưỡng trực tiếp/kết hợp như vậy.',
    denominator:
      'Cán bộ, công chức của đơn vị bị đánh dấu "chưa đáp ứng yêu cầu chuyên môn của vị trí việc làm" vào bất kỳ lúc nào trong kỳ.',
    period: 'Việc giao hoặc hoàn thành khóa học được tính nếu diễn ra trước ngày cuối kỳ (kể cả trước kỳ).',
    target: '100% đến hết năm 2028.',
  },
  'general-management': {
    key: 'general-management',
    title: 'Công chức chuyên môn được bồi dưỡng kiến thức chung về quản lý nhà nước',
    numerator:
      'Người trong mẫu số đã hoàn thành một khóa học trực tuyến hoặc một lớp bồi dưỡng trực tiếp/kết hợp về kiến thức chung về quản lý nhà nước trong kỳ.',
    denominator: 'Công chức chuyên môn của đơn vị (nhóm tính theo hồ sơ vào cuối kỳ).',
    period: 'Chỉ tính lượt hoàn thành trong kỳ.',
    target: '50% mỗi giai đoạn.',
  },
  'field-skills': {
    key: 'field-skills',
    title: 'Cán bộ, công chức được tập huấn chuyên môn, nghiệp vụ và kỹ năng bổ trợ',
    numerator:
      'Người trong mẫu số đã hoàn thành một khóa học trực tuyến hoặc một lớp bồi dưỡng trực tiếp/kết hợp về tập huấn chuyên môn, nghiệp vụ hoặc kỹ năng bổ trợ trong kỳ.',
    denominator: 'Toàn bộ cán bộ, công chức của đơn vị.',
    period: 'Chỉ tính lượt hoàn thành trong kỳ.',
    target: '100%.',
  },
};

/** Rules common to every indicator. */
export const COMMON_RULES = [
  'Mỗi người được tính vào đơn vị mà họ công tác vào ngày cuối kỳ (theo lịch sử thay đổi hồ sơ); người chuyển đơn vị trong kỳ chỉ được tính một lần, ở đơn vị mới.',
  'Chỉ tính cán bộ đang công tác có hồ sơ trên hệ thống trước ngày cuối kỳ.',
  'Lượt hoàn thành có giấy chứng nhận đã bị thu hồi không được tính.',
  'Lớp bồi dưỡng trực tiếp hoặc kết hợp có kết quả "hoàn thành" được tính cho chỉ tiêu 1–3 như một lượt hoàn thành khóa học trực tuyến cùng loại, vào ngày kết thúc lớp; các số liệu theo khóa học, theo tháng và điểm trung bình chỉ tính khóa học trực tuyến.',
] as const;
