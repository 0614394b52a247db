/**
 * The OpenAPI 3.1 document of the JSON API, generated from the operations of operations.ts and
 * their zod schemas (z.toJSONSchema, JSON Schema 2020-12, the dialect of OpenAPI 3.1). A schema
 * given an id with .meta({ id }) becomes a named component referred to by $ref; every other one
 * is written where it is used. Requests are described as the server accepts them (io: input),
 * answers as it sends them (io: output), open to fields added later.
 */
import { z } from 'astro/zod';
import { API_OPERATIONS, type ApiOperation } from './operations.ts';

type Json = Record<string, unknown>;

const COMPONENTS = '#/components/schemas/';

/** Component schemas gathered while the operations are written. */
class Components {
  readonly schemas: Record<string, Json> = {};

  add(name: string, schema: Json): void {
    const known = this.schemas[name];
    if (known && JSON.stringify(known) !== JSON.stringify(schema)) {
      throw new Error(
        `The component schema ${name} comes out differently in two places (a request and an answer?): give one of them another id.`,
      );
    }
    this.schemas[name] = schema;
  }
}

/** zod's output made readable: refs to components, no noise a reader does not need. */
function tidy(value: unknown, io: 'input' | 'output'): unknown {
  if (Array.isArray(value)) return value.map((item) => tidy(item, io));
  if (value === null || typeof value !== 'object') return value;
  const schema: Json = {};
  for (const [key, item] of Object.entries(value)) {
    if (item === undefined) continue;
    // An instant is described by its format; zod's full date-time pattern only adds noise.
    if (key === 'pattern' && (value as Json).format === 'date-time') continue;
    // .int() bounds at the safe integers; any JSON reader has them.
    if (
      (key === 'maximum' && item === Number.MAX_SAFE_INTEGER) ||
      (key === 'minimum' && item === Number.MIN_SAFE_INTEGER)
    )
      continue;
    // Answers may gain fields in later versions: clients should ignore what they do not know.
    if (key === 'additionalProperties' && item === false && io === 'output') continue;
    if (key === '$ref' && typeof item === 'string') {
      schema.$ref = item.replace(/^#\/\$defs\//, COMPONENTS);
      continue;
    }
    schema[key] = tidy(item, io);
  }
  return schema;
}

/** The JSON Schema of a zod schema, its named parts moved into the components. */
function jsonSchema(schema: z.ZodType, io: 'input' | 'output', components: Components): Json {
  const {
    $schema: _dialect,
    $defs,
    ...rest
  } = z.toJSONSchema(schema, {
    target: 'draft-2020-12',
    io,
    unrepresentable: 'any',
    // zod drops the default of a parsing pipe (a query string's "1" → 1) from its input; the meta's stands.
    override: ({ zodSchema, jsonSchema: written }) => {
      const meta = z.globalRegistry.get(zodSchema);
      if (io === 'input' && meta?.default !== undefined) written.default = meta.default;
    },
  }) as Json;
  for (const [name, definition] of Object.entries(($defs as Record<string, Json> | undefined) ?? {})) {
    const { id: _id, ...described } = tidy(definition, io) as Json;
    components.add(name, described);
  }
  return tidy(rest, io) as Json;
}

/** The parameters of one place (path or query), from a zod object of them. */
function parameters(where: 'path' | 'query', shape: z.ZodObject | undefined, components: Components): Json[] {
  if (!shape) return [];
  const object = jsonSchema(shape, 'input', components);
  const required = new Set((object.required as string[] | undefined) ?? []);
  return Object.entries((object.properties as Record<string, Json> | undefined) ?? {}).map(
    ([name, { description, ...schema }]) => ({
      name,
      in: where,
      required: where === 'path' || required.has(name),
      ...(description ? { description } : {}),
      schema,
    }),
  );
}

function operationObject(operation: ApiOperation, components: Components): Json {
  const parameterList = [
    ...parameters('path', operation.pathParams, components),
    ...parameters('query', operation.query, components),
  ];
  const responses: Record<string, Json> = {};
  for (const [status, answer] of Object.entries(operation.responses)) {
    responses[status] = {
      description: answer.description,
      ...(answer.headers
        ? {
            headers: Object.fromEntries(
              Object.entries(answer.headers).map(([name, description]) => [
                name,
                { description, schema: { type: 'string' } },
              ]),
            ),
          }
        : {}),
      ...(answer.schema
        ? { content: { 'application/json': { schema: jsonSchema(answer.schema, 'output', components) } } }
        : {}),
    };
  }
  return {
    operationId: operation.operationId,
    summary: operation.summary,
    ...(operation.description ? { description: operation.description } : {}),
    ...(operation.security === 'none' ? {} : { security: [{ [operation.security]: [] }] }),
    ...(parameterList.length ? { parameters: parameterList } : {}),
    ...(operation.body
      ? {
          requestBody: {
            required: true,
            content: { 'application/json': { schema: jsonSchema(operation.body, 'input', components) } },
          },
        }
      : {}),
    responses,
  };
}

/** The whole document, from the given operations (all of the API's by default). */
export function openApiDocument(operations: readonly ApiOperation[] = API_OPERATIONS): Json {
  const components = new Components();
  const paths: Record<string, Record<string, Json>> = {};
  for (const operation of operations) {
    paths[operation.path] ??= {};
    if (paths[operation.path][operation.method])
      throw new Error(`${operation.method.toUpperCase()} ${operation.path} is declared twice.`);
    paths[operation.path][operation.method] = operationObject(operation, components);
  }
  return {
    openapi: '3.1.0',
    info: {
      title: 'Học Liệu Số API',
      version: '2.0.0',
      description:
        'API JSON của Học Liệu Số. Thông báo lỗi bằng tiếng Việt trong trường "error"; lỗi theo từng trường trong "issues". ' +
        'Mã trạng thái trong dữ liệu trả về viết bằng tiếng Anh (ví dụ "in_progress", "completed"); nhãn tiếng Việt chỉ có trên giao diện. ' +
        'Tham số kind của /api/v1/records vẫn nhận mã tiếng Việt cũ đến hết bản phát hành sau (đã lỗi thời).',
    },
    jsonSchemaDialect: 'https://json-schema.org/draft/2020-12/schema',
    paths,
    components: {
      securitySchemes: {
        session: {
          type: 'apiKey',
          in: 'cookie',
          name: '__Host-hls_session',
          description:
            'Phiên đăng nhập (đăng nhập tại /dang-nhap/); qua http trên máy cục bộ tên cookie là hls_session. Yêu cầu thay đổi dữ liệu phải cùng nguồn gốc (Origin).',
        },
        apiToken: {
          type: 'http',
          scheme: 'bearer',
          description:
            'Mã truy cập API "hls_…" do quản trị cấp tỉnh tạo tại /quan-tri/api/, có thời hạn (tối đa một năm). Chỉ đọc được dữ liệu của đơn vị gắn với mã và các đơn vị trực thuộc; mã ngừng hoạt động khi người tạo không còn quyền quản trị đơn vị đó.',
        },
      },
      schemas: Object.fromEntries(Object.entries(components.schemas).sort(([a], [b]) => a.localeCompare(b))),
    },
  };
}
