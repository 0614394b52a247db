/**
 * The OpenAPI document, generated from src/schemas/api/ without a server: it validates as OpenAPI
 * 3.1, every reference resolves, it names exactly the routes that exist under
 * src/pages/api/v1/ (file routes and their exported methods), and no answer carries an old
 * Vietnamese code. Each check is shown to catch what it is for on a planted mistake.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Validator } from '@seriousme/openapi-schema-validator';
import { openApiDocument } from '../../src/schemas/api/openapi.ts';
import { API_OPERATIONS } from '../../src/schemas/api/operations.ts';

const PAGES = fileURLToPath(new URL('../../src/pages', import.meta.url));
const API_ROOT = join(PAGES, 'api/v1');
const METHODS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'] as const;

type Json = Record<string, any>;

/** "get /api/v1/attempts/{id}" for each operation of a document. */
function documentedRoutes(document: Json): string[] {
  return Object.entries(document.paths as Record<string, Json>).flatMap(([path, item]) =>
    Object.keys(item)
      .filter((key) => (METHODS as readonly string[]).includes(key.toUpperCase()))
      .map((method) => `${method} ${path}`),
  );
}

/** The route of an endpoint file: api/v1/attempts/[id]/index.ts → /api/v1/attempts/{id}. */
function routeOf(file: string): string {
  const path = `/${relative(PAGES, file)}`.replace(/\.(ts|js)$/, '').replace(/\/index$/, '');
  if (path.includes('[...')) throw new Error(`${file}: a rest parameter has no OpenAPI form; describe it by hand`);
  return path.replace(/\[([^\]]+)\]/g, '{$1}');
}

/** The HTTP methods an endpoint's source exports (export const GET, export async function POST…). */
function methodsIn(source: string): string[] {
  const exported = [...source.matchAll(/export\s+(?:const|let|async\s+function|function)\s+([A-Z]+)\b/g)].map(
    (match) => match[1],
  );
  if (exported.includes('ALL')) throw new Error('An ALL handler answers every method; describe its methods by hand');
  return exported.filter((name) => (METHODS as readonly string[]).includes(name)).map((name) => name.toLowerCase());
}

/** Every endpoint file under a folder, as {file, source}. */
function endpointFiles(dir: string): { file: string; source: string }[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const file = join(dir, entry.name);
    if (entry.isDirectory()) return endpointFiles(file);
    return /\.(ts|js)$/.test(entry.name) && !entry.name.startsWith('_')
      ? [{ file, source: readFileSync(file, 'utf8') }]
      : [];
  });
}

/** "get /api/v1/…" for each exported method of each endpoint file. */
function existingRoutes(files: { file: string; source: string }[]): string[] {
  return files.flatMap(({ file, source }) => methodsIn(source).map((method) => `${method} ${routeOf(file)}`));
}

/** Routes that exist but are not documented, and documented routes that do not exist. */
function compareRoutes(documented: string[], existing: string[]): { undocumented: string[]; missing: string[] } {
  return {
    undocumented: existing.filter((route) => !documented.includes(route)).sort(),
    missing: documented.filter((route) => !existing.includes(route)).sort(),
  };
}

/** Every "$ref" of a document that does not point at one of its component schemas. */
function unresolvedReferences(document: Json): string[] {
  const refs = [...JSON.stringify(document).matchAll(/"\$ref":"([^"]+)"/g)].map((match) => match[1]);
  return refs.filter(
    (ref) =>
      !(
        ref.startsWith('#/components/schemas/') &&
        ref.slice('#/components/schemas/'.length) in document.components.schemas
      ),
  );
}

/** String values of enum and const in the document, leaving out the schemas marked deprecated. */
function codesIn(value: unknown): string[] {
  if (Array.isArray(value)) return value.flatMap(codesIn);
  if (value === null || typeof value !== 'object') return [];
  const schema = value as Json;
  if (schema.deprecated === true) return [];
  const own = [
    ...(Array.isArray(schema.enum) ? schema.enum : []),
    ...(typeof schema.const === 'string' ? [schema.const] : []),
  ].filter((item) => typeof item === 'string');
  return [...own, ...Object.values(schema).flatMap(codesIn)];
}

/** The Vietnamese slugs the API answered with before its codes became English. */
const OLD_CODES = [
  'chua-bat-dau',
  'dang-hoc',
  'hoan-thanh',
  'tiep-tuc-hoc',
  'kiem-tra-cuoi-khoa',
  'dung',
  'mot-phan',
  'sai',
  'chua-tra-loi',
  'truc-tuyen',
  'truc-tiep',
  'ket-hop',
  'dat',
  'khong-hoan-thanh',
  'vang',
  'con-hieu-luc',
  'da-thu-hoi',
  'ky-nang-bo-tro',
  'kien-thuc-chung-qlnn',
];

describe('the generated OpenAPI document', () => {
  const document: Json = openApiDocument();

  test('validates as OpenAPI 3.1, and the validator refuses a broken copy', async () => {
    const validator = new Validator();
    const broken = structuredClone(document);
    delete broken.paths['/api/v1/records'].get.responses['200'].description;

    const result = await validator.validate(document);
    const refused = await new Validator().validate(broken);

    assert.equal(validator.version, '3.1');
    assert.equal(result.valid, true, JSON.stringify(result.errors, null, 2));
    assert.equal(refused.valid, false);
  });

  test('every reference resolves to a component schema, and a dangling one is reported', () => {
    const dangling = structuredClone(document);
    dangling.paths['/api/v1/me'].get.responses['200'].content['application/json'].schema = {
      $ref: '#/components/schemas/Nobody',
    };

    assert.deepEqual(unresolvedReferences(document), []);
    assert.deepEqual(unresolvedReferences(dangling), ['#/components/schemas/Nobody']);
  });

  test('names exactly the routes under src/pages/api/v1/', () => {
    const existing = existingRoutes(endpointFiles(API_ROOT));

    assert.ok(existing.length >= 14, existing.join('\n'));
    assert.deepEqual(compareRoutes(documentedRoutes(document), existing), { undocumented: [], missing: [] });
  });

  test('the comparison reports a planted undocumented route and a documented route that does not exist', () => {
    const files = [
      ...endpointFiles(API_ROOT),
      {
        file: join(API_ROOT, 'units/[id]/officials.ts'),
        source: 'export const prerender = false;\nexport const GET: APIRoute = () => new Response();',
      },
      { file: join(API_ROOT, 'me/index.ts'), source: 'export async function DELETE() {}' },
    ];
    const planted: Json = openApiDocument([
      ...API_OPERATIONS,
      {
        method: 'get',
        path: '/api/v1/certificates/{code}',
        operationId: 'ghost',
        summary: 'Không có',
        security: 'none',
        responses: { 200: { description: 'Không có.' } },
      },
    ]);

    assert.deepEqual(compareRoutes(documentedRoutes(planted), existingRoutes(files)), {
      undocumented: ['delete /api/v1/me', 'get /api/v1/units/{id}/officials'],
      missing: ['get /api/v1/certificates/{code}'],
    });
  });

  test('carries no old Vietnamese code outside the deprecated ones still accepted', () => {
    const codes = codesIn(document);
    const planted = codesIn({ ...document, planted: { type: 'string', enum: ['dang-hoc'] } });

    assert.deepEqual(
      codes.filter((code) => OLD_CODES.includes(code)),
      [],
    );
    assert.deepEqual(
      planted.filter((code) => OLD_CODES.includes(code)),
      ['dang-hoc'],
    );
    for (const code of [
      'not_started',
      'in_progress',
      'completed',
      'final_test',
      'partially_correct',
      'online',
      'revoked',
      'supplementary_skills',
    ])
      assert.ok(codes.includes(code), code);
  });

  test('still accepts the old training kind slugs of GET /api/v1/records, marked deprecated', () => {
    const kind = document.paths['/api/v1/records'].get.parameters.find((parameter: Json) => parameter.name === 'kind');
    const old = kind.schema.anyOf.find((branch: Json) => branch.deprecated === true);

    assert.ok(old.enum.includes('ky-nang-bo-tro'));
  });
});
