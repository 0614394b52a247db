/**
 * Scope sweep of issue 5 on the built server: with data in every commune of two provinces
 * (assignments, classes with attendances, plans, completions with certificates, evaluations,
 * feedback, audit entries, xAPI statements, API tokens), a commune administrator, a province
 * administrator, a learner and a signed-out visitor ask every records screen, export, form and
 * API for targets inside and outside their scope. Inside: 2xx with the data. Outside: 404, the
 * same answer as an id that does not exist, and nothing written. No list or export names an
 * official, staff code, unit or class/plan content outside the caller's scope.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { and, eq, like, sql, type SQL } from 'drizzle-orm';
import type { Database } from '../../db/client.ts';
import {
  apiTokens,
  assignments,
  auditLog,
  certificates,
  classAttendances,
  courseFeedback,
  effectivenessEvaluations,
  officials,
  trainingClasses,
  trainingPlans,
  users,
  xapiOutbox,
} from '../../db/schema/index.ts';
import { createTestDatabase, openTestDatabase } from '../support/database.ts';
import { startServer, type RunningServer } from '../support/server.ts';
import { addCompletion, sessionUserOf, tokenFor, unitOf } from '../support/api-token-fixtures.ts';
import { TCD } from '../support/completion-fixtures.ts';
import { nameOfficialsByStaffCode, officialsWithAccountsUnder, sessionCookieOf } from '../support/builders/org.ts';
import {
  OTHER_COURSE,
  SAMPLE_RATINGS,
  assignOfficial,
  attendanceListXlsx,
  buildCommuneRecords,
  type CommuneRecords,
} from '../support/builders/records.ts';
import {
  scopeSweep,
  serverClient,
  xlsxText,
  type Answer,
  type ScopeCaller,
  type ScopeSweep,
  type ServerClient,
} from '../support/scope-sweep.ts';

const COMMUNES = ['SL-QL', 'SL-PT', 'SL-TH', 'CN-EA'] as const;
type Code = (typeof COMMUNES)[number];
const UNIT_NAMES: Record<Code, string> = {
  'SL-QL': 'Xã Quảng Lợi',
  'SL-PT': 'Xã Phú Thịnh',
  'SL-TH': 'Phường Tân Hòa',
  'CN-EA': 'Xã Ea Tiêu',
};
const MISSING = 'khongcodoituongnay000';

/** Everything written for one commune; every text marker contains the commune's code. */
type CommuneData = CommuneRecords & { code: Code };
type Caller = ScopeCaller & { inside: readonly Code[] };

let server: RunningServer;
let db: Database;
let http: ServerClient;
let scope: ScopeSweep<CommuneData>;
const data = {} as Record<Code, CommuneData>;
const callers = {} as Record<Caller['kind'], Caller>;
let started = 0;

before(async () => {
  started = Date.now();
  const databaseUrl = await createTestDatabase();
  process.env.DATABASE_URL = databaseUrl;
  db = openTestDatabase(databaseUrl);
  await nameOfficialsByStaffCode(db);
  const system = await sessionUserOf(db, 'quantri.hethong');
  for (const code of COMMUNES) {
    const people = await officialsWithAccountsUnder(db, await unitOf(db, code));
    // Quảng Lợi's first official is the demo learner (SL-QL-007): their own record has everything.
    const chosen =
      code === 'SL-QL'
        ? [people.find((p) => p.staffCode === 'SL-QL-007')!, people.find((p) => p.staffCode === 'SL-QL-008')!]
        : people.slice(0, 2);
    const tokenCreator = code.startsWith('SL') ? 'quantri.songlam' : 'quantri.caonguyen';
    data[code] = {
      ...(await buildCommuneRecords(db, code, { admin: system, tokenCreator, people: [chosen[0]!, chosen[1]!] })),
      code,
    };
  }

  // A province administrator put an official of Phú Thịnh in Quảng Lợi's class: Quảng Lợi's
  // administrator must still not see that official.
  await db.insert(classAttendances).values({
    classId: data['SL-QL'].classId,
    officialId: data['SL-PT'].officialIds[1],
    result: 'hoan-thanh',
    score: 7,
  });

  callers.commune = {
    label: 'quản trị xã Quảng Lợi',
    cookie: await sessionCookieOf(db, 'quantri.quangloi'),
    inside: ['SL-QL'],
    kind: 'commune',
  };
  callers.province = {
    label: 'quản trị tỉnh Sông Lam',
    cookie: await sessionCookieOf(db, 'quantri.songlam'),
    inside: ['SL-QL', 'SL-PT', 'SL-TH'],
    kind: 'province',
  };
  callers.learner = {
    label: 'học viên SL-QL-007',
    cookie: await sessionCookieOf(db, 'hocvien'),
    inside: [],
    kind: 'learner',
  };
  callers.anonymous = { label: 'khách chưa đăng nhập', cookie: '', inside: [], kind: 'anonymous' };
  server = await startServer({ DATABASE_URL: databaseUrl });
  http = serverClient(server.baseUrl);
  scope = scopeSweep({
    http,
    callers: Object.values(callers),
    codes: COMMUNES,
    target: (code) => data[code as Code],
    missingId: MISSING,
    forbiddenFor,
  });
});
after(async () => {
  db?.$client.close();
  await server?.stop();
  console.log(`records-scope: ${http?.requests ?? 0} yêu cầu, ${((Date.now() - started) / 1000).toFixed(1)} s`);
});

/** The staff codes (SL-QL-007, …) a text mentions. */
const staffCodesIn = (text: string) => new Set(text.match(/\b(?:SL|CN)-[A-Z]{2}-\d{3}\b/g) ?? []);
const admins = () => [callers.commune, callers.province];
const isInside = (caller: Caller, code: Code) => caller.inside.includes(code);

/** The strings that must not appear in an answer to `caller`: codes and names of every commune outside. */
function forbiddenFor(caller: ScopeCaller): string[] {
  const outside = COMMUNES.filter((code) => !caller.inside.includes(code));
  const strings = outside.flatMap((code) => [code, UNIT_NAMES[code]]);
  if (outside.includes('CN-EA')) strings.push('Tỉnh Cao Nguyên');
  return strings;
}

type CountedTable = typeof assignments | typeof classAttendances | typeof courseFeedback;
const countRows = async (table: CountedTable, where: SQL) =>
  (
    await db
      .select({ n: sql<number>`count(*)` })
      .from(table)
      .where(where)
  )[0].n;
const auditCount = async () => (await db.select({ n: sql<number>`count(*)` }).from(auditLog))[0].n;

// ---- Assignments ---------------------------------------------------------------------------

describe('assignments (giao khóa học)', () => {
  test('the unit filter and its preview answer inside the scope and 404 outside, like a missing unit', async () => {
    await scope.sweep(
      (id) => `/quan-tri/giao-khoa-hoc/?don-vi=${id}`,
      (commune) => commune.unitId,
      (answer, commune, caller) => {
        assert.ok(
          answer.body.includes(commune.staffCodes[1]),
          `${caller.label}: ${commune.staffCodes[1]} missing from the preview of ${commune.code}`,
        );
        scope.expectNoLeak(answer.body, caller, `giao-khoa-hoc ${commune.code}`);
      },
    );
  });

  test('the unfiltered assignment page and the overdue list hold only the scope', async () => {
    await scope.listPage('/quan-tri/giao-khoa-hoc/', (commune) => commune.staffCodes[0]);
    // The first official completed the course; the second one's assignment is overdue.
    await scope.listPage('/quan-tri/giao-khoa-hoc/qua-han/', (commune) => commune.staffCodes[1]);
  });

  test('assigning officials or a unit outside the scope is refused and writes nothing', async () => {
    const count = () => countRows(assignments, sql`1`);
    for (const caller of admins()) {
      for (const code of COMMUNES.filter((code) => !isInside(caller, code))) {
        const before = [await count(), await auditCount()];
        const base = {
          courseId: 'giao-tiep-giai-quyet-mau-thuan',
          deadline: '31/12/2027',
          reason: 'Thử ngoài phạm vi',
        };
        const byUnit = await http.post(caller, '/_actions/assignments.assign', {
          ...base,
          mode: 'loc',
          unitId: data[code].unitId,
        });
        const chosen = await http.post(caller, '/_actions/assignments.assign', {
          ...base,
          mode: 'chon',
          officialIds: data[code].officialIds,
        });
        const missing = await http.post(caller, '/_actions/assignments.assign', {
          ...base,
          mode: 'chon',
          officialIds: [MISSING],
        });
        assert.equal(byUnit.status, 404, `${caller.label} assign unit ${code}: ${byUnit.status}`);
        assert.equal(chosen.status, 404, `${caller.label} assign officials of ${code}: ${chosen.status}`);
        assert.equal(
          chosen.status,
          missing.status,
          `${caller.label} assign officials of ${code}: differs from a missing official`,
        );
        assert.equal(chosen.body, missing.body);
        assert.deepEqual(
          [await count(), await auditCount()],
          before,
          `${caller.label} assign ${code}: something was written`,
        );
      }
    }
    for (const caller of [callers.learner, callers.anonymous]) {
      const before = await count();
      const answer = await http.post(caller, '/_actions/assignments.assign', {
        courseId: TCD,
        deadline: '31/12/2027',
        reason: 'Thử',
        mode: 'chon',
        officialIds: data['SL-QL'].officialIds,
      });
      assert.equal(answer.status, caller.kind === 'anonymous' ? 401 : 404, `${caller.label} assign: ${answer.status}`);
      assert.equal(await count(), before);
    }
  });

  test('cancelling an assignment outside the scope is 404 and leaves it active; inside it is cancelled', async () => {
    const active = (commune: CommuneData) =>
      db
        .select({ cancelledAt: assignments.cancelledAt })
        .from(assignments)
        .where(eq(assignments.id, commune.otherAssignmentId));
    await scope.actionSweep('assignments.cancel', (commune) => ({ assignmentId: commune.otherAssignmentId }), active);
    const inside = await http.post(callers.commune, '/_actions/assignments.cancel', {
      assignmentId: data['SL-QL'].otherAssignmentId,
    });
    assert.equal(inside.status, 200, inside.body);
    assert.notEqual((await active(data['SL-QL']))[0].cancelledAt, null);
  });
});

// ---- Classes -------------------------------------------------------------------------------

describe('classes (lớp học)', () => {
  test('the class list holds only the scope', async () => {
    await scope.listPage('/quan-tri/lop-hoc/', (commune) => `Lớp mốc ${commune.code}`);
  });

  test('a class page answers inside the scope with its attendees and 404 outside', async () => {
    await scope.sweep(
      (id) => `/quan-tri/lop-hoc/${id}/`,
      (commune) => commune.classId,
      (answer, commune, caller) => {
        assert.ok(answer.body.includes(`Lớp mốc ${commune.code}`));
        assert.ok(answer.body.includes(commune.staffCodes[0]));
        // Phú Thịnh's official in Quảng Lợi's class: shown to the province, not to Quảng Lợi.
        if (commune.code === 'SL-QL')
          assert.equal(
            answer.body.includes(data['SL-PT'].staffCodes[1]),
            caller.kind === 'province',
            `${caller.label}: the attendee from Phú Thịnh`,
          );
        scope.expectNoLeak(answer.body, caller, `lop-hoc ${commune.code}`);
      },
    );
  });

  test('recording a class in a unit outside the scope is 404 and writes nothing', async () => {
    const classes = async () => (await db.select({ n: sql<number>`count(*)` }).from(trainingClasses))[0].n;
    await scope.actionSweep(
      'classes.recordClass',
      (commune) => ({
        unitId: commune.unitId,
        kind: 'tap-huan-nghiep-vu',
        content: 'Thử ngoài phạm vi',
        method: 'truc-tiep',
        startsOn: '2026-09-01',
        endsOn: '2026-09-02',
        hours: '8',
        place: 'Hội trường',
        organiser: 'UBND',
        funding: 'ns-tinh',
      }),
      classes,
    );
  });

  test('adding an attendee or importing a list into a class outside the scope is 404 and writes nothing', async () => {
    const attendees = (commune: CommuneData) =>
      db.select().from(classAttendances).where(eq(classAttendances.classId, commune.classId));
    await scope.actionSweep(
      'classes.addAttendee',
      (commune, caller) => ({
        classId: commune.classId,
        staffCode: caller.kind === 'province' ? 'SL-PT-010' : 'SL-QL-010',
        result: 'hoan-thanh',
        score: '',
        certificateNumber: '',
      }),
      attendees,
    );
    const list = await attendanceListXlsx([['SL-QL-010', '', 'Hoàn thành', '8', '']]);
    await scope.actionSweep(
      'classes.importAttendees',
      (commune) => {
        const form = new FormData();
        form.set('classId', commune.classId);
        form.set('file', list, 'danh-sach.xlsx');
        return form;
      },
      attendees,
    );
  });

  test('an attendee outside the scope cannot be added to a class inside it', async () => {
    const before = await countRows(classAttendances, eq(classAttendances.classId, data['SL-QL'].classId));
    const byHand = await http.post(callers.commune, '/_actions/classes.addAttendee', {
      classId: data['SL-QL'].classId,
      staffCode: data['SL-PT'].staffCodes[1],
      result: 'hoan-thanh',
      score: '',
      certificateNumber: '',
    });
    const form = new FormData();
    form.set('classId', data['SL-QL'].classId);
    form.set(
      'file',
      await attendanceListXlsx([[data['CN-EA'].staffCodes[1], '', 'Hoàn thành', '8', '']]),
      'danh-sach.xlsx',
    );
    const imported = await http.post(callers.commune, '/_actions/classes.importAttendees', form);
    const inside = await http.post(callers.commune, '/_actions/classes.addAttendee', {
      classId: data['SL-QL'].classId,
      staffCode: 'SL-QL-010',
      result: 'vang',
      score: '',
      certificateNumber: '',
    });

    assert.equal(byHand.status, 400);
    assert.equal(imported.status, 400);
    assert.equal(inside.status, 200, inside.body);
    assert.equal(await countRows(classAttendances, eq(classAttendances.classId, data['SL-QL'].classId)), before + 1);
  });
});

// ---- Plans ---------------------------------------------------------------------------------

describe('plans (kế hoạch)', () => {
  test('the plan list holds only the scope', async () => {
    await scope.listPage('/quan-tri/ke-hoach/', (commune) => `Kế hoạch mốc ${commune.code}`);
  });

  test('a plan page and its XLSX answer inside the scope and 404 outside', async () => {
    await scope.sweep(
      (id) => `/quan-tri/ke-hoach/${id}/`,
      (commune) => commune.planId,
      (answer, commune, caller) => {
        assert.ok(answer.body.includes(`Nội dung kế hoạch mốc ${commune.code}`));
        scope.expectNoLeak(answer.body, caller, `ke-hoach ${commune.code}`);
      },
    );
    await scope.sweep(
      (id) => `/quan-tri/ke-hoach/${id}/ke-hoach.xlsx`,
      (commune) => commune.planId,
      async (answer, commune, caller) => {
        const text = await xlsxText(answer.bytes);
        assert.ok(text.includes(`Nội dung kế hoạch mốc ${commune.code}`));
        scope.expectNoLeak(text, caller, `ke-hoach.xlsx ${commune.code}`);
      },
    );
  });

  test('saving a plan for a unit or over a plan outside the scope is 404 and writes nothing', async () => {
    const plans = () => db.select().from(trainingPlans).orderBy(trainingPlans.id);
    const row = {
      content: 'Thử',
      audience: 'Công chức',
      classCount: '1',
      peopleCount: '5',
      duration: '1 ngày',
      place: 'Xã',
      fundProvince: '1',
      fundCentral: '',
      fundScheme: '',
      fundOther: '',
      organiser: 'UBND',
      note: '',
    };
    await scope.actionSweep(
      'classes.savePlan',
      (commune) => ({
        planId: '',
        unitId: commune.unitId,
        span: 'nam',
        period: '2030',
        title: 'Thử ngoài phạm vi',
        ...row,
      }),
      plans,
    );
    // Someone else's plan id with one's own unit is "not found" too.
    for (const caller of admins()) {
      const own = data['SL-QL'];
      const before = JSON.stringify(await plans());
      const answer = await http.post(caller, '/_actions/classes.savePlan', {
        planId: data['CN-EA'].planId,
        unitId: own.unitId,
        span: 'nam',
        period: '2027',
        title: 'Thử',
        ...row,
      });
      assert.equal(answer.status, 404, `${caller.label}: ${answer.status}`);
      assert.equal(JSON.stringify(await plans()), before);
    }
  });
});

// ---- An official's record ----------------------------------------------------------------------

describe("an official's record (hồ sơ cán bộ)", () => {
  test('the record page, its XLSX and its CSV answer inside the scope and 404 outside', async () => {
    await scope.sweep(
      (id) => `/quan-tri/can-bo/${id}/ho-so`,
      (commune) => commune.officialIds[0],
      (answer, commune, caller) => {
        assert.ok(answer.body.includes(`Lớp mốc ${commune.code}`));
        scope.expectNoLeak(answer.body, caller, `ho-so ${commune.code}`);
      },
    );
    await scope.sweep(
      (id) => `/quan-tri/can-bo/${id}/ho-so.xlsx`,
      (commune) => commune.officialIds[0],
      async (answer, commune, caller) => {
        const text = await xlsxText(answer.bytes);
        assert.ok(text.includes(commune.staffCodes[0]));
        scope.expectNoLeak(text, caller, `ho-so.xlsx ${commune.code}`);
      },
    );
    await scope.sweep(
      (id) => `/quan-tri/can-bo/${id}/ho-so.csv`,
      (commune) => commune.officialIds[0],
      (answer, commune, caller) => {
        assert.ok(answer.body.includes(`Lớp mốc ${commune.code}`));
        scope.expectNoLeak(answer.body, caller, `ho-so.csv ${commune.code}`);
      },
    );
  });
});

// ---- Evaluations ---------------------------------------------------------------------------

describe('evaluations (đánh giá sau bồi dưỡng)', () => {
  test('the evaluation list holds only the scope', async () => {
    await scope.listPage('/quan-tri/danh-gia/', (commune) => commune.staffCodes[1]);
  });

  test('an evaluation form answers inside the scope and 404 outside', async () => {
    await scope.sweep(
      (id) => `/quan-tri/danh-gia/${id}/${TCD}`,
      (commune) => commune.userIds[1],
      (answer, commune, caller) => {
        assert.ok(answer.body.includes(commune.staffCodes[1]));
        scope.expectNoLeak(answer.body, caller, `danh-gia ${commune.code}`);
      },
    );
  });

  test('evaluating a completion outside the scope is 404 and writes nothing', async () => {
    const evaluation = (commune: CommuneData) =>
      db.select().from(effectivenessEvaluations).where(eq(effectivenessEvaluations.userId, commune.userIds[1]));
    await scope.actionSweep(
      'evaluations.evaluate',
      (commune) => ({
        learnerId: commune.userIds[1],
        courseId: TCD,
        ...Object.fromEntries(Object.entries(SAMPLE_RATINGS).map(([k, v]) => [k, String(v)])),
        comment: '',
      }),
      evaluation,
    );
  });
});

// ---- Indicators ------------------------------------------------------------------------------

describe('indicators (chỉ tiêu)', () => {
  test('the dashboard of a unit answers inside the scope and 404 outside, by code and by id', async () => {
    for (const by of ['code', 'id'] as const) {
      await scope.sweep(
        (target) => `/quan-tri/chi-tieu/?don-vi=${target}`,
        (commune) => (by === 'code' ? commune.code : commune.unitId),
        (answer, commune, caller) => {
          assert.ok(answer.body.includes(UNIT_NAMES[commune.code]));
          scope.expectNoLeak(answer.body, caller, `chi-tieu ${commune.code}`);
        },
      );
    }
    await scope.listPage('/quan-tri/chi-tieu/', () => 'Chỉ tiêu');
  });

  test('the officials behind a number answer inside the scope and 404 outside', async () => {
    await scope.sweep(
      (target) => `/quan-tri/chi-tieu/can-bo/?don-vi=${target}&chi-tieu=general-management&phan=mau-so`,
      (commune) => commune.code,
      (answer, commune, caller) => {
        scope.expectNoLeak(answer.body, caller, `chi-tieu/can-bo ${commune.code}`);
      },
    );
  });
});

// ---- Records screen and its exports -----------------------------------------------------------

describe('records screen (hồ sơ bồi dưỡng) and its exports', () => {
  test('the screen and both exports hold only the scope', async () => {
    await scope.listPage('/quan-tri/ho-so/', (commune) => commune.staffCodes[0]);
    for (const caller of Object.values(callers)) {
      for (const format of ['xlsx', 'csv'] as const) {
        const answer = await http.get(caller, `/quan-tri/ho-so/xuat.${format}`);
        if (caller.kind === 'learner' || caller.kind === 'anonymous') {
          scope.expectRefused(caller, answer, `xuat.${format}`);
          continue;
        }
        assert.equal(answer.status, 200);
        const text = format === 'xlsx' ? await xlsxText(answer.bytes) : answer.body;
        for (const code of caller.inside)
          assert.ok(text.includes(data[code].staffCodes[0]), `${caller.label} xuat.${format}: ${code} missing`);
        scope.expectNoLeak(text, caller, `xuat.${format}`);
      }
    }
  });

  test('the unit filter of the screen and exports answers inside the scope and 404 outside', async () => {
    await scope.sweep(
      (id) => `/quan-tri/ho-so/?don-vi=${id}`,
      (commune) => commune.unitId,
      (answer, commune, caller) => {
        assert.ok(answer.body.includes(commune.staffCodes[0]));
        scope.expectNoLeak(answer.body, caller, `ho-so ${commune.code}`);
      },
    );
    await scope.sweep(
      (id) => `/quan-tri/ho-so/xuat.xlsx?don-vi=${id}`,
      (commune) => commune.unitId,
      async (answer, commune, caller) => {
        const text = await xlsxText(answer.bytes);
        assert.ok(text.includes(commune.staffCodes[0]));
        assert.deepEqual(
          [...staffCodesIn(text)].filter((code) => !code.startsWith(commune.code)),
          [],
          `xuat.xlsx for ${commune.code}`,
        );
        scope.expectNoLeak(text, caller, `xuat.xlsx ${commune.code}`);
      },
    );
    await scope.sweep(
      (id) => `/quan-tri/ho-so/xuat.csv?don-vi=${id}`,
      (commune) => commune.unitId,
      (answer, commune, caller) => {
        assert.ok(answer.body.includes(commune.staffCodes[0]));
        assert.deepEqual(
          [...staffCodesIn(answer.body)].filter((code) => !code.startsWith(commune.code)),
          [],
          `xuat.csv for ${commune.code}`,
        );
        scope.expectNoLeak(answer.body, caller, `xuat.csv ${commune.code}`);
      },
    );
  });
});

// ---- Audit log, xAPI, API tokens, certificates ------------------------------------------------

describe('audit log, xAPI feed, API tokens and certificates', () => {
  test('the audit log holds only entries of the scope', async () => {
    await scope.listPage('/quan-tri/nhat-ky/', (commune) => `Lớp mốc ${commune.code}`);
    await scope.listPage('/quan-tri/nhat-ky/?hanh-dong=save-plan', (commune) => `plan:${commune.planId}`);
  });

  test('the xAPI page is for province administrators and holds only their province; resending outside is 404', async () => {
    await scope.listPage('/quan-tri/xapi/', (commune) => commune.staffCodes[0], { onlyProvince: true });
    const status = (commune: CommuneData) =>
      db
        .select({ status: xapiOutbox.status, attempts: xapiOutbox.attempts })
        .from(xapiOutbox)
        .where(eq(xapiOutbox.statementId, commune.statementId));
    await scope.actionSweep('xapi.resend', (commune) => ({ statementId: commune.statementId }), status, {
      mayInside: (caller) => caller.kind === 'province',
    });
    const failedOutside = () =>
      db
        .select()
        .from(xapiOutbox)
        .where(and(eq(xapiOutbox.status, 'failed'), like(xapiOutbox.unitPath, `%${data['CN-EA'].unitId}%`)));
    const before = (await failedOutside()).length;
    const all = await http.post(callers.province, '/_actions/xapi.resendFailed', {});
    assert.equal(all.status, 200, all.body);
    assert.equal((await failedOutside()).length, before, 'resending every failed statement reached another province');
    assert.ok(before > 0);
  });

  test('the API token page is for province administrators and lists only their tokens; outside units and tokens are 404', async () => {
    await scope.listPage('/quan-tri/api/', (commune) => `Mã mốc ${commune.code}`, { onlyProvince: true });
    const tokens = () => db.select().from(apiTokens).orderBy(apiTokens.id);
    await scope.actionSweep(
      'apiTokens.create',
      (commune) => ({ name: 'Thử ngoài phạm vi', unitId: commune.unitId, validForDays: '90' }),
      tokens,
      { mayInside: (caller) => caller.kind === 'province' },
    );
    await scope.actionSweep('apiTokens.revoke', (commune) => ({ tokenId: commune.tokenId }), tokens, {
      mayInside: (caller) => caller.kind === 'province',
    });
  });

  test('the certificate list holds only the scope and a certificate outside it is 404 to see and to revoke', async () => {
    await scope.listPage('/quan-tri/chung-chi/', (commune) => commune.staffCodes[1]);
    await scope.sweep(
      (id) => `/quan-tri/chung-chi/${id}`,
      (commune) => commune.certificateId,
      (answer, commune, caller) => {
        assert.ok(answer.body.includes(commune.staffCodes[1]));
        scope.expectNoLeak(answer.body, caller, `chung-chi ${commune.code}`);
      },
    );
    const revoked = (commune: CommuneData) =>
      db
        .select({ revokedAt: certificates.revokedAt })
        .from(certificates)
        .where(eq(certificates.id, commune.certificateId));
    await scope.actionSweep(
      'certificates.revoke',
      (commune) => ({ certificateId: commune.certificateId, reason: 'Thử thu hồi ngoài phạm vi quản lý.' }),
      revoked,
    );
  });
});

// ---- The JSON API --------------------------------------------------------------------------------

describe('JSON API with a token scoped to one unit', () => {
  test('a commune token reads only its commune and gets 404 for any other unit', async () => {
    const own = data['SL-QL'];
    const missingRecords = await http.api(own.token, `/api/v1/records?unit=${MISSING}`);
    const missingIndicators = await http.api(own.token, `/api/v1/units/${MISSING}/indicators`);
    const all = await http.api(own.token, '/api/v1/records?pageSize=500');
    assert.equal(all.status, 200);
    const rows = (JSON.parse(all.body) as { data: { staffCode: string }[] }).data;
    assert.ok(rows.length > 0 && rows.every((row) => row.staffCode.startsWith('SL-QL-')), 'a row outside SL-QL');
    for (const forbidden of ['SL-PT', 'SL-TH', 'CN-EA', 'Xã Phú Thịnh', 'Phường Tân Hòa', 'Xã Ea Tiêu'])
      assert.ok(!all.body.includes(forbidden), `records name ${forbidden}`);

    for (const code of COMMUNES) {
      const records = await http.api(own.token, `/api/v1/records?unit=${data[code].unitId}`);
      const indicators = await http.api(own.token, `/api/v1/units/${data[code].unitId}/indicators`);
      if (code === 'SL-QL') {
        assert.equal(records.status, 200);
        assert.equal(indicators.status, 200);
        assert.ok(indicators.body.includes(own.unitId));
      } else {
        assert.deepEqual(records, missingRecords, `records ?unit=${code}`);
        assert.deepEqual(indicators, missingIndicators, `indicators ${code}`);
        assert.equal(records.status, 404);
      }
    }
  });

  test('a province token reads its province only, and nothing answers without a token', async () => {
    const province = await unitOf(db, 'SL');
    const { token } = await tokenFor(db, 'quantri.songlam', 'SL', 'Mã tỉnh thử');
    const all = await http.api(token, '/api/v1/records?pageSize=500');
    const rows = (JSON.parse(all.body) as { data: { staffCode: string }[] }).data;
    assert.ok(rows.some((row) => row.staffCode.startsWith('SL-PT-')));
    assert.ok(rows.every((row) => row.staffCode.startsWith('SL-')));
    assert.equal((await http.api(token, `/api/v1/units/${province.id}/indicators`)).status, 200);
    assert.equal((await http.api(token, `/api/v1/units/${data['CN-EA'].unitId}/indicators`)).status, 404);
    assert.equal((await http.api(token, `/api/v1/records?unit=${data['CN-EA'].unitId}`)).status, 404);
    assert.equal((await http.api('', '/api/v1/records')).status, 401);
    assert.equal((await http.api('', `/api/v1/units/${province.id}/indicators`)).status, 401);
  });

  test('a revoked token reads nothing', async () => {
    const { token, id } = await tokenFor(db, 'quantri.songlam', 'SL-TH', 'Mã sẽ thu hồi');
    await db.update(apiTokens).set({ revokedAt: new Date() }).where(eq(apiTokens.id, id));
    assert.equal((await http.api(token, '/api/v1/records')).status, 401);
  });
});

// ---- The learner's own side ----------------------------------------------------------------------

describe("the learner's own record and feedback", () => {
  const ownCode = 'SL-QL-007';

  test('the learner record page, XLSX and CSV show only their own record', async () => {
    for (const [path, read] of [
      ['/viec-hoc-cua-toi/ho-so', async (answer: Answer) => answer.body],
      ['/viec-hoc-cua-toi/ho-so.xlsx', async (answer: Answer) => xlsxText(answer.bytes)],
      ['/viec-hoc-cua-toi/ho-so.csv', async (answer: Answer) => answer.body],
    ] as const) {
      const answer = await http.get(callers.learner, path);
      const text = await read(answer);
      assert.equal(answer.status, 200, path);
      assert.ok(text.includes('Lớp mốc SL-QL'), `${path}: own class missing`);
      assert.deepEqual(
        [...staffCodesIn(text)].filter((code) => code !== ownCode),
        [],
        `${path}: another official's staff code`,
      );
      for (const other of ['SL-PT', 'SL-TH', 'CN-EA'])
        assert.ok(!text.includes(`Lớp mốc ${other}`), `${path}: names ${other}'s class`);
      const anonymous = await http.get(callers.anonymous, path);
      assert.equal(anonymous.status, 302, `${path} signed out`);
    }
  });

  test('feedback is only for one’s own completion: the form of an uncompleted course cannot be sent', async () => {
    const own = await http.get(callers.learner, `/khoa-hoc/${TCD}/phan-hoi/`);
    assert.equal(own.status, 200);
    for (const code of ['SL-PT', 'SL-TH', 'CN-EA']) assert.ok(!own.body.includes(`Ý kiến mốc ${code}`));

    const learnerId = data['SL-QL'].userIds[0];
    const feedbackRows = () => db.select().from(courseFeedback).where(eq(courseFeedback.userId, learnerId));
    const before = JSON.stringify(await feedbackRows());
    const notCompleted = await http.post(callers.learner, '/_actions/evaluations.feedback', {
      courseId: OTHER_COURSE,
      satisfaction: '5',
      usefulness: '5',
      selfAssessed: '5',
      comment: 'Thử',
    });
    const signedOut = await http.post(callers.anonymous, '/_actions/evaluations.feedback', {
      courseId: TCD,
      satisfaction: '5',
      usefulness: '5',
      selfAssessed: '5',
      comment: 'Thử',
    });
    assert.equal(notCompleted.status, 404);
    assert.equal(signedOut.status, 401);
    assert.equal(JSON.stringify(await feedbackRows()), before);
    assert.equal(await countRows(courseFeedback, sql`1`), COMMUNES.length);
  });
});

// ---- Forms posted to the pages themselves, and units above the scope -----------------------------

describe('forms posted to their pages, and units above or beside the scope', () => {
  test('a page form naming a target outside the scope answers 404 and writes nothing', async () => {
    const own = data['SL-QL'];
    const far = data['CN-EA'];
    const ratings = Object.fromEntries(Object.entries(SAMPLE_RATINGS).map(([key, value]) => [key, String(value)]));
    const planRow = {
      content: 'Thử',
      audience: 'Công chức',
      classCount: '1',
      peopleCount: '5',
      duration: '1 ngày',
      place: 'Xã',
      fundProvince: '1',
      fundCentral: '',
      fundScheme: '',
      fundOther: '',
      organiser: 'UBND',
      note: '',
    };
    const list = new FormData();
    list.set('classId', data['SL-PT'].classId);
    list.set('file', await attendanceListXlsx([['SL-QL-010', '', 'Hoàn thành', '8', '']]), 'danh-sach.xlsx');
    const cases: [Caller, string, Record<string, string | string[]> | FormData][] = [
      [
        callers.commune,
        '/quan-tri/giao-khoa-hoc/?_action=assignments.assign',
        { courseId: TCD, deadline: '31/12/2027', reason: 'Thử', mode: 'loc', unitId: data['SL-PT'].unitId },
      ],
      [
        callers.commune,
        '/quan-tri/giao-khoa-hoc/?_action=assignments.assign',
        { courseId: TCD, deadline: '31/12/2027', reason: 'Thử', mode: 'chon', officialIds: data['SL-PT'].officialIds },
      ],
      [
        callers.commune,
        '/quan-tri/giao-khoa-hoc/qua-han/?_action=assignments.cancel',
        { assignmentId: data['SL-PT'].otherAssignmentId },
      ],
      [
        callers.commune,
        `/quan-tri/lop-hoc/${own.classId}/?_action=classes.addAttendee`,
        {
          classId: data['SL-PT'].classId,
          staffCode: 'SL-QL-010',
          result: 'hoan-thanh',
          score: '',
          certificateNumber: '',
        },
      ],
      [
        callers.commune,
        `/quan-tri/ke-hoach/${own.planId}/?_action=classes.savePlan`,
        { planId: '', unitId: data['SL-PT'].unitId, span: 'nam', period: '2031', title: 'Thử', ...planRow },
      ],
      [callers.commune, `/quan-tri/lop-hoc/${own.classId}/?_action=classes.importAttendees`, list],
      [
        callers.commune,
        '/quan-tri/lop-hoc/moi/?_action=classes.recordClass',
        {
          unitId: data['SL-PT'].unitId,
          kind: 'tap-huan-nghiep-vu',
          content: 'Thử',
          method: 'truc-tiep',
          startsOn: '2026-09-01',
          endsOn: '2026-09-02',
          hours: '8',
          place: 'Hội trường',
          organiser: 'UBND',
          funding: 'ns-tinh',
        },
      ],
      [
        callers.commune,
        '/quan-tri/ke-hoach/moi/?_action=classes.savePlan',
        { planId: '', unitId: data['SL-PT'].unitId, span: 'nam', period: '2031', title: 'Thử', ...planRow },
      ],
      [
        callers.commune,
        `/quan-tri/ke-hoach/${own.planId}/?_action=classes.savePlan`,
        { planId: data['SL-PT'].planId, unitId: own.unitId, span: 'nam', period: '2027', title: 'Thử', ...planRow },
      ],
      [
        callers.commune,
        `/quan-tri/chung-chi/${data['SL-PT'].certificateId}?_action=certificates.revoke`,
        { certificateId: data['SL-PT'].certificateId, reason: 'Thử thu hồi ngoài phạm vi.' },
      ],
      [
        callers.commune,
        `/quan-tri/danh-gia/${data['SL-PT'].userIds[1]}/${TCD}?_action=evaluations.evaluate`,
        { learnerId: data['SL-PT'].userIds[1], courseId: TCD, ...ratings, comment: '' },
      ],
      [callers.province, '/quan-tri/xapi/?_action=xapi.resend', { statementId: far.statementId }],
      [
        callers.province,
        '/quan-tri/api/?_action=apiTokens.create',
        { name: 'Thử', unitId: far.unitId, validForDays: '90' },
      ],
      [callers.province, '/quan-tri/api/?_action=apiTokens.revoke', { tokenId: far.tokenId }],
      [
        callers.province,
        `/quan-tri/chung-chi/${far.certificateId}?_action=certificates.revoke`,
        { certificateId: far.certificateId, reason: 'Thử thu hồi ngoài phạm vi.' },
      ],
    ];
    const snapshot = async () =>
      JSON.stringify([
        await db.select().from(assignments).orderBy(assignments.id),
        await countRows(classAttendances, sql`1`),
        (await db.select({ n: sql<number>`count(*)` }).from(trainingClasses))[0].n,
        await db.select().from(trainingPlans).orderBy(trainingPlans.id),
        await db
          .select({ id: certificates.id, revokedAt: certificates.revokedAt })
          .from(certificates)
          .orderBy(certificates.id),
        await countRows(courseFeedback, sql`1`),
        (await db.select({ n: sql<number>`count(*)` }).from(effectivenessEvaluations))[0].n,
        await db
          .select({ id: xapiOutbox.statementId, status: xapiOutbox.status })
          .from(xapiOutbox)
          .orderBy(xapiOutbox.statementId),
        await db.select({ id: apiTokens.id, revokedAt: apiTokens.revokedAt }).from(apiTokens).orderBy(apiTokens.id),
        await auditCount(),
      ]);
    for (const [caller, path, form] of cases) {
      const before = await snapshot();
      const answer = await http.post(caller, path, form);
      assert.equal(answer.status, 404, `${caller.label} POST ${path}: ${answer.status}`);
      assert.equal(await snapshot(), before, `${caller.label} POST ${path}: something was written`);
      scope.expectNoLeak(answer.body, caller, `POST ${path}`);
    }
  });

  test('a unit filter naming the province above a commune administrator, or another province, is 404', async () => {
    const sameProvince = await unitOf(db, 'SL');
    const otherProvince = await unitOf(db, 'CN');
    const paths = (id: string, code: string) => [
      `/quan-tri/giao-khoa-hoc/?don-vi=${id}`,
      `/quan-tri/ho-so/?don-vi=${id}`,
      `/quan-tri/ho-so/xuat.xlsx?don-vi=${id}`,
      `/quan-tri/ho-so/xuat.csv?don-vi=${id}`,
      `/quan-tri/chi-tieu/?don-vi=${id}`,
      `/quan-tri/chi-tieu/?don-vi=${code}`,
      `/quan-tri/chi-tieu/can-bo/?don-vi=${code}&chi-tieu=field-skills&phan=tu-so`,
    ];
    for (const [caller, unit] of [
      [callers.commune, sameProvince],
      [callers.commune, otherProvince],
      [callers.province, otherProvince],
    ] as const) {
      for (const path of paths(unit.id, unit.code))
        assert.equal((await http.get(caller, path)).status, 404, `${caller.label} ${path}`);
    }
    for (const path of paths(sameProvince.id, sameProvince.code)) {
      const answer = await http.get(callers.province, path);
      assert.equal(answer.status, 200, `${callers.province.label} ${path}`);
      const text = path.includes('.xlsx') ? await xlsxText(answer.bytes) : answer.body;
      scope.expectNoLeak(text, callers.province, path);
    }
  });

  test("the learner's own learning page names nobody else", async () => {
    const answer = await http.get(callers.learner, '/viec-hoc-cua-toi/');
    assert.equal(answer.status, 200);
    assert.deepEqual(
      [...staffCodesIn(answer.body)].filter((code) => code !== 'SL-QL-007'),
      [],
    );
    for (const code of ['SL-PT', 'SL-TH', 'CN-EA']) assert.ok(!answer.body.includes(`mốc ${code}`), code);
  });
});

describe('an official who moved to another commune', () => {
  test("leaves the old commune administrator's lists, exports and forms, and stays with the province", async () => {
    const movedCode = 'SL-QL-012';
    const [moved] = await db
      .select({ id: officials.id, userId: users.id })
      .from(officials)
      .innerJoin(users, eq(users.officialId, officials.id))
      .where(eq(officials.staffCode, movedCode));
    const assignment = await assignOfficial(db, await sessionUserOf(db, 'quantri.hethong'), moved.id, OTHER_COURSE, {
      reason: 'Lý do người chuyển đi',
    });
    await addCompletion(db, movedCode, TCD, new Date('2026-03-05T03:00:00Z'), { scorePercent: 75 });
    await db
      .insert(classAttendances)
      .values({ classId: data['SL-QL'].classId, officialId: moved.id, result: 'hoan-thanh', score: 9 });
    const before = await http.get(callers.commune, '/quan-tri/ho-so/xuat.csv');
    assert.ok(before.body.includes(movedCode), 'the official is in Quảng Lợi before the move');

    const move = await http.post(callers.province, '/_actions/admin.moveOfficial', {
      officialId: moved.id,
      unitId: data['SL-PT'].unitId,
    });
    assert.equal(move.status, 200, move.body);

    for (const path of [
      '/quan-tri/giao-khoa-hoc/',
      '/quan-tri/giao-khoa-hoc/qua-han/',
      `/quan-tri/lop-hoc/${data['SL-QL'].classId}/`,
      '/quan-tri/ho-so/',
      '/quan-tri/ho-so/xuat.csv',
      '/quan-tri/ho-so/xuat.xlsx',
      '/quan-tri/danh-gia/',
      '/quan-tri/chi-tieu/can-bo/?don-vi=SL-QL&chi-tieu=general-management&phan=mau-so',
      '/quan-tri/chi-tieu/can-bo/?don-vi=SL-QL&chi-tieu=field-skills&phan=tu-so',
    ]) {
      const commune = await http.get(callers.commune, path);
      const province = await http.get(callers.province, path.replace('don-vi=SL-QL', 'don-vi=SL'));
      const read = async (answer: Answer) => (path.includes('.xlsx') ? xlsxText(answer.bytes) : answer.body);
      assert.equal(commune.status, 200, path);
      assert.ok(
        !(await read(commune)).includes(movedCode),
        `${callers.commune.label} ${path}: still names ${movedCode}`,
      );
      if (!path.includes('chi-tieu'))
        assert.ok(
          (await read(province)).includes(movedCode),
          `${callers.province.label} ${path}: ${movedCode} missing`,
        );
    }
    for (const path of [
      `/quan-tri/can-bo/${moved.id}/ho-so`,
      `/quan-tri/can-bo/${moved.id}/ho-so.csv`,
      `/quan-tri/danh-gia/${moved.userId}/${TCD}`,
    ]) {
      assert.equal((await http.get(callers.commune, path)).status, 404, path);
      assert.equal((await http.get(callers.province, path)).status, 200, path);
    }
    const cancel = await http.post(callers.commune, '/_actions/assignments.cancel', { assignmentId: assignment.id });
    assert.equal(cancel.status, 404);
    assert.equal((await db.select().from(assignments).where(eq(assignments.id, assignment.id)))[0].cancelledAt, null);
  });
});

describe('the same forms inside the scope', () => {
  test('succeed, so that the 404s above are about the scope and not the form', async () => {
    const ratings = Object.fromEntries(Object.entries(SAMPLE_RATINGS).map(([key, value]) => [key, String(value)]));
    const own = data['SL-QL'];
    const evaluated = await http.post(callers.commune, '/_actions/evaluations.evaluate', {
      learnerId: own.userIds[1],
      courseId: TCD,
      ...ratings,
      comment: '',
    });
    const revoked = await http.post(callers.province, '/_actions/certificates.revoke', {
      certificateId: data['SL-TH'].certificateId,
      reason: 'Thu hồi để thử trong phạm vi.',
    });
    const resent = await http.post(callers.province, '/_actions/xapi.resend', {
      statementId: data['SL-PT'].statementId,
    });
    const created = await http.post(callers.province, '/_actions/apiTokens.create', {
      name: 'Mã thử trong phạm vi',
      unitId: data['SL-PT'].unitId,
      validForDays: '90',
    });
    const assigned = await http.post(callers.commune, '/_actions/assignments.assign', {
      courseId: 'giao-tiep-giai-quyet-mau-thuan',
      deadline: '31/12/2027',
      reason: 'Thử',
      mode: 'chon',
      officialIds: own.officialIds,
    });
    const planned = await http.post(callers.commune, '/_actions/classes.savePlan', {
      planId: own.planId,
      unitId: own.unitId,
      span: 'nam',
      period: '2027',
      title: 'Kế hoạch sửa mốc SL-QL',
      content: 'Thử',
      audience: 'Công chức',
      classCount: '1',
      peopleCount: '5',
      duration: '1 ngày',
      place: 'Xã',
      fundProvince: '1',
      fundCentral: '',
      fundScheme: '',
      fundOther: '',
      organiser: 'UBND',
      note: '',
    });

    for (const [name, answer] of Object.entries({ evaluated, revoked, resent, created, assigned, planned }))
      assert.equal(answer.status, 200, `${name}: ${answer.status} ${answer.body.slice(0, 300)}`);
    assert.equal(
      (await db.select().from(effectivenessEvaluations).where(eq(effectivenessEvaluations.userId, own.userIds[1])))
        .length,
      1,
    );
    assert.notEqual(
      (await db.select().from(certificates).where(eq(certificates.id, data['SL-TH'].certificateId)))[0].revokedAt,
      null,
    );
    assert.equal(
      (await db.select().from(xapiOutbox).where(eq(xapiOutbox.statementId, data['SL-PT'].statementId)))[0].status,
      'pending',
    );
    assert.equal(
      (await db.select().from(trainingPlans).where(eq(trainingPlans.id, own.planId)))[0].title,
      'Kế hoạch sửa mốc SL-QL',
    );
  });
});

test('the sweep stays within 90 seconds', () => {
  const seconds = (Date.now() - started) / 1000;
  assert.ok(seconds < 90, `${seconds} s`);
  assert.ok(http.requests > 200, `only ${http.requests} requests`);
});
