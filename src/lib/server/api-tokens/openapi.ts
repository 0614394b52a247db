/**
 * The records system's endpoints in OpenAPI 3.1 form (a fragment merged by
 * src/pages/api/v1/openapi.json.ts): GET /api/v1/records and GET /api/v1/units/{id}/indicators,
 * both read with a scoped API token (security scheme "apiToken").
 */
import { TRAINING_KINDS } from '../../../schemas/vocabulary.ts';
import type { OpenApiFragment } from '../progress/openapi.ts';
import { DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE } from './records-filter.ts';

const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` });
const json = (schema: unknown, description: string) => ({ description, content: { 'application/json': { schema } } });
const error = (description: string) => json(ref('Error'), description);
const security = [{ apiToken: [] }];
const date = { type: 'string', format: 'date', pattern: '^\\d{4}-\\d{2}-\\d{2}$' };

/** The bearer scheme the records endpoints use; merged into components.securitySchemes. */
export const API_TOKEN_SECURITY_SCHEME = {
  type: 'http',
  scheme: 'bearer',
  description: 'Mã truy cập API "hls_…" do quản trị cấp tỉnh tạo tại /quan-tri/api/, có thời hạn (tối đa một năm). Chỉ đọc được dữ liệu của đơn vị gắn với mã và các đơn vị trực thuộc; mã ngừng hoạt động khi người tạo không còn quyền quản trị đơn vị đó.',
};

/** Paths and schemas of the records API. */
export function recordsOpenApi(): OpenApiFragment {
  return {
    schemas: {
      TrainingRecord: {
        type: 'object',
        description: 'Một lần bồi dưỡng của một cán bộ, công chức: hoàn thành khóa học trực tuyến hoặc tham dự lớp trực tiếp/kết hợp.',
        required: ['staffCode', 'fullName', 'unit', 'mode', 'trainingId', 'title', 'kind', 'hours', 'startsOn', 'endsOn', 'result', 'score', 'scoreScale', 'certificate'],
        properties: {
          staffCode: { type: 'string', description: 'Mã cán bộ (định danh cán bộ; không dùng thư điện tử).' },
          fullName: { type: 'string' },
          unit: { type: 'object', required: ['id', 'code', 'name'], properties: { id: { type: 'string' }, code: { type: 'string' }, name: { type: 'string' } }, description: 'Đơn vị hiện tại của cán bộ.' },
          mode: { type: 'string', enum: ['truc-tuyen', 'truc-tiep', 'ket-hop'] },
          trainingId: { type: 'string', description: 'Mã khóa học (trực tuyến) hoặc mã lớp (trực tiếp, kết hợp).' },
          title: { type: 'string' },
          kind: { type: 'string', enum: TRAINING_KINDS.map((kind) => kind.slug) },
          hours: { type: ['number', 'null'] },
          startsOn: date,
          endsOn: date,
          result: { type: 'string', enum: ['dat', 'hoan-thanh', 'khong-hoan-thanh', 'vang'], description: 'dat: đạt bài kiểm tra cuối khóa; hoan-thanh; khong-hoan-thanh; vang.' },
          score: { type: ['number', 'null'] },
          scoreScale: { type: ['integer', 'null'], enum: [100, 10, null], description: '100: phần trăm (trực tuyến); 10: thang 10 (lớp).' },
          certificate: {
            oneOf: [{ type: 'null' }, { type: 'object', required: ['code', 'status'], properties: { code: { type: 'string' }, status: { type: 'string', enum: ['con-hieu-luc', 'da-thu-hoi'] } } }],
          },
        },
      },
      UnitIndicators: {
        type: 'object',
        description: 'Chỉ tiêu Quyết định 700 của đơn vị (gồm các đơn vị trực thuộc) trong kỳ; mỗi chỉ tiêu nêu tử số, mẫu số, kỳ tính và chỉ tiêu phải đạt.',
        required: ['unit', 'period', 'officials', 'indicators', 'courses', 'completionsInPeriod', 'completionsByMonth', 'averageScore', 'evaluationsDue', 'evaluationsDone'],
        properties: {
          unit: { type: 'object', required: ['id', 'code', 'name'], properties: { id: { type: 'string' }, code: { type: 'string' }, name: { type: 'string' } } },
          period: { type: 'object', required: ['key', 'label'], properties: { key: { type: 'string' }, label: { type: 'string' } } },
          officials: { type: 'integer', minimum: 0 },
          indicators: {
            type: 'array',
            items: {
              type: 'object',
              required: ['key', 'title', 'numerator', 'denominator', 'percent', 'target', 'definition'],
              properties: {
                key: { type: 'string', enum: ['underqualified-sent', 'general-management', 'field-skills'] },
                title: { type: 'string' },
                numerator: { type: 'integer', minimum: 0 },
                denominator: { type: 'integer', minimum: 0 },
                percent: { type: ['number', 'null'], description: 'Phần trăm 0–100; null khi mẫu số bằng 0.' },
                target: { type: 'number' },
                definition: { type: 'object', properties: { numerator: { type: 'string' }, denominator: { type: 'string' }, period: { type: 'string' } } },
              },
            },
          },
          courses: { type: 'array', items: { type: 'object', properties: { courseId: { type: 'string' }, completions: { type: 'integer' }, averageScore: { type: ['number', 'null'] }, finalAttempts: { type: 'integer' }, passedAttempts: { type: 'integer' }, passRate: { type: ['number', 'null'] } } } },
          completionsInPeriod: { type: 'integer', minimum: 0 },
          completionsByMonth: { type: 'array', items: { type: 'object', properties: { month: { type: 'string' }, completions: { type: 'integer' } } } },
          averageScore: { type: ['number', 'null'] },
          evaluationsDue: { type: 'integer', minimum: 0 },
          evaluationsDone: { type: 'integer', minimum: 0 },
        },
      },
      TrainingRecordPage: {
        type: 'object',
        required: ['data', 'page', 'pageSize', 'total', 'next'],
        properties: {
          data: { type: 'array', items: ref('TrainingRecord') },
          page: { type: 'integer', minimum: 1 },
          pageSize: { type: 'integer', minimum: 1, maximum: MAX_PAGE_SIZE },
          total: { type: 'integer', minimum: 0 },
          next: { type: ['string', 'null'], description: 'Địa chỉ trang sau (cùng bộ lọc), null ở trang cuối.' },
        },
      },
    },
    paths: {
      '/api/v1/records': {
        get: {
          operationId: 'listTrainingRecords',
          summary: 'Hồ sơ bồi dưỡng của cán bộ trong phạm vi mã truy cập',
          description:
            'Thứ tự ổn định: theo ngày (hoàn thành trực tuyến, ngày kết thúc lớp), rồi mã cán bộ, hình thức, mã khóa học/lớp. ' +
            'Đi theo "next" để lấy đủ mọi dòng; không trang nào trùng hay sót.',
          security,
          parameters: [
            { name: 'unit', in: 'query', schema: { type: 'string' }, description: 'Mã định danh đơn vị (gồm các đơn vị trực thuộc); phải nằm trong phạm vi mã truy cập.' },
            { name: 'from', in: 'query', schema: date, description: 'Từ ngày (tính cả ngày này, giờ Việt Nam).' },
            { name: 'to', in: 'query', schema: date, description: 'Đến ngày (tính cả ngày này).' },
            { name: 'kind', in: 'query', schema: { type: 'string', enum: TRAINING_KINDS.map((kind) => kind.slug) } },
            { name: 'page', in: 'query', schema: { type: 'integer', minimum: 1, default: 1 } },
            { name: 'pageSize', in: 'query', schema: { type: 'integer', minimum: 1, maximum: MAX_PAGE_SIZE, default: DEFAULT_PAGE_SIZE } },
          ],
          responses: {
            '200': json(ref('TrainingRecordPage'), 'Một trang hồ sơ.'),
            '400': error('Tham số lọc không hợp lệ (thông báo tiếng Việt theo từng tham số trong "issues").'),
            '401': error('Thiếu mã truy cập, mã sai, đã hết hạn hoặc đã bị thu hồi.'),
            '404': error('Đơn vị không tồn tại hoặc ngoài phạm vi mã truy cập.'),
          },
        },
      },
      '/api/v1/units/{id}/indicators': {
        get: {
          operationId: 'getUnitIndicators',
          summary: 'Chỉ tiêu Quyết định 700 của một đơn vị',
          security,
          parameters: [
            { name: 'id', in: 'path', required: true, schema: { type: 'string' }, description: 'Mã định danh đơn vị.' },
            { name: 'period', in: 'query', schema: { type: 'string', enum: ['2026-2028', '2029-2031', '2026', '2027', '2028', '2029', '2030', '2031'], default: '2026-2028' } },
          ],
          responses: {
            '200': json(ref('UnitIndicators'), 'Chỉ tiêu của đơn vị trong kỳ.'),
            '400': error('Kỳ báo cáo không hợp lệ.'),
            '401': error('Thiếu mã truy cập, mã sai, đã hết hạn hoặc đã bị thu hồi.'),
            '404': error('Đơn vị không tồn tại hoặc ngoài phạm vi mã truy cập.'),
          },
        },
      },
    },
  };
}
