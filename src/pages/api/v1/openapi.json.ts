/**
 * GET /api/v1/openapi.json: the OpenAPI 3.1 description of the JSON API, built at build time.
 * Each API area contributes a fragment ({paths, schemas}); to describe a new endpoint, add its
 * area's fragment to FRAGMENTS. Shared pieces (errors, the session cookie) are defined here once.
 */
import type { APIRoute } from 'astro';
import { progressOpenApi, type OpenApiFragment } from '../../../lib/server/progress/openapi.ts';
import { quizOpenApi } from '../../../lib/server/assessment/openapi.ts';
import { API_TOKEN_SECURITY_SCHEME, recordsOpenApi } from '../../../lib/server/api-tokens/openapi.ts';

export const prerender = true;

const readinessCheck = { type: 'object', required: ['ok'], properties: { ok: { type: 'boolean' }, message: { type: 'string' } } };
const readinessBody = {
  type: 'object',
  required: ['status', 'failed', 'checks'],
  properties: {
    status: { enum: ['ready', 'not-ready'] },
    failed: { type: 'array', items: { enum: ['database', 'migrations', 'build'] } },
    checks: { type: 'object', required: ['database', 'migrations', 'build'], properties: { database: readinessCheck, migrations: readinessCheck, build: readinessCheck } },
  },
};

const healthOpenApi = (): OpenApiFragment => ({
  schemas: {},
  paths: {
    '/api/v1/health/ready': {
      get: {
        operationId: 'getReadiness',
        summary: 'Máy chủ sẵn sàng phục vụ',
        description: 'Cơ sở dữ liệu trả lời, mọi migration đã áp dụng và đã nạp một bản dựng.',
        responses: {
          '200': { description: 'Sẵn sàng.', content: { 'application/json': { schema: readinessBody } } },
          '503': { description: 'Chưa sẵn sàng; failed nêu kiểm tra nào không đạt.', content: { 'application/json': { schema: readinessBody } } },
        },
      },
    },
    '/api/v1/health': {
      get: {
        operationId: 'getHealth',
        summary: 'Máy chủ còn hoạt động',
        responses: {
          '200': {
            description: 'Máy chủ đang chạy.',
            content: { 'application/json': { schema: { type: 'object', required: ['status'], properties: { status: { const: 'ok' } } } } },
          },
        },
      },
    },
  },
});

const meOpenApi = (): OpenApiFragment => ({
  schemas: {},
  paths: {
    '/api/v1/me': {
      get: {
        operationId: 'getMe',
        summary: 'Người đang đăng nhập',
        description: 'Cho hàng đợi tiến độ trên thiết bị biết các hoạt động đã lưu thuộc về ai trước khi gửi.',
        security: [{ session: [] }],
        responses: {
          '200': {
            description: 'Người dùng của phiên hiện tại.',
            content: { 'application/json': { schema: { type: 'object', required: ['userId', 'displayName'], properties: { userId: { type: 'string' }, displayName: { type: 'string' } } } } },
          },
          '401': { description: 'Chưa đăng nhập.', content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } } },
        },
      },
    },
  },
});

/** Every area of the API, in the order they appear in the document. */
const FRAGMENTS: (() => OpenApiFragment)[] = [healthOpenApi, meOpenApi, progressOpenApi, quizOpenApi, recordsOpenApi];

/** The whole document. */
function openApiDocument(): Record<string, unknown> {
  const fragments = FRAGMENTS.map((fragment) => fragment());
  return {
    openapi: '3.1.0',
    info: {
      title: 'Học Liệu Số API',
      version: '1.0.0',
      description: 'API JSON của Học Liệu Số. Thông báo lỗi bằng tiếng Việt trong trường "error"; lỗi theo từng trường trong "issues".',
    },
    jsonSchemaDialect: 'https://json-schema.org/draft/2020-12/schema',
    paths: Object.assign({}, ...fragments.map((fragment) => fragment.paths)),
    components: {
      securitySchemes: {
        session: { type: 'apiKey', in: 'cookie', name: '__Host-hls_session', description: 'Phiên đăng nhập (đăng nhập tại /dang-nhap/); qua http trên máy cục bộ tên cookie là hls_session. Yêu cầu thay đổi dữ liệu phải cùng nguồn gốc (Origin).' },
        apiToken: API_TOKEN_SECURITY_SCHEME,
      },
      schemas: {
        Error: {
          type: 'object',
          required: ['error'],
          properties: {
            error: { type: 'string', description: 'Thông báo cho người dùng, tiếng Việt.' },
            issues: {
              type: 'array',
              items: { type: 'object', required: ['path', 'message'], properties: { path: { type: 'string', description: 'Trường có lỗi, dạng "events.3.lessonId".' }, message: { type: 'string' } } },
            },
          },
        },
        ...Object.assign({}, ...fragments.map((fragment) => fragment.schemas)),
      },
    },
  };
}

export const GET: APIRoute = () => new Response(JSON.stringify(openApiDocument(), null, 2), { headers: { 'Content-Type': 'application/json; charset=utf-8' } });
