/**
 * GET /api/v1/records on the built server: complete and stable pagination through `next`, the
 * filters (unit, dates, kind), Vietnamese 400 answers for bad filters, and records that name an
 * official by staff code with the certificate's status.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { eq } from 'drizzle-orm';
import type { Database } from '../../db/client.ts';
import { officials } from '../../db/schema/index.ts';
import { createTestDatabase, openTestDatabase } from '../support/database.ts';
import { startServer, type RunningServer } from '../support/server.ts';
import { TCD } from '../support/completion-fixtures.ts';
import { addClass, addCompletion, allPages, staffCodesUnder, tokenFor, unitOf } from '../support/api-token-fixtures.ts';
import { trainingRecordsPage } from '../../src/lib/server/api-tokens/training-records.ts';
import { trainingRecordsOf } from '../../src/lib/server/records/training-records.ts';
import { UnitIndicatorsSchema } from '../../src/schemas/api/indicators.ts';
import { TrainingRecordPageSchema } from '../../src/schemas/api/records.ts';

const SKILLS = 'ky-nang-so-dich-vu-cong';
// Every published demo course is a sample (tài liệu mẫu), whose completions are no records; a
// course no longer published is real training, recorded with its certificate's facts.
const RETIRED = 'tiep-cong-dan-ban-cu';
let server: RunningServer;
let db: Database;
let provinceToken: string;
let expectedTotal: number;

before(async () => {
  const databaseUrl = await createTestDatabase();
  db = openTestDatabase(databaseUrl);
  const province = await staffCodesUnder(db, 'SL');
  // Several rows share a timestamp (a class's attendees), so the order's tie-breaks are exercised.
  await addClass(db, 'SL-QL', province, { content: 'Lớp A', startsOn: '2026-03-02', endsOn: '2026-03-04' });
  await addClass(db, 'SL-PT', province.slice(0, 30), {
    content: 'Lớp B',
    kind: 'ky-nang-bo-tro',
    startsOn: '2027-05-10',
    endsOn: '2027-05-12',
    result: 'vang',
    score: null,
  });
  await addCompletion(db, 'SL-QL-007', RETIRED, new Date('2026-02-10T03:00:00Z'), {
    scorePercent: 90,
    certificate: 'valid',
  });
  await addCompletion(db, 'SL-QL-001', RETIRED, new Date('2026-02-10T03:00:00Z'), {
    scorePercent: 85,
    certificate: 'revoked',
  });
  await addCompletion(db, 'SL-PT-003', RETIRED, new Date('2027-12-31T17:30:00Z'), {});
  // Sample courses: no records, whatever their certificate (the control of the three above).
  await addCompletion(db, 'SL-QL-009', TCD, new Date('2026-02-11T03:00:00Z'), {
    scorePercent: 95,
    certificate: 'valid',
  });
  await addCompletion(db, 'SL-PT-004', SKILLS, new Date('2027-06-01T03:00:00Z'), {});
  await addCompletion(db, 'CN-EA-002', TCD, new Date('2026-02-12T03:00:00Z'), { scorePercent: 70 });
  expectedTotal = province.length + 30 + 3;
  provinceToken = (await tokenFor(db, 'quantri.songlam', 'SL')).token;
  server = await startServer({ DATABASE_URL: databaseUrl });
});
after(async () => {
  db?.$client.close();
  await server?.stop();
});

async function get(path: string) {
  const response = await fetch(`${server.baseUrl}${path}`, { headers: { Authorization: `Bearer ${provinceToken}` } });
  return { status: response.status, body: (await response.json()) as Record<string, any> };
}

const keyOf = (row: { staffCode: string; mode: string; trainingId: string }) =>
  `${row.staffCode}|${row.mode}|${row.trainingId}`;

describe('pagination', () => {
  test('following next through small pages returns every record exactly once, in the order of one large page', async () => {
    const small = await allPages(server.baseUrl, provinceToken, '/api/v1/records?pageSize=7');
    const large = await allPages(server.baseUrl, provinceToken, '/api/v1/records?pageSize=500');

    assert.equal(small.rows.length, expectedTotal);
    assert.equal(new Set(small.rows.map(keyOf)).size, expectedTotal);
    assert.deepEqual(small.rows.map(keyOf), large.rows.map(keyOf));
    assert.equal(small.pages, Math.ceil(expectedTotal / 7));
  });

  test('the same page asked twice is identical, and the last page has no next link', async () => {
    const first = await get('/api/v1/records?page=3&pageSize=20');
    const again = await get('/api/v1/records?page=3&pageSize=20');
    const last = await get(`/api/v1/records?page=${Math.ceil(expectedTotal / 20)}&pageSize=20`);

    assert.deepEqual(first.body, again.body);
    assert.equal(first.body.total, expectedTotal);
    assert.match(first.body.next, /page=4/);
    assert.equal(last.body.next, null);
  });
});

describe('filters', () => {
  test('dates are whole days in Vietnam time, inclusive at both ends', async () => {
    // 2027-12-31T17:30Z is 00:30 on 1 January 2028 in Vietnam: a 2028 record, not a 2027 one.
    const in2028 = await get('/api/v1/records?from=2028-01-01&to=2028-01-01');
    const in2027 = await get('/api/v1/records?from=2027-01-01&to=2027-12-31');

    assert.deepEqual(
      in2028.body.data.map((row: { staffCode: string }) => row.staffCode),
      ['SL-PT-003'],
    );
    assert.equal(in2027.body.total, 30);
  });

  test('kind and unit narrow the records to that kind and that unit subtree', async () => {
    const skills = await get('/api/v1/records?kind=supplementary_skills&pageSize=500');
    const commune = await get(`/api/v1/records?unit=${(await unitOf(db, 'SL-QL')).id}&pageSize=500`);

    assert.equal(skills.body.total, 30);
    assert.ok(skills.body.data.every((row: { kind: string }) => row.kind === 'supplementary_skills'));
    assert.ok(commune.body.total > 0);
    assert.ok(commune.body.data.every((row: { unit: { code: string } }) => row.unit.code.startsWith('SL-QL')));
  });

  test('invalid filters answer 400 with a Vietnamese message for each parameter', async () => {
    const answer = await get('/api/v1/records?from=2026-02-30&to=hôm-nay&kind=khac&pageSize=501&page=0');
    const unknown = await get('/api/v1/records?unitt=abc');
    const reversed = await get('/api/v1/records?from=2027-01-01&to=2026-01-01');

    assert.equal(answer.status, 400);
    const paths = answer.body.issues.map((issue: { path: string }) => issue.path).sort();
    assert.deepEqual(paths, ['from', 'kind', 'page', 'pageSize', 'to']);
    assert.match(
      answer.body.issues.find((issue: { path: string }) => issue.path === 'pageSize').message,
      /từ 1 đến 500/,
    );
    assert.equal(unknown.status, 400);
    assert.match(unknown.body.issues[0].message, /không được hỗ trợ: unitt/);
    assert.equal(reversed.status, 400);
  });
});

describe('record codes', () => {
  test('a page matches the schema the OpenAPI document is generated from, with English codes', async () => {
    const answer = await get('/api/v1/records?pageSize=500');

    const page = TrainingRecordPageSchema.parse(answer.body);
    assert.deepEqual([...new Set(page.data.map((row) => row.mode))].sort(), ['in_person', 'online']);
    assert.deepEqual([...new Set(page.data.map((row) => row.result))].sort(), ['absent', 'completed', 'passed']);
  });

  test('the old Vietnamese kind slug still filters, as the English code does, until the next release', async () => {
    const english = await get('/api/v1/records?kind=supplementary_skills&pageSize=500');
    const old = await get('/api/v1/records?kind=ky-nang-bo-tro&pageSize=500');

    assert.equal(old.status, 200);
    assert.deepEqual(old.body.data, english.body.data);
  });

  test("a unit's indicators match their schema", async () => {
    const answer = await get(`/api/v1/units/${(await unitOf(db, 'SL')).id}/indicators?period=2026`);

    assert.equal(answer.status, 200);
    UnitIndicatorsSchema.parse(answer.body);
  });
});

describe('record contents', () => {
  test('an official is identified by staff code, never by e-mail, and online records carry the certificate status', async () => {
    const answer = await get('/api/v1/records?to=2026-02-28');

    const rows = answer.body.data as Record<string, any>[];
    assert.ok(rows.every((row) => !Object.keys(row).some((key) => /mail/i.test(key))));
    assert.deepEqual(
      rows.map((row) => [row.staffCode, row.mode, row.result, row.certificate?.status ?? null]),
      [
        ['SL-QL-001', 'online', 'passed', 'revoked'],
        ['SL-QL-007', 'online', 'passed', 'valid'],
      ],
    );
    assert.equal(rows[0].title, RETIRED);
  });

  test('no record comes from a sample course', async () => {
    const answer = await get('/api/v1/records?pageSize=500');

    const online = (answer.body.data as { mode: string; trainingId: string; staffCode: string }[]).filter(
      (row) => row.mode === 'online',
    );
    assert.deepEqual(online.map((row) => [row.staffCode, row.trainingId]).sort(), [
      ['SL-PT-003', RETIRED],
      ['SL-QL-001', RETIRED],
      ['SL-QL-007', RETIRED],
    ]);
  });
});

describe('OpenAPI document', () => {
  test('describes both records endpoints with the bearer token scheme, and every reference resolves', async () => {
    const document = (await (await fetch(`${server.baseUrl}/api/v1/openapi.json`)).json()) as Record<string, any>;

    const references = [...JSON.stringify(document).matchAll(/"#\/components\/schemas\/([^"]+)"/g)].map(
      (match) => match[1],
    );
    assert.deepEqual(document.paths['/api/v1/records'].get.security, [{ apiToken: [] }]);
    assert.ok(document.paths['/api/v1/units/{id}/indicators'].get);
    assert.equal(document.components.securitySchemes.apiToken.scheme, 'bearer');
    assert.equal(document.components.schemas.TrainingRecordPage.properties.pageSize.maximum, 500);
    for (const name of references) assert.ok(name in document.components.schemas, name);
  });
});

describe('revoked certificates, one option for both record readers', () => {
  const revokedOf = (rows: { staffCode?: string; certificate: { status: string } | null }[]) =>
    rows.find((row) => row.staffCode === 'SL-QL-001')?.certificate ?? null;

  test('the paged records show a revoked certificate as revoked unless told to omit it', async () => {
    const province = await unitOf(db, 'SL');
    const query = {
      paths: [province.path],
      filter: { unitId: null, from: null, to: null, kind: null },
      unitPath: null,
      courses: new Map(),
    };

    const marked = await trainingRecordsPage(db, query, 0, 500);
    const omitted = await trainingRecordsPage(db, { ...query, revokedCertificates: 'omit' }, 0, 500);

    assert.deepEqual([revokedOf(marked.rows)?.status, revokedOf(omitted.rows)], ['da-thu-hoi', null]);
  });

  test("an official's record leaves a revoked certificate out unless told to mark it", async () => {
    const [official] = await db
      .select({ id: officials.id })
      .from(officials)
      .where(eq(officials.staffCode, 'SL-QL-001'));

    // SL-QL-001 also attended Lớp A, a later training: pick the course whose certificate was revoked.
    const online = (rows: Awaited<ReturnType<typeof trainingRecordsOf>>) =>
      rows.find((row) => row.source === 'online' && row.sourceId === RETIRED)!;
    const omitted = online(await trainingRecordsOf([official.id], { db }));
    const marked = online(await trainingRecordsOf([official.id], { db, revokedCertificates: 'mark' }));

    assert.deepEqual(
      [omitted.certificateCode, marked.certificateCode !== null, marked.certificateRevoked],
      [null, true, true],
    );
  });
});
