/**
 * Every operation of the JSON API under /api/v1/, declared once: its path and method, who may
 * call it, and the zod schemas of its parameters, body and answers. The OpenAPI document
 * (openapi.ts, served at /api/v1/openapi.json) is generated from this list, and a test checks
 * that it names exactly the routes that exist under src/pages/api/v1/.
 */
import type { z } from 'astro/zod';
import {
  AttemptParamsSchema,
  AttemptSchema,
  SaveAnswersBodySchema,
  SaveAnswersResultSchema,
  StartAttemptParamsSchema,
  StartRefusedSchema,
} from './attempts.ts';
import { ApiErrorSchema } from './common.ts';
import { H5pStatementSchema, H5pPracticeResultSchema } from './h5p.ts';
import { HealthSchema, ReadinessSchema } from './health.ts';
import { IndicatorsParamsSchema, IndicatorsQuerySchema, UnitIndicatorsSchema } from './indicators.ts';
import { MeSchema } from './me.ts';
import { MyProgressQuerySchema, MyProgressSchema, ProgressBatchResultSchema, ProgressBatchSchema } from './progress.ts';
import { PublishJobParamsSchema, PublishJobProgressSchema } from './publishing.ts';
import { RecordsQuerySchema, TrainingRecordPageSchema } from './records.ts';

export type HttpMethod = 'get' | 'post' | 'put' | 'patch' | 'delete';

/** One answer of an operation: its description, and the JSON body if it has one. */
export interface ApiAnswer {
  description: string;
  schema?: z.ZodType;
  /** Response headers worth knowing, by name: their description. */
  headers?: Record<string, string>;
}

export interface ApiOperation {
  method: HttpMethod;
  /** As OpenAPI writes it: /api/v1/attempts/{id}. */
  path: `/api/v1/${string}`;
  operationId: string;
  summary: string;
  description?: string;
  /** session: the sign-in cookie; apiToken: a bearer token of the records API; none: public. */
  security: 'session' | 'apiToken' | 'none';
  pathParams?: z.ZodObject;
  query?: z.ZodObject;
  /** A JSON request body. */
  body?: z.ZodType;
  responses: Record<number, ApiAnswer>;
}

const json = (schema: z.ZodType, description: string): ApiAnswer => ({ schema, description });
const error = (description: string): ApiAnswer => json(ApiErrorSchema, description);
const RETRY_AFTER = { 'Retry-After': 'Số giây nên chờ trước khi gửi lại.' };
const SIGN_IN = error('Chưa đăng nhập.');
const TOKEN_REFUSED = error('Thiếu mã truy cập, mã sai, đã hết hạn hoặc đã bị thu hồi.');
const NOT_IN_SCOPE = error('Đơn vị không tồn tại hoặc ngoài phạm vi mã truy cập.');
const ATTEMPT_NOT_FOUND = error('Không có, hoặc không phải của người này.');
const ATTEMPT_UNAVAILABLE: ApiAnswer = { ...error('Máy chủ chưa xử lý được; gửi lại sau.'), headers: RETRY_AFTER };

/** The API, in the order the document lists it. */
export const API_OPERATIONS: readonly ApiOperation[] = [
  {
    method: 'get',
    path: '/api/v1/health',
    operationId: 'getHealth',
    summary: 'Máy chủ còn hoạt động',
    security: 'none',
    responses: { 200: json(HealthSchema, 'Máy chủ đang chạy.') },
  },
  {
    method: 'get',
    path: '/api/v1/health/ready',
    operationId: 'getReadiness',
    summary: 'Máy chủ sẵn sàng phục vụ',
    description: 'Cơ sở dữ liệu trả lời, mọi migration đã áp dụng và đã nạp một bản dựng.',
    security: 'none',
    responses: {
      200: json(ReadinessSchema, 'Sẵn sàng.'),
      503: json(ReadinessSchema, 'Chưa sẵn sàng; failed nêu kiểm tra nào không đạt.'),
    },
  },
  {
    method: 'get',
    path: '/api/v1/openapi.json',
    operationId: 'getOpenApiDocument',
    summary: 'Tài liệu này (OpenAPI 3.1)',
    security: 'none',
    responses: { 200: { description: 'Tài liệu OpenAPI 3.1 của API JSON.' } },
  },
  {
    method: 'get',
    path: '/api/v1/me',
    operationId: 'getMe',
    summary: 'Người đang đăng nhập',
    description: 'Cho hàng đợi tiến độ trên thiết bị biết các hoạt động đã lưu thuộc về ai trước khi gửi.',
    security: 'session',
    responses: { 200: json(MeSchema, 'Người dùng của phiên hiện tại.'), 401: SIGN_IN },
  },
  {
    method: 'post',
    path: '/api/v1/progress/events',
    operationId: 'postProgressEvents',
    summary: 'Gửi một lô hoạt động học tập',
    description:
      'Mỗi hoạt động mang một UUID do thiết bị tạo; máy chủ lưu mỗi UUID một lần cho mỗi người học. ' +
      'Máy chủ chỉ trả lời sau khi lô đã được ghi bền vững (commit), nên 200 nghĩa là thiết bị có thể xóa lô khỏi hàng đợi.',
    security: 'session',
    body: ProgressBatchSchema,
    responses: {
      200: json(ProgressBatchResultSchema, 'Đã lưu.'),
      400: error(
        'Dữ liệu không hợp lệ hoặc nhắc tới nội dung chưa xuất bản; issues chỉ rõ từng trường (path dạng "events.3.lessonId").',
      ),
      401: SIGN_IN,
      403: error('Yêu cầu từ trang web khác, hoặc cần đổi mật khẩu tạm thời trước.'),
      413: error('Dữ liệu quá lớn.'),
      415: error('Content-Type không phải application/json.'),
      503: {
        ...error('Chưa lưu được; gửi lại sau (Retry-After). Gửi lại không tạo bản ghi trùng.'),
        headers: RETRY_AFTER,
      },
    },
  },
  {
    method: 'get',
    path: '/api/v1/me/progress',
    operationId: 'getMyProgress',
    summary: 'Tiến độ học tập của người đang đăng nhập',
    description:
      'Không có ?course: các khóa học đã bắt đầu, gần nhất trước. Có ?course: đúng khóa học đó (kể cả chưa bắt đầu), hoặc danh sách rỗng nếu khóa học chưa xuất bản.',
    security: 'session',
    query: MyProgressQuerySchema,
    responses: { 200: json(MyProgressSchema, 'Tiến độ theo khóa học.'), 401: SIGN_IN },
  },
  {
    method: 'post',
    path: '/api/v1/quizzes/{courseId}/{quizSlug}/attempts',
    operationId: 'startAttempt',
    summary: 'Bắt đầu làm bài kiểm tra (hoặc tiếp tục lần đang làm)',
    description:
      'Rút câu hỏi cho lần làm mới và tính hạn nộp theo đồng hồ máy chủ. Nếu đang có lần làm dở, trả lại lần đó (200).',
    security: 'session',
    pathParams: StartAttemptParamsSchema,
    responses: {
      200: json(AttemptSchema, 'Lần đang làm dở.'),
      201: { ...json(AttemptSchema, 'Đã bắt đầu lần làm mới.'), headers: { Location: 'Địa chỉ API của lần làm mới.' } },
      401: SIGN_IN,
      403: error('Không phải học viên, hoặc yêu cầu từ trang web khác.'),
      404: error('Không có bài kiểm tra này.'),
      409: json(
        StartRefusedSchema,
        'Không được bắt đầu: đã hết số lần, chưa hết thời gian chờ (availableAt), hoặc đã đạt bài có đáp án công bố sau.',
      ),
      503: ATTEMPT_UNAVAILABLE,
    },
  },
  {
    method: 'get',
    path: '/api/v1/attempts/{id}',
    operationId: 'getAttempt',
    summary: 'Một lần làm bài của người đang đăng nhập',
    description: 'Lần làm quá hạn mà bị bỏ dở được chấm tại hạn nộp trước khi trả lời.',
    security: 'session',
    pathParams: AttemptParamsSchema,
    responses: {
      200: json(AttemptSchema, 'Lần làm bài.'),
      401: SIGN_IN,
      404: ATTEMPT_NOT_FOUND,
      503: ATTEMPT_UNAVAILABLE,
    },
  },
  {
    method: 'put',
    path: '/api/v1/attempts/{id}/answers',
    operationId: 'saveAnswers',
    summary: 'Lưu câu trả lời (từng câu hoặc nhiều câu)',
    security: 'session',
    pathParams: AttemptParamsSchema,
    body: SaveAnswersBodySchema,
    responses: {
      200: json(SaveAnswersResultSchema, 'Đã lưu.'),
      400: error('Không phải JSON hợp lệ.'),
      401: SIGN_IN,
      404: ATTEMPT_NOT_FOUND,
      409: error('Bài đã chấm, hoặc đã quá hạn nộp (theo đồng hồ máy chủ): không lưu gì.'),
      413: error('Dữ liệu quá lớn.'),
      415: error('Content-Type không phải application/json.'),
      422: error('Câu trả lời không khớp câu hỏi; issues chỉ rõ từng câu (path dạng "answers.c3"). Không lưu gì.'),
      503: ATTEMPT_UNAVAILABLE,
    },
  },
  {
    method: 'post',
    path: '/api/v1/attempts/{id}/submit',
    operationId: 'submitAttempt',
    summary: 'Nộp bài và chấm điểm',
    description:
      'Chấm một lần duy nhất; gửi lại hay gửi đồng thời đều nhận cùng kết quả. Quá hạn nộp thì chấm tại hạn nộp, không tính câu trả lời gửi sau hạn.',
    security: 'session',
    pathParams: AttemptParamsSchema,
    responses: {
      200: json(AttemptSchema, 'Lần làm bài đã chấm.'),
      401: SIGN_IN,
      404: ATTEMPT_NOT_FOUND,
      503: ATTEMPT_UNAVAILABLE,
    },
  },
  {
    method: 'post',
    path: '/api/v1/h5p/results',
    operationId: 'recordH5pResult',
    summary: 'Ghi kết quả luyện tập của một hoạt động H5P',
    description:
      'Trang bài học gửi một câu lệnh xAPI "answered" hoặc "completed" của hoạt động H5P cho người đang đăng nhập. ' +
      'Chỉ là kết quả luyện tập: không bao giờ làm hoàn thành khóa học hay cấp giấy chứng nhận.',
    security: 'session',
    body: H5pStatementSchema,
    responses: {
      200: json(H5pPracticeResultSchema, 'Kết quả luyện tập mới của người học với hoạt động này.'),
      400: error('Dữ liệu không hợp lệ, hoặc bài học không thuộc khóa học; issues chỉ rõ từng trường.'),
      401: SIGN_IN,
      403: error('Yêu cầu từ trang web khác.'),
      404: error('Hoạt động H5P chưa được cài đặt.'),
      413: error('Dữ liệu quá lớn.'),
      415: error('Content-Type không phải application/json.'),
    },
  },
  {
    method: 'get',
    path: '/api/v1/publishing/jobs/{id}',
    operationId: 'getPublishJob',
    summary: 'Tiến độ một lượt xuất bản khóa học',
    description: 'Cho trang tiến độ xuất bản; chỉ người được xem lượt xuất bản đó.',
    security: 'session',
    pathParams: PublishJobParamsSchema,
    responses: {
      200: json(PublishJobProgressSchema, 'Lượt xuất bản.'),
      401: SIGN_IN,
      404: error('Không có lượt xuất bản này, hoặc người này không được xem.'),
    },
  },
  {
    method: 'get',
    path: '/api/v1/records',
    operationId: 'listTrainingRecords',
    summary: 'Hồ sơ bồi dưỡng của cán bộ trong phạm vi mã truy cập',
    description:
      'Thứ tự ổn định: theo ngày (hoàn thành trực tuyến, ngày kết thúc lớp), rồi mã cán bộ, hình thức, mã khóa học/lớp. ' +
      'Đi theo "next" để lấy đủ mọi dòng; không trang nào trùng hay sót.',
    security: 'apiToken',
    query: RecordsQuerySchema,
    responses: {
      200: json(TrainingRecordPageSchema, 'Một trang hồ sơ.'),
      400: error('Tham số lọc không hợp lệ (thông báo tiếng Việt theo từng tham số trong "issues").'),
      401: TOKEN_REFUSED,
      404: NOT_IN_SCOPE,
    },
  },
  {
    method: 'get',
    path: '/api/v1/units/{id}/indicators',
    operationId: 'getUnitIndicators',
    summary: 'Chỉ tiêu Quyết định 700 của một đơn vị',
    security: 'apiToken',
    pathParams: IndicatorsParamsSchema,
    query: IndicatorsQuerySchema,
    responses: {
      200: json(UnitIndicatorsSchema, 'Chỉ tiêu của đơn vị trong kỳ.'),
      400: error('Kỳ báo cáo không hợp lệ.'),
      401: TOKEN_REFUSED,
      404: NOT_IN_SCOPE,
    },
  },
];
