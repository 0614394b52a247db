/**
 * The progress endpoints in OpenAPI 3.1 form: a fragment that src/pages/api/v1/openapi.json.ts
 * merges with the other areas' fragments. The request schema is generated from the zod schema
 * the endpoint validates with, so the two cannot drift apart.
 */
import { z } from 'astro/zod';
import { ProgressBatchSchema } from '../../../schemas/api/progress.ts';

/** A piece of an OpenAPI document: paths and the component schemas they refer to. */
export interface OpenApiFragment {
  paths: Record<string, unknown>;
  schemas: Record<string, unknown>;
}

const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` });
const json = (schema: unknown, description: string) => ({ description, content: { 'application/json': { schema } } });
const error = (description: string) => json(ref('Error'), description);

const status = { type: 'string', enum: ['chua-bat-dau', 'dang-hoc', 'hoan-thanh'], description: 'chưa bắt đầu / đang học / hoàn thành' };
const tally = { type: 'object', required: ['done', 'total'], properties: { done: { type: 'integer', minimum: 0 }, total: { type: 'integer', minimum: 0 } } };

function batchSchema(): Record<string, unknown> {
  const { $schema: _ignored, ...schema } = z.toJSONSchema(ProgressBatchSchema, { target: 'draft-2020-12', io: 'input', unrepresentable: 'any' }) as Record<string, unknown>;
  return {
    ...schema,
    description:
      'Từ 1 đến 100 hoạt động. lesson_opened và lesson_completed cần lessonId; video_watched cần videoId và data {intervals, position, duration}; ' +
      'case_decision cần caseStudyId và data {decisionId, optionId}. Khóa học, bài học, video, tình huống phải có trong nội dung đã xuất bản.',
  };
}

/** Paths and schemas of POST /api/v1/progress/events and GET /api/v1/me/progress. */
export function progressOpenApi(): OpenApiFragment {
  return {
    schemas: {
      ProgressBatch: batchSchema(),
      ProgressBatchResult: {
        type: 'object',
        required: ['accepted', 'duplicates'],
        properties: {
          accepted: { type: 'integer', minimum: 0, description: 'Hoạt động được lưu lần này.' },
          duplicates: { type: 'integer', minimum: 0, description: 'Hoạt động đã lưu từ trước (cùng UUID), không lưu lại.' },
        },
      },
      CourseProgress: {
        type: 'object',
        required: ['courseId', 'title', 'url', 'status', 'percent', 'requiredLessons', 'requiredVideos', 'finalTest', 'lessons', 'resume', 'nextStep', 'updatedAt'],
        properties: {
          courseId: { type: 'string' },
          title: { type: 'string' },
          url: { type: 'string', description: 'Đường dẫn trang khóa học.' },
          status,
          percent: { type: 'integer', minimum: 0, maximum: 100, description: 'Bài học bắt buộc, video trong bài bắt buộc và bài kiểm tra cuối khóa (nếu có), tính như nhau; 100 chỉ khi hoàn thành.' },
          requiredLessons: { ...tally, description: 'Bài học bắt buộc đã hoàn thành / tổng số.' },
          requiredVideos: { ...tally, description: 'Video trong bài bắt buộc đã xem ít nhất 90 % / tổng số.' },
          finalTest: {
            description: 'Bài kiểm tra cuối khóa và người học đã đạt chưa (theo điểm máy chủ chấm); null nếu khóa học không có.',
            oneOf: [
              {
                type: 'object',
                required: ['quizId', 'title', 'url', 'passed'],
                properties: { quizId: { type: 'string' }, title: { type: 'string' }, url: { type: 'string' }, passed: { type: 'boolean' } },
              },
              { type: 'null' },
            ],
          },
          nextStep: {
            description: 'Việc nên làm tiếp: "tiep-tuc-hoc" (học tiếp) hoặc "kiem-tra-cuoi-khoa" (đã xong bài học và video bắt buộc, còn bài kiểm tra cuối khóa); null khi đã hoàn thành.',
            oneOf: [
              {
                type: 'object',
                required: ['kind', 'label', 'url'],
                properties: { kind: { type: 'string', enum: ['tiep-tuc-hoc', 'kiem-tra-cuoi-khoa'] }, label: { type: 'string' }, url: { type: 'string' } },
              },
              { type: 'null' },
            ],
          },
          lessons: {
            type: 'array',
            items: {
              type: 'object',
              required: ['lessonId', 'title', 'url', 'required', 'status'],
              properties: { lessonId: { type: 'string' }, title: { type: 'string' }, url: { type: 'string' }, required: { type: 'boolean' }, status },
            },
          },
          resume: {
            description: 'Nơi "Tiếp tục học" dẫn tới; null khi chưa mở bài nào.',
            oneOf: [
              {
                type: 'object',
                required: ['lessonId', 'url', 'videoId', 'positionSeconds'],
                properties: {
                  lessonId: { type: 'string' },
                  url: { type: 'string' },
                  videoId: { type: ['string', 'null'] },
                  positionSeconds: { type: ['number', 'null'], minimum: 0 },
                },
              },
              { type: 'null' },
            ],
          },
          updatedAt: { type: ['string', 'null'], format: 'date-time', description: 'Lần hoạt động gần nhất trong khóa học.' },
        },
      },
    },
    paths: {
      '/api/v1/progress/events': {
        post: {
          operationId: 'postProgressEvents',
          summary: 'Gửi một lô hoạt động học tập',
          description:
            'Mỗi hoạt động mang một UUID do thiết bị tạo; máy chủ lưu mỗi UUID một lần cho mỗi người học. ' +
            'Máy chủ chỉ trả lời sau khi lô đã được ghi bền vững (commit), nên 200 nghĩa là thiết bị có thể xóa lô khỏi hàng đợi.',
          security: [{ session: [] }],
          requestBody: { required: true, content: { 'application/json': { schema: ref('ProgressBatch') } } },
          responses: {
            '200': json(ref('ProgressBatchResult'), 'Đã lưu.'),
            '400': error('Dữ liệu không hợp lệ hoặc nhắc tới nội dung chưa xuất bản; issues chỉ rõ từng trường (path dạng "events.3.lessonId").'),
            '401': error('Chưa đăng nhập.'),
            '403': error('Yêu cầu từ trang web khác, hoặc cần đổi mật khẩu tạm thời trước.'),
            '413': error('Dữ liệu quá lớn.'),
            '415': error('Content-Type không phải application/json.'),
            '503': error('Chưa lưu được; gửi lại sau (Retry-After). Gửi lại không tạo bản ghi trùng.'),
          },
        },
      },
      '/api/v1/me/progress': {
        get: {
          operationId: 'getMyProgress',
          summary: 'Tiến độ học tập của người đang đăng nhập',
          description: 'Không có ?course: các khóa học đã bắt đầu, gần nhất trước. Có ?course: đúng khóa học đó (kể cả chưa bắt đầu), hoặc danh sách rỗng nếu khóa học chưa xuất bản.',
          security: [{ session: [] }],
          parameters: [{ name: 'course', in: 'query', required: false, schema: { type: 'string' }, description: 'Mã khóa học.' }],
          responses: {
            '200': json({ type: 'object', required: ['courses'], properties: { courses: { type: 'array', items: ref('CourseProgress') } } }, 'Tiến độ theo khóa học.'),
            '401': error('Chưa đăng nhập.'),
          },
        },
      },
    },
  };
}
