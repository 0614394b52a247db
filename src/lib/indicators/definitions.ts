/**
 * What each indicator counts, in the words the dashboard and the API show (numerator,
 * denominator, period), so a reader can check a figure by hand, and the plan each comes from
 * (Decision 700 and the provinces' plans on the reference shelf, seeds 000–004). Pure text.
 */
import type { IndicatorKey } from './indicator-keys.ts';

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
  /** The plans the indicator comes from (căn cứ). */
  source: string;
}

const D700 = 'Quyết định số 700/QĐ-TTg ngày 20/4/2026 của Thủ tướng Chính phủ';

export const INDICATOR_DEFINITIONS: Record<IndicatorKey, IndicatorDefinition> = {
  'underqualified-sent': {
    key: 'underqualified-sent',
    title: 'Cán bộ chưa đáp ứng yêu cầu chuyên môn đã được cử đi bồi dưỡng chuyên môn chuyên ngành',
    numerator:
      'Người trong mẫu số đã được cử đi: được giao một khóa bồi dưỡng kiến thức chuyên môn chuyên ngành (không bị hủy trước cuối kỳ), có tên trong một lớp bồi dưỡng loại này bắt đầu trước cuối kỳ (với bất kỳ kết quả nào), hoặc đã hoàn thành một khóa như vậy.',
    denominator:
      'Cán bộ, công chức của đơn vị bị xác định "chưa đáp ứng yêu cầu về chuyên môn của vị trí việc làm" vào bất kỳ lúc nào trong kỳ, tính từ "Ngày xác định" ghi trong hồ sơ (không phải ngày nhập).',
    period: 'Việc cử đi được tính nếu diễn ra trước ngày cuối kỳ (kể cả trước kỳ).',
    target: '100% đến hết năm 2028.',
    source: `${D700}, mục tiêu giai đoạn 2026–2028 (như Kế hoạch của UBND tỉnh Nghệ An và tỉnh Đắk Lắk, Kế hoạch số 219/KH-UBND ngày 09/6/2026 của UBND phường Phù Liễn trích dẫn).`,
  },
  'general-management': {
    key: 'general-management',
    title: 'Công chức chuyên môn được bồi dưỡng kiến thức chung về quản lý nhà nước',
    numerator:
      'Người trong mẫu số đã hoàn thành một khóa học trực tuyến hoặc một lớp bồi dưỡng trực tiếp/kết hợp về kiến thức chung về quản lý nhà nước trong kỳ.',
    denominator: 'Công chức chuyên môn của đơn vị (nhóm tính theo hồ sơ vào cuối kỳ).',
    period: 'Chỉ tính lượt hoàn thành trong kỳ; số lũy kế tính từ ngày 01/01/2026.',
    target: '50% mỗi giai đoạn; một số kế hoạch đặt 100% lũy kế đến hết năm 2031.',
    source: `${D700}, mục tiêu từng giai đoạn; Kế hoạch số 219/KH-UBND ngày 09/6/2026 của UBND phường Phù Liễn, mục II.2.b (100% đến hết năm 2031).`,
  },
  'field-skills': {
    key: 'field-skills',
    title: 'Cán bộ, công chức được tập huấn chuyên môn, nghiệp vụ theo lĩnh vực của mình và kỹ năng bổ trợ',
    numerator:
      'Người trong mẫu số đã hoàn thành, trong kỳ, một khóa học trực tuyến hoặc một lớp bồi dưỡng trực tiếp/kết hợp về tập huấn chuyên môn, nghiệp vụ hoặc kỹ năng bổ trợ thuộc một lĩnh vực của chính họ: lĩnh vực suy ra từ vị trí việc làm hoặc lĩnh vực ghi trong hồ sơ. Lớp không ghi lĩnh vực không được tính cho chỉ tiêu này.',
    denominator: 'Toàn bộ cán bộ, công chức của đơn vị.',
    period: 'Chỉ tính lượt hoàn thành trong kỳ; số lũy kế tính từ ngày 01/01/2026.',
    target: '100%.',
    source: `${D700}: "100% cán bộ, công chức cấp xã được bồi dưỡng, tập huấn chuyên môn, nghiệp vụ theo ngành, lĩnh vực; bồi dưỡng các kỹ năng bổ trợ" (giai đoạn 2026–2028) và "đến hết năm 2031, 100% … được bổ sung kiến thức và kỹ năng, nghiệp vụ mới".`,
  },
  'leaders-programme': {
    key: 'leaders-programme',
    title:
      'Cán bộ, công chức lãnh đạo, quản lý được bồi dưỡng kiến thức, kỹ năng quản lý nhà nước cho chức danh lãnh đạo, quản lý',
    numerator:
      'Người trong mẫu số đã hoàn thành, trong kỳ, một khóa học hoặc một lớp bồi dưỡng kiến thức, kỹ năng QLNN cho chức danh lãnh đạo, quản lý.',
    denominator: 'Cán bộ (nhóm "Cán bộ") và công chức lãnh đạo, quản lý của đơn vị (nhóm tính theo hồ sơ vào cuối kỳ).',
    period: 'Chỉ tính lượt hoàn thành trong kỳ; số lũy kế tính từ ngày 01/01/2026.',
    target:
      'Quyết định 700 không nêu tỷ lệ; tỉnh đặt theo kế hoạch của mình (ví dụ Đồng Tháp: trên 95% đến năm 2028, 100% giai đoạn 2029–2030).',
    source:
      'Kế hoạch triển khai Quyết định 700 của UBND tỉnh Đắk Lắk, mục IV.2.a và Kế hoạch số 219/KH-UBND ngày 09/6/2026 của UBND phường Phù Liễn, mục III.1 và III.2.a: "bồi dưỡng kiến thức, kỹ năng quản lý nhà nước đối với chức danh lãnh đạo, quản lý theo Chương trình của Học viện Chính trị quốc gia Hồ Chí Minh"; Kế hoạch thực hiện Nghị quyết số 14-NQ/TU ngày 14/4/2026 của Tỉnh ủy Đồng Tháp, mục II.2.',
  },
};

/** Rules common to every indicator. */
export const COMMON_RULES = [
  'Mỗi người được tính vào đơn vị mà họ công tác vào ngày cuối kỳ (theo lịch sử thay đổi hồ sơ); người chuyển đơn vị hoặc có đơn vị bị hợp nhất chỉ được tính một lần, ở đơn vị vào cuối kỳ. Hồ sơ cán bộ và báo cáo năm dùng cùng quy tắc này.',
  'Chỉ tính cán bộ đang công tác có hồ sơ trên hệ thống trước ngày cuối kỳ.',
  'Khóa học mẫu (tài liệu mẫu) không bao giờ được tính. Lượt hoàn thành có giấy chứng nhận đã bị thu hồi không được tính.',
  'Lớp bồi dưỡng trực tiếp hoặc kết hợp có kết quả "hoàn thành" được tính cho các chỉ tiêu như một lượt hoàn thành khóa học trực tuyến cùng loại và lĩnh vực, vào ngày kết thúc lớp; các số liệu theo khóa học, theo tháng và điểm trung bình chỉ tính khóa học trực tuyến.',
  'Số trong giai đoạn chỉ tính việc diễn ra trong giai đoạn; số lũy kế tính từ ngày 01/01/2026 đến cuối kỳ.',
  'Chỉ tiêu (mức phải đạt) là chỉ tiêu tỉnh đặt theo kế hoạch của mình; nếu tỉnh chưa đặt, dùng mức của Quyết định 700/QĐ-TTg.',
] as const;
