/**
 * Classes and their attendance lists against a real libSQL database: an XLSX list is recorded
 * whole or not at all, only officials of the administrator's scope may appear in it, a class of
 * another unit is not found, and what is recorded shows up in the officials' training records.
 * A class that has not ended takes enrolments only: a final result is refused (naming the end
 * date, nothing written) by the list import and by every write; the control, a class that ended
 * yesterday, takes it.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import ExcelJS from 'exceljs';
import { and, count, eq, like } from 'drizzle-orm';
import { auditLog, classAttendances, officials, units, users, type TrainingClass } from '../../db/schema/index.ts';
import type { Database } from '../../db/client.ts';
import { createTestDatabase, openTestDatabase } from '../support/database.ts';
import { createSession, validateSessionToken, type SessionUser } from '../../src/lib/server/auth/sessions.ts';
import { importAttendance } from '../../src/lib/server/classes/attendance-import.ts';
import {
  AttendanceRefused,
  createClass,
  findClassInScope,
  recordAttendances,
} from '../../src/lib/server/classes/class-store.ts';
import { todayInVietnam } from '../../src/lib/vietnam-time.ts';
import { trainingRecordsOf } from '../../src/lib/server/records/training-records.ts';

let db: Database;
const admins: Record<string, SessionUser> = {};
let quangLoi: { id: string };
let ownCodes: { id: string; staffCode: string; fullName: string }[];
let otherCommuneCode: string;

before(async () => {
  process.env.DATABASE_URL = await createTestDatabase();
  db = openTestDatabase(process.env.DATABASE_URL);
  for (const username of ['quantri.quangloi', 'quantri.phuthinh', 'quantri.songlam']) {
    const [account] = await db.select({ id: users.id }).from(users).where(eq(users.username, username));
    admins[username] = (await validateSessionToken(await createSession(account.id)))!.user;
  }
  [quangLoi] = await db.select({ id: units.id }).from(units).where(eq(units.code, 'SL-QL'));
  ownCodes = await db
    .select({ id: officials.id, staffCode: officials.staffCode, fullName: officials.fullName })
    .from(officials)
    .where(like(officials.staffCode, 'SL-QL-%'))
    .orderBy(officials.staffCode)
    .limit(3);
  [{ staffCode: otherCommuneCode }] = await db
    .select({ staffCode: officials.staffCode })
    .from(officials)
    .where(like(officials.staffCode, 'SL-PT-%'))
    .limit(1);
});
after(() => db?.$client.close());

/** A class of Xã Quảng Lợi recorded by its administrator. */
async function newClass(
  content = 'Tập huấn kỹ năng số',
  dates = { startsOn: '2026-09-07', endsOn: '2026-09-09' },
): Promise<TrainingClass> {
  const id = await createClass(admins['quantri.quangloi'], {
    unitId: quangLoi.id,
    kind: 'tap-huan-nghiep-vu',
    content,
    method: 'truc-tiep',
    ...dates,
    hours: 24,
    place: 'Hội trường UBND xã',
    organiser: 'UBND xã Quảng Lợi',
    funding: 'ns-tinh',
  });
  return (await findClassInScope(admins['quantri.quangloi'], id))!.trainingClass;
}

/** An attendance list as XLSX bytes, header first. */
async function listFile(rows: (string | number)[][]): Promise<Uint8Array> {
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet('Danh sách');
  sheet.addRow(['Mã cán bộ', 'Họ và tên', 'Kết quả', 'Điểm', 'Số chứng chỉ']);
  for (const row of rows) sheet.addRow(row);
  return new Uint8Array(await workbook.xlsx.writeBuffer());
}

const attendeesOfClass = async (classId: string) =>
  (await db.select({ value: count() }).from(classAttendances).where(eq(classAttendances.classId, classId)))[0].value;

describe('importAttendance', () => {
  test('records every attendee of a valid list with one audit entry', async () => {
    const trainingClass = await newClass();
    const file = await listFile([
      [ownCodes[0].staffCode, ownCodes[0].fullName, 'Hoàn thành', '8,5', 'CC-2026-001'],
      [ownCodes[1].staffCode.toLowerCase(), '', 'vắng', '', ''],
    ]);

    const outcome = await importAttendance(admins['quantri.quangloi'], trainingClass, file);

    assert.deepEqual(outcome, { ok: true, recorded: 2 });
    assert.equal(await attendeesOfClass(trainingClass.id), 2);
    const entries = await db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.action, 'import-attendance'), eq(auditLog.target, `class:${trainingClass.id}`)));
    assert.equal(entries.length, 1);
  });

  test('records nobody when one row is wrong, and names that row in Vietnamese', async () => {
    const trainingClass = await newClass();
    const file = await listFile([
      [ownCodes[0].staffCode, ownCodes[0].fullName, 'Hoàn thành', 9, ''],
      [ownCodes[1].staffCode, ownCodes[1].fullName, 'Đạt', 11, ''],
    ]);

    const outcome = await importAttendance(admins['quantri.quangloi'], trainingClass, file);

    assert.equal(outcome.ok, false);
    assert.deepEqual(!outcome.ok && outcome.errors.map((error) => error.row), [3, 3]);
    assert.match(!outcome.ok ? outcome.errors[0].message : '', /^Dòng 3: kết quả "Đạt" không hợp lệ/);
    assert.equal(await attendeesOfClass(trainingClass.id), 0);
  });

  test('refuses an official of another commune as not found in scope, writing nothing', async () => {
    const trainingClass = await newClass();
    const file = await listFile([
      [ownCodes[0].staffCode, ownCodes[0].fullName, 'Hoàn thành', '', ''],
      [otherCommuneCode, '', 'Hoàn thành', '', ''],
    ]);

    const outcome = await importAttendance(admins['quantri.quangloi'], trainingClass, file);

    assert.deepEqual(!outcome.ok && outcome.errors, [
      { row: 3, message: `Dòng 3: không tìm thấy cán bộ có mã ${otherCommuneCode} trong phạm vi quản lý.` },
    ]);
    assert.equal(await attendeesOfClass(trainingClass.id), 0);
  });

  test('refuses a staff code that appears twice in the list', async () => {
    const trainingClass = await newClass();
    const file = await listFile([
      [ownCodes[2].staffCode, '', 'Hoàn thành', '', ''],
      [ownCodes[2].staffCode, '', 'Vắng', '', ''],
    ]);

    const outcome = await importAttendance(admins['quantri.quangloi'], trainingClass, file);

    assert.match(!outcome.ok ? outcome.errors[0].message : '', /đã có ở dòng 2/);
  });

  test('refuses a file that is not a workbook', async () => {
    const trainingClass = await newClass();

    const outcome = await importAttendance(
      admins['quantri.quangloi'],
      trainingClass,
      new TextEncoder().encode('Mã cán bộ,Họ và tên'),
    );

    assert.equal(outcome.ok, false);
  });
});

describe('findClassInScope', () => {
  test("does not find a commune's class for another commune's administrator", async () => {
    const trainingClass = await newClass();

    assert.equal(await findClassInScope(admins['quantri.phuthinh'], trainingClass.id), undefined);
  });

  test("finds a commune's class for its province's administrator", async () => {
    const trainingClass = await newClass();

    assert.equal(
      (await findClassInScope(admins['quantri.songlam'], trainingClass.id))?.trainingClass.id,
      trainingClass.id,
    );
  });
});

describe('trainingRecordsOf', () => {
  test("lists an imported attendance in the official's record with its result, score and certificate", async () => {
    const trainingClass = await newClass('Bồi dưỡng đạo đức công vụ');
    const official = ownCodes[2];
    await importAttendance(
      admins['quantri.quangloi'],
      trainingClass,
      await listFile([[official.staffCode, official.fullName, 'Không hoàn thành', '4', '']]),
    );

    const records = await trainingRecordsOf([official.id]);

    const record = records.find((each) => each.sourceId === trainingClass.id);
    assert.deepEqual(
      record && [record.source, record.content, record.result, record.score, record.startedOn, record.hours],
      ['class', 'Bồi dưỡng đạo đức công vụ', 'khong-hoan-thanh', 4, '2026-09-07', 24],
    );
  });
});

/** The calendar date (YYYY-MM-DD, Vietnam) `days` from today. */
const dayFromToday = (days: number) => todayInVietnam(Date.now() + days * 86_400_000);
const shown = (date: string) => date.split('-').reverse().join('/');

describe('results only once a class has ended', () => {
  const official = () => ownCodes[0];
  const audits = async (classId: string) =>
    (
      await db
        .select()
        .from(auditLog)
        .where(eq(auditLog.target, `class:${classId}`))
    ).length;

  test('a list with "Hoàn thành" for a class ending tomorrow is refused, naming the end date; nothing written', async () => {
    const end = dayFromToday(1);
    const trainingClass = await newClass('Lớp chưa kết thúc (danh sách)', { startsOn: dayFromToday(-1), endsOn: end });
    const file = await listFile([
      [official().staffCode, official().fullName, 'Hoàn thành', '9', 'CC-1'],
      [ownCodes[1].staffCode, '', 'Đã đăng ký', '', ''],
    ]);

    const outcome = await importAttendance(admins['quantri.quangloi'], trainingClass, file);

    assert.equal(outcome.ok, false);
    assert.deepEqual(!outcome.ok && outcome.errors.map((error) => error.row), [2]);
    const message = !outcome.ok ? outcome.errors[0].message : '';
    console.log(`thông báo: ${message}`);
    assert.match(
      message,
      new RegExp(`^Dòng 2: Lớp học kết thúc ngày ${shown(end)}: chưa thể ghi kết quả "Hoàn thành"`),
    );
    assert.equal(await attendeesOfClass(trainingClass.id), 0);
    assert.equal(await audits(trainingClass.id), 1, 'only the class itself was audited');
  });

  test('every write refuses a final result before the end (any final result), all or none', async () => {
    const trainingClass = await newClass('Lớp chưa kết thúc (ghi trực tiếp)', {
      startsOn: dayFromToday(10),
      endsOn: dayFromToday(12),
    });
    for (const result of ['hoan-thanh', 'khong-hoan-thanh', 'vang'] as const)
      await assert.rejects(
        recordAttendances(
          admins['quantri.quangloi'],
          trainingClass,
          [
            { officialId: ownCodes[1].id, result: 'da-dang-ky', score: null, certificateNumber: null },
            { officialId: official().id, result, score: null, certificateNumber: null },
          ],
          'record-class',
        ),
        (error: unknown) => error instanceof AttendanceRefused && error.message.includes(shown(dayFromToday(12))),
      );
    assert.equal(await attendeesOfClass(trainingClass.id), 0);
  });

  test('enrolment before the end is accepted, without a score or certificate', async () => {
    const trainingClass = await newClass('Lớp chưa kết thúc (ghi danh)', {
      startsOn: dayFromToday(10),
      endsOn: dayFromToday(12),
    });
    const enrolled = await importAttendance(
      admins['quantri.quangloi'],
      trainingClass,
      await listFile([
        [official().staffCode, official().fullName, 'Đã đăng ký', '', ''],
        [ownCodes[1].staffCode, '', 'đăng ký', '', ''],
      ]),
    );
    assert.deepEqual(enrolled, { ok: true, recorded: 2 });
    const withScore = await importAttendance(
      admins['quantri.quangloi'],
      trainingClass,
      await listFile([[ownCodes[2].staffCode, '', 'Đã đăng ký', '8', '']]),
    );
    assert.match(!withScore.ok ? withScore.errors[0].message : '', /^Dòng 2: Học viên mới đăng ký chưa có điểm/);
    assert.equal(await attendeesOfClass(trainingClass.id), 2);
  });

  test('control: a class that ended yesterday, or ends today, takes the result', async () => {
    for (const end of [dayFromToday(-1), dayFromToday(0)]) {
      const trainingClass = await newClass(`Lớp kết thúc ${end}`, { startsOn: dayFromToday(-3), endsOn: end });
      const outcome = await importAttendance(
        admins['quantri.quangloi'],
        trainingClass,
        await listFile([[official().staffCode, official().fullName, 'Hoàn thành', '9', 'CC-2']]),
      );
      assert.deepEqual(outcome, { ok: true, recorded: 1 }, end);
      await recordAttendances(
        admins['quantri.quangloi'],
        trainingClass,
        [{ officialId: ownCodes[1].id, result: 'vang', score: null, certificateNumber: null }],
        'record-class',
      );
      assert.equal(await attendeesOfClass(trainingClass.id), 2);
    }
  });
});
