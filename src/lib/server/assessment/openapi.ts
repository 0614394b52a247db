/**
 * The quiz attempt endpoints in OpenAPI 3.1 form: a fragment that src/pages/api/v1/openapi.json.ts
 * merges with the other areas'. The answers body schema is generated from the zod schema the
 * endpoint validates with.
 */
import { z } from 'astro/zod';
import type { OpenApiFragment } from '../progress/openapi.ts';
import { SaveAnswersBodySchema } from './answer-input.ts';

const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` });
const json = (schema: unknown, description: string) => ({ description, content: { 'application/json': { schema } } });
const error = (description: string) => json(ref('Error'), description);
const attemptId = { name: 'id', in: 'path', required: true, schema: { type: 'string' }, description: 'Mã lần làm bài.' };
const dateTime = { type: 'string', format: 'date-time' };
const nullableDateTime = { type: ['string', 'null'], format: 'date-time' };
const legalReference = {
  type: ['object', 'null'],
  required: ['type', 'year', 'title'],
  properties: { type: { type: 'string' }, number: { type: 'string' }, year: { type: 'integer' }, title: { type: 'string' }, article: { type: 'string' }, url: { type: 'string' } },
};

function answersBodySchema(): Record<string, unknown> {
  const { $schema: _ignored, ...schema } = z.toJSONSchema(SaveAnswersBodySchema, { target: 'draft-2020-12', io: 'input', unrepresentable: 'any' }) as Record<string, unknown>;
  return {
    ...schema,
    description:
      'Câu trả lời theo mã câu hỏi công khai ("c3", hoặc "c5-2" cho ý 2 của nhóm tình huống câu 5). Một lựa chọn: mã phương án ("2"); nhiều lựa chọn: danh sách mã; ' +
      'đúng/sai: true hoặc false; sắp xếp: mọi mã mục theo thứ tự của người học; null: xóa câu trả lời. Câu không gửi giữ nguyên câu trả lời đã lưu.',
  };
}

/** Paths and schemas of the quiz attempt API. */
export function quizOpenApi(): OpenApiFragment {
  return {
    schemas: {
      PublicQuestion: {
        description: 'Câu hỏi như người học thấy trước khi nộp: không có đáp án, giải thích hay căn cứ pháp lý. Mã câu hỏi và phương án chỉ là vị trí hiển thị.',
        type: 'object',
        required: ['id', 'type', 'prompt', 'points'],
        properties: {
          id: { type: 'string', examples: ['c3', 'c5-2'] },
          type: { enum: ['single', 'multiple', 'true-false', 'ordering', 'case-group'] },
          prompt: { type: 'string' },
          points: { type: 'number' },
          options: { type: 'array', items: { type: 'object', required: ['id', 'text'], properties: { id: { type: 'string', examples: ['1'] }, text: { type: 'string' } } } },
          scenario: { type: 'string', description: 'Chỉ với nhóm tình huống.' },
          questions: { type: 'array', items: ref('PublicQuestion'), description: 'Chỉ với nhóm tình huống.' },
        },
      },
      ReviewQuestion: {
        description: 'Một câu hỏi khi xem lại bài đã chấm: câu trả lời, đáp án, kết quả, giải thích, căn cứ pháp lý.',
        type: 'object',
        required: ['id', 'number', 'earned', 'max', 'caseGroup', 'items'],
        properties: {
          id: { type: 'string' },
          number: { type: 'integer' },
          earned: { type: 'number' },
          max: { type: 'number' },
          caseGroup: {
            type: ['object', 'null'],
            properties: { prompt: { type: 'string' }, scenario: { type: 'string' }, explanation: { type: ['string', 'null'] }, legalReference },
          },
          items: {
            type: 'array',
            items: {
              type: 'object',
              required: ['id', 'label', 'type', 'prompt', 'earned', 'max', 'outcome', 'given', 'key', 'explanation', 'legalReference'],
              properties: {
                id: { type: 'string' },
                label: { type: 'string' },
                type: { enum: ['single', 'multiple', 'true-false', 'ordering'] },
                prompt: { type: 'string' },
                earned: { type: 'number' },
                max: { type: 'number' },
                outcome: { enum: ['dung', 'mot-phan', 'sai', 'chua-tra-loi'], description: 'đúng / đúng một phần / sai / chưa trả lời' },
                given: { type: 'array', items: { type: 'string' }, description: 'Câu trả lời của người học, dạng chữ.' },
                key: { type: 'array', items: { type: 'string' }, description: 'Đáp án, dạng chữ (sắp xếp: theo thứ tự đúng).' },
                explanation: { type: ['string', 'null'] },
                legalReference,
              },
            },
          },
        },
      },
      Attempt: {
        type: 'object',
        required: ['id', 'courseId', 'quizSlug', 'quizTitle', 'attemptNumber', 'status', 'startedAt', 'deadlineAt', 'submittedAt', 'remainingSeconds', 'questions', 'answers', 'lastSavedAt', 'result', 'review', 'feedbackRule', 'url'],
        properties: {
          id: { type: 'string' },
          courseId: { type: 'string' },
          quizSlug: { type: 'string' },
          quizTitle: { type: 'string' },
          attemptNumber: { type: 'integer', minimum: 1 },
          status: { enum: ['in_progress', 'submitted', 'expired'], description: 'đang làm / đã nộp / chấm khi hết giờ (submittedAt = hạn nộp)' },
          startedAt: dateTime,
          deadlineAt: { ...nullableDateTime, description: 'Theo đồng hồ máy chủ; sau hạn này cộng 30 giây, câu trả lời không được nhận.' },
          submittedAt: nullableDateTime,
          remainingSeconds: { type: ['integer', 'null'], minimum: 0, description: 'Số giây còn lại theo đồng hồ máy chủ (chỉ khi đang làm và có giới hạn thời gian).' },
          questions: { type: ['array', 'null'], items: ref('PublicQuestion'), description: 'Chỉ khi đang làm.' },
          answers: { type: ['object', 'null'], description: 'Chỉ khi đang làm: câu trả lời đã lưu, theo mã câu hỏi công khai.' },
          lastSavedAt: nullableDateTime,
          result: {
            type: ['object', 'null'],
            required: ['earned', 'max', 'percent', 'passed', 'passPercent'],
            properties: { earned: { type: 'number' }, max: { type: 'number' }, percent: { type: 'number' }, passed: { type: 'boolean' }, passPercent: { type: 'number', description: 'Điểm đạt, phần trăm.' } },
          },
          review: { type: ['array', 'null'], items: ref('ReviewQuestion'), description: 'Chỉ khi đã chấm và quy định xem đáp án của bài cho phép.' },
          feedbackRule: { type: 'string', description: 'Khi nào người học được xem đáp án.' },
          url: { type: 'string', description: 'Trang của lần làm bài.' },
        },
      },
      SaveAnswers: answersBodySchema(),
      SaveAnswersResult: {
        type: 'object',
        required: ['savedAt', 'saved', 'remainingSeconds'],
        properties: { savedAt: dateTime, saved: { type: 'array', items: { type: 'string' } }, remainingSeconds: { type: ['integer', 'null'], minimum: 0 } },
      },
    },
    paths: {
      '/api/v1/quizzes/{courseId}/{quizSlug}/attempts': {
        post: {
          operationId: 'startAttempt',
          summary: 'Bắt đầu làm bài kiểm tra (hoặc tiếp tục lần đang làm)',
          description: 'Rút câu hỏi cho lần làm mới và tính hạn nộp theo đồng hồ máy chủ. Nếu đang có lần làm dở, trả lại lần đó (200).',
          security: [{ session: [] }],
          parameters: [
            { name: 'courseId', in: 'path', required: true, schema: { type: 'string' } },
            { name: 'quizSlug', in: 'path', required: true, schema: { type: 'string' }, description: 'Tên tệp bài kiểm tra, ví dụ "kiem-tra-cuoi-khoa".' },
          ],
          responses: {
            '201': json(ref('Attempt'), 'Đã bắt đầu lần làm mới.'),
            '200': json(ref('Attempt'), 'Lần đang làm dở.'),
            '401': error('Chưa đăng nhập.'),
            '403': error('Không phải học viên, hoặc yêu cầu từ trang web khác.'),
            '404': error('Không có bài kiểm tra này.'),
            '409': {
              description: 'Không được bắt đầu: đã hết số lần, chưa hết thời gian chờ (availableAt), hoặc đã đạt bài có đáp án công bố sau.',
              content: { 'application/json': { schema: { allOf: [ref('Error'), { type: 'object', properties: { availableAt: dateTime } }] } } },
            },
          },
        },
      },
      '/api/v1/attempts/{id}': {
        get: {
          operationId: 'getAttempt',
          summary: 'Một lần làm bài của người đang đăng nhập',
          description: 'Lần làm quá hạn mà bị bỏ dở được chấm tại hạn nộp trước khi trả lời.',
          security: [{ session: [] }],
          parameters: [attemptId],
          responses: { '200': json(ref('Attempt'), 'Lần làm bài.'), '401': error('Chưa đăng nhập.'), '404': error('Không có, hoặc không phải của người này.') },
        },
      },
      '/api/v1/attempts/{id}/answers': {
        put: {
          operationId: 'saveAnswers',
          summary: 'Lưu câu trả lời (từng câu hoặc nhiều câu)',
          security: [{ session: [] }],
          parameters: [attemptId],
          requestBody: { required: true, content: { 'application/json': { schema: ref('SaveAnswers') } } },
          responses: {
            '200': json(ref('SaveAnswersResult'), 'Đã lưu.'),
            '400': error('Không phải JSON hợp lệ.'),
            '401': error('Chưa đăng nhập.'),
            '404': error('Không có, hoặc không phải của người này.'),
            '409': error('Bài đã chấm, hoặc đã quá hạn nộp (theo đồng hồ máy chủ): không lưu gì.'),
            '413': error('Dữ liệu quá lớn.'),
            '415': error('Content-Type không phải application/json.'),
            '422': error('Câu trả lời không khớp câu hỏi; issues chỉ rõ từng câu (path dạng "answers.c3"). Không lưu gì.'),
          },
        },
      },
      '/api/v1/attempts/{id}/submit': {
        post: {
          operationId: 'submitAttempt',
          summary: 'Nộp bài và chấm điểm',
          description: 'Chấm một lần duy nhất; gửi lại hay gửi đồng thời đều nhận cùng kết quả. Quá hạn nộp thì chấm tại hạn nộp, không tính câu trả lời gửi sau hạn.',
          security: [{ session: [] }],
          parameters: [attemptId],
          responses: { '200': json(ref('Attempt'), 'Lần làm bài đã chấm.'), '401': error('Chưa đăng nhập.'), '404': error('Không có, hoặc không phải của người này.') },
        },
      },
    },
  };
}
